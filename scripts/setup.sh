#!/usr/bin/env bash
# Sets up TensorDojo in ./.venv: CPU PyTorch (or $TORCH_SPEC), Triton, the web app.
# Usage: scripts/setup.sh [extra pip extras, e.g. test]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "TensorDojo needs Python >= 3.11 (found $("$PYTHON" --version))" >&2; exit 1; }

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
PIP=".venv/bin/python -m pip"
$PIP install -q --upgrade pip >/dev/null 2>&1 || true

# CPU-only machines get the CPU build; a GPU host sets TORCH_SPEC to a CUDA build
# (for example TORCH_SPEC="torch==2.13.0" with pip's default index on Linux, or an
# existing system torch >= 2.4).
if ! .venv/bin/python -c 'import torch' 2>/dev/null; then
  $PIP install -q "${TORCH_SPEC:-torch==2.13.0}"
fi

extras="web,triton${1:+,$1}"
$PIP install -q -e ".[${extras}]"
echo "TensorDojo installed in .venv (extras: ${extras})"
