"""The child side: loads the user's code and runs the calls the judge asks for.

Everything here runs inside the sandbox, next to untrusted code. It never sees a
reference, an expected output or a hidden test's parameters: only inputs. What it
sends back (outputs, errors, timings) is checked by the judge, not trusted.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
import traceback
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import torch

from runner import forbidden, protocol, timing
from runner.forbidden import NO_AUTOGRAD, ForbiddenAPIError, ForbiddenGuard
from runner.timing import Clock, measure

SUBMISSION_FILE = "submission.py"
MAX_ERROR_CHARS = 3000


# What the harness itself calls on the torch module; Tensor methods, torch.cuda and
# torch.nn.functional are watched whole.
TORCH_WATCHED = ("save", "load", "inference_mode", "no_grad", "enable_grad", "is_tensor", "empty", "empty_like",
                 "zeros_like", "full_like", "allclose", "equal", "isclose", "set_num_threads")


class _Integrity:
    """What the judge's numbers rest on, captured at import (before any user code):
    clocks, CUDA events, serialisation, the statistics of timing, tensor methods and
    this module's own functions. After each request they must be the very same
    objects; a submission that patched one gets an error naming it, not a verdict."""

    def __init__(self) -> None:
        self.owners: list[tuple[str, Any]] = []
        self.snapshot: list[tuple[str, Any, str, int]] = []  # (label, owner, name, id)

    @staticmethod
    def _lookup(owner: Any, name: str) -> Any:
        """The attribute as stored (no binding): a module's dict, or the first class in the MRO."""
        if isinstance(owner, type):
            for klass in owner.__mro__:
                if name in vars(klass):
                    return vars(klass)[name]
            return None
        return vars(owner).get(name)

    def capture(self) -> None:
        import torch.nn.functional as functional

        self.owners = [
            ("time", time), ("os", os), ("statistics", statistics), ("torch", torch),
            ("torch.Tensor", torch.Tensor), ("torch.nn.functional", functional), ("torch.cuda", torch.cuda),
            ("torch.cuda.Event", torch.cuda.Event), ("runner.timing", timing), ("runner.timing.Clock", timing.Clock),
            ("runner.protocol", protocol), ("runner.forbidden", forbidden),
            ("runner.forbidden.ForbiddenGuard", forbidden.ForbiddenGuard),
            ("runner.harness", sys.modules[__name__]), ("runner.harness.Session", Session),
        ]
        for label, owner in self.owners:
            names = dir(owner) if isinstance(owner, type) else list(vars(owner))
            if owner is torch:  # torch itself re-wraps some of its functions (torch.compile does)
                names = [n for n in TORCH_WATCHED if n in names]
            for name in names:
                value = self._lookup(owner, name)
                if callable(value) or isinstance(value, (staticmethod, classmethod, property)):
                    self.snapshot.append((label, owner, name, id(value)))
        self._alive = [self._lookup(o, n) for _, o, n, _ in self.snapshot]  # keeps every id valid

    def tampered(self) -> str | None:
        lookup = self._lookup
        for label, owner, name, ident in self.snapshot:
            if id(lookup(owner, name)) != ident:
                return f"{label}.{name}"
        return None


