"""Judge wall time per submission and user/reference ratios, through the CLI.

For each of the exemplar problems, judges every shipped solution with
`python -m runner judge … --json` (the command a user runs) and prints the wall
time of the whole command, the verdict and, for accepted solutions, the
user/reference time ratio measured in that run.

    .venv/bin/python bench/judge_cli.py [--device cpu|cuda] [--repeat N] [slug …]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXEMPLARS = ["vector-add", "softmax", "layernorm", "causal-attention", "multi-head-attention", "losses"]


def judge(slug: str, path: Path, language: str, device: str | None, data_dir: str) -> tuple[dict, float]:
    cmd = [sys.executable, "-m", "runner", "judge", slug, str(path), "--language", language, "--json"]
    if device:
        cmd += ["--device", device]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "TENSORDOJO_DATA_DIR": data_dir}, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        return {"verdict": "JUDGE_FAILED", "message": done.stderr.strip().splitlines()[-1:]}, wall
    return json.loads(done.stdout), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slugs", nargs="*", default=EXEMPLARS)
    parser.add_argument("--device", default=None)
    parser.add_argument("--repeat", type=int, default=1, help="judge each accepted solution N times")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="tensordojo-bench-")
    print(f"{'problem':22} {'solution':36} {'lang':8} {'verdict':22} {'wall s':>7} {'ratio':>14}")
    walls: list[float] = []
    for slug in args.slugs:
        folder = ROOT / "problems" / slug / "solutions"
        for path in sorted(folder.glob("*/*.py")):
            accepted = path.parent.name == "accepted"
            first = path.read_text().splitlines()[:1]
            language = "triton" if path.name.startswith("triton_") or "language=triton" in "".join(first) else ""
            language = language or ("python" if "python" in slug else "pytorch")
            ratios, verdict = [], ""
            for _ in range(args.repeat if accepted else 1):
                result, wall = judge(slug, path, language, args.device, data_dir)
                walls.append(wall)
                verdict = result["verdict"]
                if result.get("timing", {}).get("ratio") is not None:
                    ratios.append(result["timing"]["ratio"])
            shown = ""
            if ratios:
                shown = f"{statistics.median(ratios):.2f}x"
                if len(ratios) > 1:
                    shown += f" ±{(max(ratios) - min(ratios)) / 2:.2f}"
            print(f"{slug:22} {path.parent.name[:3] + '/' + path.name:36} {language:8} {verdict:22} "
                  f"{wall:7.2f} {shown:>14}")
    if walls:
        print(f"\n{len(walls)} judgings: median wall {statistics.median(walls):.2f} s, max {max(walls):.2f} s")


if __name__ == "__main__":
    main()
