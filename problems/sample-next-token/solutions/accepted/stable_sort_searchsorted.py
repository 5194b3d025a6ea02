import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1 or None")
    if temperature == 0:
        # argmax returns the first maximal index: the lower index on ties.
        return logits.argmax(dim=-1)
    batch, vocab = logits.shape
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and top_k < vocab:
        # Rank every token by (-logit, index): a stable descending sort keeps tied
        # logits in index order, so the lower index gets the better rank.
        order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
        rank = torch.empty_like(order)
        rank.scatter_(-1, order, torch.arange(vocab, device=logits.device).expand(batch, vocab))
        keep = rank < top_k
    z = (logits / temperature).masked_fill(~keep, float("-inf"))
    z = z - z.amax(dim=-1, keepdim=True)           # stable softmax: the max kept logit -> 0
    e = torch.exp(z)                                # exp(-inf) = 0 for dropped tokens
    cdf = torch.cumsum(e / e.sum(dim=-1, keepdim=True), dim=-1)   # vocabulary order
    # First index whose cumulative probability is > u (right=True: strictly greater).
    idx = torch.searchsorted(cdf, u.unsqueeze(-1).to(cdf.dtype), right=True).squeeze(-1)
    # Rounding may leave every value <= u: fall back to the last kept index.
    positions = torch.arange(vocab, device=logits.device).expand(batch, vocab)
    last_kept = torch.where(keep, positions, -1).amax(dim=-1)
    return torch.minimum(idx, last_kept)
