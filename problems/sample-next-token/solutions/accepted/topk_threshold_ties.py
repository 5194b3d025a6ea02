import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1, got {top_k}")
    if temperature == 0:
        return torch.argmax(logits, dim=1)
    vocab = logits.shape[1]
    if top_k is None or top_k >= vocab:
        keep = torch.ones_like(logits, dtype=torch.bool)
    else:
        # The k-th largest VALUE is well defined even when topk's indices are not.
        kth = torch.topk(logits, top_k, dim=1).values[:, -1:]
        above = logits > kth
        # Slots left for tokens equal to the k-th value; give them to the lowest indices.
        room = top_k - above.sum(dim=1, keepdim=True)
        tied = logits == kth
        keep = above | (tied & (torch.cumsum(tied.to(torch.int64), dim=1) <= room))
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=1)
    cdf = probs.cumsum(dim=1)
    over = cdf > u[:, None]
    # argmax of a bool-as-int row gives the first True; rows with none fall back
    # to the last kept index.
    first = over.to(torch.uint8).argmax(dim=1)
    last_kept = vocab - 1 - keep.flip(1).to(torch.uint8).argmax(dim=1)
    return torch.where(over.any(dim=1), first, last_kept)
