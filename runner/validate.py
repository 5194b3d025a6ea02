"""`problems validate`: a problem folder is complete and consistent, every shipped
solution gets the verdict it expects, and no starter passes.

Static checks come first (they cost nothing and explain most broken folders):
the Notes section, the editorial, defaults restated in problem.yaml, placeholders
left by `problems new`, and starters whose parameters differ from the signature.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from runner import conventions as names
from runner.bank import Problem, load_problem
from runner.config import JudgeSettings
from runner.errors import JudgeError
from runner.judge import judge_code
from runner.problem import restated_defaults
from runner.sandbox.backend import SandboxPool
from runner.scaffold import PLACEHOLDER
from runner.verdicts import Verdict


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
    default = _default_language(problem)
    found: list[Expectation] = []
    for path in sorted((problem.root / names.ACCEPTED_DIR).glob("*.py")):
        found.append(Expectation(path, Verdict.ACCEPTED, names.language_of_solution(path.name, default)))
    for path in sorted((problem.root / names.REJECTED_DIR).glob("*.py")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        match = names.EXPECT_LINE.match(first[0]) if first else None
        if match is None:
            raise JudgeError(f"{path}:1: first line must be '# expect: VERDICT' (e.g. WRONG_ANSWER)")
        try:
            verdict = Verdict(match["verdict"])
        except ValueError:
            raise JudgeError(f"{path}:1: unknown verdict {match['verdict']!r}") from None
        opts = dict(o.split("=") for o in match["opts"].split())
        unknown = sorted(set(opts) - set(names.EXPECT_OPTIONS))
        if unknown:
            raise JudgeError(f"{path}:1: unknown option {unknown[0]!r} (allowed: {', '.join(names.EXPECT_OPTIONS)})")
        language = opts.get("language") or names.language_of_solution(path.name, default)
        found.append(Expectation(path, verdict, language, opts.get("device")))
    return found


def _default_language(problem: Problem) -> str:
    return "pytorch" if "pytorch" in problem.languages else problem.languages[0]


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, *, method: bool) -> list[str]:
    args = function.args
    found = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    return found[1:] if method and found else found


def _defined(tree: ast.Module, name: str) -> ast.AST | None:
    return next(
        (n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name), None
    )


def _entry_points(problem: Problem) -> list[tuple[str, list[str] | None]]:
    """The names a starter must define, with the parameters they must take (None where a
    driver, not the signature, says how the entry is called)."""
    driven = problem.spec.driver is not None
    found: list[tuple[str, list[str] | None]] = [(e.name, None if driven else list(e.signature))
                                                 for e in problem.spec.entries()]
    return found + [(r.name, list(r.signature)) for r in problem.spec.requires]


def starter_signature_problems(problem: Problem) -> list[str]:
    """Each starter defines every entry with exactly the signature's parameters
    (`out` too in Triton starters), so the learner starts from the real contract."""
    found: list[str] = []
    for language, code in problem.starters.items():
        path = problem.root / names.STARTERS_DIR / names.STARTER_FILES[language]
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            found.append(f"{path}:{exc.lineno}: the starter does not parse: {exc.msg}")
            continue
        for name, signature in _entry_points(problem):
            node = _defined(tree, name)
            if node is None:
                found.append(f"{path}: defines no {name}")
                continue
            if signature is None:
                continue
            if isinstance(node, ast.ClassDef):
                forward = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "forward"), None)
                if forward is None:
                    found.append(f"{path}: class {name} has no forward method")
                    continue
                got = _parameters(forward, method=True)
            else:
                got = _parameters(node, method=False)  # type: ignore[arg-type]
            wanted = signature + (["out"] if language == "triton" and problem.kind != "module" else [])
            if sorted(got) != sorted(wanted):
                found.append(
                    f"{path}:{node.lineno}: {name} takes ({', '.join(got)}); "
                    f"problem.yaml's signature says ({', '.join(wanted)})"
                )
    return found


def static_problems(problem: Problem) -> list[str]:
    """Everything wrong with the folder that needs no judging to find."""
    root = problem.root
    found: list[str] = []
    if names.NOTES_HEADING not in problem.statement:
        found.append(f"{root / names.STATEMENT_FILE}: needs a '{names.NOTES_HEADING}' section")
    editorial = root / names.EDITORIAL_FILE
    if not editorial.is_file() or not editorial.read_text(encoding="utf-8").strip():
        found.append(f"{editorial}: missing (the approach, an annotated solution, its cost, why mistakes fail)")
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".py", ".yaml")):
        if PLACEHOLDER in path.read_text(encoding="utf-8", errors="replace"):
            found.append(f"{path}: still holds '{PLACEHOLDER}' placeholders from `problems new`")
    found += restated_defaults(root / names.PROBLEM_FILE)
    found += starter_signature_problems(problem)
    if not list((root / names.ACCEPTED_DIR).glob("*.py")):
        found.append(f"{root / names.ACCEPTED_DIR}: needs at least one accepted solution")
    return found


def validate(folder: Path, settings: JudgeSettings, device: str | None = None,
             pool: SandboxPool | None = None) -> Report:
    report = Report(folder.name)
    try:
        problem = load_problem(folder)
        problem.reference_module()
        cases = expectations(problem)
    except JudgeError as exc:
        report.problems.append(str(exc))
        return report
    report.problems += static_problems(problem)
    if report.problems:
        return report  # judging an incomplete folder would only add noise
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
            report.problems.append(f"{folder / names.STARTERS_DIR}/{language}.py: the starter passes the examples")
        else:
            report.checked.append(f"starters/{language}.py: {result.verdict.value} (does not pass)")
    return report
