"""Warm verdict latency through the warm pool (the API a queue worker calls), per
exemplar problem, with the spread of the timed ratio across repeated Submits.

For each problem's first accepted PyTorch solution: the median wall time of N warm
Submits and of N warm Runs, and the user/reference ratios of those Submits with their
spread ((max - min) / median). Also a bare `python -c "import torch"` and a sandbox
start alone, measured in the same run, so the figures can be read against the machine.

Targets: a warm Submit answers in at most 1.0 s (median of 5), and the ratio's spread
across those 5 is at most 10%.

    python bench/verdict_latency.py [--repeat 5] [--device cpu|cuda] [--problems a,b]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.bank import load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.conventions import ACCEPTED_DIR, TRITON_PREFIX  # noqa: E402
from runner.judge.pool import JudgePool  # noqa: E402
from runner.sandbox.launch import launch  # noqa: E402

EXEMPLARS = ("vector-add", "softmax", "layernorm", "causal-attention", "multi-head-attention", "losses")
SUBMIT_TARGET_S = 1.0
SPREAD_TARGET = 0.10


def timed(run: object) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--problems", default=",".join(EXEMPLARS))
    args = parser.parse_args()
    settings = JudgeSettings(problems_dir=ROOT / "problems", data_dir=Path(tempfile.mkdtemp(prefix="bench-")),
                             device=args.device)
    bank = load_bank(settings.problems_dir)
    import_s = statistics.median(timed(lambda: subprocess.run([sys.executable, "-c", "import torch"], check=True))
                                 for _ in range(3))
    print(f"bare `python -c 'import torch'`: {import_s * 1000:.0f} ms (median of 3)")
    met = True
    with JudgePool(settings) as pool:
        def start_only() -> None:
            child, _ = launch(wall_seconds=10, memory_bytes=2 << 30, output_limit=65536, env={}, pool=pool.pool)
            child.close()

        start_only()
        start_s = statistics.median(timed(start_only) for _ in range(args.repeat))
        print(f"sandbox start alone (fork, layers, exit): {start_s * 1000:.0f} ms (median of {args.repeat})\n")
        print(f"{'problem':22} {'Run':>8} {'Submit':>8}  ratios of the {args.repeat} Submits       spread  stopped")
        for slug in args.problems.split(","):
            problem = bank.get(slug)
            assert problem is not None, slug
            path = next(p for p in sorted((problem.root / ACCEPTED_DIR).glob("*.py"))
                        if not p.name.startswith(TRITON_PREFIX))
            code = path.read_text()
            pool.judge(problem, code, language="pytorch", mode="run")  # first fork: page faults, not measured
            runs, submits, ratios, stops = [], [], [], []
            for _ in range(args.repeat):
                started = time.perf_counter()
                pool.judge(problem, code, language="pytorch", mode="run")
                runs.append(time.perf_counter() - started)
                started = time.perf_counter()
                result = pool.judge(problem, code, language="pytorch", mode="submit")
                submits.append(time.perf_counter() - started)
                assert result.verdict == "ACCEPTED", f"{slug}: {result.verdict}: {result.message}"
                ratios.append(result.timing.ratio or 0.0)
                stops.append(f"{result.timing.repetitions} pairs")
            run_s, submit_s = statistics.median(runs), statistics.median(submits)
            spread = (max(ratios) - min(ratios)) / statistics.median(ratios)
            met &= submit_s <= SUBMIT_TARGET_S and spread <= SPREAD_TARGET
            shown = " ".join(f"{r:.2f}" for r in ratios)
            print(f"{slug:22} {run_s * 1000:6.0f}ms {submit_s * 1000:6.0f}ms  {shown:30} {spread:6.1%}  "
                  f"{', '.join(stops)}")
    print(f"\ntargets: warm Submit <= {SUBMIT_TARGET_S:.1f} s and ratio spread <= {SPREAD_TARGET:.0%}: "
          + ("met" if met else "NOT met"))


if __name__ == "__main__":
    main()
