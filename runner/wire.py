"""The byte level of the judge's channel to its child: length-prefixed `torch.save`
frames, and file descriptors passed over the request socket.

The judge decodes what the child sends with `weights_only=True`: the child runs
untrusted code, so its replies may hold tensors and plain containers, never code.
The message types themselves are in runner/protocol.py.
"""

from __future__ import annotations

import io
import os
import select
import socket
import struct
import time
from typing import Any

import torch

HEADER = struct.Struct("<Q")
MAX_MESSAGE_BYTES = 4 << 30  # a reply larger than this is a broken or hostile child


class ChannelClosed(Exception):
    """The other side closed its end (it exited or was killed)."""


class ChannelTimeout(Exception):
    """No complete message before the deadline."""


class ChannelCorrupt(Exception):
    """The bytes received are not a message the protocol allows."""


def encode(obj: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer, _use_new_zipfile_serialization=False)  # ten times faster for large tensors
    data = buffer.getvalue()
    return HEADER.pack(len(data)) + data


def send(fd: int, obj: Any) -> None:
    send_bytes(fd, encode(obj))


def send_bytes(fd: int, frame: bytes) -> None:
    """Write one encoded frame whole."""
    view = memoryview(frame)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise ChannelTimeout()
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed()
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def recv(fd: int, *, trusted: bool, deadline: float | None = None) -> Any:
    """One message; `trusted=False` (from the child) refuses anything but data."""
    (size,) = HEADER.unpack(_read_exact(fd, HEADER.size, deadline))
    if size > MAX_MESSAGE_BYTES:
        raise ChannelCorrupt(f"message of {size} bytes announced")
    data = _read_exact(fd, size, deadline)
    try:
        return torch.load(io.BytesIO(data), weights_only=not trusted, map_location="cpu")
    except Exception as exc:  # any decoding failure means a corrupt channel
        raise ChannelCorrupt(f"undecodable message: {type(exc).__name__}") from exc


def send_fd(sock_fd: int, fd: int) -> None:
    """Pass a file descriptor over a unix socket (one marker byte carries it)."""
    with socket.socket(fileno=os.dup(sock_fd)) as sock:
        socket.send_fds(sock, [b"F"], [fd])


def recv_fd(sock_fd: int) -> int:
    """The descriptor `send_fd` passed; ChannelCorrupt if the byte carries none."""
    with socket.socket(fileno=os.dup(sock_fd)) as sock:
        data, fds, _, _ = socket.recv_fds(sock, 1, 1)
    if data != b"F" or len(fds) != 1:
        for fd in fds:
            os.close(fd)
        raise ChannelCorrupt("expected a file descriptor")
    return fds[0]
