"""Load test of the web app with wrk: the problem list and a problem page, anonymous and
signed in, against a bare JSON endpoint, all measured in one run.

Starts `tensordojo serve` (no judging workers) on a free loopback port with a temporary
data dir holding one learner with a history (solved, failed and pending submissions on
several problems, so marks, acceptance figures and saved code are real), then drives
each endpoint with `wrk -t2 -c50` in turn, in several interleaved rounds, and prints
each endpoint's requests/s and p99 latency next to the bare endpoint's. Target: every
page at >= 50% of the bare endpoint's rate (exit status 1 when it is not met).

wrk must not be the bottleneck, and the run shows it: the CPU wrk itself used during
each measurement (of the two threads it runs), and wrk's rate against a minimal static
responder on the same machine, which is what wrk can generate at most here.

    apt-get install wrk      # Debian's wrk
    .venv/bin/python bench/web_load.py [--seconds 5] [--rounds 3] [--nice -20]

On a shared machine, `--nice -20` (as root) gives the server and wrk the CPU first;
the load average before and after the run is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THREADS, CONNECTIONS = 2, 50
USERNAME, PASSWORD = "bench-learner", "correct horse battery staple"
BARE = "bare JSON"
ENDPOINTS = [  # (name, path, signed in, text the page must hold)
    (BARE, "/api/health", False, '"ok"'),
    ("problem list", "/problems", False, "Log in"),
    ("problem list, signed in", "/problems", True, USERNAME),
    ("problem page", "/problems/softmax", False, "Log in to run and submit"),
    ("problem page, signed in", "/problems/softmax", True, USERNAME),
]
TARGET = 0.5
HISTORY = {  # problem -> verdicts of the learner's Submits there, oldest first (None: still queued)
    "softmax": ["WRONG_ANSWER", "ACCEPTED"],
    "vector-add": ["ACCEPTED"],
    "layernorm": ["RUNTIME_ERROR", "TOO_SLOW"],
    "causal-attention": [None],
    "cross-entropy": ["WRONG_ANSWER"],
}
STATIC_RESPONDER = r"""
import asyncio, sys
BODY = b'{"status":"ok"}'
REPLY = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(BODY)) + BODY
class Reply(asyncio.Protocol):
    def connection_made(self, transport): self.transport = transport
    def data_received(self, data): self.transport.write(REPLY * data.count(b"\r\n\r\n"))
async def main():
    server = await asyncio.get_running_loop().create_server(Reply, "127.0.0.1", int(sys.argv[1]))
    await server.serve_forever()
asyncio.run(main())
"""


@dataclass
class Measure:
    rate: float  # requests/s
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers and socket errors
    wrk_cores: float  # CPU wrk used, in cores (it runs THREADS threads)
    server_us: float | None  # server CPU per request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_")}
    env.update(
        TENSORDOJO_DATA_DIR=str(data_dir),
        TENSORDOJO_PROBLEMS_DIR=str(ROOT / "problems"),
        TENSORDOJO_WORKERS="0",
        TENSORDOJO_DEVICE="cpu",
        PYTHONPATH=str(ROOT),
    )
    return env


def _seed(data_dir: Path) -> None:
    """The learner and their history, written before the server starts."""
    from app.accounts import create_user
    from app.bootstrap import bootstrap
    from app.config import AppSettings
    from app.models import Submission

    services = bootstrap(AppSettings(data_dir=data_dir, problems_dir=ROOT / "problems", device="cpu"), load_bank=False)
    now = time.time()
    with services.sessions() as db:
        user = create_user(db, USERNAME, PASSWORD)
        for slug, verdicts in HISTORY.items():
            for i, verdict in enumerate(verdicts):
                db.add(
                    Submission(
                        user_id=user.id,
                        problem_slug=slug,
                        language="pytorch",
                        mode="submit",
                        code=f"import torch\n\n# attempt {i + 1} at {slug}\ndef solve(x):\n    return x\n",
                        status=verdict or "QUEUED",
                        message="" if verdict in (None, "ACCEPTED") else "test 2: wrong values",
                        attempts=0 if verdict is None else 1,
                        created_at=now - 3600 + i,
                        finished_at=None if verdict is None else now - 3590 + i,
                        user_ms=1.0 if verdict == "ACCEPTED" else None,
                        device=None if verdict is None else "cpu",
                    )
                )
        db.commit()
    services.engine.dispose()


def _start(cmd: list[str], env: dict[str, str], nice: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,  # only sets the priority
    )


def _wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{url}: the server exited (status {proc.returncode})")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url}: the server did not start")


def _login(base: str) -> str:
    """A session cookie of the learner, through the login form as a browser gets one."""
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf, "no CSRF token on the login page"
        resp = client.post("/login", data={"username": USERNAME, "password": PASSWORD, "csrf_token": csrf.group(1)})
        assert resp.status_code == 303, f"login failed: {resp.status_code}"
        return f"td_session={client.cookies['td_session']}"


def _check(base: str, path: str, cookie: str | None, expected: str) -> None:
    """Each endpoint answers 200 with what it should show (the signed-in views name the learner)."""
    resp = httpx.get(base + path, headers={"Cookie": cookie} if cookie else {}, timeout=10)
    if resp.status_code != 200 or expected not in resp.text:
        raise SystemExit(f"{path}: {resp.status_code}, expected {expected!r} in the answer")
    if cookie and "set-cookie" in resp.headers:
        raise SystemExit(f"{path}: the server replaced the session cookie; the signed-in figures would be anonymous")


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"unexpected wrk output (no {pattern!r}):\n{text}")
    return match.group(1)


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "3.52ms", "1.02s") in milliseconds."""
    number = _found(r"^([\d.]+)", text)
    return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[text[len(number) :]]


