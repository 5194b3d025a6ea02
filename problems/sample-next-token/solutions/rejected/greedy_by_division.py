# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and top_k < logits.shape[-1]:
        order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
        keep = torch.zeros_like(keep).scatter_(-1, order[:, :top_k], True)
    # No special case for temperature 0: logits / 0 is +-inf (NaN for a logit of
    # 0), the softmax is NaN, and no cumulative value is ever above u.
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    cdf = probs.cumsum(dim=-1)
    idx = torch.searchsorted(cdf, u[:, None], right=True).squeeze(-1)
    return idx.clamp(max=logits.shape[-1] - 1)
