"""Verdict latency of a trivial accepted submission through the warm pool (the API a
queue worker calls), against a bare `python -c "import torch"` measured in the same run.

Target: the warm verdict takes at most a fifth of the bare import.

    python bench/verdict_latency.py [--repeat 5] [--device cpu|cuda]
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

from runner import protocol  # noqa: E402
from runner.bank import load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.judge import judge_code  # noqa: E402
from runner.sandbox import JudgePool, launch  # noqa: E402

SOLUTION = ROOT / "problems" / "vector-add" / "solutions" / "accepted" / "pytorch_plus.py"


def median_s(run: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bare_import() -> None:
    subprocess.run([sys.executable, "-c", "import torch"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    settings = JudgeSettings(problems_dir=ROOT / "problems", data_dir=Path(tempfile.mkdtemp(prefix="bench-")),
                             device=args.device)
    problem = load_bank(settings.problems_dir).get("vector-add")
    assert problem is not None
    code = SOLUTION.read_text()

    import_s = median_s(bare_import, args.repeat)
    with JudgePool(settings) as pool:
        def verdict(mode: str) -> None:
            result = pool.judge(problem, code, language="pytorch", mode=mode, device=args.device)
            assert result.verdict == "ACCEPTED", result.message

        def sandbox_only() -> None:
            child, _ = launch(wall_seconds=10, memory_bytes=2 << 30, output_limit=65536, env={}, pool=pool.pool)
            protocol.send(child.to_child, {"op": "exit"})
            child.close()

        verdict("run")  # first fork after the zygote start pays page faults: not measured
        start_s = median_s(sandbox_only, args.repeat)
        run_s = median_s(lambda: verdict("run"), args.repeat)
        submit_s = median_s(lambda: verdict("submit"), max(1, args.repeat // 2))
    cold_s = median_s(lambda: judge_code(problem, code, language="pytorch", mode="run", device=args.device,
                                         settings=settings), 1)

    print(f"bare `python -c 'import torch'`:           {import_s * 1000:8.0f} ms")
    print(f"sandbox start only (fork + layers + exit):   {start_s * 1000:8.0f} ms  ({start_s / import_s:.1%})")
    print(f"warm verdict, Run (visible examples):        {run_s * 1000:8.0f} ms  ({run_s / import_s:.1%})")
    print(f"warm verdict, Submit (hidden tests, timing): {submit_s * 1000:8.0f} ms  ({submit_s / import_s:.1%})")
    print(f"cold verdict, Run (no warm pool):            {cold_s * 1000:8.0f} ms  ({cold_s / import_s:.1%})")
    target = import_s / 5
    print(f"target: warm Run verdict <= {target * 1000:.0f} ms (1/5 of the import): "
          + ("met" if run_s <= target else "NOT met"))


if __name__ == "__main__":
    main()
