"""The loaded problem bank plus what pages need from it, rendered once per load.

Rendering statements at load time keeps problem pages as cheap as a template
fill; a reload swaps the whole snapshot atomically.

A folder whose edit does not load keeps its last good version serving (the one this
process loaded before), and the admin page lists the error beside the version still
served. A folder that never loaded in this process is not served until it loads; a
folder that is removed is removed. A bank that is gone as a whole (a lost mount, an
emptied directory) keeps every problem loaded before, and says so.
"""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.statement import render_markdown
from runner.bank import load_bank

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProblemView:
    """A problem as the web app shows it."""

    slug: str
    title: str
    difficulty: str
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    kind: str
    statement: str
    statement_html: str
    starters: dict[str, str]
    problem: Any  # runner.bank.Problem, handed to the judge
    version: str = ""  # the problem's version (runner.bank.VERSIONED_FILES' content hash)

    def summary(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "difficulty": self.difficulty,
            "topics": list(self.topics),
            "languages": list(self.languages),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class LoadFailure:
    """A problem folder that did not load at the last reload."""

    slug: str
    message: str  # as the loader gives it: file, line and key
    served_version: str | None  # the last good version still served, or None: not served


@dataclass(frozen=True)
class Snapshot:
    problems: dict[str, ProblemView]
    errors: list[str]
    topics: list[str] = field(default_factory=list)
    loaded_at: float = 0.0
    failures: dict[str, LoadFailure] = field(default_factory=dict)  # slug -> why its folder did not load
    bank_errors: list[str] = field(default_factory=list)  # errors of the bank itself (e.g. missing)
    serial: int = 0  # unique in this process: what pages cache on this snapshot is keyed by it


_SERIALS = itertools.count(1)


DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


class Catalog:
    """Thread-safe holder of the current bank snapshot."""

    def __init__(self, problems_dir: Path) -> None:
        self.problems_dir = problems_dir
        self._lock = threading.Lock()
        self._snapshot = Snapshot(problems={}, errors=[])
        self.generation = -1

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def get(self, slug: str) -> ProblemView | None:
        return self._snapshot.problems.get(slug)

    def matching(
        self, *, topic: str | None = None, difficulty: str | None = None, q: str | None = None
    ) -> list[ProblemView]:
        """The problems a list filter keeps: with this topic, of this difficulty, whose
        title contains `q` (any case); an empty filter keeps everything."""
        needle = (q or "").lower()
        return [
            view
            for view in self._snapshot.problems.values()
            if (not topic or topic in view.topics)
            and (not difficulty or view.difficulty == difficulty)
            and needle in view.title.lower()
        ]

    def reload(self) -> Snapshot:
        """Load the bank from disk and render every statement; a folder that does not load
        keeps its last good version."""
        import time

        with self._lock:  # one reload at a time: each builds on the snapshot before it
            previous = self._snapshot.problems
            bank = load_bank(self.problems_dir)
            views: dict[str, ProblemView] = {}
            failed = dict(bank.failed)
            bank_errors = [e for e in bank.errors if e not in failed.values()]  # e.g. the bank itself is missing
            if bank_errors and previous:  # a lost mount must not empty the site: keep all of it
                bank_errors = [f"{e}\n(still serving the {len(previous)} problems loaded before)" for e in bank_errors]
                views.update(previous)
            errors = list(bank_errors)
            for slug, problem in bank.problems.items():
                try:
                    views[slug] = _view(problem)
                except Exception as exc:  # noqa: BLE001 - one bad statement must not hide the others
                    failed[slug] = f"{problem.root}: statement could not be rendered: {exc}"
            failures: dict[str, LoadFailure] = {}
            for slug, message in sorted(failed.items()):
                kept = previous.get(slug)
                if kept is not None:
                    views[slug] = kept
                failures[slug] = LoadFailure(slug, message, kept.version if kept else None)
                errors.append(_described(failures[slug]))
            views = dict(sorted(views.items()))
            topics = sorted({t for v in views.values() for t in v.topics})
            snapshot = Snapshot(
                problems=views,
                errors=errors,
                topics=topics,
                loaded_at=time.time(),
                failures=failures,
                bank_errors=bank_errors,
                serial=next(_SERIALS),
            )
            self._snapshot = snapshot
        log.info("problem bank loaded: %d problems, %d errors", len(views), len(errors))
        for error in errors:
            log.warning("problem load error: %s", error)
        return snapshot


def _view(problem: Any) -> ProblemView:
    return ProblemView(
        slug=problem.slug,
        title=problem.title,
        difficulty=problem.difficulty,
        topics=tuple(problem.topics),
        languages=tuple(problem.languages),
        kind=problem.kind,
        statement=problem.statement,
        statement_html=render_markdown(_without_title(problem.statement)),
        starters=dict(problem.starters),
        problem=problem,
        version=problem.version,
    )


def _described(failure: LoadFailure) -> str:
    """A load error as the admin page and the log show it: the loader's message, then what is served."""
    if failure.served_version:
        return f"{failure.message}\n(still serving the last good version {failure.served_version} of {failure.slug})"
    return f"{failure.message}\n({failure.slug} is not served until its folder loads)"


def _without_title(statement: str) -> str:
    """Drop a leading `# heading` line: the page shows the title in its own header."""
    first, _, rest = statement.lstrip().partition("\n")
    return rest if first.startswith("# ") else statement
