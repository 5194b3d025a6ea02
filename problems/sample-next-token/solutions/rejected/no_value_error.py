# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    # A top_k below 1 is quietly treated as "no top-k" instead of raising ValueError.
    if temperature == 0:
        return logits.argmax(dim=-1)
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and 1 <= top_k < logits.shape[-1]:
        order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
        keep = torch.zeros_like(keep).scatter_(-1, order[:, :top_k], True)
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    cdf = probs.cumsum(dim=-1)
    idx = torch.searchsorted(cdf, u[:, None], right=True).squeeze(-1)
    return idx.clamp(max=logits.shape[-1] - 1)
