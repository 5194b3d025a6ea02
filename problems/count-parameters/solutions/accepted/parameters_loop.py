from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # model.parameters() yields every Parameter object once, however many modules
    # (or names) refer to it; buffers are not parameters, so they never appear.
    params = list(model.parameters())
    total = sum(p.numel() for p in params)
    trainable = sum(p.numel() for p in params if p.requires_grad)
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # Each Linear(a, b) holds an (b, a) weight and, with bias, b more numbers.
    first = in_features * hidden + (hidden if bias else 0)
    second = hidden * out_features + (out_features if bias else 0)
    return first + second
