"""What every part of judging one submission shares: the problem and its code, the
plan, the link to the child, and the test results recorded so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from runner import protocol as p
from runner.bank import Problem
from runner.compare import compare
from runner.config import JudgeSettings
from runner.judge.link import Link, failure_verdict
from runner.judge.plan import Case, Plan
from runner.judge.problem_code import ProblemCode
from runner.problem import Entry, Tolerance
from runner.values import to_device
from runner.verdicts import TestResult, Verdict


def mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


@dataclass
class Judging:
    problem: Problem
    code: ProblemCode
    plan: Plan
    link: Link
    language: str
    settings: JudgeSettings
    tests: list[TestResult] = field(default_factory=list)
    peak_extra: int = 0  # largest extra memory of one call so far, bytes

    @property
    def device(self) -> str:
        return self.link.device

    @property
    def spec(self) -> Any:
        return self.problem.spec

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

    def expect_raise(self, entry: Entry, case: Case, reply: p.Reply, call: str, shown: dict[str, Any]) -> Verdict:
        """A test whose contract is an exception: returning normally is a wrong answer."""
        wanted = case.test.raises
        assert wanted is not None
        if not isinstance(reply, p.Failure):
            verdict, message = Verdict.WRONG_ANSWER, f"{call} should raise {wanted}, but returned normally"
        elif reply.kind == "error" and wanted in reply.exc_types:
            verdict, message = Verdict.ACCEPTED, ""
        else:
            verdict, message = failure_verdict(reply)
            if verdict == Verdict.RUNTIME_ERROR and reply.kind == "error":
                verdict, message = Verdict.WRONG_ANSWER, f"{call} should raise {wanted}, but raised:\n{message}"
        self.record(entry, case, verdict, message, **shown)
        return verdict

    def check_memory(self, peak: int | None) -> str | None:
        if peak is None:
            return None
        self.peak_extra = max(self.peak_extra, peak)
        limit = self.spec.performance.max_extra_memory_mb
        if limit is not None and peak > limit * 2**20:
            return f"peak extra memory {mib(peak)} during the call; allowed {mib(limit * 2**20)}"
        return None

    def settle(self, entry: Entry, case: Case, mismatch: str | None, reply: p.Called, shown: dict[str, Any]) -> Verdict:
        """Record a call that returned: wrong, over its memory, or accepted."""
        verdict, message = Verdict.ACCEPTED, ""
        if mismatch is not None:
            verdict, message = Verdict.WRONG_ANSWER, mismatch
        elif (memory := self.check_memory(reply.peak_extra_bytes)) is not None:
            verdict, message = Verdict.MEMORY_LIMIT_EXCEEDED, memory
        self.record(entry, case, verdict, message, time_ms=reply.time_ns / 1e6, **shown)
        return verdict

    def mismatch(self, entry: Entry, inputs: dict[str, Any], got: Any, expected: Any, tol: Tolerance,
                 what: str = "output") -> str | None:
        """Why `got` is not the expected result (the problem's own checker when it has one)."""
        if isinstance(got, dict) and "__unsupported__" in got and len(got) == 1:
            return f"{entry.name} returned a {got['__unsupported__']}; expected a tensor or plain values"
        expected = to_device(expected, "cpu") if isinstance(expected, (torch.Tensor, dict, list, tuple)) else expected
        if self.code.has_check(entry):
            return self.code.check(entry, to_device(inputs, "cpu"), got, expected)
        return compare(expected, got, tol, what)
