"""Interview rounds: YAML files in the bank's `rounds/` folder (`<bank>/rounds/<slug>.yaml`).

A round is found wherever the bank is (TENSORDOJO_PROBLEMS_DIR, or the bank next to the
code), is loaded with it and reloaded with it. Each file names a title, a time limit, the
problems in the order they are posed, and per problem the clarifying questions a
candidate may ask with the interviewer's answers (the statements' Notes hold them; the
round page shows a statement without its Notes, and an answer only once asked).

Loading checks the schema (every error names file, line and key, as for problem.yaml)
and that every slug is a problem of the bank. `tensordojo rounds validate` runs the same
checks from the command line; the admin page lists rounds that do not load.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.catalog import Catalog, Snapshot
from app.statement import render_markdown
from runner.conventions import NOTES_HEADING
from runner.problem import load_yaml_model, where_in

log = logging.getLogger(__name__)
ROUNDS_DIR = "rounds"  # inside the bank; never a problem's slug
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_PROBLEMS = 10


class RoundFormatError(Exception):
    """A round file that does not load; the message names file, line and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Question(_Strict):
    """A clarifying question a candidate may ask, and what the interviewer answers."""

    ask: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=2000)


class RoundProblem(_Strict):
    slug: str = Field(min_length=1, max_length=100)
    questions: list[Question] = Field(default_factory=list)

    @model_validator(mode="after")
    def _distinct_questions(self) -> RoundProblem:
        asks = [q.ask.strip() for q in self.questions]
        repeated = sorted({a for a in asks if asks.count(a) > 1})
        if repeated:
            raise ValueError(f"question asked twice: {repeated[0]!r}")
        return self


class RoundSpec(_Strict):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    time_limit_minutes: int = Field(ge=1, le=600)
    problems: list[RoundProblem] = Field(min_length=1, max_length=MAX_PROBLEMS)

    @model_validator(mode="after")
    def _distinct_problems(self) -> RoundSpec:
        slugs = [p.slug for p in self.problems]
        repeated = sorted({s for s in slugs if slugs.count(s) > 1})
        if repeated:
            raise ValueError(f"problem {repeated[0]!r} is posed twice")
        return self


@dataclass(frozen=True)
class Round:
    slug: str
    path: Path
    spec: RoundSpec

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def time_limit_s(self) -> float:
        return self.spec.time_limit_minutes * 60.0

    def plan(self, titles: dict[str, str]) -> dict[str, Any]:
        """The round as an attempt keeps it: what it was when the learner started."""
        return {
            "slug": self.slug,
            "title": self.spec.title,
            "time_limit_s": self.time_limit_s,
            "problems": [
                {
                    "slug": p.slug,
                    "title": titles.get(p.slug, p.slug),
                    "questions": [{"ask": q.ask, "answer": q.answer} for q in p.questions],
                }
                for p in self.spec.problems
            ],
        }


def load_round(path: Path, known: Collection[str]) -> Round:
    """Parse and check one round file against the bank's problem slugs (`known`)."""
    slug = path.stem
    if not SLUG_RE.match(slug):
        raise RoundFormatError(f"{path}: the file name is the round's slug: use lower-case letters, digits and '-'")
    spec, root = load_yaml_model(path, RoundSpec, RoundFormatError)
    unknown = [
        f"{where_in(path, root, ('problems', i, 'slug'))}: key 'problems.{i}.slug': no problem {p.slug!r} in the bank"
        for i, p in enumerate(spec.problems)
        if p.slug not in known
    ]
    if unknown:
        raise RoundFormatError("\n".join(unknown))
    return Round(slug=slug, path=path, spec=spec)


def round_files(problems_dir: Path) -> list[Path]:
    folder = problems_dir / ROUNDS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass(frozen=True)
class RoundSet:
    """The rounds that load (by slug, in file order), and the errors of those that do not."""

    rounds: dict[str, Round] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # slug -> message (file, line, key)
    statements: dict[str, str] = field(default_factory=dict)  # problem slug -> statement HTML without Notes

    def get(self, slug: str) -> Round | None:
        return self.rounds.get(slug)


def load_rounds(problems_dir: Path, known: Collection[str], selected: Collection[str] | None = None) -> RoundSet:
    """Every round file of the bank (or those named in `selected`); a broken file is
    reported, never fatal."""
    rounds: dict[str, Round] = {}
    errors: dict[str, str] = {}
    for path in round_files(problems_dir):
        if selected is not None and path.stem not in selected:
            continue
        try:
            rounds[path.stem] = load_round(path, known)
        except RoundFormatError as exc:
            errors[path.stem] = str(exc)
    return RoundSet(rounds, errors)


def without_notes(statement: str) -> str:
    """The statement up to its Notes: the questions and their answers are asked for in a round."""
    lines = statement.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.strip() == NOTES_HEADING:
            return "".join(lines[:number])
    return statement


def _without_title(statement: str) -> str:
    first, _, rest = statement.lstrip().partition("\n")
    return rest if first.startswith("# ") else statement


class RoundBook:
    """The bank's rounds for this process, loaded again whenever the bank is (each load
    of the catalog makes a new snapshot)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._loaded_for: Snapshot | None = None
        self._set = RoundSet()

    def current(self) -> RoundSet:
        snapshot = self.catalog.snapshot
        if snapshot is self._loaded_for:
            return self._set
        with self._lock:
            if snapshot is not self._loaded_for:
                self._set = self._load(snapshot)
                self._loaded_for = snapshot
        return self._set

    def _load(self, snapshot: Snapshot) -> RoundSet:
        loaded = load_rounds(self.catalog.problems_dir, snapshot.problems.keys())
        statements = {}
        for round_ in loaded.rounds.values():
            for problem in round_.spec.problems:
                view = snapshot.problems[problem.slug]
                if problem.slug not in statements:
                    statements[problem.slug] = render_markdown(_without_title(without_notes(view.statement)))
        for slug, error in loaded.errors.items():
            log.warning("round %s not loaded: %s", slug, error)
        log.info("interview rounds loaded: %d, %d with errors", len(loaded.rounds), len(loaded.errors))
        return RoundSet(loaded.rounds, loaded.errors, statements)
