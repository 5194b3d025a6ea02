"""Forbidden APIs are caught whatever the spelling: function, method, alias, operator."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from runner.forbidden import ForbiddenAPIError, ForbiddenGuard


def _violation(names: list[str], call) -> str | None:
    guard = ForbiddenGuard(names)
    try:
        with guard:
            call()
    except ForbiddenAPIError:
        pass
    return guard.violation


x = torch.randn(3, 3)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: torch.softmax(x, -1), "torch.softmax"),
        (lambda: x.softmax(-1), "torch.Tensor.softmax"),
        (lambda: F.softmax(x, dim=-1), "torch.nn.functional.softmax"),
        (lambda: getattr(torch, "soft" + "max")(x, -1), "torch.softmax"),
        (lambda: torch.special.softmax(x, -1), "torch.special.softmax"),
        (lambda: torch.ops.aten._softmax(x, -1, False), "torch.ops.aten._softmax"),
    ],
)
def test_every_spelling_of_softmax_is_caught(call, named: str) -> None:
    message = _violation(["torch.softmax"], call)
    assert message is not None and f"forbidden API called: {named}" in message


def test_operator_and_alias_of_matmul() -> None:
    assert "@ operator" in (_violation(["torch.matmul"], lambda: x @ x) or "")
    assert "torch.linalg.matmul" in (_violation(["torch.matmul"], lambda: torch.linalg.matmul(x, x)) or "")


def test_modules_calling_a_forbidden_functional_are_caught() -> None:
    layer = torch.nn.LayerNorm(3)
    message = _violation(["torch.nn.functional.layer_norm"], lambda: layer(x))
    assert message is not None and "layer_norm" in message


def test_allowed_code_runs_and_the_error_escapes_except_exception() -> None:
    assert _violation(["torch.softmax"], lambda: (x.exp() / x.exp().sum(-1, keepdim=True))) is None

    def sneaky() -> None:
        try:
            torch.softmax(x, -1)
        except Exception:  # noqa: BLE001 - the point: this cannot swallow the violation
            return

    assert _violation(["torch.softmax"], sneaky) is not None


def test_a_forbidden_module_class_is_caught_through_its_functional() -> None:
    attention = torch.nn.MultiheadAttention(4, 2, batch_first=True)
    q = torch.randn(1, 3, 4)
    message = _violation(["torch.nn.MultiheadAttention"], lambda: attention(q, q, q))
    assert message is not None
    assert "multi_head_attention_forward (an alias of torch.nn.MultiheadAttention)" in message


def test_loss_aliases() -> None:
    p, t = torch.rand(5), torch.rand(5)
    assert _violation(["torch.nn.functional.mse_loss"], lambda: torch.nn.MSELoss()(p, t)) is not None
    assert _violation(["torch.nn.functional.binary_cross_entropy_with_logits"],
                      lambda: torch.binary_cross_entropy_with_logits(p, t, None, None, 1)) is not None
