# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Ignores requires_grad: frozen parameters are reported as trainable.
    total = sum(p.numel() for p in model.parameters())
    return total, total


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

