"""The trusted side of judging: generate inputs, run the reference, ask the sandboxed
child for the user's outputs, compare, time, decide the verdict.

The reference, the expected outputs and the hidden seeds stay in this process; the
child only ever receives inputs.
"""

from __future__ import annotations

import copy
import fnmatch
import logging
import signal
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import torch

from runner import protocol
from runner.bank import Problem
from runner.compare import compare, unchanged
from runner.config import JudgeSettings
from runner.display import show, show_kwargs
from runner.errors import JudgeError, UsageError
from runner.forbidden import ForbiddenGuard
from runner.problem import Entry, TestCase
from runner.sandbox import Child, ChildExit, WarmPool, launch
from runner.seeds import hidden_seed, timing_seed
from runner.timing import Clock, measure
from runner.verdicts import FunctionResult, JudgeResult, TestResult, Timing, Verdict

log = logging.getLogger(__name__)
TIMING_SETS = 3  # distinct input sets rotated through timed calls
TIMING_ROUNDS = 3  # user and reference timed alternately; the calmest round counts


class _Stop(Exception):
    """The child is gone (killed, crashed, or its channel broke): end judging."""


@dataclass
class Case:
    """One planned test: where its inputs come from and what the learner may see."""

    label: str  # "example 1 (two rows)" or "test 4"
    test: TestCase
    seed: int  # the seed handed to the generator
    visible: bool


