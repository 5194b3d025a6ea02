# TensorDojo's two images, built from this one file (docker compose build builds both):
#   target `web`     tensordojo serve: pages and the API; no torch, runs as a non-root user
#   target `runner`  tensordojo worker: the judge, with torch, Triton and a C compiler
#                    (Triton builds its GPU launcher with one at run time); runs as root
#                    so that its sandbox can give every submission a uid of its own
#
# Build arguments (docker-compose.yml passes them on from TENSORDOJO_* variables):
#   BASE_IMAGE   a Debian bookworm image with python3.11 (the official slim image by
#                default; scripts/docker-base-image.sh makes one without a registry)
#   TORCH_SPEC   the torch requirement, and TORCH_INDEX the index it comes from: the
#                CPU build by default; for GPUs a CUDA build, e.g.
#                TORCH_INDEX=https://download.pytorch.org/whl/cu128, or TORCH_INDEX=""
#                for PyPI's default build (CUDA on Linux)
#   WHEELS_URL   a page of wheels pip prefers (scripts/docker-build.sh serves the ones
#                this machine's pip downloaded), and WHEELS_ONLY=1: install from those
#                wheels only, no package index at all
#
# Nothing secret is baked in: the database, the judge's secret and the sessions'
# secret live in the /data volume or come from the environment (or *_FILE files,
# e.g. Docker secrets: see scripts/docker-entrypoint.sh).
#
# Layers go from what changes least to what changes most: the system, the
# dependencies (from pyproject.toml), then the code and the bundled bank.

ARG BASE_IMAGE=python:3.11.13-slim-bookworm

# The requirement lists, from pyproject.toml: copied into the images by content, so an
# edit elsewhere in pyproject.toml (a linter's settings) reinstalls nothing.
FROM ${BASE_IMAGE} AS requirements
COPY pyproject.toml scripts/requirements.py /tmp/build/
RUN cd /tmp/build \
 && python3 requirements.py --pyproject pyproject.toml --without torch,numpy web >web.txt \
 && python3 requirements.py --pyproject pyproject.toml web triton container >runner.txt

FROM ${BASE_IMAGE} AS base
ENV LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The web service's user; /data (the volume's mount point) is its own, owner-only.
RUN groupadd --system --gid 10001 tensordojo \
 && useradd --system --uid 10001 --gid tensordojo --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin tensordojo \
 && install -d -o tensordojo -g tensordojo -m 0700 /data
ARG WHEELS_URL=""
ARG WHEELS_ONLY=""
RUN python3 -m venv /opt/venv \
 && pip install -q ${WHEELS_ONLY:+--no-index} ${WHEELS_URL:+--find-links "$WHEELS_URL"} "setuptools>=68"

# -- the web image ---------------------------------------------------------------------
FROM base AS web
ARG WHEELS_URL=""
ARG WHEELS_ONLY=""
COPY --from=requirements /tmp/build/web.txt /tmp/build/
RUN pip install -q ${WHEELS_ONLY:+--no-index} ${WHEELS_URL:+--find-links "$WHEELS_URL"} -r /tmp/build/web.txt
WORKDIR /opt/tensordojo
COPY pyproject.toml README.md ./
COPY runner ./runner
COPY app ./app
COPY templates ./templates
COPY problems ./problems
COPY scripts/docker-entrypoint.sh /usr/local/bin/tensordojo-entrypoint
# `tensordojo` reads *_FILE settings first, also where `docker exec` skips the entrypoint.
RUN pip install -q --no-deps --no-build-isolation --no-index -e . \
 && ln -sf /usr/local/bin/tensordojo-entrypoint /opt/venv/bin/tensordojo \
 && python3 -c "import app.main"
ENV TENSORDOJO_DATA_DIR=/data
USER tensordojo:tensordojo
VOLUME ["/data"]
EXPOSE 8000
ENTRYPOINT ["tensordojo-entrypoint"]
CMD ["tensordojo", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "0"]

# -- the runner image ------------------------------------------------------------------
FROM base AS runner
# A C compiler and Python's headers: Triton compiles its GPU launcher at run time. The
# official python images carry the headers; Debian's python3.11 needs libpython3.11-dev.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && include=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])') \
 && { [ -f "$include/Python.h" ] || apt-get install -y --no-install-recommends "libpython3.11-dev"; } \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
ARG WHEELS_URL=""
ARG WHEELS_ONLY=""
ARG TORCH_SPEC="torch==2.13.0"
ARG TORCH_INDEX="https://download.pytorch.org/whl/cpu"
COPY --from=requirements /tmp/build/runner.txt /tmp/build/
RUN pip install -q ${WHEELS_ONLY:+--no-index} ${WHEELS_URL:+--find-links "$WHEELS_URL"} \
      ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "$TORCH_SPEC" \
 && pip install -q ${WHEELS_ONLY:+--no-index} ${WHEELS_URL:+--find-links "$WHEELS_URL"} -r /tmp/build/runner.txt \
 && python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)"
WORKDIR /opt/tensordojo
COPY pyproject.toml README.md ./
COPY runner ./runner
COPY app ./app
COPY templates ./templates
COPY problems ./problems
COPY scripts/docker-entrypoint.sh /usr/local/bin/tensordojo-entrypoint
RUN pip install -q --no-deps --no-build-isolation --no-index -e . \
 && ln -sf /usr/local/bin/tensordojo-entrypoint /opt/venv/bin/tensordojo \
 && tensordojo --help >/dev/null
ENV TENSORDOJO_DATA_DIR=/data
VOLUME ["/data"]
ENTRYPOINT ["tensordojo-entrypoint"]
CMD ["tensordojo", "worker"]
