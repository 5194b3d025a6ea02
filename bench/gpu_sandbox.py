"""What only a GPU host can show of the sandbox: the child's CUDA set-up and memory cap,
the pre-warmed Triton cache (a Triton Submit's latency with and without it), a kernel
writing past `out` caught by the guard margins, a kernel that does not compile, and
the layers the child got (GPU device groups, /proc/driver/nvidia).

    python bench/gpu_sandbox.py [--device cuda|cpu]     (cpu: the same checks that apply there)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runner.bank import load_bank  # noqa: E402
from runner.config import JudgeSettings  # noqa: E402
from runner.judge.pool import JudgePool  # noqa: E402
from runner.sandbox import triton_cache  # noqa: E402
from runner.sandbox.launch import workdir_root  # noqa: E402

KERNEL = (ROOT / "problems" / "vector-add" / "solutions" / "accepted" / "triton_add.py").read_text()
PAST_THE_END = '''import triton
import triton.language as tl


@triton.jit
def add_kernel(a_ptr, b_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offsets < n + 37
    tl.store(out_ptr + offsets, tl.load(a_ptr + offsets, mask=offsets < n), mask=mask)


def solve(a, b, *, out):
    add_kernel[(triton.cdiv(a.numel(), 256),)](a, b, out, a.numel(), BLOCK=256)
'''
NOT_COMPILING = PAST_THE_END.replace("mask = offsets < n + 37", "mask = offsets < undefined_name")
HOG = '''import torch


def solve(a, b):
    hog = torch.empty(int(0.9 * torch.cuda.mem_get_info()[1]), dtype=torch.uint8, device=a.device)
    return a + b + hog[:1].float()
'''


def check(label: str, ok: bool, detail: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {detail}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()
    cuda = args.device == "cuda"
    settings = JudgeSettings(problems_dir=ROOT / "problems", data_dir=Path(tempfile.mkdtemp(prefix="gpu-")),
                             device=args.device)
    problem = load_bank(settings.problems_dir).get("vector-add")
    assert problem is not None
    good = True
    warm = workdir_root(settings) / triton_cache.WARM_FOLDER
    shutil.rmtree(warm, ignore_errors=True)  # the first Submit below starts without it
    with JudgePool(settings, start=False) as cold_pool:
        started = time.monotonic()
        result = cold_pool.judge(problem, KERNEL, language="triton", mode="submit")
        cold = time.monotonic() - started
    good &= check("Triton Submit, no pre-warmed cache", result.verdict == "ACCEPTED",
                  f"{result.verdict} in {cold:.2f} s ({result.timing.ratio or 0:.2f}x the reference)")
    with JudgePool(settings) as pool:  # starting, it warms the cache on a GPU
        started = time.monotonic()
        result = pool.judge(problem, KERNEL, language="triton", mode="submit")
        warm_s = time.monotonic() - started
        good &= check("Triton Submit, pre-warmed cache", result.verdict == "ACCEPTED",
                      f"{result.verdict} in {warm_s:.2f} s; cache warmed: {(warm / '.warm').exists()}")
        print("     layers: " + " | ".join(result.sandbox["layers"]))
        print("     degraded: " + " | ".join(result.sandbox["degraded"]))
        result = pool.judge(problem, PAST_THE_END, language="triton", mode="run")
        good &= check("a kernel writing past out", result.verdict in ("WRONG_ANSWER", "RUNTIME_ERROR"),
                      f"{result.verdict}: {result.message[:200]}")
        result = pool.judge(problem, NOT_COMPILING, language="triton", mode="run")
        good &= check("a kernel that does not compile", result.verdict == "COMPILE_ERROR",
                      f"{result.verdict}: {result.message[:200]}")
        if cuda:
            result = pool.judge(problem, HOG, language="pytorch", mode="run")
            good &= check("90% of the GPU's memory, over the child's cap", result.verdict == "MEMORY_LIMIT_EXCEEDED",
                          f"{result.verdict}: {result.message[:160]}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
