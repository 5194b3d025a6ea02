"""From per-entry outcomes to one verdict and its message: thresholds on the timed
ratios, correctness before speed, and what a child's death means."""

from __future__ import annotations

import signal

import torch

from runner.judge.context import mib
from runner.judge.timed import EntryTiming
from runner.problem import ProblemSpec
from runner.sandbox.child import ChildExit
from runner.verdicts import FunctionResult, TestResult, Timing, Verdict


def gpu_limit_ms(spec: ProblemSpec, device: str) -> float | None:
    """An absolute limit for this GPU's model, where the problem names one."""
    if device != "cuda" or not spec.performance.gpu_ms:
        return None
    name = torch.cuda.get_device_name().lower()
    return next((limit for key, limit in spec.performance.gpu_ms.items() if key.lower() in name), None)


def apply_timing(timing: Timing, results: list[EntryTiming], spec: ProblemSpec, device: str,
                 enforced: bool) -> dict[str, tuple[Verdict, str]]:
    """Fill in `timing`; the entries that are TOO_SLOW (or failed while timed), and why."""
    failed: dict[str, tuple[Verdict, str]] = {}
    timing.enforced = enforced
    timing.gpu_limit_ms = gpu_limit_ms(spec, device)
    if not enforced:
        timing.note = "Triton in interpreter mode on the CPU: timed for information, thresholds not applied"
    measured = [r for r in results if r.verdict == Verdict.ACCEPTED and r.estimate is not None]
    timing.stopped = "; ".join(r.stop_reason for r in results if r.estimate is None and r.stop_reason)
    for r in results:
        if r.verdict != Verdict.ACCEPTED:
            failed[r.entry] = (r.verdict, r.message)
    if not measured:
        return failed
    user, reference = sum(r.user_ns for r in measured), sum(r.reference_ns for r in measured)
    timing.user_ms, timing.reference_ms = user / 1e6, reference / 1e6
    if len(measured) == 1:
        est = measured[0].estimate
        assert est is not None
        timing.ratio, timing.ratio_low, timing.ratio_high = est.ratio, est.low, est.high
        timing.precision = est.precision
    else:  # several functions: the ratio of the summed medians
        timing.ratio = user / reference if reference else None
    timing.stopped = "; ".join(f"{r.entry}: {r.stop_reason}" if len(results) > 1 else r.stop_reason
                               for r in measured)
    timing.inputs = "; ".join(dict.fromkeys(r.inputs for r in measured))
    timing.repetitions = sum(r.pairs for r in measured)
    limit = timing.threshold or 0.0
    for r in measured:
        assert r.estimate is not None
        slow = enforced and r.estimate.ratio > limit
        if timing.gpu_limit_ms is not None and r.user_ns / 1e6 > timing.gpu_limit_ms:
            slow = True
        if slow:
            timing.note = (
                f"{r.entry}: {r.user_ns / 1e6:.3f} ms vs the reference's {r.reference_ns / 1e6:.3f} ms "
                f"({r.estimate.ratio:.1f}x, 95% interval {r.estimate.low:.1f}x-{r.estimate.high:.1f}x; "
                f"allowed {limit:g}x"
                + (f", or {timing.gpu_limit_ms:g} ms on this GPU" if timing.gpu_limit_ms is not None else "")
                + ")"
            )
            failed[r.entry] = (Verdict.TOO_SLOW, timing.note)
    if enforced and not timing.note:
        timing.note = "timed on " + ", ".join(r.label for r in measured)
    return failed


def decide(functions: list[FunctionResult], tests: list[TestResult], multi: bool,
           timing: Timing) -> tuple[Verdict, str]:
    """One verdict: a wrong result says more than a slow one, so correctness comes first."""
    failing = sorted((f for f in functions if f.verdict != Verdict.ACCEPTED),
                     key=lambda f: f.verdict == Verdict.TOO_SLOW)
    for f in failing[:1]:
        failed = next((t for t in tests if t.function in (None, f.name) and not t.passed), None)
        where = f" on {failed.name}" if failed else ""
        prefix = f"{f.name}: " if multi else ""
        return f.verdict, f"{prefix}{f.verdict.value}{where}: {f.message}"
    text = f"all {len(tests)} tests passed"
    if timing.ratio is not None:
        text += f"; {timing.ratio:.2f}x the reference's time"
        if timing.precision is not None:
            text += f" (±{timing.precision:.0%})"
        if timing.enforced:
            text += f", allowed {timing.threshold:g}x"
    return Verdict.ACCEPTED, text


def death(exit: ChildExit, corrupt: str | None) -> tuple[Verdict, str]:
    """Verdict for a child that died or was killed before judging finished."""
    if exit.reason == "wall":
        return Verdict.TIME_LIMIT_EXCEEDED, "the submission ran past its wall-clock limit"
    if exit.reason == "tasks":
        return Verdict.RUNTIME_ERROR, "your code started too many processes or threads"
    if exit.reason == "channel":
        corrupt = corrupt or "bytes that answer no request"
    if exit.reason == "oom":
        return Verdict.MEMORY_LIMIT_EXCEEDED, ("the submission's processes ran out of the sandbox container's memory "
                                               "(the kernel killed them), over the limit")
    if exit.reason == "memory":
        return Verdict.MEMORY_LIMIT_EXCEEDED, (f"the submission's processes used {mib(exit.peak_rss_bytes)} of memory "
                                               "(beyond what the sandbox held before your code ran), over the limit")
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
