# expect: WRONG_ANSWER
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # The state_dict holds buffers too (BatchNorm's running_mean, running_var and
    # num_batches_tracked), and lists a tied weight once under each of its names.
    # Its tensors also carry no requires_grad, so "trainable" cannot be read from it.
    total = sum(t.numel() for t in model.state_dict().values())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

