"""Forbidden APIs, enforced at run time inside the sandbox through a TorchFunctionMode.

Text search would miss `x @ w`, `getattr(torch, "soft" + "max")` and aliases such as
`torch.linalg.matmul`; the mode sees the function actually called, whatever the
spelling, so a forbidden name stands for its whole group of aliases.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

import torch
from torch.overrides import TorchFunctionMode

# Names that compute the same thing; forbidding one forbids them all.
ALIAS_GROUPS: list[tuple[str, ...]] = [
    (
        "torch.matmul", "torch.Tensor.matmul", "torch.Tensor.__matmul__",
        "torch.Tensor.__rmatmul__", "torch.linalg.matmul", "torch.ops.aten.matmul",
    ),
    (
        "torch.softmax", "torch.nn.functional.softmax", "torch.Tensor.softmax",
        "torch.special.softmax", "torch._softmax", "torch.ops.aten.softmax", "torch.ops.aten._softmax",
    ),
    (
        "torch.log_softmax", "torch.nn.functional.log_softmax", "torch.Tensor.log_softmax",
        "torch.special.log_softmax", "torch._log_softmax", "torch.ops.aten.log_softmax",
        "torch.ops.aten._log_softmax",
    ),
    (
        "torch.nn.functional.layer_norm", "torch.layer_norm", "torch.native_layer_norm",
        "torch.ops.aten.layer_norm", "torch.ops.aten.native_layer_norm",
    ),
    (
        "torch.nn.functional.scaled_dot_product_attention",
        "torch.ops.aten.scaled_dot_product_attention",
        "torch.ops.aten._scaled_dot_product_attention_math",
        "torch.ops.aten._scaled_dot_product_flash_attention",
        "torch.ops.aten._scaled_dot_product_efficient_attention",
        "torch.ops.aten._scaled_dot_product_cudnn_attention",
        "torch.ops.aten._scaled_dot_product_flash_attention_for_cpu",
    ),
    ("torch.logsumexp", "torch.Tensor.logsumexp", "torch.special.logsumexp", "torch.ops.aten.logsumexp"),
    ("torch.nn.functional.cross_entropy", "torch.ops.aten.cross_entropy_loss"),
    ("torch.nn.functional.nll_loss", "torch.ops.aten.nll_loss", "torch.ops.aten.nll_loss_nd"),
    ("torch.Tensor.backward", "torch.autograd.backward"),
    ("torch.nn.functional.mse_loss", "torch._C._nn.mse_loss", "torch.ops.aten.mse_loss"),
    (
        "torch.nn.functional.binary_cross_entropy", "torch._C._nn.binary_cross_entropy",
        "torch.ops.aten.binary_cross_entropy",
    ),
    (
        "torch.nn.functional.binary_cross_entropy_with_logits", "torch.binary_cross_entropy_with_logits",
        "torch.ops.aten.binary_cross_entropy_with_logits",
    ),
    # A module class is never called through the mode; its forward's functional is.
    ("torch.nn.MultiheadAttention", "torch.nn.functional.multi_head_attention_forward"),
    ("torch.nn.LayerNorm", "torch.nn.functional.layer_norm"),
    ("torch.nn.Dropout", "torch.nn.functional.dropout", "torch.dropout", "torch.ops.aten.dropout"),
]
NO_AUTOGRAD = ("torch.autograd.grad", "torch.Tensor.backward")


class ForbiddenAPIError(BaseException):
    """Raised inside the user's call; a BaseException so `except Exception` cannot hide it."""


def _resolve(dotted: str) -> Any | None:
    """The object a dotted name names, or None if this torch build lacks it."""
    if dotted.startswith("torch.ops.aten."):
        return getattr(torch.ops.aten, dotted.removeprefix("torch.ops.aten."), None)
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def expand(names: Iterable[str]) -> dict[str, str]:
    """Each forbidden name and its aliases -> the name the problem forbids."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted[name] = name
        for group in ALIAS_GROUPS:
            if name in group:
                for alias in group:
                    wanted.setdefault(alias, name)
    return wanted


class ForbiddenGuard(TorchFunctionMode):
    """Raises ForbiddenAPIError at the first forbidden call and remembers it.

    `observe_only`: look the calls up the same way, never refuse one (what the reference
    runs under while it is timed, so both sides pay the same interception cost).
    `everything`: refuse every torch function, with this message (plain-Python problems)."""

    def __init__(self, names: Iterable[str], *, observe_only: bool = False, everything: str | None = None) -> None:
        super().__init__()
        self.observe_only, self.everything = observe_only, everything
        self._ids: dict[int, tuple[str, str]] = {}  # id(object) -> (called name, rule name)
        self._objects: list[Any] = []  # keeps the objects alive, so their ids stay valid
        for alias, rule in expand(names).items():
            obj = _resolve(alias)
            if obj is not None:
                self._ids[id(obj)] = (alias, rule)
                self._objects.append(obj)
        self.violation: str | None = None  # learner-facing message of the first violation

    def _match(self, func: Any) -> tuple[str, str] | None:
        hit = self._ids.get(id(func))
        if hit is None:
            packet = getattr(func, "overloadpacket", None)  # torch.ops.aten.x.default
            if packet is not None:
                hit = self._ids.get(id(packet))
        return hit

    def __torch_function__(self, func: Any, types: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        if self.everything is not None:
            self.violation = self.everything
            raise ForbiddenAPIError(self.violation)
        if self._ids and (hit := self._match(func)) is not None and not self.observe_only:
            called, rule = hit
            also = "" if called == rule else f" (an alias of {rule})"
            if called == "torch.Tensor.matmul":
                called = "torch.Tensor.matmul / the @ operator"
            self.violation = f"forbidden API called: {called}{also}; this problem asks you to write it yourself"
            raise ForbiddenAPIError(self.violation)
        return func(*args, **(kwargs or {}))


class ImportGuard:
    """Refuses imports of the problem's forbidden modules from the learner's code: an
    `import` statement, `__import__` or `importlib.import_module` made by submission.py."""

    def __init__(self, modules: Iterable[str], code_name: str) -> None:
        self.modules = set(modules)
        self.code_name = code_name  # the __name__ of the learner's module
        self.violation: str | None = None

    def refuse(self, name: str) -> None:
        if name.split(".")[0] in self.modules:
            self.violation = f"importing {name} is not allowed in this problem: write it in plain Python"
            raise ForbiddenAPIError(self.violation)

    def builtins(self) -> dict[str, Any]:
        """A builtins namespace for the learner's module whose __import__ checks names."""
        import builtins

        real = builtins.__import__

        def guarded(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
            if level == 0:
                self.refuse(name)
            return real(name, globals, locals, fromlist, level)

        return {**vars(builtins), "__import__": guarded}

    def install(self) -> None:
        """Also watch importlib.import_module, for calls made from the learner's module."""
        import importlib
        import sys

        real = importlib.import_module

        def import_module(name: str, package: str | None = None) -> Any:
            caller = sys._getframe(1).f_globals.get("__name__")
            if caller == self.code_name:
                self.refuse(name)
            return real(name, package)

        importlib.import_module = import_module