def _wrk(url: str, seconds: float, cookie: str | None, nice: int, server_pid: int | None) -> Measure:
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    ticks = _cpu_ticks(server_pid) if server_pid else 0
    before = os.times()
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    after = os.times()
    wrk_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    out = done.stdout
    requests = int(_found(r"(\d+) requests in", out))
    rate = float(_found(r"Requests/sec:\s+([\d.]+)", out))
    latency = out.partition("Latency Distribution")[2]
    p50, p99 = _ms(_found(r"(?m)^\s+50%\s+(\S+)$", latency)), _ms(_found(r"(?m)^\s+99%\s+(\S+)$", latency))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    server_us = None
    if server_pid:
        server_us = (_cpu_ticks(server_pid) - ticks) / os.sysconf("SC_CLK_TCK") / max(requests, 1) * 1e6
    return Measure(rate, p50, p99, errors, wrk_cpu / seconds, server_us)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def _median(measures: list[Measure]) -> Measure:
    """The round with the median rate (its latencies belong to it)."""
    return sorted(measures, key=lambda m: m.rate)[len(measures) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per endpoint, interleaved")
    parser.add_argument("--nice", type=int, default=0, help="priority of the server and wrk (negative: root)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        _seed(data)
        port, static_port = _free_port(), _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], _env(data), args.nice)
        static = _start([sys.executable, "-c", STATIC_RESPONDER, str(static_port)], _env(data), args.nice)
        try:
            _wait_ready(base + "/api/health", server)
            _wait_ready(f"http://127.0.0.1:{static_port}/", static)
            cookie = _login(base)
            for _, path, signed_in, expected in ENDPOINTS:
                _check(base, path, cookie if signed_in else None, expected)
            results: dict[str, list[Measure]] = {name: [] for name, *_ in ENDPOINTS}
            for _, path, signed_in, _ in ENDPOINTS:  # warm-up: every page rendered and cached once
                _wrk(base + path, 1, cookie if signed_in else None, args.nice, None)
            for _ in range(args.rounds):
                for name, path, signed_in, _ in ENDPOINTS:
                    results[name].append(
                        _wrk(base + path, args.seconds, cookie if signed_in else None, args.nice, server.pid)
                    )
            capacity = _wrk(f"http://127.0.0.1:{static_port}/", args.seconds, None, args.nice, None)
        finally:
            _stop(server)
            _stop(static)
    load_after = os.getloadavg()
    return _report(args, results, capacity, load_before, load_after)


def _report(
    args: argparse.Namespace,
    results: dict[str, list[Measure]],
    capacity: Measure,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> int:
    cores = os.cpu_count()
    print(
        f"wrk -t{THREADS} -c{CONNECTIONS}, {args.rounds} rounds of {args.seconds:g} s per endpoint, interleaved; "
        f"loopback, {cores} CPU cores, nice {args.nice}"
    )
    print(
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f}"
    )
    print("each figure: the round with the median rate; server CPU is per request, wrk CPU in cores of its 2 threads")
    print()
    columns = ("req/s", "p50 ms", "p99 ms", "vs bare", "errors", "server", "wrk")
    widths = (8, 8, 8, 8, 7, 9, 6)
    header = f"{'endpoint':<25} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    bare = _median(results[BARE])
    ok = True
    for name, measures in results.items():
        m = _median(measures)
        ratio = m.rate / bare.rate
        server = f"{m.server_us:.0f} us" if m.server_us is not None else "-"
        print(
            f"{name:<25} {m.rate:8.0f} {m.p50_ms:8.1f} {m.p99_ms:8.1f} {ratio:8.0%} {m.errors:7d} {server:>9} "
            f"{m.wrk_cores:6.2f}"
        )
        if name != BARE:
            ok &= ratio >= TARGET and m.errors == 0
        rates = ", ".join(f"{x.rate:.0f}" for x in measures)
        print(f"{'':<25} rounds: {rates}")
    print()
    headroom = capacity.rate / bare.rate
    print(
        f"wrk's capacity here: {capacity.rate:.0f} req/s against a minimal static responder "
        f"({headroom:.1f}x the bare endpoint), using {capacity.wrk_cores:.2f} cores"
    )
    wrk_busiest = max(_median(m).wrk_cores for m in results.values())
    print(
        f"wrk used at most {wrk_busiest:.2f} cores while measuring the app: "
        + ("not the bottleneck" if headroom >= 2 else "WARNING: wrk may be the bottleneck")
    )
    print(f"target (every page >= {TARGET:.0%} of the bare endpoint, no errors):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
