"""Which sandbox backend the judging suites run on: TENSORDOJO_TEST_SANDBOX=process (the
default) or container (scripts/test.sh re-runs the sandbox, attack and verdict suites
that way). The container backend needs a Docker engine and the runner image of this
very checkout, built once per session as tests/deploy builds it."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from runner.config import JudgeSettings
from tests.deploy.compose import compose_command

ROOT = Path(__file__).resolve().parents[1]
# A tag of this checkout's own: the engine is shared, and an image of another checkout's
# code under the same name would be refused (or, worse, raced for) mid-session.
IMAGE_TAG = "sandbox-" + hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]

BACKEND = os.environ.get("TENSORDOJO_TEST_SANDBOX", "process")
RUNNER_IMAGE = f"tensordojo-runner:{IMAGE_TAG}"
assert BACKEND in ("process", "container"), f"TENSORDOJO_TEST_SANDBOX={BACKEND!r}: process or container"


@cache
def runner_image() -> str:
    """Builds the runner image from this checkout (its harness is the judge's own code:
    the container backend refuses an image of other code); its name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_") or k == "TENSORDOJO_BASE_IMAGE"}
    env.update(TENSORDOJO_IMAGE_TAG=IMAGE_TAG, COMPOSE=shlex.join(compose_command()))
    done = subprocess.run([str(ROOT / "scripts" / "docker-build.sh"), "runner"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, ("the container backend's tests need a Docker engine and the runner image "
                                  f"(scripts/docker-engine.sh, scripts/docker-build.sh):\n{done.stdout}\n{done.stderr}")
    return RUNNER_IMAGE


def in_containers(settings: JudgeSettings, **overrides: object) -> JudgeSettings:
    """`settings` on the container backend, with the test image and a socket folder of its own."""
    link = Path(tempfile.mkdtemp(prefix="tensordojo-link-"))
    return settings.model_copy(update={"sandbox": "container", "container_image": runner_image(),
                                       "container_link_dir": link, **overrides})


def on_backend(settings: JudgeSettings) -> JudgeSettings:
    """`settings` on the backend this session tests."""
    return in_containers(settings) if BACKEND == "container" else settings
