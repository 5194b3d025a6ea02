"""The images the container tests run, built once per test session as CI builds them
(scripts/docker-build.sh: engine, base image, wheels, `compose build`)."""

from __future__ import annotations

import os
import shlex
import subprocess
import time

import pytest

from tests.conftest import ROOT
from tests.deploy.compose import IMAGE_TAG, compose_command


@pytest.fixture(scope="session")
def images() -> str:
    """Builds tensordojo-web:e2e and tensordojo-runner:e2e; the build's report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_") or k == "TENSORDOJO_BASE_IMAGE"}
    env.update(TENSORDOJO_IMAGE_TAG=IMAGE_TAG, COMPOSE=shlex.join(compose_command()))
    started = time.monotonic()
    done = subprocess.run([str(ROOT / "scripts" / "docker-build.sh")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, f"scripts/docker-build.sh failed:\n{done.stdout}\n{done.stderr}"
    return f"{done.stdout}images built in {time.monotonic() - started:.0f} s"
