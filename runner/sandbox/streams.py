"""The threads that drain a sandbox's pipes: its captured output, and the supervisor's
status reports (`ready {layers}`, then `exit CODE` or `error TRACEBACK`)."""

from __future__ import annotations

import json
import os
import threading
from typing import Any


class OutputReader(threading.Thread):
    """Drains the child's stdout/stderr so it never blocks; keeps the first bytes."""

    def __init__(self, fd: int, limit: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.limit = fd, limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.truncated = False

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if self.size < self.limit:
                keep = chunk[: self.limit - self.size]
                self.chunks.append(keep)
                self.size += len(keep)
            if self.size >= self.limit and len(chunk):
                self.truncated = True
        os.close(self.fd)

    def text(self) -> str:
        text = b"".join(self.chunks).decode("utf-8", errors="replace")
        return text + (f"\n[output cut at {self.limit // 1024} KiB]" if self.truncated else "")


class StatusReader(threading.Thread):
    """Reads the supervisor's reports: `ready {layers}`, then `exit CODE` (or `error`);
    a container's zygote adds `oom KILLS` after them."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.report: dict[str, Any] | None = None
        self.returncode: int | None = None
        self.error: str | None = None
        self.oom_kills = 0  # processes the kernel killed at the container's memory cap (its zygote tells)

    def run(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                kind, _, payload = line.decode(errors="replace").partition(" ")
                try:
                    value = json.loads(payload)
                except ValueError:
                    continue
                if kind == "ready":
                    self.report = value
                    self.ready.set()
                elif kind == "exit":
                    self.returncode = int(value)
                elif kind == "error":
                    self.error = str(value)
                elif kind == "oom":
                    self.oom_kills = int(value)
        os.close(self.fd)
        self.ready.set()
        self.ended.set()
