"""A pre-warmed, read-only Triton cache, so a Triton submission pays only for its own
kernel's compile.

On a GPU, Triton builds its driver utilities and a launcher with the C compiler the
first time a process launches a kernel (seconds). The warm pool does that once, in a
throw-away process, into a cache the judge owns; every child then starts with a cache
of its own whose entries are links to those files (read-only to the child), and writes
whatever else it compiles next to them, in its own directory.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)
WARM_TIMEOUT_S = 300.0
WARM_FOLDER = "tensordojo-triton-warm"  # under the root of the sandboxes' working directories
_WARMUP = """
import torch, triton, triton.language as tl

@triton.jit
def _copy(src, dst, n, BLOCK: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(dst + offsets, tl.load(src + offsets, mask=offsets < n), mask=offsets < n)

x = torch.arange(1000, device="cuda", dtype=torch.float32)
y = torch.empty_like(x)
_copy[(4,)](x, y, x.numel(), BLOCK=256)
torch.cuda.synchronize()
assert torch.equal(x, y)
"""


def warm(folder: Path) -> bool:
    """Fill `folder` with the utilities a first Triton launch builds (once per folder);
    False where that could not be done (no GPU, no compiler): children then build them."""
    marker = folder / ".warm"
    if marker.exists():
        return True
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TRITON_CACHE_DIR": str(folder), "TRITON_HOME": str(folder)}
    env.pop("TRITON_INTERPRET", None)
    try:
        done = subprocess.run([sys.executable, "-c", _WARMUP], env=env, capture_output=True, text=True,
                              timeout=WARM_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("triton cache: could not warm %s: %s", folder, exc)
        return False
    if done.returncode != 0:
        log.warning("triton cache: could not warm %s:\n%s", folder, done.stderr[-2000:])
        return False
    for path in [folder, *folder.rglob("*")]:  # readable by every sandbox uid, writable by none
        path.chmod(0o755 if path.is_dir() else 0o644)
    marker.touch()
    return True


def seed(warm_folder: str | None, cache: str) -> int:
    """In a child: link every entry of the warm cache into its own cache; how many."""
    if not warm_folder or not os.path.isdir(warm_folder):
        return 0
    count = 0
    for name in os.listdir(warm_folder):
        source = os.path.join(warm_folder, name)
        if name.startswith(".") or not os.path.isdir(source):
            continue
        target = os.path.join(cache, name)
        if not os.path.exists(target):
            os.symlink(source, target)
            count += 1
    return count
