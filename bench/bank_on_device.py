"""Every shipped solution of some problems, judged on one device through one warm pool:
the verdict against the one it expects, and for accepted solutions the user/reference
ratio (several judgings: median and spread). On a GPU this is each Triton solution's
time against the PyTorch reference.

    python bench/bank_on_device.py [--device cuda] [--repeat 3] [--triton-only] [--budget-s 300]
                                   [--json FILE] [slug ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.bank import load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.judge.pool import JudgePool  # noqa: E402
from runner.validate import expectations  # noqa: E402
from runner.verdicts import Verdict  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--device", default=None)
    parser.add_argument("--repeat", type=int, default=1, help="judgings of each accepted solution")
    parser.add_argument("--triton-only", action="store_true", help="problems that offer Triton, and their Triton "
                        "solutions plus one PyTorch solution each")
    parser.add_argument("--budget-s", type=float, default=float("inf"), help="start no judging after this long")
    parser.add_argument("--json", type=Path, help="write every row here too")
    args = parser.parse_args()
    settings = JudgeSettings(problems_dir=ROOT / "problems", data_dir=Path(tempfile.mkdtemp(prefix="bench-")),
                             device=args.device)
    bank = load_bank(settings.problems_dir)
    slugs = args.slugs or sorted(bank.problems)
    started, rows, wrong = time.monotonic(), [], 0
    print(f"{'problem':28} {'solution':40} {'lang':7} {'expected':14} {'got':14} {'ratio':>8} {'spread':>7} {'s':>5}")
    with JudgePool(settings) as pool:
        for slug in slugs:
            problem = bank.get(slug)
            if problem is None or (args.triton_only and "triton" not in problem.languages):
                continue
            cases = expectations(problem)
            if args.triton_only:
                pytorch = [c for c in cases if c.language != "triton" and c.verdict == Verdict.ACCEPTED][:1]
                cases = pytorch + [c for c in cases if c.language == "triton"]
            for case in cases:
                if time.monotonic() - started > args.budget_s:
                    print(f"time budget of {args.budget_s:g} s spent: stopped before {slug}/{case.path.name}")
                    return _finish(rows, wrong, args.json)
                code = case.path.read_text()
                ratios, verdicts, walls = [], [], []
                for _ in range(args.repeat if case.verdict == Verdict.ACCEPTED else 1):
                    began = time.monotonic()
                    result = pool.judge(problem, code, language=case.language, mode="submit", device=args.device)
                    walls.append(time.monotonic() - began)
                    verdicts.append(result.verdict)
                    if result.timing.ratio is not None:
                        ratios.append(result.timing.ratio)
                got = statistics.mode(verdicts)
                wrong += got != case.verdict
                ratio = statistics.median(ratios) if ratios else None
                spread = (max(ratios) - min(ratios)) / ratio if ratios and ratio else None
                row = {"problem": slug, "solution": str(case.path.relative_to(problem.root)),
                       "language": case.language, "expected": case.verdict.value, "got": got.value,
                       "ratio": ratio, "ratios": ratios, "spread": spread, "seconds": statistics.median(walls),
                       "message": result.message[:300] if got != case.verdict else ""}
                rows.append(row)
                print(f"{slug:28} {row['solution'][-40:]:40} {case.language:7} {row['expected']:14} "
                      f"{row['got']:14} {_num(ratio, 'x'):>8} {_num(spread, '%', 100):>7} {row['seconds']:5.1f}"
                      + ("   <-- " + row["message"] if row["message"] else ""), flush=True)
    return _finish(rows, wrong, args.json)


def _num(value: float | None, unit: str, scale: float = 1.0) -> str:
    return "" if value is None else f"{value * scale:.{0 if unit == '%' else 2}f}{unit}"


def _finish(rows: list[dict], wrong: int, path: Path | None) -> int:
    print(f"\n{len(rows)} solutions judged, {wrong} with another verdict than expected")
    if path is not None:
        path.write_text(json.dumps(rows, indent=1))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