def _map_tensors(value: Any, fn: Callable[[torch.Tensor], Any]) -> Any:
    """`fn` applied to every tensor, also inside dicts, lists and tuples."""
    if isinstance(value, torch.Tensor):
        return fn(value)
    if isinstance(value, torch.nn.Module):
        return copy.deepcopy(value)  # an input object the call may change: never shared
    if isinstance(value, dict):
        return {k: _map_tensors(v, fn) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [_map_tensors(v, fn) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def _clone(value: Any) -> Any:
    return _map_tensors(value, lambda t: t.detach().clone())


def _to_cpu(value: Any) -> Any:
    return _map_tensors(value, lambda t: t.detach().to("cpu"))


def _mb(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


class Judging:
    """One submission being judged; holds the child and the results so far."""

    def __init__(
        self, problem: Problem, code: str, language: str, mode: str, device: str, settings: JudgeSettings
    ) -> None:
        self.problem, self.code, self.language, self.mode = problem, code, language, mode
        self.device, self.settings = device, settings
        self.spec = problem.spec
        self.target = f"{language}-{device}"
        self.ref = problem.reference_module()
        self.secret = settings.secret_bytes()
        self.tests: list[TestResult] = []
        self.functions: list[FunctionResult] = []
        self.timing = Timing(threshold=self.spec.performance.slowdown_limit(device))
        self.peak_extra = 0
        self.child: Child | None = None
        self.corrupt: str | None = None  # why the result channel broke, if it did

    # -- planning ----------------------------------------------------------------
    def cases(self, entry: Entry) -> list[Case]:
        planned = [
            Case(f"example {i + 1} ({t.name})", t, t.base_seed, True)
            for i, t in enumerate(entry.examples)
            if t.runs_on(self.target)
        ]
        if self.mode == "submit":
            hidden = [t for t in entry.tests if t.runs_on(self.target)]
            planned += [
                Case(f"test {i + 1}", t, hidden_seed(self.secret, self.problem.slug, entry.name, t.name, t.base_seed),
                     False)
                for i, t in enumerate(hidden)
            ]
        return planned

    def _generate(self, entry: Entry, case: Case, seed: int | None = None) -> dict[str, Any]:
        gen = getattr(self.ref, entry.generator)
        extra = {"init": case.test.init} if self.spec.kind == "module" else {}
        try:
            kwargs = gen(seed=case.seed if seed is None else seed, device=self.device, **extra, **case.test.params)
        except Exception as exc:
            raise JudgeError(f"{self.problem.slug}: {entry.generator} failed on {case.test.name!r}: {exc!r}") from exc
        if not isinstance(kwargs, dict) or sorted(kwargs) != sorted(entry.signature):
            got = sorted(kwargs) if isinstance(kwargs, dict) else type(kwargs).__name__
            raise JudgeError(
                f"{self.problem.root / 'reference.py'}: {entry.generator}() returned {got} for {case.test.name!r}; "
                f"problem.yaml's signature for {entry.name} is {sorted(entry.signature)}"
            )
        return kwargs

    def _reference(self, entry: Entry, kwargs: dict[str, Any]) -> Any:
        try:
            with torch.inference_mode() if self.spec.no_autograd else nullcontext():
                return getattr(self.ref, entry.reference)(**_clone(kwargs))
        except Exception as exc:
            raise JudgeError(f"{self.problem.slug}: reference {entry.reference} failed: {exc!r}") from exc

    # -- talking to the child ----------------------------------------------------
    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        assert self.child is not None
        try:
            return self.child.request(message)
        except (protocol.ChannelClosed, protocol.ChannelTimeout, protocol.ChannelCorrupt) as exc:
            if isinstance(exc, protocol.ChannelCorrupt):
                self.corrupt = str(exc)
            raise _Stop() from exc

    def record(self, entry: Entry, case: Case, verdict: Verdict, message: str = "", **extra: Any) -> TestResult:
        result = TestResult(
            name=case.label,
            passed=verdict == Verdict.ACCEPTED,
            verdict=verdict,
            message=message,
            visible=case.visible,
            function=entry.name if self.spec.kind == "multi" else None,
            **extra,
        )
        self.tests.append(result)
        return result

    def _failure(self, reply: dict[str, Any]) -> tuple[Verdict, str]:
        """Verdict and message for a call that did not return normally."""
        if reply.get("forbidden"):
            return Verdict.COMPILE_ERROR, reply["forbidden"]
        if reply.get("oom"):
            return Verdict.MEMORY_LIMIT_EXCEEDED, "out of memory during the call\n" + reply.get("error", "")
        return Verdict.RUNTIME_ERROR, reply.get("error", "the call failed")

    def _settle(
        self, entry: Entry, case: Case, mismatch: str | None, reply: dict[str, Any], shown: dict[str, Any]
    ) -> Verdict:
        """Record a call that returned: wrong, over its memory, or accepted."""
        time_ms = reply["time_ns"] / 1e6
        verdict, message = Verdict.ACCEPTED, ""
        if mismatch is not None:
            verdict, message = Verdict.WRONG_ANSWER, mismatch
        elif (memory := self._check_memory(reply.get("peak_extra_bytes"))) is not None:
            verdict, message = Verdict.MEMORY_LIMIT_EXCEEDED, memory
        self.record(entry, case, verdict, message, time_ms=time_ms, **shown)
        return verdict

    def _expect_raise(
        self, entry: Entry, case: Case, reply: dict[str, Any], call: str, shown: dict[str, Any]
    ) -> Verdict:
        """A test whose contract is an exception: returning normally is a wrong answer."""
        wanted = case.test.raises
        assert wanted is not None
        if reply["ok"]:
            verdict, message = Verdict.WRONG_ANSWER, f"{call} should raise {wanted}, but returned normally"
        elif wanted in reply.get("exc_mro", []):
            verdict, message = Verdict.ACCEPTED, ""
        else:
            verdict, message = self._failure(reply)
            if verdict == Verdict.RUNTIME_ERROR:
                verdict, message = Verdict.WRONG_ANSWER, f"{call} should raise {wanted}, but raised:\n{message}"
        self.record(entry, case, verdict, message, **shown)
        return verdict

    def _check_memory(self, peak: int | None) -> str | None:
        if peak is None:
            return None
        self.peak_extra = max(self.peak_extra, peak)
        limit = self.spec.performance.max_extra_memory_mb
        if limit is not None and peak > limit * 2**20:
            return f"peak extra memory {_mb(peak)} during the call; allowed {_mb(limit * 2**20)}"
        return None

    # -- function and multi kinds -------------------------------------------------
    def judge_calls(self, entry: Entry) -> Verdict:
        for case in self.cases(entry):
            kwargs = self._generate(entry, case)
            sent = _to_cpu(kwargs)  # what the child gets, and what its inputs must still be after
            shown = {"inputs": show_kwargs(kwargs)} if case.visible else {}
            if case.test.raises:
                # No output exists to size `out` by: Triton code gets an empty one.
                placeholder = torch.empty(0) if self.language == "triton" else None
                reply = self.ask({"op": "call", "entry": entry.name, "kwargs": sent, "out": placeholder})
                verdict = self._expect_raise(entry, case, reply, f"{entry.name} (for these inputs)", shown)
                if verdict != Verdict.ACCEPTED:
                    return verdict
                continue
            expected = self._reference(entry, kwargs)
            out = None
            if self.language == "triton" and isinstance(expected, torch.Tensor):
                out = (
                    torch.full_like(expected, float("nan"))
                    if expected.is_floating_point()
                    else torch.empty_like(expected)
                )
            reply = self.ask({"op": "call", "entry": entry.name, "kwargs": sent, "out": _to_cpu(out)})
            if not reply["ok"]:
                verdict, message = self._failure(reply)
                self.record(entry, case, verdict, message, **shown)
                return verdict
            got = reply["output"]
            if case.visible:
                shown.update(expected=show(expected), got=show(got))
            tol = case.test.tolerance or entry.tolerance
            message = self._mismatch(entry, sent, got, expected, tol)
            if message is None:
                message = unchanged(sent, reply["inputs_after"], "inputs")
            verdict = self._settle(entry, case, message, reply, shown)
            if verdict != Verdict.ACCEPTED:
                return verdict
        return Verdict.ACCEPTED

    def _mismatch(self, entry: Entry, inputs: dict[str, Any], got: Any, expected: Any, tol: Any) -> str | None:
        if isinstance(got, dict) and "__unsupported__" in got and len(got) == 1:
            return f"{entry.name} returned a {got['__unsupported__']}; expected {show(expected)}"
        checker: Callable[..., str | None] | None = getattr(self.ref, entry.check, None)
        if checker is not None:
            return checker(inputs, got, _to_cpu(expected))
        return compare(_to_cpu(expected), got, tol)

    # -- module kind -------------------------------------------------------------
    def _reference_module(self, entry: Entry, case: Case) -> torch.nn.Module:
        torch.manual_seed(case.seed)
        module = getattr(self.ref, entry.reference)(**(case.test.init or {}))
        generator = torch.Generator().manual_seed(case.seed + 1)
        randomize = getattr(self.ref, "randomize", None)
        with torch.no_grad():
            if randomize is not None:
                randomize(module, generator)
            else:  # non-trivial values: zero-initialised parameters become non-zero too
                for p in module.parameters():
                    p.add_(torch.randn(p.shape, generator=generator, dtype=p.dtype) * 0.1)
        return module.to(self.device)

    def _structure(
        self, reference: torch.nn.Module, built: dict[str, Any], check: list[str]
    ) -> tuple[Verdict, str] | None:
        ref_params = {n: (tuple(p.shape), str(p.dtype), p.requires_grad) for n, p in reference.named_parameters()}
        ref_keys = list(reference.state_dict().keys())
        got_keys = list(built["parameters"]) + [n for n, (_, _, persistent) in built["buffers"].items() if persistent]
        missing = [k for k in ref_keys if k not in got_keys]
        unexpected = [k for k in got_keys if k not in ref_keys]
        if missing or unexpected:
            parts = [f"expected state_dict keys: {', '.join(ref_keys)}"]
            if missing:
                parts.append(f"missing: {', '.join(missing)}")
            if unexpected:
                parts.append(f"unexpected: {', '.join(unexpected)}")
            return Verdict.COMPILE_ERROR, "the module's parameters/buffers are not named as required; " + "; ".join(
                parts
            )
        for name, (shape, dtype, grad) in ref_params.items():
            got = built["parameters"].get(name)
            if got is None:
                return Verdict.COMPILE_ERROR, f"{name} must be an nn.Parameter, not a buffer"
            if tuple(got[0]) != shape:
                return Verdict.WRONG_ANSWER, f"parameter {name}: expected shape {shape}, got {tuple(got[0])}"
            if got[1] != dtype:
                return Verdict.WRONG_ANSWER, f"parameter {name}: expected dtype {dtype}, got {got[1]}"
            if got[2] != grad:
                return Verdict.WRONG_ANSWER, f"parameter {name}: expected requires_grad={grad}, got {got[2]}"
        ref_buffers = dict(reference.named_buffers())
        for name in check:
            if name not in built["buffer_values"]:
                return Verdict.COMPILE_ERROR, f"the module has no buffer named {name}"
            msg = compare(
                ref_buffers[name].to("cpu"),
                built["buffer_values"][name],
                self.spec.tolerance,
                f"buffer {name} right after construction",
            )
            if msg is not None:
                return Verdict.WRONG_ANSWER, msg
        return None

    def _checked_buffers(self, reference: torch.nn.Module | None) -> list[str]:
        """The reference's buffers that match the problem's `check_buffers` patterns."""
        assert self.spec.module is not None
        if reference is None:
            return []
        patterns = self.spec.module.check_buffers
        return [n for n, _ in reference.named_buffers() if any(fnmatch.fnmatchcase(n, p) for p in patterns)]

    def judge_module(self, entry: Entry) -> Verdict:
        assert self.spec.module is not None
        for case in self.cases(entry):
            init = case.test.init or {}
            shown = (
                {"inputs": f"{entry.name}({', '.join(f'{k}={v!r}' for k, v in init.items())})"} if case.visible else {}
            )
            reference = None if case.test.raises else self._reference_module(entry, case)
            checked = self._checked_buffers(reference)
            reply = self.ask({"op": "module_build", "entry": entry.name, "init": init, "check_buffers": checked})
            if case.test.raises:
                call = f"{entry.name}({', '.join(f'{k}={v!r}' for k, v in init.items())})"
                verdict = self._expect_raise(entry, case, reply, call, shown)
                if verdict != Verdict.ACCEPTED:
                    return verdict
                continue
            if not reply["ok"]:
                verdict, message = self._failure(reply)
                self.record(entry, case, verdict, message, **shown)
                return verdict
            assert reference is not None
            problem = self._structure(reference, reply, checked)
            if problem is None:
                loaded = self.ask({"op": "module_load", "state_dict": _to_cpu(reference.state_dict())})
                if not loaded["ok"]:
                    problem = (Verdict.COMPILE_ERROR, "load_state_dict(strict=True) failed: " + loaded["error"])
            if problem is not None:
                self.record(entry, case, problem[0], problem[1], **shown)
                return problem[0]
            verdict = self._module_forward(entry, case, reference, shown)
            if verdict != Verdict.ACCEPTED:
                return verdict
        return Verdict.ACCEPTED

    def _module_forward(self, entry: Entry, case: Case, reference: torch.nn.Module, shown: dict[str, Any]) -> Verdict:
        assert self.spec.module is not None
        kwargs = self._generate(entry, case)
        inputs = _clone(kwargs)
        grads = self.spec.module.gradients
        grad_output = None
        with torch.enable_grad():
            if grads:
                for value in inputs.values():
                    if isinstance(value, torch.Tensor) and value.is_floating_point():
                        value.requires_grad_(True)
            expected = reference(**inputs)
            if grads:
                g = torch.Generator().manual_seed(case.seed + 2)
                grad_output = torch.randn(expected.shape, generator=g, dtype=expected.dtype).to(self.device)
                expected.backward(grad_output)
        reply = self.ask({"op": "module_forward", "kwargs": _to_cpu(kwargs), "grad_output": _to_cpu(grad_output)})
        if case.visible:
            shown = {"inputs": shown.get("inputs", "") + "\nforward: " + show_kwargs(kwargs)}
        if not reply["ok"]:
            verdict, message = self._failure(reply)
            self.record(entry, case, verdict, message, **shown)
            return verdict
        tol = case.test.tolerance or entry.tolerance
        message = compare(_to_cpu(expected.detach()), reply["output"], tol, "forward output")
        if message is None and grads:
            for name, value in inputs.items():
                if isinstance(value, torch.Tensor) and value.grad is not None:
                    message = compare(_to_cpu(value.grad), reply["input_grads"].get(name), tol, f"gradient of {name}")
                    if message:
                        break
            for name, p in reference.named_parameters() if message is None else []:
                message = compare(_to_cpu(p.grad), reply["param_grads"].get(name), tol, f"gradient of {name}")
                if message:
                    break
        if case.visible:
            shown.update(expected=show(expected.detach()), got=show(reply["output"]))
        return self._settle(entry, case, message, reply, shown)

    # -- timing ------------------------------------------------------------------
    def timed_case(self, entry: Entry) -> Case | None:
        hidden = [c for c in self.cases(entry) if not c.visible and not c.test.raises]
        marked = [c for c in hidden if c.test.timed]
        return (marked or hidden[-1:] or [None])[-1]

    def _reference_time(self, fn: Callable[..., Any], sets: list[dict[str, Any]], budget: float) -> float:
        clock = Clock(self.device)
        guard = ForbiddenGuard([])  # the same interception overhead the user's calls pay

        def run_once(i: int) -> float:
            kwargs = _clone(sets[i % len(sets)])
            with guard, torch.inference_mode() if self.spec.no_autograd else nullcontext():
                return clock.time_call(lambda: fn(**kwargs))[1]

        threads = torch.get_num_threads()
        torch.set_num_threads(self.settings.torch_threads)  # as many as the child has
        try:
            return measure(run_once, budget_s=budget).median_ns
        finally:
            torch.set_num_threads(threads)

    def time_entry(self, entry: Entry, budget: float) -> tuple[Verdict, str, float, float] | None:
        """(verdict, message, user_ns, reference_ns) for the entry's timed test."""
        case = self.timed_case(entry)
        if case is None:
            return None
        sets = [self._generate(entry, case, timing_seed(case.seed, k)) for k in range(TIMING_SETS)]
        if self.spec.kind == "module":
            reference = self._reference_module(entry, case)
            built = self.ask(
                {"op": "module_build", "entry": entry.name, "init": case.test.init or {}, "check_buffers": []}
            )
            if not built["ok"]:
                return (*self._failure(built), 0.0, 0.0)
            self.ask({"op": "module_load", "state_dict": _to_cpu(reference.state_dict())})
            with torch.no_grad():
                expected = [reference(**_clone(s)) for s in sets]
            ref_fn: Callable[..., Any] = reference
            target = "__module__"
        else:
            expected = [self._reference(entry, s) for s in sets]
            ref_fn = getattr(self.ref, entry.reference)
            target = entry.name
        outs = None
        if self.language == "triton":
            outs = [_to_cpu(torch.full_like(e, float("nan"))) for e in expected]
        # Interleaved rounds, so a burst of load on a shared machine hits both sides alike.
        user_rounds: list[float] = []
        reference_rounds: list[float] = []
        payload = {"op": "time", "entry": target, "input_sets": [_to_cpu(s) for s in sets], "outs": outs}
        tol = case.test.tolerance or entry.tolerance
        for _ in range(TIMING_ROUNDS):
            reply = self.ask({**payload, "budget_s": budget / TIMING_ROUNDS})
            if not reply["ok"]:
                return (*self._failure(reply), 0.0, 0.0)
            for k, (exp, got) in enumerate(zip(expected, reply["outputs"], strict=True)):
                message = compare(_to_cpu(exp.detach() if isinstance(exp, torch.Tensor) else exp), got, tol)
                if message is not None:
                    where = f"{case.label}, repeated calls on fresh inputs (set {k + 1})"
                    return Verdict.WRONG_ANSWER, f"{where}: {message}", 0.0, 0.0
            user_rounds.append(reply["median_ns"])
            self.timing.repetitions += int(reply["reps"])
            reference_rounds.append(self._reference_time(ref_fn, sets, budget / TIMING_ROUNDS))
        # Load only ever adds time: each side keeps its calmest round's median.
        user_ns, reference_ns = min(user_rounds), min(reference_rounds)
        return Verdict.ACCEPTED, case.label, user_ns, reference_ns

    def apply_thresholds(self, results: list[tuple[Entry, tuple[Verdict, str, float, float]]]) -> dict[str, Verdict]:
        """Per-entry TOO_SLOW (or a failure found while timing)."""
        verdicts: dict[str, Verdict] = {}
        user = sum(r[2] for _, r in results)
        reference = sum(r[3] for _, r in results)
        if reference > 0:
            self.timing.user_ms, self.timing.reference_ms = user / 1e6, reference / 1e6
            self.timing.ratio = user / reference
        limit = self.spec.performance.slowdown_limit(self.device)
        self.timing.enforced = self.target != "triton-cpu"
        if not self.timing.enforced:
            self.timing.note = "Triton in interpreter mode on the CPU: timed for information, thresholds not applied"
        labels = []
        gpu_limit = self._gpu_limit()
        for entry, (verdict, label, user_ns, reference_ns) in results:
            labels.append(label)
            if verdict != Verdict.ACCEPTED:
                verdicts[entry.name] = verdict
                self.timing.note = label
                continue
            ratio = user_ns / reference_ns if reference_ns else 0.0
            slow = self.timing.enforced and ratio > limit
            if gpu_limit is not None and user_ns / 1e6 > gpu_limit:
                slow = True
            if slow:
                verdicts[entry.name] = Verdict.TOO_SLOW
                self.timing.note = (
                    f"{entry.name}: {user_ns / 1e6:.3f} ms vs the reference's "
                    f"{reference_ns / 1e6:.3f} ms ({ratio:.1f}x; allowed {limit:g}x"
                    + (f", or {gpu_limit:g} ms on this GPU" if gpu_limit is not None else "")
                    + ")"
                )
        if self.timing.enforced and not self.timing.note:
            self.timing.note = "timed on " + ", ".join(labels)
        return verdicts

    def _gpu_limit(self) -> float | None:
        if self.device != "cuda" or not self.spec.performance.gpu_ms:
            return None
        name = torch.cuda.get_device_name()
        for key, limit in self.spec.performance.gpu_ms.items():
            if key.lower() in name.lower():
                self.timing.gpu_limit_ms = limit
                return limit
        return None

    # -- the whole submission ----------------------------------------------------------
    def run(self) -> tuple[Verdict, str]:
        entries = self.spec.entries()
        kinds = [{"name": e.name, "kind": "class" if self.spec.kind == "module" else "function"} for e in entries]
        loaded = self.ask(
            {
                "op": "load",
                "code": self.code,
                "entries": kinds,
                "device": self.device,
                "language": self.language,
                "forbidden": self.spec.forbidden,
                "no_autograd": self.spec.no_autograd,
            }
        )
        if not loaded["ok"]:
            return Verdict.COMPILE_ERROR, loaded["error"]
        outcome: dict[str, Verdict] = {}
        for entry in entries:
            before = len(self.tests)
            outcome[entry.name] = self.judge_module(entry) if self.spec.kind == "module" else self.judge_calls(entry)
            ran = self.tests[before:]
            self.functions.append(
                FunctionResult(
                    entry.name,
                    outcome[entry.name],
                    sum(t.passed for t in ran),
                    len(ran),
                    next((t.message for t in ran if not t.passed), ""),
                )
            )
        if self.mode == "submit":
            accepted = [e for e in entries if outcome[e.name] == Verdict.ACCEPTED]
            budget = max(0.15, self.settings.timing_budget_s / max(1, len(accepted)))
            timed = [(e, r) for e in accepted if (r := self.time_entry(e, budget)) is not None]
            for name, verdict in self.apply_thresholds(timed).items():
                outcome[name] = verdict
                for f in self.functions:
                    if f.name == name:
                        f.verdict, f.message = verdict, self.timing.note
        # A wrong result says more than a slow one: correctness failures are reported first.
        failing = sorted(
            (f for f in self.functions if f.verdict != Verdict.ACCEPTED), key=lambda f: f.verdict == Verdict.TOO_SLOW
        )
        for f in failing[:1]:
            failed = next((t for t in self.tests if t.function in (None, f.name) and not t.passed), None)
            where = f" on {failed.name}" if failed else ""
            prefix = f"{f.name}: " if self.spec.kind == "multi" else ""
            return f.verdict, f"{prefix}{f.verdict.value}{where}: {f.message}"
        return Verdict.ACCEPTED, self._accepted_message()

    def _accepted_message(self) -> str:
        text = f"all {len(self.tests)} tests passed"
        if self.timing.ratio is not None:
            text += f"; {self.timing.ratio:.2f}x the reference's time"
            if self.timing.enforced:
                text += f" (allowed {self.timing.threshold:g}x)"
        return text


def _death(exit: ChildExit, corrupt: str | None) -> tuple[Verdict, str]:
    """Verdict for a child that died or was killed before judging finished."""
    if exit.reason == "wall":
        return Verdict.TIME_LIMIT_EXCEEDED, "the submission ran past its wall-clock limit"
    if exit.reason == "tasks":
        return Verdict.RUNTIME_ERROR, "your code started too many processes or threads"
    if exit.reason == "channel":
        corrupt = corrupt or "bytes that answer no request"
    if exit.reason == "memory":
        return Verdict.MEMORY_LIMIT_EXCEEDED, f"the process used {_mb(exit.peak_rss_bytes)} of memory, over its limit"
    code = exit.returncode
    if code is not None and code < 0:
        sig = signal.Signals(-code)
        if sig == signal.SIGXCPU:
            return Verdict.TIME_LIMIT_EXCEEDED, "the submission used up its CPU-time limit"
        if sig == signal.SIGXFSZ:
            return Verdict.RUNTIME_ERROR, "your code wrote a file larger than the file-size limit"
        return Verdict.RUNTIME_ERROR, f"the process was killed by signal {sig.name}"
    if corrupt:
        return Verdict.RUNTIME_ERROR, "the judge's result channel received bytes it did not expect (was it written to?)"
    return Verdict.RUNTIME_ERROR, f"the process exited during judging (exit status {code})"


def judge_code(
    problem: Problem,
    code: str,
    *,
    language: str,
    mode: str = "submit",
    device: str | None = None,
    settings: JudgeSettings,
    pool: WarmPool | None = None,
) -> JudgeResult:
    """Judge one submission. Raises JudgeError only when the judge itself cannot run.

    `pool`: the warm pool whose zygote forks the sandboxed child (else a cold start).
    """
    started = time.monotonic()
    if language not in problem.languages:
        raise UsageError(f"{problem.slug} is offered in {', '.join(problem.languages)}, not {language!r}")
    if mode not in ("run", "submit"):
        raise UsageError(f"unknown mode {mode!r}: use run or submit")
    resolved = settings.resolve_device(device)
    judging = Judging(problem, code, language, mode, resolved, settings)
    limits = problem.spec.limits
    env = {"TRITON_INTERPRET": "1"} if language == "triton" and resolved == "cpu" else {}
    env["TENSORDOJO_CHILD_THREADS"] = str(settings.torch_threads)
    child, plan = launch(
        wall_seconds=limits.wall_seconds,
        memory_bytes=limits.memory_mb * 2**20,
        output_limit=settings.output_limit_bytes,
        env=env,
        settings=settings,
        pool=pool,
    )
    judging.child = child
    try:
        verdict, message = judging.run()
    except _Stop:
        verdict, message = Verdict.INTERNAL_ERROR, ""
    except JudgeError:
        child.close()
        raise
    exit = child.close()
    if verdict == Verdict.INTERNAL_ERROR or exit.reason is not None:
        verdict, message = _death(exit, judging.corrupt)
    device_name = "cpu" if resolved == "cpu" else f"cuda:{torch.cuda.get_device_name()}"
    memory: dict[str, Any] = {"peak_extra_bytes": judging.peak_extra}
    if problem.spec.performance.max_extra_memory_mb is not None:
        memory["limit_bytes"] = int(problem.spec.performance.max_extra_memory_mb * 2**20)
    result = JudgeResult(
        verdict=verdict,
        message=message,
        problem=problem.slug,
        language=language,
        mode=mode,
        device=device_name,
        tests=judging.tests,
        functions=judging.functions if problem.kind == "multi" else [],
        timing=judging.timing,
        memory=memory,
        sandbox={"layers": plan.applied, "degraded": plan.degraded},
        stdout=exit.output,
        judge_ms=(time.monotonic() - started) * 1000,
    )
    log.info(
        "judged %s (%s, %s, %s): %s in %.0f ms",
        problem.slug,
        language,
        mode,
        device_name,
        verdict.value,
        result.judge_ms,
    )
    return result
