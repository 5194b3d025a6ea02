"""The loaded problem bank plus what pages need from it, rendered once per load.

Rendering statements at load time keeps problem pages as cheap as a template
fill; a reload swaps the whole snapshot atomically.
"""

from __future__ import annotations

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
    problem: Any  # runner.problem.Problem, handed to the judge

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
class Snapshot:
    problems: dict[str, ProblemView]
    errors: list[str]
    topics: list[str] = field(default_factory=list)
    loaded_at: float = 0.0


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
        """Load the bank from disk and render every statement."""
        import time

        bank = load_bank(self.problems_dir)
        views: dict[str, ProblemView] = {}
        errors = list(bank.errors)
        for slug, problem in bank.problems.items():
            try:
                views[slug] = ProblemView(
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
                )
            except Exception as exc:  # noqa: BLE001 - one bad statement must not hide the others
                errors.append(f"{slug}: statement could not be rendered: {exc}")
        topics = sorted({t for v in views.values() for t in v.topics})
        snapshot = Snapshot(problems=views, errors=errors, topics=topics, loaded_at=time.time())
        with self._lock:
            self._snapshot = snapshot
        log.info("problem bank loaded: %d problems, %d errors", len(views), len(errors))
        for error in errors:
            log.warning("problem load error: %s", error)
        return snapshot


def _without_title(statement: str) -> str:
    """Drop a leading `# heading` line: the page shows the title in its own header."""
    first, _, rest = statement.lstrip().partition("\n")
    return rest if first.startswith("# ") else statement
