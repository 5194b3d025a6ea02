# expect: TOO_SLOW
import torch


def solve(logits: torch.Tensor, temperature: float, top_k: int | None, u: torch.Tensor) -> torch.Tensor:
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if temperature == 0:
        return logits.argmax(dim=-1)
    batch, vocab = logits.shape
    keep = torch.ones_like(logits, dtype=torch.bool)
    if top_k is not None and top_k < vocab:
        order = torch.sort(logits, dim=-1, descending=True, stable=True).indices
        keep = torch.zeros_like(keep).scatter_(-1, order[:, :top_k], True)
    probs = torch.softmax((logits / temperature).masked_fill(~keep, float("-inf")), dim=-1)
    out = torch.empty(batch, dtype=torch.int64)
    for b in range(batch):
        # Textbook inverse-CDF sampling, one token at a time from Python:
        # correct, but thousands of tiny tensor reads per row.
        acc, choice = 0.0, -1
        for j in range(vocab):
            if keep[b, j]:
                choice = j
                acc += probs[b, j].item()
                if acc > u[b].item():
                    break
        out[b] = choice
    return out
