# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable



def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # Always adds the biases: bias=False means there are none.
    return in_features * hidden + hidden + hidden * out_features + out_features
