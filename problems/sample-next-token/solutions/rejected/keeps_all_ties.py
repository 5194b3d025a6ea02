# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if temperature == 0:
        return logits.argmax(dim=-1)
    scaled = logits / temperature
    if top_k is not None and top_k < logits.shape[-1]:
        # The usual filter: drop everything below the k-th largest value. Every
        # token tied with the k-th value survives, so more than k may be kept.
        kth = torch.topk(scaled, top_k, dim=-1).values[:, -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    cdf = torch.softmax(scaled, dim=-1).cumsum(dim=-1)
    idx = torch.searchsorted(cdf, u[:, None], right=True).squeeze(-1)
    return idx.clamp(max=logits.shape[-1] - 1)
