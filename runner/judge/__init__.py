"""The trusted side of judging one submission (docs/architecture.md tells the whole path).

`plan` picks the tests, `problem_code` wraps every call into the problem's reference,
`function` and `module` check correctness, `timed` times an entry against the
reference, `verdict` turns outcomes into one verdict, and `link` talks to the child.
The reference, the expected outputs and the hidden seeds stay in this process; the
child only ever receives inputs.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import torch

from runner import protocol as p
from runner.bank import Problem
from runner.config import JudgeSettings
from runner.errors import ProblemFormatError, UsageError
from runner.judge.context import Judging
from runner.judge.function import judge_calls
from runner.judge.link import ChildGone, Link, failure_verdict
from runner.judge.module import judge_module
from runner.judge.plan import Plan
from runner.judge.problem_code import ProblemCode, ProblemError
from runner.judge.timed import EntryTimer
from runner.judge.verdict import apply_timing, death, decide
from runner.sandbox import gpu
from runner.sandbox.backend import SandboxPool, SandboxUnavailable
from runner.sandbox.launch import launch
from runner.verdicts import FunctionResult, JudgeResult, Timing, Verdict

log = logging.getLogger(__name__)


def _tampered(judging: Judging) -> tuple[Verdict, str] | None:
    """Whether the user's code patched what the harness's numbers rest on."""
    reply = judging.link.ask(p.Verify())
    return failure_verdict(reply) if isinstance(reply, p.Failure) else None


def _judge(judging: Judging, code: str, timing: Timing, functions: list[FunctionResult]) -> tuple[Verdict, str]:
    """Load the code, run every entry's tests, time what passed; the verdict."""
    spec = judging.spec
    entries = spec.entries()
    prepared = judging.link.ask(p.Prepare(judging.device, judging.language, judging.settings.gpu_memory_fraction))
    if isinstance(prepared, p.Failure):
        verdict, message = failure_verdict(prepared)
        return verdict, "\n".join([message, *(gpu.notes() if judging.device == "cuda" else [])])
    judging.link.child.set_baseline()  # what the child holds before any user code: not the submission's memory
    judging.link.calibrate()  # before any user code exists in the child
    kinds = [(e.name, "class" if spec.kind == "module" else "function") for e in entries]
    kinds += [(r.name, "function") for r in spec.requires]
    driver = (spec.driver, judging.problem.driver_source) if spec.driver is not None else None
    loaded = judging.link.ask(p.Load(code, kinds, spec.forbidden_for(judging.language), spec.no_autograd,
                                     spec.forbidden_modules, driver))
    if isinstance(loaded, p.Failure):
        return Verdict.COMPILE_ERROR, loaded.message
    for entry in entries:
        before = len(judging.tests)
        verdict = judge_module(judging, entry) if spec.kind == "module" else judge_calls(judging, entry)
        ran = judging.tests[before:]
        message = next((t.message for t in ran if not t.passed), "")
        functions.append(FunctionResult(entry.name, verdict, sum(t.passed for t in ran), len(ran), message))
    if (tampered := _tampered(judging)) is not None:
        return tampered
    if judging.plan.submit:
        accepted = [e for e, f in zip(entries, functions, strict=True) if f.verdict == Verdict.ACCEPTED]
        enforced = judging.plan.target != "triton-cpu"
        budget = max(0.15, judging.settings.timing_budget_s / max(1, len(accepted)))
        threshold = timing.threshold if enforced else None
        timed = [r for e in accepted if (r := EntryTimer(judging, e, budget, threshold).run()) is not None]
        for name, (verdict, message) in apply_timing(timing, timed, spec, judging.device, enforced).items():
            for f in functions:
                if f.name == name:
                    f.verdict, f.message = verdict, message
        if (tampered := _tampered(judging)) is not None:
            return tampered
    return decide(functions, judging.tests, spec.kind == "multi", timing)


ENGINE_GONE = ("the sandbox's container engine stopped answering while the submission ran (the judge's fault, "
               "not your code's: it is judged again)")


