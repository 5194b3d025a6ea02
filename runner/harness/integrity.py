"""What the child's numbers rest on, checked after every request.

Captured at import, before any user code: clocks, CUDA events, serialisation, tensor
methods and the harness's own functions (also their code objects). After each request
they must be the very same objects; a submission that patched one gets an error naming
it. This is a second line: every time that decides a verdict is also bounded by the
judge's own clock, outside the sandbox.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import torch

# What the harness itself calls on the torch module; Tensor methods, torch.cuda and
# torch.nn.functional are watched whole.
TORCH_WATCHED = ("save", "load", "inference_mode", "no_grad", "enable_grad", "is_tensor", "empty", "empty_like",
                 "zeros_like", "full_like", "full", "allclose", "equal", "isclose", "set_num_threads", "frombuffer")
HARNESS_MODULES = ("runner.harness.session", "runner.harness.serve", "runner.harness.results",
                   "runner.harness.memory", "runner.timing.clock", "runner.wire", "runner.protocol",
                   "runner.staging", "runner.values", "runner.forbidden")


def _lookup(owner: Any, name: str) -> Any:
    """The attribute as stored (no binding): a module's dict, or the first class in the MRO."""
    if isinstance(owner, type):
        for klass in owner.__mro__:
            if name in vars(klass):
                return vars(klass)[name]
        return None
    return vars(owner).get(name)


class Integrity:
    def __init__(self) -> None:
        self.snapshot: list[tuple[str, Any, str, int, int | None]] = []  # (label, owner, name, id, id(code))
        self._alive: list[Any] = []  # keeps every recorded object alive, so ids stay valid

    def _owners(self) -> list[tuple[str, Any]]:
        import torch.nn.functional as functional

        owners: list[tuple[str, Any]] = [
            ("time", time), ("os", os), ("torch", torch), ("torch.Tensor", torch.Tensor),
            ("torch.nn.functional", functional), ("torch.cuda", torch.cuda), ("torch.cuda.Event", torch.cuda.Event),
        ]
        for name in HARNESS_MODULES:
            module = sys.modules[name]
            owners.append((name, module))
            owners += [(f"{name}.{k}", v) for k, v in vars(module).items()
                       if isinstance(v, type) and v.__module__ == name]
        return owners

    def capture(self) -> None:
        for label, owner in self._owners():
            names = dir(owner) if isinstance(owner, type) else list(vars(owner))
            if owner is torch:  # torch itself re-wraps some of its functions (torch.compile does)
                names = [n for n in TORCH_WATCHED if n in names]
            for name in names:
                value = _lookup(owner, name)
                if callable(value) or isinstance(value, (staticmethod, classmethod, property)):
                    code = getattr(value, "__code__", None)
                    self.snapshot.append((label, owner, name, id(value), id(code) if code is not None else None))
                    self._alive += [value, code]

    def tampered(self) -> str | None:
        """The first watched name whose object (or code) is not the one captured."""
        for label, owner, name, ident, code in self.snapshot:
            value = _lookup(owner, name)
            if id(value) != ident:
                return f"{label}.{name}"
            if code is not None and id(getattr(value, "__code__", None)) != code:
                return f"{label}.{name}"
        return None

