"""Warm Run and Submit latency of the two sandbox backends, side by side, in one run.

For each problem's first accepted PyTorch solution, through a JudgePool of each backend
(`process`: forks of a warm zygote; `container`: warm containers started through the
Docker engine):
- warm: the median wall time of N Runs and N Submits, each started once the pool is
  warm again (every container of the pool started and waiting; a no-op for the process
  backend): what a learner waits for on a runner that is not saturated;
- back to back: the same judgements without a pause, as a saturated worker meets them:
  the container backend then also waits for replacements to warm up (each imports
  torch, a few seconds), so its sustained rate is about pool size / warm-up time.
The first judgement of each pool is not measured.

Target: the container backend's warm Run and Submit within 1.5x the process backend's.

    python bench/sandbox_backends.py [--repeat 5] [--problems vector-add,softmax]
        [--image tensordojo-runner:latest] [--device cpu]

Needs a Docker engine and the runner image built from this checkout
(scripts/docker-build.sh runner; TENSORDOJO_IMAGE_TAG names its tag).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.bank import Problem, load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.conventions import ACCEPTED_DIR, TRITON_PREFIX  # noqa: E402
from runner.judge.pool import JudgePool  # noqa: E402

TARGET = 1.5


def measure(pool: JudgePool, problem: Problem, code: str, repeat: int, warm: bool) -> tuple[float, float]:
    """Median Run and Submit wall times (s), alternating as a worker meets them; `warm`:
    each once the pool is warm again."""
    pool.judge(problem, code, language="pytorch", mode="run")  # first use: page faults, not measured
    settle = getattr(pool.pool, "settle", lambda: True)
    runs, submits = [], []
    for _ in range(repeat):
        for mode, times in (("run", runs), ("submit", submits)):
            if warm:
                assert settle(), "the pool did not warm up"
            started = time.perf_counter()
            result = pool.judge(problem, code, language="pytorch", mode=mode)
            times.append(time.perf_counter() - started)
            # TOO_SLOW: a ratio near the threshold on a loaded machine; the latency still counts
            assert result.verdict in ("ACCEPTED", "TOO_SLOW"), f"{problem.slug} {mode}: {result.message}"
    return statistics.median(runs), statistics.median(submits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--problems", default="vector-add,softmax")
    parser.add_argument("--image", default="tensordojo-runner:latest")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-"))
    base = JudgeSettings(problems_dir=ROOT / "problems", data_dir=data, device=args.device, judge_secret="bench")
    backends = {
        "process": base,
        "container": base.model_copy(update={"sandbox": "container", "container_image": args.image,
                                             "container_link_dir": Path(tempfile.mkdtemp(prefix="bench-link-"))}),
    }
    bank = load_bank(base.problems_dir)
    slugs = args.problems.split(",")
    figures: dict[tuple[str, str, bool], tuple[float, float]] = {}
    for name, settings in backends.items():
        started = time.perf_counter()
        with JudgePool(settings) as pool:
            print(f"{name}: pool ready in {time.perf_counter() - started:.1f} s", flush=True)
            for slug in slugs:
                problem = bank.get(slug)
                assert problem is not None, slug
                path = next(p for p in sorted((problem.root / ACCEPTED_DIR).glob("*.py"))
                            if not p.name.startswith(TRITON_PREFIX))
                for warm in (True, False):
                    figures[(name, slug, warm)] = measure(pool, problem, path.read_text(), args.repeat, warm)
    met = True
    for warm in (True, False):
        print(f"\n{'warm' if warm else 'back to back'}, median of {args.repeat} ({args.device}):")
        print(f"{'problem':16} {'Run process':>12} {'Run container':>14} {'ratio':>6}   "
              f"{'Submit process':>14} {'Submit container':>16} {'ratio':>6}")
        for slug in slugs:
            (run_p, sub_p), (run_c, sub_c) = figures[("process", slug, warm)], figures[("container", slug, warm)]
            if warm:
                met &= run_c <= TARGET * run_p and sub_c <= TARGET * sub_p
            print(f"{slug:16} {run_p * 1000:10.0f}ms {run_c * 1000:12.0f}ms {run_c / run_p:5.2f}x   "
                  f"{sub_p * 1000:12.0f}ms {sub_c * 1000:14.0f}ms {sub_c / sub_p:5.2f}x")
    print(f"\ntarget: warm, the container backend within {TARGET:g}x the process backend: "
          + ("met" if met else "NOT met"))


if __name__ == "__main__":
    main()
