# expect: RUNTIME_ERROR
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Deduplicates with `p not in seen`: list membership compares with ==, which for
    # tensors is elementwise; turning that into a bool raises for tensors with more
    # than one element (or fails to broadcast).
    seen = []
    for _, p in model.named_parameters(remove_duplicate=False):
        if p not in seen:
            seen.append(p)
    total = sum(p.numel() for p in seen)
    trainable = sum(p.numel() for p in seen if p.requires_grad)
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features

