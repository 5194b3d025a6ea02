# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable



def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # The second bias is sized like the first (hidden) instead of out_features.
    weights = in_features * hidden + hidden * out_features
    return weights + (2 * hidden if bias else 0)
