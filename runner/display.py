"""Short, readable renderings of inputs and outputs for visible examples."""

from __future__ import annotations

from typing import Any

import torch

MAX_ELEMENTS = 48  # tensors with more elements are shown by their first values


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _nested(values: Any) -> str:
    if isinstance(values, list):
        return "[" + ", ".join(_nested(v) for v in values) + "]"
    if isinstance(values, float):
        return _fmt(values)
    return str(values)


def show(value: Any) -> str:
    """Abbreviated text of a value: full for small tensors, a head and shape otherwise."""
    if isinstance(value, torch.Tensor):
        t = value.detach().to("cpu")
        head = f"tensor(shape={tuple(t.shape)}, dtype={str(t.dtype).removeprefix('torch.')})"
        if t.numel() <= MAX_ELEMENTS:
            return f"{head} {_nested(t.tolist())}"
        first = ", ".join(_nested(v) for v in t.reshape(-1)[:8].tolist())
        return f"{head} [{first}, ...]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(show(v) for v in value[:16])
        more = ", ..." if len(value) > 16 else ""
        return f"[{inner}{more}]" if isinstance(value, list) else f"({inner}{more})"
    if isinstance(value, float):
        return _fmt(value)
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def show_kwargs(kwargs: dict[str, Any]) -> str:
    return "\n".join(f"{name} = {show(value)}" for name, value in kwargs.items())
