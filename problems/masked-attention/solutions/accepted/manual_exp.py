import torch


def solve(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax written out so that empty rows never produce a NaN in the first place."""
    d = q.shape[-1]
    scores = (q @ k.transpose(-2, -1)) * d**-0.5
    scores = torch.where(mask, scores, torch.tensor(float("-inf"), device=q.device))
    row_max = scores.amax(dim=-1, keepdim=True)
    # Empty rows have max -inf: shift them by 0 instead, so exp(-inf - 0) = 0 everywhere.
    row_max = torch.where(torch.isinf(row_max), torch.zeros_like(row_max), row_max)
    e = torch.exp(scores - row_max)
    denom = e.sum(dim=-1, keepdim=True)
    # A non-empty row has denom >= 1 (its max entry is exp(0)); an empty row has 0,
    # and 0 / 1 keeps it at zero.
    weights = e / denom.clamp(min=1.0)
    return weights @ v
