"""The judge's timing of a call against `triton.testing.do_bench`, side by side, for the
same kernels on the same GPU: how far the judge's figures are from the usual harness.

The judge times one call at a time (the L2 flush, the start event, the call and a
device-wide synchronisation enqueued back to back; the cost of an empty call taken off),
and takes the lower quartile of many calls; do_bench reports its median.

    python bench/timing_vs_do_bench.py [--dry-run]     (--dry-run: the CPU clock only)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from runner.timing.clock import Clock  # noqa: E402
from runner.timing.stats import QUANTILE, quantile  # noqa: E402

CALLS = 100


def cases(device: str) -> dict[str, Callable[[], object]]:
    g = torch.Generator().manual_seed(0)
    n = (1 << 24) if device == "cuda" else (1 << 20)
    a, b = torch.randn(n, generator=g).to(device), torch.randn(n, generator=g).to(device)
    x = torch.randn(4096, 1024, generator=g).to(device)
    m = 2048 if device == "cuda" else 256
    p, q = torch.randn(m, m, generator=g).to(device), torch.randn(m, m, generator=g).to(device)
    found: dict[str, Callable[[], object]] = {
        f"torch a + b ({n} floats)": lambda: a + b,
        "torch.softmax (4096 x 1024)": lambda: torch.softmax(x, dim=-1),
        f"torch.matmul ({m} x {m})": lambda: p @ q,
    }
    if device == "cuda":
        from triton_kernels import add, softmax  # a vector add and a row softmax in Triton

        out, rows = torch.empty_like(a), torch.empty_like(x)
        found["triton add"] = lambda: add(a, b, out)
        found["triton row softmax"] = lambda: softmax(x, rows)
    return found


def judge_ms(clock: Clock, call: Callable[[], object]) -> float:
    for _ in range(3):
        clock.time_call(call)
    samples = [clock.time_call(call)[1] for _ in range(CALLS)]
    return quantile(samples, QUANTILE) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="on the CPU, the judge's clock only")
    args = parser.parse_args()
    device = "cpu" if args.dry_run else "cuda"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    clock = Clock(device)
    print(f"{'call':34} {'judge (q25) ms':>15} {'do_bench ms':>12} {'difference':>11}")
    for name, call in cases(device).items():
        ours = judge_ms(clock, call)
        if device == "cuda":
            from triton.testing import do_bench

            theirs = float(do_bench(call, warmup=25, rep=100))
            print(f"{name:34} {ours:15.4f} {theirs:12.4f} {(ours - theirs) / theirs:+10.1%}")
        else:
            median = statistics.median(clock.time_call(call)[1] for _ in range(CALLS)) / 1e6
            print(f"{name:34} {ours:15.4f} {'(no GPU)':>12} {'median ' + format(median, '.4f'):>11}")


if __name__ == "__main__":
    main()
