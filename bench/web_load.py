"""Load test of the web app: problem list and problem page against a bare JSON endpoint.

Starts `tensordojo serve` (no workers) on a free loopback port with a temporary
data dir, then drives each endpoint in turn with N concurrent clients for a
fixed time and prints requests/s, p50/p99 latency and the ratio to the bare
endpoint (target: both pages at >= 50% of it).

    .venv/bin/python bench/web_load.py [--concurrency 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = [("bare JSON", "/api/health"), ("problem list", "/problems"), ("problem page", "/problems/softmax")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENSORDOJO_")}
    env.update(
        TENSORDOJO_DATA_DIR=str(data_dir),
        TENSORDOJO_PROBLEMS_DIR=str(ROOT / "problems"),
        TENSORDOJO_WORKERS="0",
        PYTHONPATH=str(ROOT),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


async def _drive(url: str, concurrency: int, seconds: float) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    failures = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one_client() -> None:
            nonlocal failures
            while time.perf_counter() < stop_at:
                start = time.perf_counter()
                resp = await client.get(url)
                latencies.append(time.perf_counter() - start)
                if resp.status_code != 200:
                    failures += 1

        await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return len(latencies), latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc = _start_server(Path(tmp) / "data", port)
        try:
            results = {}
            for name, path in ENDPOINTS:
                url = f"http://127.0.0.1:{port}{path}"
                asyncio.run(_drive(url, args.concurrency, 1.0))  # warm-up
                count, latencies, failures = asyncio.run(_drive(url, args.concurrency, args.seconds))
                latencies.sort()
                results[name] = (
                    count / args.seconds,
                    statistics.median(latencies),
                    latencies[int(0.99 * (len(latencies) - 1))],
                    failures,
                )
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    base = results["bare JSON"][0]
    print(f"{args.concurrency} concurrent clients, {args.seconds:g} s per endpoint, loopback")
    print(f"{'endpoint':<14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'errors':>7}")
    ok = True
    for name, (rps, p50, p99, failures) in results.items():
        ratio = rps / base
        print(f"{name:<14} {rps:9.1f} {p50 * 1000:8.1f} {p99 * 1000:8.1f} {ratio:7.0%} {failures:7d}")
        if name != "bare JSON" and ratio < 0.5:
            ok = False
    print("target (pages >= 50% of the bare endpoint):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
