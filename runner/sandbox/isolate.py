"""Kernel calls that build the isolation layers (namespaces, mounts, privileges).

Python 3.11 has no `os.unshare` nor `mount`, so they go through libc with ctypes.
Every function raises OSError on failure; the caller decides whether that layer is
reported as degraded or the submission cannot run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import pwd
from pathlib import Path

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
PR_SET_DUMPABLE = 4

_CAP_VERSION_3 = 0x20080522
_SYS_CAPSET = 126  # x86_64; aarch64 uses 91
if os.uname().machine in ("aarch64", "arm64"):
    _SYS_CAPSET = 91


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    _check(
        _libc.mount(
            source.encode(), target.encode(), fstype.encode() if fstype else None,
            ctypes.c_ulong(flags), data.encode() if data else None,
        ),
        f"mount {target}",
    )


def prctl(option: int, arg: int) -> None:
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)), f"prctl({option})")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> None:
    """Clear every capability of this process (used where uid 0 is all a user namespace maps)."""
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.syscall(ctypes.c_long(_SYS_CAPSET), ctypes.byref(header), ctypes.byref(data)), "capset")


def map_ids_to_self(uid: int, gid: int) -> None:
    """In a fresh user namespace: map our own uid/gid onto themselves (nothing else exists)."""
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1\n")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1\n")


def user_ids(name: str) -> tuple[int, int]:
    """uid and primary gid of the sandbox user; KeyError if it does not exist."""
    entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


def drop_to(uid: int, gid: int, groups: list[int] | None = None) -> None:
    """Become uid/gid for good (root -> unprivileged clears all capabilities), keeping only
    the given supplementary groups."""
    os.setgroups(groups or [])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def _hold(keep: list[str], covered: list[str]) -> dict[str, int]:
    """Handles on the `keep` directories that mounts over `covered` would hide."""
    held = {}
    for path in keep:
        if any(path == c or path.startswith(c.rstrip("/") + "/") for c in covered) and os.path.isdir(path):
            held[path] = os.open(path, os.O_PATH | os.O_DIRECTORY)
    return held


def _bind_back(held: dict[str, int]) -> None:
    """Bind each held directory back at its path, read-only."""
    try:
        for path, fd in held.items():
            os.makedirs(path, exist_ok=True)
            mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            mount("none", path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    finally:
        for fd in held.values():
            os.close(fd)


def _inside(path: str, folders: list[str]) -> bool:
    return any(path != f and path.startswith(f.rstrip("/") + "/") for f in folders)


def _cover(paths: list[str], size: str, done: list[str]) -> None:
    for path in sorted(set(paths), key=len):
        if not os.path.isdir(path) or any(path.startswith(d.rstrip("/") + "/") for d in done):
            continue
        mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0755")
        done.append(path)


def hide_paths(hidden: list[str], keep: list[str], size: str = "1m") -> list[str]:
    """Cover each hidden directory with an empty read-only tmpfs, binding back the
    `keep` directories under it (the interpreter's own files); a hidden directory inside
    a kept one (a bank installed among the packages) is covered after the binding back.
    Returns what was hidden."""
    outer = [p for p in hidden if not _inside(p, keep)]
    held = _hold(keep, outer)
    done: list[str] = []
    try:
        _cover(outer, size, done)
    finally:
        _bind_back(held)
    inner: list[str] = []  # under a covered folder, but inside one bound back over it
    _cover([p for p in hidden if _inside(p, keep)], size, inner)
    for path in done + inner:  # nothing may be written next to the bound directories
        mount("none", path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    return done + inner


def private_tmpfs(paths: list[str], size_bytes: int, keep: list[str]) -> None:
    """Fresh, empty, world-writable tmpfs mounts (private /tmp, /dev/shm); `keep`
    directories under them (a virtualenv in /tmp, say) are bound back read-only."""
    held = _hold(keep, paths)
    try:
        for path in paths:
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_bytes},mode=1777")
    finally:
        _bind_back(held)


def fresh_proc(keep: list[str]) -> list[str]:
    """/proc of the new PID namespace: the host's processes are no longer listed. The
    entries in `keep` (relative to /proc) are bound back as they were: a container
    runtime may have put a filtered /proc/driver/nvidia there. Returns those bound back."""
    held = {entry: os.open(f"/proc/{entry}", os.O_PATH | os.O_DIRECTORY) for entry in keep
            if os.path.isdir(f"/proc/{entry}")}
    try:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | 8)  # 8 = MS_NOEXEC
        for entry, fd in held.items():
            mount(f"/proc/self/fd/{fd}", f"/proc/{entry}", None, MS_BIND | MS_REC)
    finally:
        for fd in held.values():
            os.close(fd)
    return sorted(held)


def make_mounts_private() -> None:
    """Nothing mounted from here on propagates back to the host."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
