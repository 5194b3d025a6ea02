"""Correctness of the function and multi kinds: each planned test is one call."""

from __future__ import annotations

from typing import Any

import torch

from runner import protocol as p
from runner.compare import unchanged
from runner.display import show, show_kwargs
from runner.judge.context import Judging
from runner.judge.link import failure_verdict
from runner.judge.plan import Case
from runner.problem import Entry
from runner.staging import dtype_name
from runner.values import named_leaves
from runner.verdicts import Verdict


def out_spec(judging: Judging, expected: Any) -> tuple[tuple[int, ...], str] | None:
    """Triton code writes into a pre-allocated `out` shaped like the expected result."""
    if judging.language != "triton":
        return None
    if expected is None:  # no result to size it by (a test that must raise): an empty one
        return ((0,), "float32")
    if isinstance(expected, torch.Tensor):
        return (tuple(expected.shape), dtype_name(expected.dtype))
    return None


def inputs_modified(judging: Judging, kwargs: dict[str, Any]) -> str | None:
    """Whether the call changed its inputs: the staged pages against the generated values."""
    staged = judging.link.staged
    assert staged is not None
    for (name, before), after in zip(named_leaves(kwargs, "inputs"), staged.shared.views, strict=True):
        if (message := unchanged(before.detach().to("cpu"), after, name)) is not None:
            return message
    return None


def judge_call(judging: Judging, entry: Entry, case: Case) -> Verdict:
    """One test: generate, stage, call, compare."""
    kwargs = judging.code.generate(entry, case.test, case.seed, judging.device, module=False)
    shown: dict[str, Any] = {"inputs": show_kwargs(kwargs)} if case.visible else {}
    judging.link.stage(kwargs)
    if case.test.raises:
        reply = judging.link.ask(p.Call(entry.name, None, out_spec(judging, None)))
        return judging.expect_raise(entry, case, reply, f"{entry.name} (for these inputs)", shown)
    expected = judging.code.reference(entry, kwargs, no_autograd=judging.spec.no_autograd)
    reply = judging.link.ask(p.Call(entry.name, None, out_spec(judging, expected)))
    if isinstance(reply, p.Failure):
        verdict, message = failure_verdict(reply)
        judging.record(entry, case, verdict, message, **shown)
        return verdict
    assert isinstance(reply, p.Called)
    if case.visible:
        shown.update(expected=show(expected), got=show(reply.output))
    tol = case.test.tolerance or entry.tolerance
    message = judging.mismatch(entry, kwargs, reply.output, expected, tol)
    if message is None:
        message = inputs_modified(judging, kwargs)
    return judging.settle(entry, case, message, reply, shown)


def judge_calls(judging: Judging, entry: Entry) -> Verdict:
    """Every planned test of the entry, stopping at the first that fails."""
    for case in judging.plan.cases(entry):
        verdict = judge_call(judging, entry, case)
        if verdict != Verdict.ACCEPTED:
            return verdict
    return Verdict.ACCEPTED

