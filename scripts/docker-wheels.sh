#!/usr/bin/env bash
# Downloads every wheel the images need into .whl/, with this machine's pip and its
# configuration (indexes, mirrors, a local CPU build of torch where it has one).
# scripts/docker-build.sh serves them to the image builds (WHEELS_URL) and builds with
# WHEELS_ONLY=1: no package index is reached from inside the builds.
#
# Usage: scripts/docker-wheels.sh   (TORCH_SPEC, default torch==2.13.0; TORCH_INDEX: an
#        index for torch alone, e.g. https://download.pytorch.org/whl/cpu)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
[ -x .venv/bin/python ] && python=${PYTHON:-.venv/bin/python}
torch_spec=${TORCH_SPEC:-torch==2.13.0}
mkdir -p .whl
started=$(date +%s)
quiet() { grep -v "is ignored: it is neither a file nor a directory" >&2 || true; }  # mirrors lacking a package
# torch first (its own index where one is given), then everything else beside it.
"$python" -m pip download -q --only-binary=:all: -d .whl ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "$torch_spec" \
  2> >(quiet)
"$python" -m pip download -q --only-binary=:all: -d .whl --find-links .whl \
  "$torch_spec" "setuptools>=68" -r <(python3 scripts/requirements.py web triton container) 2> >(quiet)
echo "docker-wheels: $(find .whl -name '*.whl' | wc -l) wheels, $(du -sh .whl | cut -f1) in .whl/" \
  "($(( $(date +%s) - started )) s); torch: $(cd .whl && ls torch-*.whl)"
