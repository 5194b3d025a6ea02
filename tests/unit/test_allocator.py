"""The allocator on both sides of a timed pair: trimmed while calls are checked (so each
call's own peak memory shows), then held and faulted in before timing (so temporaries
land on pages already there, as the long-lived judge's do). Counted in minor page
faults and resident memory, not in time."""

from __future__ import annotations

import subprocess
import sys

from runner.judge.timed import RESERVE_MAX_BYTES, RESERVE_MIN_BYTES, heap_reserve

PROBE = """
import resource, sys, torch
from runner.timing import allocator

def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) << 10 for l in f if l.startswith("VmRSS:"))

assert allocator.steady()
if sys.argv[1] in ("hold", "rehold"):
    assert allocator.hold(64 << 20) >= 64 << 20
if sys.argv[1] == "rehold":  # the judge's next judging: set up again, hold again
    allocator.steady()
    touched, malloc = [], allocator._malloc
    allocator._malloc = lambda size: touched.append(size) or malloc(size)
    assert allocator.hold(64 << 20) >= 64 << 20
    assert not touched, "the held heap was allocated and written again"
    allocator._malloc = malloc
before, resident = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, rss()
for _ in range(3):
    blocks = [torch.empty(4 << 20, dtype=torch.uint8).fill_(1) for _ in range(8)]  # 32 MiB touched
    del blocks
    if sys.argv[1] == "release":
        allocator.release()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before, rss() - resident)
"""


def _probe(mode: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    faults, grown = done.stdout.split()
    return int(faults), int(grown)


def test_freed_memory_goes_back_before_a_checked_call() -> None:
    faults, grown = _probe("release")
    assert grown < 8 << 20, f"32 MiB freed, yet the process kept {grown >> 20} MiB: a later call's peak would hide"
    assert faults >= 3 * 4000, f"each round should fault its 32 MiB in again, saw {faults} faults"


def test_temporaries_reuse_the_held_pages_while_timing() -> None:
    cold, _ = _probe("steady")
    held, _ = _probe("hold")
    assert held < cold / 10, f"with the heap held: {held} faults, without: {cold}"


def test_a_held_heap_stays_held_from_one_judging_to_the_next() -> None:
    cold, _ = _probe("steady")
    held, _ = _probe("rehold")
    assert held < cold / 10, f"held, set up again and held again: {held} faults, never held: {cold}"


def test_the_reserve_is_a_few_input_copies_within_the_sandboxs_memory() -> None:
    assert heap_reserve(1 << 20, 4096) == RESERVE_MIN_BYTES
    assert heap_reserve(10 << 20, 4096) == 40 << 20
    assert heap_reserve(1 << 30, 4096) == RESERVE_MAX_BYTES
    assert heap_reserve(1 << 30, 256) == 64 << 20  # a quarter of a 256 MiB sandbox
