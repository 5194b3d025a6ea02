"""Correctness of the module kind: build the user's module, check its structure against
the reference's, load the reference's state strictly, then compare forward (and the
gradients where the problem asks)."""

from __future__ import annotations

from typing import Any

import torch

from runner import protocol as p
from runner.compare import compare
from runner.display import show, show_kwargs
from runner.judge.context import Judging
from runner.judge.function import inputs_modified
from runner.judge.link import failure_verdict
from runner.judge.plan import Case
from runner.problem import Entry
from runner.values import map_tensors, to_device
from runner.verdicts import Verdict


def _compare_initial(judging: Judging, initial: dict[str, torch.Tensor], built: p.Built,
                     buffers: set[str]) -> tuple[Verdict, str] | None:
    """The freshly built module's values that the statement fixes (a causal mask, a zero
    initialisation), against the reference's as constructed."""
    for name, value in initial.items():
        kind = "buffer" if name in buffers else "parameter"
        if name not in built.values:
            return Verdict.COMPILE_ERROR, f"the module has no {kind} named {name}"
        msg = compare(value, built.values[name], judging.spec.tolerance, f"{kind} {name} right after construction")
        if msg is not None:
            return Verdict.WRONG_ANSWER, msg
    return None


def structure(judging: Judging, reference: torch.nn.Module, built: p.Built,
              initial: dict[str, torch.Tensor]) -> tuple[Verdict, str] | None:
    """What is wrong with the freshly built module's names, shapes, flags and buffers."""
    ref_keys = list(reference.state_dict().keys())
    got_keys = list(built.parameters) + [n for n, (_, _, persistent) in built.buffers.items() if persistent]
    missing = [k for k in ref_keys if k not in got_keys]
    unexpected = [k for k in got_keys if k not in ref_keys]
    if missing or unexpected:
        parts = [f"expected state_dict keys: {', '.join(ref_keys)}"]
        if missing:
            parts.append(f"missing: {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected: {', '.join(unexpected)}")
        return Verdict.COMPILE_ERROR, "the module's parameters/buffers are not named as required; " + "; ".join(parts)
    for name, param in reference.named_parameters(remove_duplicate=False):  # tied weights: every name
        got = built.parameters.get(name)
        if got is None:
            return Verdict.COMPILE_ERROR, f"{name} must be an nn.Parameter, not a buffer"
        for what, want, have in (("shape", tuple(param.shape), tuple(got[0])), ("dtype", str(param.dtype), got[1]),
                                 ("requires_grad", param.requires_grad, got[2])):
            if want != have:
                return Verdict.WRONG_ANSWER, f"parameter {name}: expected {what} {want}, got {have}"
    return _compare_initial(judging, initial, built, {n for n, _ in reference.named_buffers()})


def load_state(judging: Judging, reference: torch.nn.Module) -> str | None:
    """Load the reference's parameters into the built module; why it failed, if it did."""
    loaded = judging.link.ask(p.ModuleLoad(to_device(reference.state_dict(), "cpu")))
    if isinstance(loaded, p.Failure):
        return "load_state_dict(strict=True) failed: " + loaded.message
    return None


def forward(judging: Judging, entry: Entry, case: Case, reference: torch.nn.Module, shown: dict[str, Any]) -> Verdict:
    """Compare one forward (and backward, with `gradients: true`) against the reference."""
    kwargs = judging.code.generate(entry, case.test, case.seed, judging.device, module=True)
    inputs = to_device(kwargs, judging.device)
    grads = judging.spec.module.gradients
    grad_output = None
    with torch.enable_grad():
        if grads:
            for value in inputs.values():
                if isinstance(value, torch.Tensor) and value.is_floating_point():
                    value.requires_grad_(True)
        expected = judging.code.forward(reference, inputs)
        if grads:
            g = torch.Generator().manual_seed(case.seed + 2)
            grad_output = torch.randn(expected.shape, generator=g, dtype=expected.dtype)
            expected.backward(grad_output.to(judging.device))
    judging.link.stage(kwargs)
    reply = judging.link.ask(p.ModuleForward(None, grad_output))
    if case.visible:
        shown = {"inputs": shown.get("inputs", "") + "\nforward: " + show_kwargs(kwargs)}
    if isinstance(reply, p.Failure):
        verdict, message = failure_verdict(reply)
        judging.record(entry, case, verdict, message, **shown)
        return verdict
    assert isinstance(reply, p.Called)
    tol = case.test.tolerance or entry.tolerance
    expected = map_tensors(expected, lambda t: t.detach())
    message = judging.mismatch(entry, kwargs, reply.output, expected, tol, "forward output")
    if message is None and not grads:
        message = inputs_modified(judging, kwargs)
    if message is None and grads:
        input_grads, param_grads = reply.input_grads or {}, reply.param_grads or {}
        for name, value in inputs.items():
            if isinstance(value, torch.Tensor) and value.grad is not None:
                message = compare(value.grad.cpu(), input_grads.get(name), tol, f"gradient of {name}")
                if message:
                    break
        for name, param in reference.named_parameters() if message is None else []:
            message = compare(to_device(param.grad, "cpu"), param_grads.get(name), tol, f"gradient of {name}")
            if message:
                break
    if case.visible:
        shown.update(expected=show(expected), got=show(reply.output))
    return judging.settle(entry, case, message, reply, shown)


def judge_module(judging: Judging, entry: Entry) -> Verdict:
    """Every planned test: construction (or the error it must raise), structure, forward."""
    for case in judging.plan.cases(entry):
        init = case.test.init or {}
        call = f"{entry.name}({', '.join(f'{k}={v!r}' for k, v in init.items())})"
        shown: dict[str, Any] = {"inputs": call} if case.visible else {}
        initial: dict[str, torch.Tensor] = {}
        reference = None if case.test.raises else judging.code.build_module(entry, case.test, case.seed,
                                                                             judging.device, initial)
        reply = judging.link.ask(p.ModuleBuild(entry.name, init, list(initial)))
        if case.test.raises:
            verdict = judging.expect_raise(entry, case, reply, call, shown)
        elif isinstance(reply, p.Failure):
            verdict, message = failure_verdict(reply)
            judging.record(entry, case, verdict, message, **shown)
        else:
            assert reference is not None and isinstance(reply, p.Built)
            problem = structure(judging, reference, reply, initial)
            if problem is None and (failed := load_state(judging, reference)) is not None:
                problem = (Verdict.COMPILE_ERROR, failed)
            if problem is not None:
                judging.record(entry, case, problem[0], problem[1], **shown)
                verdict = problem[0]
            else:
                verdict = forward(judging, entry, case, reference, shown)
        if verdict != Verdict.ACCEPTED:
            return verdict
    return Verdict.ACCEPTED
