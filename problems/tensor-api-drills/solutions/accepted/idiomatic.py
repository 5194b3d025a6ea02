import torch


def mean_over_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, H, T, D) -> (B, T, D): keepdim=False (the default) drops the averaged axis."""
    return torch.mean(x, dim=1)


def subtract_row_max(x: torch.Tensor) -> torch.Tensor:
    """torch.max with a dim returns (values, indices); keepdim=True keeps a size-1 axis to broadcast."""
    return x - torch.max(x, dim=-1, keepdim=True).values


def squeeze_dim(x: torch.Tensor, dim: int) -> torch.Tensor:
    """squeeze(dim) removes that axis only if its size is 1, and never touches the others."""
    return torch.squeeze(x, dim)


def next_token(logits: torch.Tensor) -> torch.Tensor:
    """Last position's logits (B, V), argmax over the vocabulary axis: int64 (B,)."""
    return torch.argmax(logits[:, -1, :], dim=-1)


def causal_fill(scores: torch.Tensor) -> torch.Tensor:
    """masked_fill (out of place) where the lower-triangular mask is 0."""
    t = scores.shape[-1]
    tril = torch.tril(torch.ones(t, t, device=scores.device))
    return scores.masked_fill(tril == 0, float("-inf"))


def zero_padding(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Compare a (1, T) position row with a (B, 1) length column: a (B, T) validity mask."""
    positions = torch.arange(x.shape[1], device=x.device)
    valid = positions[None, :] < lengths[:, None]
    return torch.where(valid[:, :, None], x, torch.zeros_like(x))


def target_log_probs(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """gather picks log_probs[i, targets[i]] along dim 1; squeeze the size-1 axis gather keeps."""
    return torch.gather(log_probs, 1, targets.unsqueeze(1)).squeeze(1)


def concat_heads(heads: list[torch.Tensor]) -> torch.Tensor:
    """Head outputs side by side along the last (channel) axis."""
    return torch.cat(heads, dim=-1)
