"""The child's request loop: one typed request in, one typed reply out.

The operations are a fixed table bound at import (never looked up on the session
object, which user code can reach); every reply echoes its request's sequence number.
The integrity check runs after loading the code and on the judge's Verify requests
(between phases), not on every request: every time that decides a verdict is bounded by
the judge's own clock anyway, and the check costs about a millisecond.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import torch

from runner import protocol as p
from runner import wire
from runner.harness.integrity import Integrity
from runner.harness.session import Session

TAMPERED = ("the submission replaced {name}: timers, torch functions and the judge's own code "
            "must not be patched or wrapped")

OPS: dict[str, Callable[[Session, p.Request], p.Reply]] = {
    p.Ping.op: Session.ping,  # type: ignore[dict-item]
    p.Verify.op: Session.ping,  # type: ignore[dict-item]
    p.Prepare.op: Session.prepare,  # type: ignore[dict-item]
    p.Load.op: Session.load,  # type: ignore[dict-item]
    p.Stage.op: Session.stage,  # type: ignore[dict-item]
    p.Settle.op: Session.settle,  # type: ignore[dict-item]
    p.Call.op: Session.call,  # type: ignore[dict-item]
    p.Sample.op: Session.sample,  # type: ignore[dict-item]
    p.ModuleBuild.op: Session.module_build,  # type: ignore[dict-item]
    p.ModuleLoad.op: Session.module_load,  # type: ignore[dict-item]
    p.ModuleForward.op: Session.module_forward,  # type: ignore[dict-item]
}
INTEGRITY = Integrity()
CHECKED = frozenset({p.Verify.op, p.Load.op})


def serve(job_fd: int, result_fd: int) -> None:
    """Answer the judge's requests until it says exit or closes the channel."""
    session = Session(job_fd)
    send, ops, integrity = wire.send, dict(OPS), INTEGRITY
    while True:
        try:
            request, seq = p.decode_request(wire.recv(job_fd, trusted=True))
        except wire.ChannelClosed:
            return
        if isinstance(request, p.Exit):
            return
        reply = ops[request.op](session, request)
        if request.op in CHECKED and (name := integrity.tampered()) is not None:
            reply = p.Failure("tampered", TAMPERED.format(name=name))
        sys.stdout.flush()
        sys.stderr.flush()
        send(result_fd, p.to_wire(reply, seq))


def child_main(job_fd: int, result_fd: int) -> None:
    """Entry of a sandboxed process once its layers are in place."""
    threads = os.environ.get("TENSORDOJO_CHILD_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    serve(job_fd, result_fd)


INTEGRITY.capture()