def _move(value: Any, device: str) -> Any:
    """Tensors (also inside containers) onto a device; CPU copies are compact."""
    if isinstance(value, torch.Tensor):
        moved = value.detach().to(device)
        return moved.clone() if device == "cpu" and moved is value else moved
    if isinstance(value, dict):
        return {k: _move(v, device) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_move(v, device) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def _reply_value(value: Any) -> Any:
    """What may cross back to the judge: tensors, numbers, strings, containers."""
    if isinstance(value, torch.Tensor):
        if value.layout != torch.strided:
            value = value.to_dense()
        return value.detach().to("cpu").clone()
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, dict):
        return {(k if isinstance(k, (str, int)) else repr(k)): _reply_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_reply_value(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return {"__unsupported__": type(value).__name__}


def _clone(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.clone()
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_clone(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def user_traceback(exc: BaseException, path: str) -> str:
    """The exception with only the user's own frames: judge frames are cut."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    lines = []
    if frames:
        lines.append("Traceback (your code only):")
        for frame in frames[-8:]:
            lines.append(f'  File "{SUBMISSION_FILE}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
    lines.extend(line.rstrip("\n") for line in traceback.format_exception_only(type(exc), exc))
    text = "\n".join(lines).replace(path, SUBMISSION_FILE)
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS] + "\n..."


def _syntax_error(exc: SyntaxError, path: str) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).replace(path, SUBMISSION_FILE)
    return text.rstrip()


class _Memory:
    """Peak memory of one call beyond what was allocated before it."""

    def __init__(self, device: str) -> None:
        self.device = device

    @staticmethod
    def _status(field: str) -> int:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
        return 0

    def start(self) -> int:
        if self.device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            return torch.cuda.memory_allocated()
        try:
            with open("/proc/self/clear_refs", "w") as handle:  # resets VmHWM to VmRSS
                handle.write("5")
        except OSError:
            return -1
        return self._status("VmRSS:")

    def peak_extra(self, base: int) -> int | None:
        if self.device == "cuda":
            torch.cuda.synchronize()
            return max(0, torch.cuda.max_memory_allocated() - base)
        if base < 0:
            return None
        return max(0, self._status("VmHWM:") - base)


class Session:
    """State of one submission inside the child: the user's module and objects."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.device: str = job["device"]
        self.language: str = job["language"]
        self.no_autograd: bool = job["no_autograd"]
        self.forbidden: list[str] = list(job["forbidden"]) + (list(NO_AUTOGRAD) if self.no_autograd else [])
        self.path = str(Path(SUBMISSION_FILE).resolve())
        self.namespace: dict[str, Any] = {}
        self.module: torch.nn.Module | None = None  # module kind: the instance under test
        self.memory = _Memory(self.device)
        self.clock = Clock(self.device)

    # -- loading -------------------------------------------------------------
    def load(self, code: str, entries: list[dict[str, str]]) -> dict[str, Any]:
        Path(self.path).write_text(code, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("submission", self.path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["submission"] = module
        guard = ForbiddenGuard(self.forbidden)
        try:
            with guard:
                spec.loader.exec_module(module)
        except SyntaxError as exc:
            return {"ok": False, "error": _syntax_error(exc, self.path)}
        except ForbiddenAPIError:
            return {"ok": False, "error": guard.violation}
        except BaseException as exc:  # noqa: BLE001 - user code may raise anything
            return {"ok": False, "error": user_traceback(exc, self.path)}
        self.namespace = vars(module)
        missing = []
        for entry in entries:
            obj = self.namespace.get(entry["name"])
            if entry["kind"] == "class":
                if not (isinstance(obj, type) and issubclass(obj, torch.nn.Module)):
                    missing.append(f"a class {entry['name']}(nn.Module)")
            elif not callable(obj):
                missing.append(f"a function {entry['name']}(...)")
        if missing:
            return {"ok": False, "error": "submission.py must define " + " and ".join(missing)}
        return {"ok": True}

    # -- calls ---------------------------------------------------------------
    def _guarded(self) -> Any:
        return torch.inference_mode() if self.no_autograd else nullcontext()

    def _invoke(self, entry: str, kwargs: dict[str, Any], out: Any) -> Any:
        target = self.module if self.module is not None and entry == "__module__" else self.namespace[entry]
        if out is not None:
            result = target(**kwargs, out=out)
            return out if result is None or result is out else result
        return target(**kwargs)

    def _error(self, exc: BaseException, guard: ForbiddenGuard) -> dict[str, Any]:
        if guard.violation is not None:
            return {"ok": False, "forbidden": guard.violation}
        if isinstance(exc, (torch.cuda.OutOfMemoryError, MemoryError)):
            return {"ok": False, "oom": True, "error": user_traceback(exc, self.path)}
        return {
            "ok": False,
            "error": user_traceback(exc, self.path),
            "exc_type": type(exc).__name__,
            "exc_mro": [c.__name__ for c in type(exc).__mro__],
        }

    def call(self, msg: dict[str, Any]) -> dict[str, Any]:
        kwargs = _move(msg["kwargs"], self.device)
        out = _move(msg.get("out"), self.device)
        guard = ForbiddenGuard(self.forbidden)
        base = self.memory.start()
        try:
            with guard, self._guarded():
                result, elapsed = self.clock.time_call(lambda: self._invoke(msg["entry"], kwargs, out))
        except BaseException as exc:  # noqa: BLE001
            return self._error(exc, guard)
        peak = self.memory.peak_extra(base)
        if guard.violation is not None:  # caught by the user's own except clause
            return {"ok": False, "forbidden": guard.violation}
        return {
            "ok": True,
            "output": _reply_value(result),
            "inputs_after": _reply_value(kwargs),
            "time_ns": elapsed,
            "peak_extra_bytes": peak,
        }

    def time(self, msg: dict[str, Any]) -> dict[str, Any]:
        """Time repeated calls; each gets a fresh copy of one of several input sets."""
        sets = [_move(s, self.device) for s in msg["input_sets"]]
        outs = [_move(o, self.device) for o in msg.get("outs") or [None] * len(sets)]
        last: dict[int, Any] = {}
        guard = ForbiddenGuard(self.forbidden)

        def run_once(i: int) -> float:
            k = i % len(sets)
            kwargs = _clone(sets[k])
            out = _clone(outs[k])
            with guard, self._guarded():
                result, elapsed = self.clock.time_call(lambda: self._invoke(msg["entry"], kwargs, out))
            last[k] = result
            return elapsed

        try:
            stats = measure(run_once, budget_s=msg["budget_s"])
        except BaseException as exc:  # noqa: BLE001
            return self._error(exc, guard)
        return {
            "ok": True,
            "median_ns": stats.median_ns,
            "reps": stats.reps,
            "rel_stderr": stats.rel_stderr,
            "outputs": [_reply_value(last.get(k)) for k in range(len(sets))],
        }

    # -- module kind ---------------------------------------------------------
    def module_build(self, msg: dict[str, Any]) -> dict[str, Any]:
        self.module = None
        cls = self.namespace[msg["entry"]]
        guard = ForbiddenGuard(self.forbidden)
        try:
            with guard:
                module = cls(**msg["init"])
        except BaseException as exc:  # noqa: BLE001
            return self._error(exc, guard)
        if not isinstance(module, torch.nn.Module):
            return {"ok": False, "error": f"{msg['entry']}(...) did not build an nn.Module"}
        persistent = set(module.state_dict().keys())
        self.module = module.to(self.device)
        return {
            "ok": True,
            "parameters": {
                n: (tuple(p.shape), str(p.dtype), bool(p.requires_grad)) for n, p in module.named_parameters()
            },
            "buffers": {
                n: (tuple(b.shape), str(b.dtype), n in persistent) for n, b in module.named_buffers()
            },
            "buffer_values": {
                n: _reply_value(b) for n, b in module.named_buffers() if n in set(msg["check_buffers"])
            },
        }

    def module_load(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.module is not None
        try:
            self.module.load_state_dict(_move(msg["state_dict"], self.device), strict=True)
        except RuntimeError as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": True}

    def module_forward(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.module is not None
        kwargs = _move(msg["kwargs"], self.device)
        grad_output = _move(msg.get("grad_output"), self.device)
        if grad_output is not None:
            for value in kwargs.values():
                if isinstance(value, torch.Tensor) and value.is_floating_point():
                    value.requires_grad_(True)
            self.module.zero_grad(set_to_none=True)
        guard = ForbiddenGuard(self.forbidden)
        base = self.memory.start()
        try:
            with guard:
                out, elapsed = self.clock.time_call(lambda: self.module(**kwargs))  # type: ignore[misc]
                if grad_output is not None:
                    if not isinstance(out, torch.Tensor):
                        return {"ok": False, "error": "forward must return a tensor"}
                    out.backward(grad_output)
        except BaseException as exc:  # noqa: BLE001
            return self._error(exc, guard)
        reply: dict[str, Any] = {
            "ok": True,
            "output": _reply_value(out),
            "time_ns": elapsed,
            "peak_extra_bytes": self.memory.peak_extra(base),
        }
        if grad_output is not None:
            reply["input_grads"] = {
                k: _reply_value(v.grad) for k, v in kwargs.items() if isinstance(v, torch.Tensor) and v.requires_grad
            }
            reply["param_grads"] = {n: _reply_value(p.grad) for n, p in self.module.named_parameters()}
        return reply


TAMPERED = ("the submission replaced {name}: timers, torch functions and the judge's own code "
            "must not be patched or wrapped")
INTEGRITY = _Integrity()


def serve(job_fd: int, result_fd: int) -> None:
    """Answer the judge's requests until it says exit or closes the channel.

    Each reply echoes the request's sequence number; the judge drops any reply
    that does not, and any bytes nobody asked for."""
    session: Session | None = None
    send = protocol.send
    while True:
        try:
            msg = protocol.recv(job_fd, trusted=True)
        except protocol.ChannelClosed:
            return
        op = msg["op"]
        if op == "exit":
            return
        if op == "load":
            session = Session(msg)
            reply = session.load(msg["code"], msg["entries"])
        else:
            assert session is not None
            reply = getattr(session, op)(msg)
        if (name := INTEGRITY.tampered()) is not None:
            reply = {"ok": False, "error": TAMPERED.format(name=name), "tampered": name}
        reply["seq"] = msg.get("seq")
        sys.stdout.flush()
        sys.stderr.flush()
        send(result_fd, reply)


def child_main(job_fd: int, result_fd: int) -> None:
    """Entry of a sandboxed process once its layers are in place."""
    threads = os.environ.get("TENSORDOJO_CHILD_THREADS")
    if threads:
        torch.set_num_threads(int(threads))
    serve(job_fd, result_fd)


def main() -> None:
    child_main(int(sys.argv[1]), int(sys.argv[2]))


INTEGRITY.capture()

if __name__ == "__main__":
    main()
