# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if temperature == 0:
        return logits.argmax(dim=-1)
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and top_k < logits.shape[-1]:
        # torch.topk promises the k largest values, not which of several equal
        # values it returns: at a tie on the boundary it may keep a higher index.
        idx = torch.topk(logits, top_k, dim=-1).indices
        keep = torch.zeros_like(keep).scatter_(-1, idx, True)
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    cdf = probs.cumsum(dim=-1)
    idx = torch.searchsorted(cdf, u[:, None], right=True).squeeze(-1)
    return idx.clamp(max=logits.shape[-1] - 1)
