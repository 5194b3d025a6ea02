"""The two sandbox backends behind one interface, chosen with TENSORDOJO_SANDBOX:
`process` (a warm zygote in this runner, `pool.WarmPool`) and `container` (warm
containers started through the Docker engine, `container_pool.ContainerPool`).

Both spawn a supervisor whose pid this process can see, so launching, timing and
killing a child are the same code whatever the backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from runner.errors import JudgeError

if TYPE_CHECKING:
    from runner.config import JudgeSettings


class SandboxUnavailable(JudgeError):
    """No sandbox could be started (the container engine went away): the judge's fault,
    and another attempt may well succeed, so the queue judges the submission again."""


class SandboxPool(Protocol):
    settings: Any
    tag: str
    how: str  # the first layer of every result: how the child was started
    cold_fallback: bool  # whether a cold interpreter may stand in when spawn fails
    notes: list[str]  # degraded lines every child of this pool carries
    loaded: list[str]
    starts: int

    def start(self) -> SandboxPool: ...
    def spawn(self, config: dict[str, Any], fds: dict[str, int]) -> int: ...
    def healthy(self) -> bool: ...
    def stray_processes(self) -> list[int]: ...
    def close(self) -> None: ...

    @property
    def pid(self) -> int | None: ...


def open_pool(settings: JudgeSettings, *, tag: str | None = None) -> SandboxPool:
    """The configured backend's pool, not started yet."""
    if settings.sandbox == "container":
        from runner.sandbox.container_pool import ContainerPool

        return ContainerPool(settings, tag=tag)
    from runner.sandbox.pool import WarmPool

    return WarmPool(settings, tag=tag)
