"""The judge's conversation with its sandboxed child: typed requests, call arguments
staged in shared memory, and what a failed reply means as a verdict."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

import torch

from runner import protocol as p
from runner import wire
from runner.sandbox.child import Child
from runner.staging import SharedFile, skeleton
from runner.verdicts import Verdict

CALIBRATION_PINGS = 8


class ChildGone(Exception):
    """The child is gone (killed, crashed, or its channel broke): judging ends."""


@dataclass
class Staged:
    """Call arguments in shared memory: the skeleton to send, the judge's own views."""

    args: dict[str, Any]  # the skeleton (tensors as slot markers)
    shared: SharedFile
    tensors: list[torch.Tensor]  # what was written, in slot order (the judge's copies)


@dataclass
class Link:
    child: Child
    device: str
    corrupt: str | None = None  # why the result channel broke, if it did
    round_trip_ns: float = 0.0  # an empty request's round trip, measured before any user code ran
    ping_cpu_ns: float = 0.0  # the CPU the child's main thread spends answering one
    staged: Staged | None = None
    extra_notes: list[str] = field(default_factory=list)

    def ask(self, request: p.Request, fd: int | None = None) -> p.Reply:
        return self.ask_timed(request, fd)[0]

    def ask_timed(self, request: p.Request, fd: int | None = None) -> tuple[p.Reply, int, int]:
        """The reply, the judge's own measure of the child's time and the request's
        encoding time (what decoding it costs the child, about), in ns."""
        try:
            return self.child.request(request, fd)
        except (wire.ChannelClosed, wire.ChannelTimeout, wire.ChannelCorrupt) as exc:
            if isinstance(exc, wire.ChannelCorrupt):
                self.corrupt = str(exc)
            raise ChildGone() from exc

    def calibrate(self) -> None:
        """The channel's round trip while the child runs nothing but the harness."""
        walls, cpus = [], []
        for _ in range(CALIBRATION_PINGS):
            before = self.child.threads()
            walls.append(self.ask_timed(p.Ping())[1])
            cpus.append(self.child.threads().cpu_since(before))
        self.round_trip_ns, self.ping_cpu_ns = float(statistics.median(walls)), float(statistics.median(cpus))

    def stage(self, args: dict[str, Any]) -> Staged:
        """Put the tensors of `args` in a new shared file the child maps."""
        tensors: list[torch.Tensor] = []
        shape = skeleton(args, tensors)
        shared = SharedFile.create([t.detach() for t in tensors])
        try:
            reply = self.ask(p.Stage([(s.offset, s.shape, s.dtype) for s in shared.slots], shape), fd=shared.fd)
        except BaseException:
            shared.close()
            raise
        if self.staged is not None:
            self.staged.shared.close()
        self.staged = Staged(shape, shared, tensors)
        if isinstance(reply, p.Failure):
            raise ChildGone(reply.message)
        return self.staged

    def close(self) -> None:
        if self.staged is not None:
            self.staged.shared.close()
            self.staged = None


def failure_verdict(reply: p.Failure) -> tuple[Verdict, str]:
    """Verdict and message for a request the child could not answer normally."""
    if reply.kind == "harness":
        return Verdict.INTERNAL_ERROR, reply.message
    if reply.kind in ("forbidden", "load", "compile"):
        return Verdict.COMPILE_ERROR, reply.message
    if reply.kind == "oom":
        return Verdict.MEMORY_LIMIT_EXCEEDED, "out of memory during the call\n" + reply.message
    if reply.kind == "overrun":
        return Verdict.WRONG_ANSWER, reply.message + " (mask the lanes past the end of each tensor)"
    if reply.kind == "foreign":
        return Verdict.WRONG_ANSWER, (f"{reply.message}; a result must be a plain torch.Tensor (or plain numbers, "
                                      "lists, tuples and dicts of them), finished when the call returns")
    return Verdict.RUNTIME_ERROR, reply.message
