"""`problems validate`: a problem folder loads, and every shipped solution gets the
verdict it expects; the starter must not pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from runner.bank import Problem, load_problem
from runner.config import JudgeSettings
from runner.errors import JudgeError
from runner.judge import judge_code
from runner.sandbox import WarmPool
from runner.verdicts import Verdict

EXPECT = re.compile(r"^#\s*expect:\s*(?P<verdict>[A-Z_]+)(?P<opts>(\s+\w+=\w+)*)\s*$")


@dataclass
class Expectation:
    path: Path
    verdict: Verdict
    language: str
    device: str | None = None  # None: the judge's default device


@dataclass
class Report:
    slug: str
    problems: list[str] = field(default_factory=list)  # what is wrong, one line each
    checked: list[str] = field(default_factory=list)  # what passed, one line each

    @property
    def ok(self) -> bool:
        return not self.problems


def expectations(problem: Problem) -> list[Expectation]:
    """Every shipped solution with its expected verdict, language and device."""
    found: list[Expectation] = []
    for path in sorted((problem.root / "solutions" / "accepted").glob("*.py")):
        language = "triton" if path.name.startswith("triton_") else _default_language(problem)
        found.append(Expectation(path, Verdict.ACCEPTED, language))
    for path in sorted((problem.root / "solutions" / "rejected").glob("*.py")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        match = EXPECT.match(first[0]) if first else None
        if match is None:
            raise JudgeError(f"{path}:1: first line must be '# expect: VERDICT' (e.g. WRONG_ANSWER)")
        try:
            verdict = Verdict(match["verdict"])
        except ValueError:
            raise JudgeError(f"{path}:1: unknown verdict {match['verdict']!r}") from None
        opts = dict(o.split("=") for o in match["opts"].split())
        language = opts.get("language") or ("triton" if path.name.startswith("triton_") else _default_language(problem))
        found.append(Expectation(path, verdict, language, opts.get("device")))
    return found


def _default_language(problem: Problem) -> str:
    return "pytorch" if "pytorch" in problem.languages else problem.languages[0]


def validate(folder: Path, settings: JudgeSettings, device: str | None = None, pool: WarmPool | None = None) -> Report:
    report = Report(folder.name)
    try:
        problem = load_problem(folder)
        problem.reference_module()
        cases = expectations(problem)
    except JudgeError as exc:
        report.problems.append(str(exc))
        return report
    statement = problem.statement
    if "## Notes" not in statement:
        report.problems.append(f"{folder / 'statement.md'}: needs a '## Notes' section")
    if not any(c.verdict == Verdict.ACCEPTED for c in cases):
        report.problems.append(f"{folder / 'solutions/accepted'}: needs at least one accepted solution")
    resolved = settings.resolve_device(device)
    for case in cases:
        if case.device is not None and case.device != resolved:
            continue
        if case.language not in problem.languages:
            report.problems.append(f"{case.path}: language {case.language} is not offered by the problem")
            continue
        result = judge_code(
            problem,
            case.path.read_text(encoding="utf-8"),
            language=case.language,
            mode="submit",
            device=resolved,
            settings=settings,
            pool=pool,
        )
        line = f"{case.path.relative_to(folder)} [{case.language}]: {result.verdict.value}"
        if result.verdict != case.verdict:
            report.problems.append(
                f"{case.path}: expected {case.verdict.value}, got {result.verdict.value}: {result.message}"
            )
        else:
            report.checked.append(line + (f" ({result.timing.ratio:.2f}x)" if result.timing.ratio else ""))
    for language, starter in problem.starters.items():
        result = judge_code(
            problem, starter, language=language, mode="run", device=resolved, settings=settings, pool=pool
        )
        if result.verdict == Verdict.ACCEPTED:
            report.problems.append(f"{folder / 'starters'}/{language}.py: the starter passes the examples")
        else:
            report.checked.append(f"starters/{language}.py: {result.verdict.value} (does not pass)")
    return report
