"""The judge's floor under a timed call counts the CPU of threads that ended during the
call: a call that hands its work to a thread which finishes before the judge looks
must not look faster than the work it did."""

from __future__ import annotations

import subprocess
import sys

from runner.sandbox import procfs
from runner.sandbox.child import Threads

BURN = """
import sys, threading, time
def burn():
    end = time.thread_time() + 0.05
    while time.thread_time() < end:
        pass
print("ready", flush=True)
sys.stdin.readline()
worker = threading.Thread(target=burn)
worker.start()
worker.join()
print("done", flush=True)
sys.stdin.readline()
"""


def test_an_ended_threads_cpu_counts() -> None:
    child = subprocess.Popen([sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline() == "ready\n"
        before = procfs.process_cpu_ns(child.pid)
        live_before = {t.tid: t.cpu_ns for t in procfs.tasks([child.pid])}
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline() == "done\n"
        after = procfs.process_cpu_ns(child.pid)
        live_after = {t.tid: t.cpu_ns for t in procfs.tasks([child.pid])}
    finally:
        child.kill()
        child.wait()
    assert before is not None and after is not None
    assert after - before >= 40_000_000, "the process clock keeps the 50 ms of CPU of a thread now gone"
    busiest = max(cpu - live_before.get(tid, 0) for tid, cpu in live_after.items())
    assert busiest < 20_000_000, "the live threads alone miss it"


def test_the_floor_is_the_larger_of_the_busiest_thread_and_the_processes() -> None:
    before = Threads(main=10, cpu_ns={10: 1_000, 11: 5_000}, process_ns={10: 6_000})
    ended = Threads(main=10, cpu_ns={10: 2_000}, process_ns={10: 9_006_000})  # thread 11 ended after 9 ms
    assert ended.busiest_since(before) == 1_000
    assert ended.cpu_since(before) == 9_000_000
    assert ended.background_since(before) == 8_999_000  # all but the harness's own thread
    forked = Threads(main=10, cpu_ns={10: 2_000, 20: 4_000_000}, process_ns={10: 7_000, 20: 4_000_000})
    assert forked.cpu_since(before) == 4_001_000  # a process new since then counts whole
    unknown = Threads(main=10, cpu_ns={10: 3_000, 11: 5_000})  # no process clocks here: live threads only
    assert unknown.cpu_since(before) == 2_000 and unknown.background_since(before) == 0
