"""Peak memory of one call beyond what the process held before it."""

from __future__ import annotations

import torch

from runner.timing import allocator


def _status(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


class CallMemory:
    """CUDA: the allocator's peak. CPU: the process's high-water mark (VmHWM), reset
    to the current size before the call through /proc/self/clear_refs."""

    def __init__(self, device: str) -> None:
        self.device = device

    def start(self) -> int:
        if self.device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            return torch.cuda.memory_allocated()
        allocator.release()  # memory freed by earlier calls would otherwise hide this one's peak
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")
        except OSError:
            return -1
        return _status("VmRSS:")

    def peak_extra(self, base: int) -> int | None:
        if self.device == "cuda":
            torch.cuda.synchronize()
            return max(0, torch.cuda.max_memory_allocated() - base)
        if base < 0:
            return None
        return max(0, _status("VmHWM:") - base)
