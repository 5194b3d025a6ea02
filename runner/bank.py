"""The problem bank: folders under problems/ loaded into `Problem` objects."""

from __future__ import annotations

import importlib.util
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from runner import conventions as names
from runner.errors import ProblemFormatError
from runner.problem import ProblemSpec, load_spec

log = logging.getLogger(__name__)


@dataclass
class Problem:
    """One loaded problem folder; the reference module is imported on first use."""

    slug: str  # folder name: the public contract
    root: Path  # the folder
    spec: ProblemSpec  # problem.yaml
    statement: str  # statement.md (Markdown, ends with "## Notes")
    starters: dict[str, str]  # language -> starter code
    driver_source: str | None = None  # driver.py, where problem.yaml names a driver
    _reference: ModuleType | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def difficulty(self) -> str:
        return self.spec.difficulty

    @property
    def topics(self) -> list[str]:
        return self.spec.topics

    @property
    def languages(self) -> list[str]:
        return list(self.spec.languages)

    @property
    def kind(self) -> str:
        return self.spec.kind

    def reference_module(self) -> ModuleType:
        """Import reference.py under a private name (trusted side only)."""
        if self._reference is None:
            path = self.root / names.REFERENCE_FILE
            name = f"_tensordojo_reference_{self.slug.replace('-', '_')}"
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise ProblemFormatError(f"{path}: cannot be imported")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module  # classes defined there must be picklable
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                sys.modules.pop(name, None)
                raise ProblemFormatError(f"{path}: import failed: {type(exc).__name__}: {exc}") from exc
            self._reference = module
        return self._reference


def load_problem(folder: Path) -> Problem:
    """Load one folder; raises ProblemFormatError naming the file at fault."""
    spec = load_spec(folder / names.PROBLEM_FILE)
    statement_path = folder / names.STATEMENT_FILE
    if not statement_path.is_file():
        raise ProblemFormatError(f"{statement_path}: missing")
    if not (folder / names.REFERENCE_FILE).is_file():
        raise ProblemFormatError(f"{folder / names.REFERENCE_FILE}: missing")
    starters: dict[str, str] = {}
    for language in spec.languages:
        path = folder / names.STARTERS_DIR / names.STARTER_FILES[language]
        if not path.is_file():
            raise ProblemFormatError(f"{path}: missing starter for language '{language}'")
        starters[language] = path.read_text(encoding="utf-8")
    driver = None
    if spec.driver is not None:
        path = folder / names.DRIVER_FILE
        if not path.is_file():
            raise ProblemFormatError(f"{path}: missing (problem.yaml names the driver {spec.driver!r})")
        driver = path.read_text(encoding="utf-8")
    return Problem(
        slug=folder.name,
        root=folder,
        spec=spec,
        statement=statement_path.read_text(encoding="utf-8"),
        starters=starters,
        driver_source=driver,
    )


@dataclass
class ProblemBank:
    problems: dict[str, Problem]  # slug -> problem, sorted by slug
    errors: list[str]  # folders that failed to load, one message each

    def get(self, slug: str) -> Problem | None:
        return self.problems.get(slug)


def load_bank(problems_dir: Path) -> ProblemBank:
    """Load every problem folder; a broken folder is reported, never fatal."""
    problems: dict[str, Problem] = {}
    errors: list[str] = []
    if not problems_dir.is_dir():
        return ProblemBank({}, [f"{problems_dir}: no such problems directory"])
    for folder in sorted(p for p in problems_dir.iterdir() if (p / names.PROBLEM_FILE).exists()):
        try:
            problems[folder.name] = load_problem(folder)
        except ProblemFormatError as exc:
            log.warning("problem %s not loaded: %s", folder.name, exc)
            errors.append(str(exc))
    return ProblemBank(problems, errors)
