# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Counts only nn.Linear layers: embeddings, normalisation, convolutions, GRUs and
    # the attention weights stored directly on nn.MultiheadAttention are missed.
    total = trainable = 0
    for module in model.modules():
        if isinstance(module, nn.Linear):
            for p in (module.weight, module.bias):
                if p is not None:
                    total += p.numel()
                    trainable += p.numel() if p.requires_grad else 0
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

