"""Which tests a submission gets: the visible examples (Run), then the hidden tests
(Submit) with seeds only this install can know, and which test is timed."""

from __future__ import annotations

from dataclasses import dataclass

from runner.problem import Entry, TestCase
from runner.seeds import hidden_seed


@dataclass(frozen=True)
class Case:
    """One planned test: where its inputs come from and what the learner may see."""

    label: str  # "example 1 (two rows)" or "test 4"
    test: TestCase
    seed: int  # the seed handed to the generator
    visible: bool  # an example: inputs and outputs may be shown


@dataclass(frozen=True)
class Plan:
    """Where and how one submission is judged."""

    slug: str
    target: str  # "pytorch-cpu", "triton-cuda", ...
    submit: bool  # hidden tests and timing too (Submit), or the examples only (Run)
    secret: bytes  # the install's secret, mixed into hidden seeds

    def cases(self, entry: Entry) -> list[Case]:
        planned = [
            Case(f"example {i + 1} ({t.name})", t, t.base_seed, True)
            for i, t in enumerate(entry.examples)
            if t.runs_on(self.target)
        ]
        if self.submit:
            hidden = [t for t in entry.tests if t.runs_on(self.target)]
            planned += [
                Case(f"test {i + 1}", t, hidden_seed(self.secret, self.slug, entry.name, t.name, t.base_seed), False)
                for i, t in enumerate(hidden)
            ]
        return planned

    def timed_case(self, entry: Entry) -> Case | None:
        """The last hidden `timed: true` test on this target, else the last hidden one."""
        hidden = [c for c in self.cases(entry) if not c.visible and not c.test.raises]
        marked = [c for c in hidden if c.test.timed]
        return (marked or hidden[-1:] or [None])[-1]
