"""Triton errors a learner can act on.

In interpreter mode (no GPU) every load and store of a kernel is checked against the
tensors it was launched with: an access past their ends is reported with the kernel's
line, the program and the element offset, instead of reading or corrupting memory.
An exception raised inside a kernel's own code, which a GPU would have refused at
compile time, is a compile error on the CPU too; and so is Triton's CompilationError.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import numpy as np

from runner.harness.results import SUBMISSION_FILE, user_traceback


class KernelFault(Exception):
    """A kernel accessed memory outside the tensors it was given (interpreter mode)."""


class BoundsChecks:
    """Wraps Triton's interpreter: records the launch's tensors, checks every access."""

    def __init__(self, path: str) -> None:
        self.path = path  # the submission's file: its frames are the kernel's lines
        self.launches: list[list[tuple[int, int, str]]] = []  # (first byte, end byte, argument) per launch

    def install(self) -> bool:
        """Patch the interpreter; False where this Triton's interpreter looks different."""
        try:
            from triton.runtime import interpreter
        except ImportError:
            return False
        executor, builder = getattr(interpreter, "GridExecutor", None), getattr(interpreter, "InterpreterBuilder", None)
        element = getattr(interpreter, "_get_np_dtype", None)
        if executor is None or builder is None or element is None:
            return False
        checks = self
        launch, load, store = executor.__call__, builder.create_masked_load, builder.create_masked_store

        def checked_launch(self: Any, *args: Any, **kwargs: Any) -> Any:
            named = [*zip(getattr(self, "arg_names", []), args, strict=False), *kwargs.items()]
            checks.launches.append([(*span, name) for name, arg in named if (span := _extent(arg)) is not None])
            try:
                return launch(self, *args, **kwargs)
            finally:
                checks.launches.pop()

        def checked_load(self: Any, ptrs: Any, mask: Any, *rest: Any) -> Any:
            checks.check(self, ptrs, mask, element, "load")
            return load(self, ptrs, mask, *rest)

        def checked_store(self: Any, ptrs: Any, value: Any, mask: Any, *rest: Any) -> Any:
            checks.check(self, ptrs, mask, element, "store")
            return store(self, ptrs, value, mask, *rest)

        executor.__call__ = checked_launch
        builder.create_masked_load = checked_load
        builder.create_masked_store = checked_store
        return True

    def check(self, builder: Any, ptrs: Any, mask: Any, element: Any, what: str) -> None:
        if not self.launches:
            return
        ranges = self.launches[-1]
        addresses = np.asarray(ptrs.data, dtype=np.uint64)
        active = addresses[np.broadcast_to(np.asarray(mask.data, dtype=bool), addresses.shape)]
        if active.size == 0:
            return
        size = np.dtype(element(ptrs.get_element_ty())).itemsize
        inside = np.zeros(active.shape, dtype=bool)
        for start, end, _ in ranges:
            inside |= (active >= start) & (active + size <= end)
        if inside.all():
            return
        bad = int(active[~inside][0])
        below = [r for r in ranges if r[0] <= bad] or ranges
        start, end, name = max(below, key=lambda r: r[0]) if below else (0, 0, "?")
        offset = (bad - start) // size
        count = (end - start) // size
        where = self.kernel_line()
        verb = "read" if what == "load" else "wrote"
        program = tuple(getattr(builder, "grid_idx", None) or ())
        raise KernelFault(
            f"out-of-bounds {what}{where}: program {program} {verb} element {offset} of {name}, which holds "
            f"{count} elements (mask the lanes past the end: tl.{what}(..., mask=offsets < n))"
        )

    def kernel_line(self) -> str:
        """` in kernel() at line N: `code`` for the innermost frame of the submission."""
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename != self.path:
            frame = frame.f_back
        if frame is None:
            return ""
        line = traceback.FrameSummary(self.path, frame.f_lineno, frame.f_code.co_name).line or ""
        return f" in {frame.f_code.co_name}() at line {frame.f_lineno} of {SUBMISSION_FILE}: `{line.strip()}`"


def _extent(arg: Any) -> tuple[int, int] | None:
    """The bytes a tensor's elements occupy (its own, not its storage's: the storage may be
    shared with other tensors)."""
    if not (hasattr(arg, "data_ptr") and hasattr(arg, "stride") and hasattr(arg, "element_size")):
        return None
    if arg.numel() == 0:
        return arg.data_ptr(), arg.data_ptr()
    last = sum((size - 1) * stride for size, stride in zip(arg.shape, arg.stride(), strict=True) if stride > 0)
    return arg.data_ptr(), arg.data_ptr() + (last + 1) * arg.element_size()


def classify(exc: BaseException, path: str, kernels: set[str]) -> tuple[str, str] | None:
    """("compile" or "error", message) for a Triton failure, or None for any other."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in chain:
        if isinstance(error, KernelFault):
            return "error", str(error)
    for error in chain:
        if type(error).__name__ == "CompilationError" and type(error).__module__.startswith("triton"):
            return "compile", "your kernel does not compile:\n" + str(error).replace(path, SUBMISSION_FILE)
    for error in chain[1:]:  # raised inside a kernel's own code, below the launch
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
        if frames and frames[-1].name in kernels:
            return "compile", "your kernel does not compile (a GPU would refuse it):\n" + user_traceback(error, path)
    return None
