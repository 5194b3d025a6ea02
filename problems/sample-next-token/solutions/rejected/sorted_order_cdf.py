# expect: WRONG_ANSWER
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if temperature == 0:
        return logits.argmax(dim=-1)
    vocab = logits.shape[-1]
    k = vocab if top_k is None else min(top_k, vocab)
    # Sort, keep the first k, and sample in SORTED order (most likely token first):
    # a valid sampler, but the contract accumulates in vocabulary order, so the
    # same u lands on a different token.
    values, order = torch.sort(logits, dim=-1, descending=True, stable=True)
    probs = torch.softmax(values[:, :k] / temperature, dim=-1)
    cdf = probs.cumsum(dim=-1)
    pos = torch.searchsorted(cdf, u[:, None], right=True).clamp(max=k - 1)
    return order.gather(-1, pos).squeeze(-1)
