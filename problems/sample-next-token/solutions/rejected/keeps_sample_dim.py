# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and top_k < logits.shape[-1]:
        order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
        keep = torch.zeros_like(keep).scatter_(-1, order[:, :top_k], True)
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    cdf = probs.cumsum(dim=-1)
    # Shaped like torch.multinomial(probs, num_samples=1): (B, 1). The contract
    # is one index per row, shape (B,).
    idx = torch.searchsorted(cdf, u[:, None], right=True)
    return idx.clamp(max=logits.shape[-1] - 1)
