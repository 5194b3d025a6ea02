#!/usr/bin/env bash
# The GPU checks, prepared to run once on a GPU host within a 10-minute window (the
# phases' limits add up to under 9 minutes):
#   1. the sandbox on CUDA: set-up, a GPU memory cap, the pre-warmed Triton cache
#      (a Triton Submit's latency cold and warm), a kernel writing past `out`;
#   2. the attack suite on CUDA, the timing attacks among them (a side-stream kernel,
#      a lazy result, caches);
#   3. warm Run/Submit latency of the exemplar problems, CUDA start-up included, with
#      the ratio's spread over repeated Submits;
#   4. every shipped solution of the exemplars judged with --device cuda (accepted ones
#      three times: ratios and spread);
#   5. the judge's timing against triton.testing.do_bench for the same kernels;
#   6. every problem offering Triton: its Triton solutions against the PyTorch reference.
# Each phase has a time limit; what a phase prints goes to $OUT/<phase>.txt as well.
#
#   bash bench/gpu_checks.sh            on the GPU host
#   bash bench/gpu_checks.sh --dry-run  the same phases on this CPU, tiny, to catch mistakes
#
# The GPU host lacks pydantic, pydantic-settings and typer: carry them as wheels in
# .gpu-whl/ (see the device notes; .whl/ holds the container images' wheels, CPU torch
# among them). They are installed to .gpu-whl/site-packages, which the sandbox binds back
# for the child as it does every site-packages folder (a private /tmp would hide
# /tmp/site from the child's lazy imports); torch, triton,
# numpy and the CUDA libraries are never taken from there: the host's own are the ones
# under test.
set -uo pipefail
cd "$(dirname "$0")/.."
dry=0
[ "${1:-}" = "--dry-run" ] && dry=1
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
carried=()
for wheel in .gpu-whl/*.whl; do
  case $(basename "$wheel") in torch-*|triton-*|numpy-*|nvidia_*|"*.whl") ;; *) carried+=("$wheel") ;; esac
done
if [ ${#carried[@]} -gt 0 ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --upgrade --target .gpu-whl/site-packages "${carried[@]}" \
    && export PYTHONPATH=$PWD/.gpu-whl/site-packages
fi
py=${PYTHON:-python3}
export PYTHONUNBUFFERED=1 TENSORDOJO_DATA_DIR=$(mktemp -d) TENSORDOJO_PROBLEMS_DIR=$PWD/problems
failed=0

phase() {  # phase NAME SECONDS COMMAND...: run with a time limit, keep its output
  local name=$1 limit=$2
  shift 2
  echo "=== $name (limit ${limit}s)"
  timeout "$limit" "$@" 2>&1 | tee "$out/$name.txt"
  local status=${PIPESTATUS[0]}
  [ "$status" = 0 ] || { echo "=== $name ended with status $status"; failed=1; }
}

if [ $dry = 1 ]; then
  device=cpu
  attacks="timing_cache_by_address or timing_lazy_subclass or extra_stream"
  exemplars=vector-add
  repeat=1
  triton_budget=20
  export TENSORDOJO_DEVICE=cpu
else
  device=cuda
  attacks="timing_ or extra_stream or cached or gpu_memory_hog or endless_kernel or patch_cuda_event"
  exemplars=vector-add,softmax,layernorm,causal-attention,multi-head-attention,losses
  repeat=3
  triton_budget=100
  export TENSORDOJO_DEVICE=cuda
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_mode --format=csv | tee "$out/gpu.txt"
fi
$py -c 'import torch, triton; print("torch", torch.__version__, "triton", triton.__version__,
  torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU")' | tee "$out/versions.txt"

phase sandbox 45 $py bench/gpu_sandbox.py --device $device
phase attacks 100 $py -m pytest -q -p no:cacheprovider tests/attacks/test_attacks.py -k "$attacks"
phase latency 90 $py bench/verdict_latency.py --device $device --repeat $((repeat + 2)) --problems $exemplars
phase exemplars 120 $py bench/bank_on_device.py --device $device --repeat $repeat ${exemplars//,/ }
if [ $dry = 1 ]; then
  phase do_bench 40 $py bench/timing_vs_do_bench.py --dry-run
else
  phase do_bench 40 $py bench/timing_vs_do_bench.py
fi
phase triton 130 $py bench/bank_on_device.py --device $device --triton-only --budget-s $triton_budget \
  --json "$out/triton.json" $([ $dry = 1 ] && echo vector-add)
echo "=== done; outputs in $out"
exit $failed
