"""Checks on timed calls the child cannot predict: chosen elements of each result (on a
few calls, all of it) against the reference's, and of the inputs against the values
made for the call (a call must not change them: the reference reads the same pages)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import torch

from runner import protocol as p
from runner.compare import compare
from runner.judge.context import Judging
from runner.judge.link import failure_verdict
from runner.judge.plan import Case
from runner.problem import Entry
from runner.staging import SLOT_KEY, dtype_name, fill
from runner.values import leaves, named_leaves, sampled
from runner.verdicts import Verdict

SAMPLED_ELEMENTS = 32  # per result tensor and call


@dataclass
class Sampling:
    """What was fetched of one timed call's result, to compare once the reference ran."""

    positions: torch.Tensor | None  # which elements (fractions of each result tensor's length)
    reply: p.Sampled | None
    full: bool = False


class SpotCheckFailed(Exception):
    def __init__(self, verdict: Verdict, message: str) -> None:
        super().__init__(message)
        self.verdict, self.message = verdict, message


class SpotChecks:
    def __init__(self, judging: Judging, entry: Entry, case: Case, rng: random.Random, full_at: set[int]) -> None:
        self.j, self.entry, self.case, self.rng, self.full_at = judging, entry, case, rng, full_at

    def _positions(self) -> torch.Tensor:
        return torch.tensor([self.rng.random() for _ in range(SAMPLED_ELEMENTS)])

    def fetch(self, k: int) -> Sampling:
        """Chosen elements (on a few calls, all) of the result call k just returned."""
        full = k in self.full_at
        if self.j.code.has_check(self.entry) and not full:
            return Sampling(None, None)  # a problem's own checker judges whole results only
        positions = None if full else self._positions()
        reply = self.j.link.ask(p.Sample(positions, full=full))
        if isinstance(reply, p.Failure):
            raise SpotCheckFailed(*failure_verdict(reply))
        assert isinstance(reply, p.Sampled)
        return Sampling(positions, reply, full)

    def verify(self, sampling: Sampling, inputs: dict[str, Any], expected: Any) -> None:
        message = self._inputs_changed(inputs)
        if message is None and sampling.reply is not None:
            message = self._mismatch(sampling, inputs, expected)
        if message is not None:
            raise SpotCheckFailed(Verdict.WRONG_ANSWER, f"{self.case.label}, a timed call on fresh inputs: {message}")

    def _inputs_changed(self, inputs: dict[str, Any]) -> str | None:
        """Chosen elements of the staged inputs, after the call, against the values made for it."""
        staged = self.j.link.staged
        if staged is None or self.j.device != "cpu":
            return None
        positions = self._positions()
        for (name, made), view in zip(named_leaves(inputs, "inputs"), staged.shared.views, strict=True):
            if made.numel() and not _same_bits(sampled(made.reshape(-1), positions),
                                               sampled(view.reshape(-1), positions)):
                return f"the call modified its input {name}"
        return None

    def _mismatch(self, sampling: Sampling, inputs: dict[str, Any], expected: Any) -> str | None:
        reply = sampling.reply
        assert reply is not None
        tensors = list(leaves(expected))
        shapes = [(tuple(t.shape), dtype_name(t.dtype)) for t in tensors]
        got_shapes: list[Any] = []
        got_skeleton = _collect_shapes(reply.shape, got_shapes)
        if got_shapes != shapes or len(reply.values) != len(tensors):
            return f"the result's shapes or dtypes differ: expected {shapes}, got {got_shapes}"
        tol = self.case.test.tolerance or self.entry.tolerance
        if sampling.full:
            values = [v.view(s) if v is not None else v for v, (s, _) in zip(reply.values, shapes, strict=True)]
            return self.j.mismatch(self.entry, inputs, fill(got_skeleton, values), expected, tol)
        assert sampling.positions is not None
        for t, got in zip(tensors, reply.values, strict=True):
            if t.numel():
                want = sampled(t.detach().reshape(-1), sampling.positions)
                if (msg := compare(want, got, tol, "sampled elements")) is not None:
                    return msg
        return None


def _same_bits(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Equal to the bit (NaN payloads too), unlike ==."""
    return torch.equal(a.contiguous().view(torch.uint8), b.contiguous().view(torch.uint8))


def _collect_shapes(shape: Any, found: list[Any]) -> Any:
    """Turn the child's (shape, dtype) markers into slot markers, collecting them in order."""
    if isinstance(shape, dict):
        if set(shape) == {"__tensor__"}:
            found.append((tuple(shape["__tensor__"][0]), shape["__tensor__"][1]))
            return {SLOT_KEY: len(found) - 1}
        return {k: _collect_shapes(v, found) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        items = [_collect_shapes(v, found) for v in shape]
        return items if isinstance(shape, list) else tuple(items)
    return shape
