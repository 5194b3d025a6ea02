from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    # Walk every registered name (duplicates included) and deduplicate explicitly by
    # object identity: a tied Parameter is one object reachable under two names.
    seen: dict[int, nn.Parameter] = {}
    for _, p in model.named_parameters(remove_duplicate=False):
        seen.setdefault(id(p), p)
    total = trainable = 0
    for p in seen.values():
        n = p.numel()
        total += n
        if p.requires_grad:
            trainable += n
    return total, trainable


def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # (in + 1) * hidden + (hidden + 1) * out with biases: the +1 is the bias "input".
    extra = 1 if bias else 0
    return (in_features + extra) * hidden + (hidden + extra) * out_features
