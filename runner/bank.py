"""The problem bank: folders under problems/ loaded into `Problem` objects.

A loaded `Problem` is a snapshot: everything the judge uses (problem.yaml, reference.py,
driver.py) is read into memory at load time and never re-read from disk, so a process
that keeps an older `Problem` (a bank whose new edit does not load) judges exactly that
version. Its `version` is a hash of those files.
"""

from __future__ import annotations

import hashlib
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

# The files whose content decides a verdict: the tests, tolerances, limits and thresholds
# (problem.yaml), the reference and the input generators (reference.py), the driver
# (driver.py). Their hash is the problem's version; verdicts record it, leaderboards show
# the current version only and accepted submissions of an older one are judged again.
# What only the learner reads (statement.md, editorial.md, starters/) changes no verdict,
# so editing it does not make a new version: it is shown at the next reload, and nobody's
# leaderboard entry is dropped for a typo fix. solutions/ is for `problems validate` only.
VERSIONED_FILES = (names.PROBLEM_FILE, names.REFERENCE_FILE, names.DRIVER_FILE)
VERSION_CHARS = 12  # hex digits kept of the SHA-256: plenty to tell one problem's versions apart


def problem_version(files: dict[str, bytes]) -> str:
    """The content hash of a problem's versioned files (name -> bytes; absent ones left out)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:VERSION_CHARS]


@dataclass
class Problem:
    """One loaded problem folder; the reference module is imported on first use."""

    slug: str  # folder name: the public contract
    root: Path  # the folder
    spec: ProblemSpec  # problem.yaml
    statement: str  # statement.md (Markdown, ends with "## Notes")
    starters: dict[str, str]  # language -> starter code
    driver_source: str | None = None  # driver.py, where problem.yaml names a driver
    reference_source: str | None = None  # reference.py as loaded (None: read from disk on first use)
    version: str = ""  # content hash of VERSIONED_FILES as loaded
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
        """Import reference.py, as it was when the problem loaded, under a private name
        per version (trusted side only): two versions of one problem can live in one
        process while a reload is in progress, and never share a module."""
        if self._reference is None:
            path = self.root / names.REFERENCE_FILE
            name = f"_tensordojo_reference_{self.slug.replace('-', '_')}_{self.version or 'unversioned'}"
            source = self.reference_source
            if source is None:
                try:
                    source = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise ProblemFormatError(f"{path}: cannot be read: {exc}") from exc
            spec = importlib.util.spec_from_loader(name, loader=None, origin=str(path))
            if spec is None:
                raise ProblemFormatError(f"{path}: cannot be imported")
            module = importlib.util.module_from_spec(spec)
            module.__file__ = str(path)
            sys.modules[name] = module  # classes defined there must be picklable
            try:
                exec(compile(source, str(path), "exec"), module.__dict__)
            except Exception as exc:
                sys.modules.pop(name, None)
                raise ProblemFormatError(f"{path}: import failed: {type(exc).__name__}: {exc}") from exc
            self._reference = module
        return self._reference


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ProblemFormatError(f"{path}: cannot read: {exc.strerror}") from exc


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemFormatError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def load_problem(folder: Path) -> Problem:
    """Load one folder; raises ProblemFormatError naming the file (and line) at fault.

    reference.py is compiled here, not run: a syntax error is a load error with its line
    (so a broken edit keeps the last good version serving), while importing it, which
    needs torch, is left to the judge."""
    spec_path = folder / names.PROBLEM_FILE
    spec_bytes = _read(spec_path)
    spec = load_spec(spec_path)
    if _read(spec_path) != spec_bytes:
        raise ProblemFormatError(f"{spec_path}: changed while it was being loaded; reload again")
    statement_path = folder / names.STATEMENT_FILE
    if not statement_path.is_file():
        raise ProblemFormatError(f"{statement_path}: missing")
    reference_path = folder / names.REFERENCE_FILE
    if not reference_path.is_file():
        raise ProblemFormatError(f"{reference_path}: missing")
    reference_bytes = _read(reference_path)
    reference_source = _text(reference_path, reference_bytes)
    try:
        compile(reference_source, str(reference_path), "exec")
    except SyntaxError as exc:
        raise ProblemFormatError(f"{reference_path}:{exc.lineno or 1}: syntax error: {exc.msg}") from None
    versioned = {names.PROBLEM_FILE: spec_bytes, names.REFERENCE_FILE: reference_bytes}
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
        versioned[names.DRIVER_FILE] = _read(path)
        driver = _text(path, versioned[names.DRIVER_FILE])
    return Problem(
        slug=folder.name,
        root=folder,
        spec=spec,
        statement=statement_path.read_text(encoding="utf-8"),
        starters=starters,
        driver_source=driver,
        reference_source=reference_source,
        version=problem_version(versioned),
    )


@dataclass
class ProblemBank:
    problems: dict[str, Problem]  # slug -> problem, sorted by slug
    errors: list[str]  # folders that failed to load (and a missing or empty bank), one message each
    failed: dict[str, str] = field(default_factory=dict)  # slug -> its message in `errors`

    def get(self, slug: str) -> Problem | None:
        return self.problems.get(slug)


def bank_problem(problems_dir: Path) -> str | None:
    """Why this bank cannot be served (missing, not a folder, no problem in it), or None."""
    if not problems_dir.exists():
        return f"{problems_dir}: no such problems directory"
    if not problems_dir.is_dir():
        return f"{problems_dir}: not a directory"
    if not any((p / names.PROBLEM_FILE).exists() for p in problems_dir.iterdir()):
        return f"{problems_dir}: holds no problem (no folder with a {names.PROBLEM_FILE})"
    return None


def load_bank(problems_dir: Path) -> ProblemBank:
    """Load every problem folder; a broken folder is reported, never fatal."""
    problems: dict[str, Problem] = {}
    failed: dict[str, str] = {}
    if (missing := bank_problem(problems_dir)) is not None:
        return ProblemBank({}, [missing])
    for folder in sorted(p for p in problems_dir.iterdir() if (p / names.PROBLEM_FILE).exists()):
        try:
            problems[folder.name] = load_problem(folder)
        except ProblemFormatError as exc:
            log.warning("problem %s not loaded: %s", folder.name, exc)
            failed[folder.name] = str(exc)
    return ProblemBank(problems, list(failed.values()), failed)
