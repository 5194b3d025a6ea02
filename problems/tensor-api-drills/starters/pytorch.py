import torch


def mean_over_heads(x: torch.Tensor) -> torch.Tensor:
    """x (B, H, T, D) -> (B, T, D): the mean over the heads axis."""
    raise NotImplementedError


def subtract_row_max(x: torch.Tensor) -> torch.Tensor:
    """x minus the maximum of its last axis (per slice); same shape as x."""
    raise NotImplementedError


def squeeze_dim(x: torch.Tensor, dim: int) -> torch.Tensor:
    """x without axis `dim` if that axis has size 1, else x unchanged; no other axis is removed."""
    raise NotImplementedError


def next_token(logits: torch.Tensor) -> torch.Tensor:
    """logits (B, T, V) -> int64 (B,): argmax over the vocabulary at the last position (lowest index on ties)."""
    raise NotImplementedError


def causal_fill(scores: torch.Tensor) -> torch.Tensor:
    """scores (..., T, T) with every entry above the diagonal (key j > query i) set to -inf."""
    raise NotImplementedError


def zero_padding(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """x (B, T, C) with x[b, t] zeroed for t >= lengths[b] (lengths int64 (B,))."""
    raise NotImplementedError


def target_log_probs(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """log_probs (N, C), targets int64 (N,) -> (N,) with out[i] = log_probs[i, targets[i]]."""
    raise NotImplementedError


def concat_heads(heads: list[torch.Tensor]) -> torch.Tensor:
    """A list of H tensors (B, T, hs) -> (B, T, H * hs), head h in channels h*hs:(h+1)*hs."""
    raise NotImplementedError
