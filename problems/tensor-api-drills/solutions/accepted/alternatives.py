import torch


def mean_over_heads(x: torch.Tensor) -> torch.Tensor:
    """Sum the heads away and divide by their number."""
    return x.sum(dim=1) / x.shape[1]


def subtract_row_max(x: torch.Tensor) -> torch.Tensor:
    """amax returns only the values; keepdim=True keeps the axis for broadcasting."""
    return x - x.amax(dim=-1, keepdim=True)


def squeeze_dim(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Spell squeeze(dim) out: drop the axis from the shape only when its size is 1."""
    d = dim % x.dim()
    if x.shape[d] != 1:
        return x
    return x.reshape(x.shape[:d] + x.shape[d + 1 :])


def next_token(logits: torch.Tensor) -> torch.Tensor:
    """max over the vocabulary returns (values, indices); the index of the first maximum is kept."""
    return logits.select(1, -1).max(dim=-1).indices


def causal_fill(scores: torch.Tensor) -> torch.Tensor:
    """Add a bias that is 0 on and below the diagonal and -inf above it."""
    t = scores.shape[-1]
    bias = torch.full((t, t), float("-inf"), device=scores.device).triu(diagonal=1)
    return scores + bias


def zero_padding(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """masked_fill with the padding mask (positions at or after the length)."""
    padded = torch.arange(x.shape[1], device=x.device).unsqueeze(0) >= lengths.unsqueeze(1)
    return x.masked_fill(padded.unsqueeze(-1), 0.0)


def target_log_probs(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Advanced indexing with two index tensors pairs them up: row i with column targets[i]."""
    rows = torch.arange(log_probs.shape[0], device=log_probs.device)
    return log_probs[rows, targets]


def concat_heads(heads: list[torch.Tensor]) -> torch.Tensor:
    """Stack as (B, T, H, hs), then merge the last two axes head by head."""
    stacked = torch.stack(heads, dim=-2)
    return stacked.reshape(*stacked.shape[:-2], -1)
