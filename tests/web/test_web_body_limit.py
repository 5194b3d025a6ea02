"""The body limit holds for every transfer encoding, before the body is buffered.

A live `tensordojo serve` gets a 100 MB chunked POST from an anonymous client; the
server must answer 413 after reading little more than the limit, and its memory
(VmHWM, the peak resident size from /proc) must not grow with the body."""

from __future__ import annotations

import json
import select
import socket
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.live import LiveServer
from tests.web.support import Account

BODY_MB = 100
CHUNK = b"x" * (64 * 1024)
LIMIT = 512 * 1024


def _vm_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def _chunked_post(port: int, path: str, total: int, content_type: str = "application/json") -> tuple[int, bytes, int]:
    """Streams `total` bytes chunked until the server answers; (bytes sent, answer, status)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )
    sent = 0
    answer = b""
    frame = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    try:
        while sent < total:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            sock.sendall(frame)
            sent += len(CHUNK)
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed while we were still sending
    deadline = time.monotonic() + 60
    while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        answer += data
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    try:  # the rest of the body, if any
        sock.settimeout(2)
        while chunk := sock.recv(65536):
            body += chunk
    except OSError:
        pass
    sock.close()
    return sent, body, status


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    live = LiveServer(tmp_path_factory.mktemp("bodylimit") / "data", workers=0)
    try:
        yield live
    finally:
        live.stop()


def test_a_chunked_body_is_refused_early_and_never_buffered(server: LiveServer) -> None:
    pid = server.popen.pid
    # warm up the route once (imports, first DB connection) so the peak below is the body's
    _chunked_post(server.port, "/api/submissions", 0)
    before = _vm_kib(pid, "VmHWM")
    rss_before = _vm_kib(pid, "VmRSS")
    sent, body, status = _chunked_post(server.port, "/api/submissions", BODY_MB * 1024 * 1024)
    after = _vm_kib(pid, "VmHWM")
    rss_after = _vm_kib(pid, "VmRSS")
    print(
        f"sent {sent / 2**20:.1f} MiB of {BODY_MB} MiB before the answer; VmHWM {before / 1024:.1f} -> "
        f"{after / 1024:.1f} MiB, VmRSS {rss_before / 1024:.1f} -> {rss_after / 1024:.1f} MiB"
    )
    assert status == 413, body[:300]
    assert "the limit is 524288 bytes" in body.decode(errors="replace")
    assert sent < 32 * 1024 * 1024, f"the server read {sent} bytes before answering"
    assert after - before < 8 * 1024, f"peak memory grew by {(after - before) / 1024:.1f} MiB"
    assert server.popen.poll() is None


def test_a_form_post_is_limited_the_same_way(server: LiveServer) -> None:
    sent, body, status = _chunked_post(server.port, "/login", 20 * 1024 * 1024, "application/x-www-form-urlencoded")
    assert status == 413 and sent < 20 * 1024 * 1024
    assert b"the limit is 524288 bytes" in body


def test_in_process_limits_for_chunked_and_declared_bodies(client: TestClient, account: Account) -> None:
    def chunks(total: int):
        for _ in range(total // len(CHUNK)):
            yield CHUNK

    streamed = account.client.post(
        "/api/submissions",
        content=chunks(2 * LIMIT),
        headers={"X-CSRF-Token": account.csrf, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413 and "limit is 524288 bytes" in streamed.json()["detail"]
    declared = account.client.post(
        "/api/submissions",
        content=b"{}" + b" " * LIMIT,
        headers={"X-CSRF-Token": account.csrf, "Content-Type": "application/json"},
    )
    assert declared.status_code == 413 and f"{LIMIT + 2} bytes" in declared.json()["detail"]
    page = account.client.post(
        "/problems/vector-add/submit",
        content=chunks(2 * LIMIT),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 413 and "limit is 524288 bytes" in page.text
    small = json.dumps({"problem": "vector-add", "code": "def solve(a, b):\n    return a + b\n"}).encode()
    ok = account.client.post(
        "/api/submissions",
        content=iter([small[:10], small[10:]]),
        headers={"X-CSRF-Token": account.csrf, "Content-Type": "application/json"},
    )
    assert ok.status_code == 202, ok.text
