"""Trusted input generators and references for tensor-api-drills: eight small drills,
each judged on its own (mean_over_heads, subtract_row_max, squeeze_dim, next_token,
causal_fill, zero_padding, target_log_probs, concat_heads)."""

from __future__ import annotations

import torch


def _values(g: torch.Generator, shape: list[int], integers: bool, low: int = -5, high: int = 6) -> torch.Tensor:
    """Standard normal values, or small whole numbers for readable examples and exact ties."""
    if integers:
        return torch.randint(low, high, tuple(shape), generator=g).float()
    return torch.randn(tuple(shape), generator=g)


# -- 1. mean over the heads axis (keepdim=False) ---------------------------------------
def generate_mean_over_heads(
    *, seed: int, device: str, batch: int, heads: int, time: int, dim: int, integers: bool = False
) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {"x": _values(g, [batch, heads, time, dim], integers).to(device)}


def reference_mean_over_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, H, T, D) -> (B, T, D): the heads axis is averaged away."""
    return x.mean(dim=1)


# -- 2. subtract the row maximum (keepdim=True) ----------------------------------------
def generate_subtract_row_max(
    *, seed: int, device: str, shape: list[int], integers: bool = False
) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {"x": _values(g, shape, integers).to(device)}


def reference_subtract_row_max(x: torch.Tensor) -> torch.Tensor:
    """x minus the maximum of its last axis, kept as a size-1 axis so it broadcasts."""
    return x - torch.max(x, dim=-1, keepdim=True).values


# -- 3. squeeze one dimension ------------------------------------------------------------
def generate_squeeze_dim(
    *, seed: int, device: str, shape: list[int], dim: int
) -> dict[str, torch.Tensor | int]:
    g = torch.Generator().manual_seed(seed)
    return {"x": torch.randn(tuple(shape), generator=g).to(device), "dim": dim}


def reference_squeeze_dim(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Remove axis `dim` if its size is 1; any other size leaves x unchanged."""
    return x.squeeze(dim)


# -- 4. greedy next token from the last position ---------------------------------------
def generate_next_token(
    *, seed: int, device: str, batch: int, time: int, vocab: int, integers: bool = False, ties: bool = False
) -> dict[str, torch.Tensor]:
    """`ties` draws logits from {0, 1, 2}, so each row's maximum appears several times."""
    g = torch.Generator().manual_seed(seed)
    if ties:
        logits = torch.randint(0, 3, (batch, time, vocab), generator=g).float()
    else:
        logits = _values(g, [batch, time, vocab], integers, -9, 10)
    return {"logits": logits.to(device)}


def reference_next_token(logits: torch.Tensor) -> torch.Tensor:
    """Index of the largest logit at the last position (the first one on ties), int64 (B,)."""
    return logits[:, -1, :].argmax(dim=-1)


# -- 5. causal mask on attention scores --------------------------------------------------
def generate_causal_fill(
    *, seed: int, device: str, shape: list[int], integers: bool = False
) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return {"scores": _values(g, shape, integers).to(device)}


def reference_causal_fill(scores: torch.Tensor) -> torch.Tensor:
    """Scores with every future position (column j > row i) set to -inf."""
    t = scores.shape[-1]
    keep = torch.tril(torch.ones(t, t, dtype=torch.bool, device=scores.device))
    return scores.masked_fill(~keep, float("-inf"))


# -- 6. zero the padded positions ------------------------------------------------------
def generate_zero_padding(
    *,
    seed: int,
    device: str,
    batch: int,
    time: int,
    channels: int,
    lengths: list[int] | None = None,
    integers: bool = False,
) -> dict[str, torch.Tensor]:
    """Random lengths in [0, time] unless given."""
    g = torch.Generator().manual_seed(seed)
    x = _values(g, [batch, time, channels], integers, 1, 10)
    if lengths is None:
        n = torch.randint(0, time + 1, (batch,), generator=g)
    else:
        n = torch.tensor(lengths, dtype=torch.int64)
    return {"x": x.to(device), "lengths": n.to(device)}


def reference_zero_padding(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Keep x[b, t] for t < lengths[b], zeros elsewhere."""
    t = torch.arange(x.shape[1], device=x.device)
    valid = t.unsqueeze(0) < lengths.unsqueeze(1)  # (B, T)
    return torch.where(valid.unsqueeze(-1), x, torch.zeros((), dtype=x.dtype, device=x.device))


# -- 7. pick each row's target log-probability -------------------------------------------
def generate_target_log_probs(
    *, seed: int, device: str, rows: int, classes: int, decimals: int | None = None
) -> dict[str, torch.Tensor]:
    """Log-probabilities (rows of a log-softmax) and int64 targets in [0, classes)."""
    g = torch.Generator().manual_seed(seed)
    log_probs = torch.log_softmax(torch.randn(rows, classes, generator=g) * 2.0, dim=-1)
    if decimals is not None:
        log_probs = log_probs.round(decimals=decimals)
    targets = torch.randint(0, classes, (rows,), generator=g)
    return {"log_probs": log_probs.to(device), "targets": targets.to(device)}


def reference_target_log_probs(log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """out[i] = log_probs[i, targets[i]], shape (N,)."""
    return log_probs.gather(1, targets.unsqueeze(1)).squeeze(1)


# -- 8. concatenate head outputs ---------------------------------------------------------
def generate_concat_heads(
    *, seed: int, device: str, heads: int, batch: int, time: int, head_size: int, integers: bool = False
) -> dict[str, list[torch.Tensor]]:
    """A Python list of `heads` tensors of shape (batch, time, head_size)."""
    g = torch.Generator().manual_seed(seed)
    outs = [_values(g, [batch, time, head_size], integers).to(device) for _ in range(heads)]
    if integers:  # head h holds values h*10 + small offsets: easy to tell apart in the output
        outs = [o.abs() + 10.0 * h for h, o in enumerate(outs)]
    return {"heads": outs}


def reference_concat_heads(heads: list[torch.Tensor]) -> torch.Tensor:
    """Head outputs side by side along the channel axis, in list order: (B, T, H * hs)."""
    return torch.cat(heads, dim=-1)
