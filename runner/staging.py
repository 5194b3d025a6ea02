"""Call arguments in shared memory: the judge writes them, the sandboxed child maps them.

Large inputs never cross a pipe. The judge lays every tensor of a call's arguments
out in one sealed memfd (its size can never change, so the child cannot make the
judge's mapping fault), sends the file descriptor once, and then for each call only
a small *skeleton*: the arguments with each tensor replaced by its slot number. On the
CPU the child's tensors are views of the shared pages (no copy at all); on a GPU the
child copies them to the device. After a call the judge reads the same pages to see
whether the call modified its inputs.
"""

from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
from dataclasses import dataclass
from typing import Any

import torch

ALIGN = 64  # bytes; every slot starts on a cache line
SLOT_KEY = "__slot__"  # {"__slot__": i} stands for tensor slot i in a skeleton


@dataclass(frozen=True)
class Slot:
    """Where one tensor lives in the shared file."""

    offset: int  # bytes from the start of the file
    shape: tuple[int, ...]
    dtype: str  # "float32", ... (torch dtype name without the prefix)

    @property
    def nbytes(self) -> int:
        return _numel(self.shape) * torch.empty((), dtype=dtype_of(self.dtype)).element_size()


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for size in shape:
        n *= size
    return n


def dtype_of(name: str) -> torch.dtype:
    dtype = getattr(torch, name, None)
    if not isinstance(dtype, torch.dtype):
        raise ValueError(f"not a torch dtype: {name!r}")
    return dtype


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def layout(tensors: list[torch.Tensor]) -> tuple[list[Slot], int]:
    """Slots for the tensors, packed and aligned; and the file size they need."""
    slots, offset = [], 0
    for t in tensors:
        slots.append(Slot(offset, tuple(t.shape), dtype_name(t.dtype)))
        offset += (t.numel() * t.element_size() + ALIGN - 1) // ALIGN * ALIGN
    return slots, max(offset, ALIGN)


def skeleton(value: Any, tensors: list[torch.Tensor]) -> Any:
    """`value` with each tensor appended to `tensors` and replaced by its slot marker."""
    if isinstance(value, torch.Tensor):
        tensors.append(value)
        return {SLOT_KEY: len(tensors) - 1}
    if isinstance(value, dict):
        return {k: skeleton(v, tensors) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [skeleton(v, tensors) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def slot_names(shape: Any, path: str = "inputs") -> dict[int, str]:
    """Slot number -> where the tensor sits in the arguments (`inputs['x']`), for messages."""
    if isinstance(shape, dict):
        if set(shape) == {SLOT_KEY}:
            return {int(shape[SLOT_KEY]): path}
        return {i: n for k, v in shape.items() for i, n in slot_names(v, f"{path}[{k!r}]").items()}
    if isinstance(shape, (list, tuple)):
        return {i: n for j, v in enumerate(shape) for i, n in slot_names(v, f"{path}[{j}]").items()}
    return {}


def fill(shape: Any, tensors: list[torch.Tensor]) -> Any:
    """The inverse of `skeleton`: markers replaced by the given tensors."""
    if isinstance(shape, dict):
        if set(shape) == {SLOT_KEY}:
            return tensors[int(shape[SLOT_KEY])]
        return {k: fill(v, tensors) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        items = [fill(v, tensors) for v in shape]
        return items if isinstance(shape, list) else tuple(items)
    return shape


class SharedFile:
    """A sealed memfd and its mapping; `views` are tensors over the mapped pages."""

    def __init__(self, fd: int, size: int, slots: list[Slot]) -> None:
        self.fd, self.size, self.slots = fd, size, slots
        # Populated at once: the pages count as the inputs' memory, not as the call's.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        self.map = mmap.mmap(fd, size, flags=flags, prot=mmap.PROT_READ | mmap.PROT_WRITE)
        raw = torch.frombuffer(self.map, dtype=torch.uint8)
        self.views = [
            raw[s.offset : s.offset + s.nbytes].view(dtype_of(s.dtype)).view(s.shape) for s in slots
        ]

    @classmethod
    def create(cls, tensors: list[torch.Tensor]) -> SharedFile:
        """The judge's side: a new file laid out for these tensors, sealed at its size."""
        slots, size = layout(tensors)
        fd = os.memfd_create("tensordojo-inputs", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        try:
            os.ftruncate(fd, size)
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)
            shared = cls(fd, size, slots)
        except BaseException:
            os.close(fd)
            raise
        shared.write(tensors)
        return shared

    @classmethod
    def attach(cls, fd: int, slots: list[Slot]) -> SharedFile:
        """The child's side: map a file the judge sent; refuse one that could still change size."""
        seals = fcntl.fcntl(fd, fcntl.F_GET_SEALS)
        if not seals & fcntl.F_SEAL_SHRINK:
            raise ValueError("the shared input file is not sealed")
        size = os.fstat(fd).st_size
        if any(s.offset + s.nbytes > size for s in slots):
            raise ValueError("slots outside the shared input file")
        return cls(fd, size, slots)

    def write(self, tensors: list[torch.Tensor]) -> None:
        for view, t in zip(self.views, tensors, strict=True):
            view.copy_(t.detach())

    def close(self) -> None:
        self.views = []
        with contextlib.suppress(BufferError):  # a view still referenced keeps the mapping alive
            self.map.close()
        os.close(self.fd)
