"""Verdict strings and the result records the judge returns.

The strings are a public contract (API, CLI JSON, database): see docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    ACCEPTED = "ACCEPTED"
    WRONG_ANSWER = "WRONG_ANSWER"
    TOO_SLOW = "TOO_SLOW"
    TIME_LIMIT_EXCEEDED = "TIME_LIMIT_EXCEEDED"
    MEMORY_LIMIT_EXCEEDED = "MEMORY_LIMIT_EXCEEDED"
    RUNTIME_ERROR = "RUNTIME_ERROR"
    COMPILE_ERROR = "COMPILE_ERROR"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class SubmissionState(StrEnum):
    """States a submission passes through before it has a verdict."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"



@dataclass
class TestResult:
    """One call of the user's code (or one module check) and how it went."""

    name: str  # test name from problem.yaml ("example: two rows", "hidden #3")
    passed: bool
    verdict: Verdict  # ACCEPTED when passed, else why this test failed
    message: str = ""  # what a learner can act on; empty when passed
    time_ms: float | None = None  # duration of the checked call
    visible: bool = False  # an example: inputs and outputs may be shown
    function: str | None = None  # multi kind: which function this test belongs to
    inputs: str | None = None  # abbreviated inputs (visible examples only)
    expected: str | None = None  # abbreviated expected output (visible only)
    got: str | None = None  # abbreviated output of the user's code (visible only)


@dataclass
class Timing:
    """User time against the reference, measured in the same run on the same device."""

    user_ms: float | None = None  # a user call's typical time (lower quartile; bounded by the judge's clock)
    reference_ms: float | None = None  # a reference call's typical time, in the same pairs
    ratio: float | None = None  # user_ms / reference_ms
    ratio_low: float | None = None  # its 95% interval
    ratio_high: float | None = None
    precision: float | None = None  # the interval's relative half-width (0.02: about ±2%)
    threshold: float | None = None  # max_slowdown_vs_reference in force
    enforced: bool = False  # False where the threshold is not applied (see note)
    note: str = ""  # why not enforced, which test was timed, or why it was too slow
    stopped: str = ""  # why timing stopped (settled, budget spent, ...)
    inputs: str = ""  # how each timed call got fresh inputs
    repetitions: int = 0  # timed calls of the user's code (pairs with the reference)
    gpu_limit_ms: float | None = None  # absolute limit for the named GPU, if any


@dataclass
class FunctionResult:
    """Multi kind: one named function's share of the submission."""

    name: str
    verdict: Verdict
    passed: int  # tests passed
    total: int  # tests run for this function
    message: str = ""


@dataclass
class JudgeResult:
    """Everything the judge decided about one submission."""

    verdict: Verdict
    message: str
    problem: str
    language: str
    mode: str  # "run" (visible examples) or "submit" (hidden tests + thresholds)
    device: str  # "cpu" or "cuda:<GPU name>"
    tests: list[TestResult] = field(default_factory=list)
    functions: list[FunctionResult] = field(default_factory=list)
    timing: Timing = field(default_factory=Timing)
    memory: dict[str, Any] = field(default_factory=dict)  # peak_extra_bytes, limit_bytes
    sandbox: dict[str, Any] = field(default_factory=dict)  # layers in force, degraded ones
    stdout: str = ""  # what the user's code printed (cut at 64 KiB)
    judge_ms: float = 0.0  # wall time of the whole judging
    retry: bool = False  # an INTERNAL_ERROR another attempt may not meet (the sandbox's engine went away)

    @property
    def score(self) -> float:
        """Fraction of functions accepted (multi kind) or 0/1."""
        if self.functions:
            ok = sum(f.verdict == Verdict.ACCEPTED for f in self.functions)
            return ok / len(self.functions)
        return 1.0 if self.verdict == Verdict.ACCEPTED else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = self.score
        return data
