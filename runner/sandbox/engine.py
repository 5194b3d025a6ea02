"""The Docker engine, as the container backend uses it (through the `docker` package):
start a sandbox container, remove one, find those a runner left behind, and tell
whether the engine still answers. Every failure is an `EngineError` (an OSError).

The engine's socket is the runner's alone: it is never mounted into a sandbox
container, and a process-backend sandbox cannot reach it either (it is root's).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from runner.sandbox.container_config import LABEL, ImageFacts

log = logging.getLogger(__name__)
API_TIMEOUT_S = 60
PING_TIMEOUT_S = 3
CREATED_GRACE_S = 20  # a container created this long ago and never started: its runner died


class EngineError(OSError):
    """The Docker engine refused, failed or did not answer."""


def _client(base_url: str | None, timeout: float) -> Any:
    try:
        import docker
    except ImportError as exc:
        raise EngineError("TENSORDOJO_SANDBOX=container needs the `docker` package: "
                          "pip install 'tensordojo[container]'") from exc
    try:
        if base_url:
            return docker.DockerClient(base_url=base_url, timeout=int(timeout))
        return docker.from_env(timeout=int(timeout))
    except Exception as exc:  # docker, requests and socket errors alike: no engine
        raise EngineError(f"no Docker engine answers ({exc})") from exc


class Engine:
    """One runner's connection to the engine."""

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url
        self.client = _client(base_url, API_TIMEOUT_S)

    def _call(self, what: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except Exception as exc:  # the SDK raises docker, requests and socket errors
            raise EngineError(f"the Docker engine failed to {what}: {exc}") from exc

    def image(self, name: str) -> ImageFacts:
        """The image's working directory and declared volumes; EngineError when absent."""
        image = self._call(f"find the image {name!r} (build it: scripts/docker-build.sh runner)",
                           self.client.images.get, name)
        config = image.attrs.get("Config") or {}
        return ImageFacts(workdir=config.get("WorkingDir") or "/", volumes=sorted(config.get("Volumes") or {}))

    def run(self, kwargs: dict[str, Any]) -> str:
        """Create and start a container; its id."""
        container = self._call(f"start the container {kwargs.get('name')}", self.client.containers.run, **kwargs)
        return str(container.id)

    def weigh(self, ident: str, shares: int) -> None:
        """Set a running container's CPU weight."""
        self._call("set a container's CPU weight", self.client.api.update_container, ident, cpu_shares=shares)

    def remove(self, ident: str) -> None:
        """Kill and remove a container (already gone is fine)."""
        try:
            self.client.api.remove_container(ident, force=True)
        except Exception as exc:  # noqa: BLE001 - gone already, or the engine is away: nothing more to do
            if "No such container" not in str(exc) and "is already in progress" not in str(exc):
                log.warning("sandbox container %s not removed: %s", ident[:12], exc)

    def labelled(self, runner: str | None = None) -> list[dict[str, Any]]:
        """Sandbox containers (of one runner, or of every runner): id, name, state, labels."""
        wanted = f"{LABEL}={runner}" if runner else LABEL
        found = self._call("list containers", self.client.api.containers, all=True, filters={"label": wanted})
        return [{"id": c["Id"], "name": (c.get("Names") or ["?"])[0].lstrip("/"), "state": c.get("State", ""),
                 "labels": c.get("Labels") or {}, "created": float(c.get("Created") or 0)} for c in found]

    def sweep(self, created_grace_s: float | None = None) -> int:
        """Remove the sandbox containers that are not running: created by a runner that
        died before starting them, or stopped without being removed. (A running one
        belongs to a live runner, or ends by itself once its runner's socket closes.)"""
        grace = CREATED_GRACE_S if created_grace_s is None else created_grace_s
        now = time.time()  # a container just created is about to be started by a live runner
        stale = [c for c in self.labelled() if c["state"] in ("exited", "dead")
                 or (c["state"] == "created" and now - c["created"] >= grace)]
        for c in stale:
            self.remove(c["id"])
        if stale:
            log.warning("removed %d stale sandbox container(s): %s", len(stale), ", ".join(c["name"] for c in stale))
        return len(stale)

    def running(self, ident: str) -> bool:
        try:
            state = self.client.api.inspect_container(ident)["State"]
        except Exception:  # noqa: BLE001 - removed already (auto-remove), or no engine: not running
            return False
        return bool(state.get("Running"))

    def ping(self) -> bool:
        """Whether the engine answers now (a fresh connection with a short timeout)."""
        try:
            return bool(_client(self.base_url, PING_TIMEOUT_S).ping())
        except Exception:  # noqa: BLE001 - any failure means: not answering
            return False
