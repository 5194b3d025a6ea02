# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Each module's own parameters, module by module: modules() visits a reused module
    # once, but a Parameter shared by two DIFFERENT modules (tied embedding and output
    # weights) is counted once per module.
    total = trainable = 0
    for module in model.modules():
        for p in module.parameters(recurse=False):
            total += p.numel()
            if p.requires_grad:
                trainable += p.numel()
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

