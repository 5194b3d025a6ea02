"""The warm zygote: an interpreter that imported torch once and forks a
fresh supervisor for every submission.

It never initialises CUDA (a forked CUDA context is unusable) and never runs user
code itself. It receives each submission's pipes over a unix socket (SCM_RIGHTS),
forks, and answers with the supervisor's pid. It exits when the judge's end of
the socket closes.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

from runner.sandbox.interpreter import FD_NAMES

MAX_REQUEST = 1 << 20


def _preload() -> list[str]:
    """Import what every submission needs. Not triton: its standard library
    (`tl.max`, `tl.sum`, ...) is decorated when triton is imported, in the mode of
    that moment, so a child needing the interpreter (TRITON_INTERPRET=1, no GPU)
    must import triton itself, after the variable is set."""
    import torch  # noqa: F401

    from runner.harness import serve  # noqa: F401
    from runner.sandbox import spawn  # noqa: F401

    return ["torch"]


def serve(sock: socket.socket) -> None:
    from runner.sandbox.spawn import supervise

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, len(FD_NAMES))
        except (ConnectionError, OSError):
            return
        if not data:
            return
        try:
            request = json.loads(data)
        except ValueError:
            request = {}
        if request.get("op") != "spawn" or len(fds) != len(FD_NAMES):
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"pong": os.getpid()} if request.get("op") == "ping"
                                 else {"error": "malformed request"}).encode())
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            sock.close()
            supervise(request["config"], dict(zip(FD_NAMES, fds, strict=True)))
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"pid": pid}).encode())


def main() -> None:
    """`python -I -c ... main() SOCKET_FD`."""
    sock = socket.socket(fileno=int(sys.argv[1]))
    loaded = _preload()
    sock.send(json.dumps({"ready": os.getpid(), "loaded": loaded}).encode())
    serve(sock)