def _engine_answers(pool: SandboxPool | None, settings: JudgeSettings) -> bool:
    """Asked when the child died with no limit broken: a container backend whose engine
    went away took it down, which is no verdict on the code."""
    if pool is not None:
        return pool.healthy()
    if settings.sandbox != "container":
        return True
    from runner.sandbox.engine import Engine

    try:
        return Engine(settings.container_engine).ping()
    except OSError:
        return False


def judge_code(
    problem: Problem,
    code: str,
    *,
    language: str,
    mode: str = "submit",
    device: str | None = None,
    settings: JudgeSettings,
    pool: SandboxPool | None = None,
) -> JudgeResult:
    """Judge one submission. Raises UsageError for an impossible request; every other
    outcome, a broken problem included (INTERNAL_ERROR), is a result.

    `pool`: the warm pool whose zygote forks the sandboxed child (else a cold start, or
    with the container backend a container started for this submission alone)."""
    started = time.monotonic()
    if language not in problem.languages:
        raise UsageError(f"{problem.slug} is offered in {', '.join(problem.languages)}, not {language!r}")
    if mode not in ("run", "submit"):
        raise UsageError(f"unknown mode {mode!r}: use run or submit")
    resolved = settings.resolve_device(device)
    timing = Timing(threshold=problem.spec.performance.slowdown_limit(resolved))
    result = JudgeResult(verdict=Verdict.INTERNAL_ERROR, message="", problem=problem.slug, language=language,
                         mode=mode, device="cpu" if resolved == "cpu" else f"cuda:{torch.cuda.get_device_name()}",
                         timing=timing)
    try:
        reference = ProblemCode(problem)
    except ProblemFormatError as exc:
        result.message = str(exc)
        return result
    limits = problem.spec.limits
    env = {"TRITON_INTERPRET": "1"} if language == "triton" and resolved == "cpu" else {}
    env["TENSORDOJO_CHILD_THREADS"] = str(settings.torch_threads)
    try:
        child, sandbox = launch(wall_seconds=limits.wall_seconds, memory_bytes=limits.memory_mb * 2**20,
                                output_limit=settings.output_limit_bytes, env=env, settings=settings, pool=pool)
    except SandboxUnavailable as exc:
        log.error("no sandbox for %s: %s", problem.slug, exc)
        result.message, result.retry = f"{exc} (the judge's fault, not your code's: it is judged again)", True
        return result
    link = Link(child, resolved)
    judging = Judging(problem, reference, Plan(problem.slug, f"{language}-{resolved}", mode == "submit",
                                               settings.secret_bytes()), link, language, settings)
    functions: list[FunctionResult] = []
    broken = False  # an INTERNAL_ERROR whose message already says what failed
    try:
        verdict, message = _judge(judging, code, timing, functions)
        broken = verdict == Verdict.INTERNAL_ERROR  # the sandbox's own set-up failed
    except ChildGone:
        verdict, message = Verdict.INTERNAL_ERROR, ""
    except ProblemError as exc:
        verdict, message, broken = Verdict.INTERNAL_ERROR, str(exc), True
        log.error("problem %s is broken: %s", problem.slug, exc)
    finally:
        link.close()
        exit = child.close()
    if not broken and verdict == Verdict.INTERNAL_ERROR and exit.reason is None and not _engine_answers(pool, settings):
        verdict, message, broken = Verdict.INTERNAL_ERROR, ENGINE_GONE, True
        result.retry = True
    if not broken and (verdict == Verdict.INTERNAL_ERROR or exit.reason is not None):
        verdict, message = death(exit, link.corrupt)
    memory: dict[str, Any] = {"peak_extra_bytes": judging.peak_extra}
    if problem.spec.performance.max_extra_memory_mb is not None:
        memory["limit_bytes"] = int(problem.spec.performance.max_extra_memory_mb * 2**20)
    result.verdict, result.message = verdict, message
    result.tests = judging.tests
    result.functions = functions if problem.kind == "multi" else []
    result.memory = memory
    result.sandbox = {"layers": sandbox.applied, "degraded": sandbox.degraded + child.notes}
    result.stdout = exit.output
    result.judge_ms = (time.monotonic() - started) * 1000
    log.info("judged %s (%s, %s, %s): %s in %.0f ms", problem.slug, language, mode, result.device,
             verdict.value, result.judge_ms)
    return result
