"""Walking the values that cross the sandbox boundary: tensors nested in dicts, lists
and tuples (call arguments, results), with one helper per transformation."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import torch


def map_tensors(value: Any, fn: Callable[[torch.Tensor], Any]) -> Any:
    """`fn` applied to every tensor, also inside dicts, lists and tuples; modules are
    deep-copied (an input object a call may change is never shared)."""
    if isinstance(value, torch.Tensor):
        return fn(value)
    if isinstance(value, torch.nn.Module):
        return copy.deepcopy(value)
    if isinstance(value, dict):
        return {k: map_tensors(v, fn) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [map_tensors(v, fn) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def clone(value: Any) -> Any:
    return map_tensors(value, lambda t: t.detach().clone())


def to_device(value: Any, device: str) -> Any:
    """A private copy on `device` (never an alias of the original)."""
    return map_tensors(value, lambda t: t.detach().to(device, copy=True))


def leaves(value: Any) -> Iterator[torch.Tensor]:
    """Every tensor inside a value, in a stable order (dict order, then list order)."""
    if isinstance(value, torch.Tensor):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from leaves(v)


def named_leaves(value: Any, path: str) -> Iterator[tuple[str, torch.Tensor]]:
    """Every tensor inside a value with where it sits (`inputs['x']`), in `leaves` order."""
    if isinstance(value, torch.Tensor):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from named_leaves(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from named_leaves(v, f"{path}[{i}]")


_SCALARS = (bool, int, float, str, type(None))


def foreign(value: Any, path: str = "result") -> str | None:
    """Where a value holds something that is not plain data (a tensor subclass, a lazy
    wrapper, a non-strided or meta tensor): a result must be finished, ordinary data.
    Runs inside the timed region, so long lists of numbers are checked cheaply."""
    kind = type(value)
    if kind in _SCALARS:
        return None
    if isinstance(value, torch.Tensor):
        if kind is not torch.Tensor:
            return f"{path} is a {kind.__module__}.{kind.__qualname__} (a torch.Tensor subclass)"
        if value.layout != torch.strided:
            return f"{path} is a {str(value.layout).removeprefix('torch.')} tensor, not an ordinary (strided) one"
        if value.device.type == "meta":
            return f"{path} is a meta tensor: it has no data"
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            if type(v) not in _SCALARS and (found := foreign(v, f"{path}[{k!r}]")) is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):
        if kind not in (list, tuple):
            return f"{path} is a {kind.__qualname__}, not a plain list or tuple"
        for i, v in enumerate(value):
            if type(v) not in _SCALARS and (found := foreign(v, f"{path}[{i}]")) is not None:
                return found
        return None
    return f"{path} is a {kind.__module__}.{kind.__qualname__}"


def sampled(flat: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """The elements of a flattened tensor at `positions` (fractions in [0, 1) of its
    length): the judge and the child pick the same elements of equally shaped results."""
    index = (positions.double() * flat.numel()).long().clamp(0, max(flat.numel() - 1, 0))
    return flat[index.to(flat.device)].to("cpu")
