import torch
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    """Return (total, trainable): the number of parameter elements of `model`, and how many
    of them have requires_grad=True, as Python ints. Buffers are not parameters; a
    Parameter shared by several modules (or a module used twice) counts once."""
    raise NotImplementedError("write your solution here")


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    """Return, as a Python int, the number of parameters of
    nn.Linear(in_features, hidden, bias=bias) followed by nn.Linear(hidden, out_features, bias=bias)."""
    raise NotImplementedError
