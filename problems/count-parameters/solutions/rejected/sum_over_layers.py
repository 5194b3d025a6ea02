# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Sums layer by layer over the top-level children: a layer that appears twice
    # in an nn.Sequential is counted twice (and a tied weight once per layer).
    total = trainable = 0
    for layer in model.children():
        for p in layer.parameters():
            total += p.numel()
            if p.requires_grad:
                trainable += p.numel()
    for p in model.parameters(recurse=False):
        total += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

