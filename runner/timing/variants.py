"""Fresh inputs for every timed call, cheaply, so no call can be answered from an
earlier one (a cache keyed by the inputs' contents never hits).

By default every floating-point tensor that holds non-integer values is multiplied
elementwise by factors drawn from (0.98, 1]: one pass over memory per call. Shrinking
towards zero never changes a sign, never grows a magnitude and keeps values inside
ranges such as [0, 1] or [-1, 1]; integer-valued tensors (labels, masks, one-hot) and
other arguments stay as generated. A problem whose inputs carry a property this would
break defines `vary(inputs, generator)` in its reference; one whose inputs hold nothing
to perturb is regenerated from a fresh seed for every call.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import torch

from runner.values import clone

SHRINK = 0.02  # factors lie in (1 - SHRINK, 1]
OFFSETS = 1 << 16  # distinct starting points in the factor pool


def _varied(value: Any) -> bool:
    return (
        isinstance(value, torch.Tensor)
        and value.is_floating_point()
        and value.numel() > 0
        and not bool(torch.equal(value, value.round()))
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
                and a.dtype == b.dtype and bool(torch.equal(a, b)))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, torch.nn.Module) or isinstance(b, torch.nn.Module):
        return False  # a freshly built model: compared by its parameters, which are tensors elsewhere
    return type(a) is type(b) and a == b


class Variants:
    """Makes the inputs of timed call k from one generated base set."""

    def __init__(
        self,
        base: dict[str, Any],
        *,
        seed: int,
        vary: Callable[[dict[str, Any], torch.Generator], dict[str, Any]] | None = None,
        regenerate: Callable[[int], dict[str, Any]] | None = None,
    ) -> None:
        self.base = base
        self.rng = random.Random(seed)  # the judge's secret: the child never sees it
        self.generator = torch.Generator().manual_seed(seed)
        self.vary, self.regenerate = vary, regenerate
        self.names = [name for name, value in base.items() if _varied(value)]
        self.used: set[tuple[int, ...]] = set()
        self.pool: torch.Tensor | None = None
        if vary is None and self.names:
            device = base[self.names[0]].device
            size = max(base[n].numel() for n in self.names) + OFFSETS
            noise = torch.rand(size, generator=self.generator)
            self.pool = (1.0 - SHRINK * noise).to(device)
        self.how = (
            "the problem's vary()" if vary is not None
            else f"{', '.join(self.names)} scaled by fresh factors in ({1 - SHRINK:g}, 1]" if self.names
            else "regenerated from a fresh seed" if regenerate is not None
            else "the same inputs"
        )

    def make(self, k: int) -> dict[str, Any]:
        """Inputs of call k: private tensors, never the base set itself."""
        if self.vary is not None:
            return self.vary(clone(self.base), self.generator)
        if self.pool is None:
            made = self.regenerate(k) if self.regenerate is not None else clone(self.base)
            if _same(made, self.base):
                raise ValueError("the timed test's inputs come out the same on every call (nothing in them "
                                 "to perturb, and a fresh seed changes nothing): define vary() in reference.py")
            return made
        while True:
            offsets = tuple(self.rng.randrange(OFFSETS) for _ in self.names)
            if offsets not in self.used:
                self.used.add(offsets)
                break
        made = dict(self.base)  # the rest is shared: only the trusted reference reads it directly
        for name, offset in zip(self.names, offsets, strict=True):
            x = self.base[name]
            made[name] = x * self.pool[offset : offset + x.numel()].view(x.shape).to(x.dtype)
        return made
