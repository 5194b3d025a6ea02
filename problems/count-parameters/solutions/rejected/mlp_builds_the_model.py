# expect: MEMORY_LIMIT_EXCEEDED
from torch import nn


def count_params(model: nn.Module) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable



def mlp_params(in_features: int, hidden: int, out_features: int, bias: bool = True) -> int:
    # Right answer, but builds the two layers (allocating and initialising every
    # weight) just to count them: 100000 x 30000 float32 weights need 12 GB. The
    # closed form is a few multiplications.
    mlp = nn.Sequential(nn.Linear(in_features, hidden, bias=bias), nn.ReLU(),
                        nn.Linear(hidden, out_features, bias=bias))
    return sum(p.numel() for p in mlp.parameters())
