# expect: TOO_SLOW
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable



def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # Builds the layers on the "meta" device (shapes only, no memory), then counts:
    # right, and no memory, but constructing modules costs about a hundred times
    # the few multiplications of the closed form.
    mlp = nn.Sequential(nn.Linear(in_features, hidden, bias=bias, device="meta"), nn.ReLU(),
                        nn.Linear(hidden, out_features, bias=bias, device="meta"))
    return sum(p.numel() for p in mlp.parameters())
