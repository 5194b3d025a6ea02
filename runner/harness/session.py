"""The child side of one submission: load the user's code, answer the judge's calls.

Everything here runs inside the sandbox, next to untrusted code. It never sees a
reference, an expected output or a hidden test's parameters: only inputs. What it
sends back (results, errors, times) is checked by the judge, not trusted; the times
are also bounded by the judge's own clock.
"""

from __future__ import annotations

import importlib.util
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import torch

from runner import protocol as p
from runner.forbidden import NO_AUTOGRAD, ForbiddenAPIError, ForbiddenGuard, ImportGuard
from runner.harness.guards import Guarded
from runner.harness.memory import CallMemory
from runner.harness.results import SUBMISSION_FILE, reply_value, syntax_error, user_traceback
from runner.harness.triton_errors import BoundsChecks, classify
from runner.staging import SharedFile, Slot, dtype_of, fill, slot_names
from runner.timing import allocator, placement
from runner.timing.clock import Clock
from runner.values import foreign, leaves, sampled
from runner.wire import recv_fd


class NotPlain(Exception):
    """A result that is not finished, ordinary data (see runner.values.foreign)."""


def _plain(result: Any) -> Any:
    """Inside the timed region: a result must already be plain, finished data."""
    if (problem := foreign(result)) is not None:
        raise NotPlain(problem)
    return result


