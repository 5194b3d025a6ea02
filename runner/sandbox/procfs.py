"""What the judge reads about a sandbox from /proc, from outside it: its processes,
their memory, and how much CPU their threads used (the child cannot forge these)."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path


def proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, session id, threads) for every process on the host."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        table[int(entry)] = (int(fields[1]), int(fields[3]), int(fields[17]))
    return table


def tree(root: int, table: dict[int, tuple[int, int, int]]) -> list[int]:
    """Descendants of `root`, plus anything still in its session (the supervisor's)."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            if pid not in found:
                found.add(pid)
                todo.append(pid)
    found.update(pid for pid, (_, sid, _) in table.items() if sid == root and pid != root)
    return sorted(found)


def descendants(pid: int) -> dict[int, int]:
    """`pid` and every process below it -> its number of threads, through
    /proc/<pid>/task/*/children (cheap: no scan of the whole process table)."""
    found: dict[int, int] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tids = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        found[current] = len(tids)
        for tid in tids:
            with contextlib.suppress(OSError, ValueError), open(f"/proc/{current}/task/{tid}/children") as handle:
                todo += [int(c) for c in handle.read().split() if int(c) not in found]
    return found


def tagged(tag: str, pids: list[int] | None = None) -> dict[int, str]:
    """Processes whose command line carries `tag` (a pool's: every fork of its zygotes
    carries it too) -> their command line; among `pids`, or every process."""
    found = {}
    for pid in pids if pids is not None else [int(e) for e in os.listdir("/proc") if e.isdigit()]:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if tag in cmdline:
            found[pid] = cmdline
    return found


def as_seen_here(root: int, pids: list[int]) -> list[int]:
    """Pids of `root`'s process tree as `root` names them (its own PID namespace: a
    container's) -> as this process names them, through each process's NSpid line."""
    level = len(_nspids(root)) - 1
    if level <= 0:
        return pids  # root lives in our PID namespace (or is gone): the same numbers
    seen = {}
    for pid in descendants(root):
        ns = _nspids(pid)
        if len(ns) > level:
            seen[ns[level]] = pid
    return [seen.get(pid, pid) for pid in pids]


def _nspids(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("NSpid:"):
                    return [int(n) for n in line.split()[1:]]
    except (OSError, ValueError):
        pass
    return []


def rss(pid: int) -> int:
    """Resident set size: cheap, but counts pages shared with the zygote in full."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def pss(pid: int) -> int | None:
    """Proportional set size (pages shared with the zygote count only in part); None
    where smaps_rollup is not readable (it needs ptrace access to the process)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@dataclass(frozen=True)
class Task:
    pid: int  # the process
    tid: int  # the thread
    state: str  # R (running), S (sleeping), D, T (stopped), Z ...
    cpu_ns: int  # time spent on a CPU so far


def process_cpu_ns(pid: int) -> int | None:
    """CPU time of a whole process, its ended threads included (the kernel's process
    CPU clock, ns precision); None where it cannot be read."""
    try:
        return time.clock_gettime_ns(((~pid) << 3) | 2)  # CPUCLOCK_SCHED of the process `pid`
    except OSError:
        return None


def tasks(pids: list[int]) -> list[Task]:
    """Every thread of the given processes with its state and CPU time (ns precision
    from schedstat where the kernel has it, clock ticks otherwise)."""
    found = []
    tick_ns = 1_000_000_000 // os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            base = f"/proc/{pid}/task/{tid}"
            try:
                with open(f"{base}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) * tick_ns
                with contextlib.suppress(OSError, ValueError, IndexError), open(f"{base}/schedstat") as handle:
                    cpu = int(handle.read().split()[0]) or cpu
            except (OSError, IndexError, ValueError):
                continue
            found.append(Task(pid, int(tid), fields[0], cpu))
    return found
