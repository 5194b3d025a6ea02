"""Throughput of the warm pool: 100 submissions handed over at once (as many judging
threads as cores), then the same 100 with 20 hostile ones mixed in.

Checks that every submission gets a verdict (none lost) and that the honest ones
get their expected verdicts even next to hostile neighbours; prints verdicts/min.

    python bench/pool_throughput.py [--count 100] [--hostile 20] [--workers N]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.bank import Problem, load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.judge.pool import JudgePool  # noqa: E402
from runner.problem import Limits  # noqa: E402

HOSTILE_DIR = ROOT / "tests" / "attacks" / "submissions"
HOSTILE_LIMITS = Limits(wall_seconds=5, memory_mb=1536)


@dataclasses.dataclass
class Job:
    name: str
    problem: Problem
    code: str
    expected: str | None  # None: hostile, any verdict but INTERNAL_ERROR will do


def honest_jobs(bank: dict[str, Problem], count: int) -> list[Job]:
    """Accepted solutions and two plain wrong answers, cycled to `count` submissions."""
    pool = []
    for slug, problem in bank.items():
        for path in sorted((problem.root / "solutions" / "accepted").glob("pytorch_*.py")):
            pool.append(Job(f"{slug}/{path.name}", problem, path.read_text(), "ACCEPTED"))
    pool.append(Job("vector-add/minus", bank["vector-add"], "def solve(a, b):\n    return a - b\n", "WRONG_ANSWER"))
    if "softmax" in bank:
        pool.append(Job("softmax/exp", bank["softmax"], "def solve(x, dim):\n    return x.exp()\n", "WRONG_ANSWER"))
    return [pool[i % len(pool)] for i in range(count)]


def hostile_jobs(bank: dict[str, Problem], count: int) -> list[Job]:
    tight = dataclasses.replace(bank["vector-add"], spec=bank["vector-add"].spec.model_copy(
        update={"limits": HOSTILE_LIMITS}))
    paths = sorted(p for p in HOSTILE_DIR.glob("*.py") if "mode: submit" not in p.read_text())
    return [Job(f"hostile/{paths[i % len(paths)].name}", tight, paths[i % len(paths)].read_text(), None)
            for i in range(count)]


def run_batch(pool: JudgePool, jobs: list[Job], workers: int) -> tuple[float, list[tuple[Job, str]]]:
    def one(job: Job) -> tuple[Job, str]:
        try:
            return job, pool.judge(job.problem, job.code, language="pytorch", mode="run", device="cpu").verdict
        except Exception as exc:  # noqa: BLE001 - a lost submission is what this counts
            return job, f"LOST ({type(exc).__name__}: {exc})"

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as executor:
        results = list(executor.map(one, jobs))
    return time.perf_counter() - started, results


def report(title: str, elapsed: float, results: list[tuple[Job, str]]) -> bool:
    honest = [(j, v) for j, v in results if j.expected is not None]
    wrong = [(j.name, j.expected, v) for j, v in honest if v != j.expected]
    lost = [j.name for j, v in results if v.startswith("LOST") or v == "INTERNAL_ERROR"]
    print(f"{title}: {len(results)} submissions in {elapsed:.1f} s = {len(results) / elapsed * 60:.0f} verdicts/min")
    print(f"  verdicts: {dict(Counter(str(v) for _, v in results))}")
    print(f"  lost or internal errors: {len(lost)} {lost[:5]}")
    print(f"  honest with an unexpected verdict: {len(wrong)}/{len(honest)} {wrong[:5]}")
    return not lost and not wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--hostile", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    settings = JudgeSettings(problems_dir=ROOT / "problems", data_dir=Path(tempfile.mkdtemp(prefix="bench-")),
                             device="cpu", torch_threads=1)
    loaded = load_bank(settings.problems_dir)
    bank = {slug: p for slug in ("vector-add", "softmax") if (p := loaded.get(slug)) is not None}
    assert "vector-add" in bank, loaded.errors
    honest = honest_jobs(bank, args.count)  # type: ignore[arg-type]
    mixed = honest[: args.count - args.hostile] + hostile_jobs(bank, args.hostile)  # type: ignore[arg-type]
    random.Random(0).shuffle(mixed)
    print(f"{args.workers} judging threads on {os.cpu_count()} cores, one warm pool")
    with JudgePool(settings) as pool:
        ok = report("honest", *run_batch(pool, honest, args.workers))
        ok = report(f"mixed ({args.hostile} hostile)", *run_batch(pool, mixed, args.workers)) and ok
        print(f"zygote starts: {pool.pool.starts}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