class Session:
    """The user's module and objects, the shared inputs, and the last timed result."""

    def __init__(self, job_fd: int) -> None:
        self.job_fd = job_fd
        self.device = "cpu"
        self.language = "pytorch"
        self.forbidden: list[str] = []
        self.no_autograd = False
        self.path = str(Path(SUBMISSION_FILE).resolve())
        self.namespace: dict[str, Any] = {}
        self.module: torch.nn.Module | None = None  # module kind: the instance under test
        self.memory = CallMemory("cpu")
        self.clock: Clock | None = None
        self.shared: SharedFile | None = None
        self.device_inputs: list[torch.Tensor] = []  # CUDA: device copies of the shared slots
        self.kept: Any = None  # the last timed call's result, for Sample
        self.staged_args: Any = None  # the arguments staged with the shared file
        self.guards: list[Guarded] = []  # Triton on a GPU: the inputs' guard margins
        self.out_guard: Guarded | None = None  # ... and out's
        self.imports: ImportGuard | None = None  # where the problem forbids modules
        self.no_torch: str | None = None  # set when torch itself is forbidden: every torch call is refused
        self.driver: Any = None  # the problem's driver: runs each call with the learner's objects
        self.solution: Any = None  # the learner's module, as a driver sees it

    # -- helpers --------------------------------------------------------------
    def _guarded(self) -> Any:
        return torch.inference_mode() if self.no_autograd else nullcontext()

    def _guard(self) -> ForbiddenGuard:
        return ForbiddenGuard(self.forbidden, everything=self.no_torch)

    def _failure(self, exc: BaseException, guard: ForbiddenGuard) -> p.Failure:
        if self.language == "triton" and (found := self._triton_failure(exc)) is not None:
            return p.Failure(*found)
        if guard.violation is not None:
            return p.Failure("forbidden", guard.violation)
        if self.imports is not None and self.imports.violation is not None:
            return p.Failure("forbidden", self.imports.violation)
        if isinstance(exc, NotPlain):
            return p.Failure("foreign", str(exc))
        if isinstance(exc, (torch.cuda.OutOfMemoryError, MemoryError)):
            return p.Failure("oom", user_traceback(exc, self.path))
        return p.Failure("error", user_traceback(exc, self.path), [c.__name__ for c in type(exc).__mro__])

    def _overrun(self) -> str | None:
        """A kernel's write outside `out` or an input (GPU: the guard margins changed)."""
        for guarded in [*self.guards, *([self.out_guard] if self.out_guard is not None else [])]:
            if (found := guarded.overrun()) is not None:
                return found
        return None

    def _triton_failure(self, exc: BaseException) -> tuple[str, str] | None:
        kernels = {v.fn.__name__ for v in self.namespace.values()
                   if type(v).__module__.startswith("triton") and callable(getattr(v, "fn", None))}
        return classify(exc, self.path, kernels)

    def _args(self, skeleton: Any) -> Any:
        """Call arguments from the shared slots: views on the CPU, fresh device copies on a GPU."""
        if skeleton is None:
            skeleton = self.staged_args
        if self.shared is None:
            return fill(skeleton, [])
        if self.device == "cpu":
            return fill(skeleton, self.shared.views)
        for mine, view in zip(self.device_inputs, self.shared.views, strict=True):
            mine.copy_(view)
        return fill(skeleton, self.device_inputs)

    def _copy_back(self) -> None:
        """GPU: what the call left in its inputs goes back to the shared pages the judge reads."""
        if self.shared is not None and self.device != "cpu":
            for mine, view in zip(self.device_inputs, self.shared.views, strict=True):
                view.copy_(mine)

    def _out(self, spec: Any) -> torch.Tensor | None:
        if spec is None:
            return None
        shape, dtype = tuple(spec[0]), dtype_of(spec[1])
        self.out_guard = None
        if self.device != "cpu":
            self.out_guard = Guarded(shape, dtype, self.device, "out")
            out = self.out_guard.tensor
            return out.fill_(float("nan")) if dtype.is_floating_point else out
        if dtype.is_floating_point:
            return torch.full(shape, float("nan"), dtype=dtype, device=self.device)
        return torch.empty(shape, dtype=dtype, device=self.device)

    def _invoke(self, entry: str, kwargs: dict[str, Any], out: torch.Tensor | None) -> Any:
        target = self.module if entry == p.MODULE_ENTRY else self.namespace[entry]
        if self.driver is not None:
            return self.driver(target, self.solution, **kwargs)
        if out is not None:
            result = target(**kwargs, out=out)
            return out if result is None or result is out else result
        return target(**kwargs)

    # -- operations -------------------------------------------------------------
    def ping(self, msg: p.Ping) -> p.Reply:
        return p.Done()

    def prepare(self, msg: p.Prepare) -> p.Reply:
        self.device, self.language = msg.device, msg.language
        try:
            if self.language == "triton" and self.device == "cpu":  # interpreter mode: bounds-checked
                BoundsChecks(self.path).install()
            if self.device == "cuda":
                torch.cuda.init()
                torch.cuda.set_per_process_memory_fraction(msg.gpu_memory_fraction)
            self.clock = Clock(self.device, own_threads=True)
            self.memory = CallMemory(self.device)
            allocator.steady()
        except Exception as exc:  # noqa: BLE001 - the judge's set-up failed: never the learner's fault
            return p.Failure("harness", f"the sandbox could not set up {self.device}: {type(exc).__name__}: {exc}")
        return p.Done()

    def load(self, msg: p.Load) -> p.Reply:
        self.no_autograd = msg.no_autograd
        self.forbidden = list(msg.forbidden) + (list(NO_AUTOGRAD) if msg.no_autograd else [])
        Path(self.path).write_text(msg.code, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("submission", self.path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        if msg.forbidden_modules:
            self.imports = ImportGuard(msg.forbidden_modules, module.__name__)
            self.imports.install()
            module.__dict__["__builtins__"] = self.imports.builtins()
            if "torch" in msg.forbidden_modules:
                self.no_torch = "torch is not allowed in this problem: write it in plain Python"
        sys.modules["submission"] = module
        guard = self._guard()
        try:
            with guard:
                spec.loader.exec_module(module)
        except SyntaxError as exc:
            return p.Failure("load", syntax_error(exc, self.path))
        except ForbiddenAPIError:
            return p.Failure("load", guard.violation or (self.imports.violation if self.imports else None)
                             or "forbidden API")
        except BaseException as exc:  # noqa: BLE001 - user code may raise anything
            return p.Failure("load", user_traceback(exc, self.path))
        self.namespace = vars(module)
        missing = []
        for name, kind in msg.entries:
            obj = self.namespace.get(name)
            if kind == "class":
                if not (isinstance(obj, type) and issubclass(obj, torch.nn.Module)):
                    missing.append(f"a class {name}(nn.Module)")
            elif not callable(obj):
                missing.append(f"a {'class' if name[:1].isupper() else 'function'} {name}(...)")
        if missing:
            return p.Failure("load", "submission.py must define " + " and ".join(missing))
        if msg.driver is not None:
            name, source = msg.driver
            scope: dict[str, Any] = {"__name__": "tensordojo_driver"}
            exec(compile(source, "driver.py", "exec"), scope)
            self.driver, self.solution = scope[name], module
        return p.Done()

    def stage(self, msg: p.Stage) -> p.Reply:
        fd = recv_fd(self.job_fd)
        if self.shared is not None:
            self.shared.close()
        self.kept = None
        self.shared = SharedFile.attach(fd, [Slot(o, tuple(s), d) for o, s, d in msg.slots])
        self.staged_args = msg.args
        if self.device != "cpu":
            if self.language == "triton":  # guard margins catch a kernel's stray writes
                names = slot_names(msg.args)
                self.guards = [Guarded(tuple(v.shape), v.dtype, self.device, names.get(i, f"input {i}"))
                               for i, v in enumerate(self.shared.views)]
                self.device_inputs = [g.tensor for g in self.guards]
            else:
                self.device_inputs = [torch.empty_like(v, device=self.device) for v in self.shared.views]
        return p.Done()

    def settle(self, msg: p.Settle) -> p.Reply:
        allocator.hold(msg.heap_bytes)
        if msg.cpu is not None:
            placement.pin_process(msg.cpu)
        return p.Done()

    def call(self, msg: p.Call) -> p.Reply:
        assert self.clock is not None
        kwargs = self._args(msg.args)
        out = self._out(msg.out)
        guard = self._guard()
        base = None if msg.timed else self.memory.start()
        self.kept = None
        try:
            with guard, self._guarded():
                result, elapsed = self.clock.time_call(lambda: _plain(self._invoke(msg.entry, kwargs, out)))
        except BaseException as exc:  # noqa: BLE001
            return self._failure(exc, guard)
        if guard.violation is not None:  # caught by the user's own except clause
            return p.Failure("forbidden", guard.violation)
        if (stray := self._overrun()) is not None:
            return p.Failure("overrun", stray)
        if msg.timed:
            self.kept = result
            return p.Called(elapsed)
        peak = self.memory.peak_extra(base) if base is not None else None
        self._copy_back()
        return p.Called(elapsed, output=reply_value(result), peak_extra_bytes=peak)

    def sample(self, msg: p.Sample) -> p.Reply:
        values: list[torch.Tensor | None] = []
        for t in leaves(self.kept):
            flat = t.detach().reshape(-1)
            if msg.full:
                values.append(flat.to("cpu", copy=True))
            elif msg.positions is None or flat.numel() == 0:
                values.append(None)
            else:
                values.append(sampled(flat, msg.positions))
        return p.Sampled(shape=_shape_of(self.kept), values=values)

    # -- module kind -------------------------------------------------------------
    def module_build(self, msg: p.ModuleBuild) -> p.Reply:
        self.module = None
        cls = self.namespace[msg.entry]
        guard = self._guard()
        try:
            with guard:
                module = cls(**msg.init)
        except BaseException as exc:  # noqa: BLE001
            return self._failure(exc, guard)
        if not isinstance(module, torch.nn.Module):
            return p.Failure("error", f"{msg.entry}(...) did not build an nn.Module")
        persistent = set(module.state_dict().keys())
        self.module = module.to(self.device)
        wanted = set(msg.check)
        return p.Built(
            parameters={n: (tuple(q.shape), str(q.dtype), bool(q.requires_grad))
                        for n, q in module.named_parameters(remove_duplicate=False)},  # tied weights: every name
            buffers={n: (tuple(b.shape), str(b.dtype), n in persistent) for n, b in module.named_buffers()},
            values={n: reply_value(t) for n, t in [*module.named_buffers(), *module.named_parameters()] if n in wanted},
        )

    def module_load(self, msg: p.ModuleLoad) -> p.Reply:
        assert self.module is not None
        try:
            state = {k: v.to(self.device) for k, v in msg.state_dict.items()}
            self.module.load_state_dict(state, strict=True)
        except RuntimeError as exc:
            return p.Failure("error", str(exc))
        return p.Done()

    def module_forward(self, msg: p.ModuleForward) -> p.Reply:
        assert self.module is not None and self.clock is not None
        kwargs = self._args(msg.args)
        grad_output = msg.grad_output.to(self.device) if msg.grad_output is not None else None
        if grad_output is not None:
            kwargs = {k: v.detach().clone().requires_grad_(True) if _float(v) else v for k, v in kwargs.items()}
            self.module.zero_grad(set_to_none=True)
        guard = self._guard()
        base = self.memory.start()
        module = self.module
        try:
            with guard:
                out, elapsed = self.clock.time_call(lambda: _plain(self._invoke(p.MODULE_ENTRY, kwargs, None)))
                if grad_output is not None:
                    if not isinstance(out, torch.Tensor):
                        return p.Failure("error", "forward must return a tensor")
                    out.backward(grad_output)
        except BaseException as exc:  # noqa: BLE001
            return self._failure(exc, guard)
        reply = p.Called(elapsed, output=reply_value(out), peak_extra_bytes=self.memory.peak_extra(base))
        if grad_output is not None:
            reply.input_grads = {k: reply_value(v.grad) for k, v in kwargs.items() if _float(v) and v.requires_grad}
            reply.param_grads = {n: reply_value(q.grad) for n, q in module.named_parameters()}
        return reply


def _float(value: Any) -> bool:
    return isinstance(value, torch.Tensor) and value.is_floating_point()


def _shape_of(value: Any) -> Any:
    """The result with each tensor replaced by (shape, dtype); other leaves as they are."""
    if isinstance(value, torch.Tensor):
        return {"__tensor__": (tuple(value.shape), str(value.dtype).removeprefix("torch."))}
    if isinstance(value, dict):
        return {(k if isinstance(k, (str, int)) else repr(k)): _shape_of(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_shape_of(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return reply_value(value)
