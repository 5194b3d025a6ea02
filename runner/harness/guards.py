"""Guard regions around a Triton kernel's tensors on a GPU: a kernel that writes past
the end (or before the start) of `out` or of an input changes bytes nobody else owns,
which a GPU does not report. Each such tensor is carved out of a larger buffer whose
margins hold a known pattern; after the call the margins must be untouched."""

from __future__ import annotations

import torch

GUARD_BYTES = 4096  # on each side: more than one block of a typical kernel overshoots by
PATTERN = 0xA5


class Guarded:
    """A tensor with guard margins; `tensor` is what the kernel gets."""

    def __init__(self, shape: tuple[int, ...], dtype: torch.dtype, device: str, name: str) -> None:
        self.name = name
        size = torch.empty((), dtype=dtype).element_size()
        pad = -(-GUARD_BYTES // size)
        numel = 1
        for n in shape:
            numel *= n
        self._buffer = torch.empty(numel + 2 * pad, dtype=dtype, device=device)
        self._buffer.view(torch.uint8).fill_(PATTERN)
        self.tensor = self._buffer[pad : pad + numel].view(shape)
        self._margins = (self._buffer[:pad], self._buffer[pad + numel :])

    def overrun(self) -> str | None:
        """What a kernel wrote outside the tensor, if anything."""
        for where, margin in zip(("before the start", "past the end"), self._margins, strict=True):
            if not bool((margin.view(torch.uint8) == PATTERN).all()):
                return f"your kernel wrote {where} of {self.name} (memory that is not part of it)"
        return None
