#!/usr/bin/env bash
# The GPU checks, prepared to run once on a GPU host (torch with CUDA, triton):
#  1. every shipped solution of the six exemplars judged with --device cuda, PyTorch
#     and Triton, each accepted solution three times (verdicts, ratios, spread);
#  2. the attack suite with the sandboxed child on CUDA (incl. a GPU-memory hog and
#     a never-ending kernel) and the warm-pool verdict latency.
# Where pydantic/pydantic-settings/typer are missing on the host, carry them as wheels
# in .whl/ (see the device notes) and they are installed to /tmp/site first.
# Output: figures on stdout and, when $OUT is set, logs under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-$(mktemp -d)}
if compgen -G ".whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site
fi
export PYTHONUNBUFFERED=1 TENSORDOJO_DATA_DIR=$(mktemp -d)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"
python3 -c 'import torch, triton; print("torch", torch.__version__, "triton", triton.__version__, torch.cuda.get_device_name())'
python3 bench/judge_cli.py --device cuda --repeat 3 2>&1 | tee "$out/judge_cli.txt"
python3 bench/verdict_latency.py --device cuda 2>&1 | tee "$out/latency.txt"
TENSORDOJO_DEVICE=cuda python3 -m pytest -q -p no:cacheprovider tests/attacks/test_attacks.py 2>&1 | tail -30 | tee "$out/attacks.txt"
