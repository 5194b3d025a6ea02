"""The checker's rules: shape, dtype, NaN/inf positions, tolerances, containers."""

from __future__ import annotations

import torch

from runner.compare import compare, unchanged
from runner.problem import Tolerance

TOL = Tolerance(atol=1e-5, rtol=1e-5)


def test_equal_within_tolerance_passes() -> None:
    x = torch.randn(4, 5)
    assert compare(x, x + 1e-7, TOL) is None


def test_shape_mismatch_names_both_shapes() -> None:
    msg = compare(torch.zeros(4, 8), torch.zeros(8, 4), TOL)
    assert msg == "output: shape mismatch: expected (4, 8), got (8, 4)"


def test_dtype_mismatch_names_both_dtypes() -> None:
    msg = compare(torch.zeros(3), torch.zeros(3, dtype=torch.float64), TOL)
    assert msg == "output: dtype mismatch: expected torch.float32, got torch.float64"


def test_value_mismatch_reports_max_errors_and_index() -> None:
    expected = torch.zeros(3, 4)
    got = expected.clone()
    got[2, 1] = 0.5
    got[0, 3] = 1e-3
    msg = compare(expected, got, TOL)
    assert msg is not None
    assert "2 of 12 values outside atol=1e-05, rtol=1e-05" in msg
    assert "max abs error 0.5 at (2, 1) (expected 0, got 0.5)" in msg


def test_nan_positions_must_match() -> None:
    expected = torch.tensor([1.0, float("nan"), 3.0])
    assert compare(expected, expected.clone(), TOL) is None
    got = torch.tensor([1.0, 2.0, float("nan")])
    msg = compare(expected, got, TOL)
    assert msg is not None and "NaN" in msg and "first at (1,)" in msg


def test_inf_sign_must_match() -> None:
    expected = torch.tensor([float("inf"), 1.0])
    assert compare(expected, expected.clone(), TOL) is None
    msg = compare(expected, torch.tensor([-float("inf"), 1.0]), TOL)
    assert msg is not None and "infinity mismatch" in msg


def test_integer_tensors_compare_exactly() -> None:
    expected = torch.tensor([1, 2, 3])
    msg = compare(expected, torch.tensor([1, 2, 4]), TOL)
    assert msg == "output: 1 of 3 values differ; first at (2,): expected 3, got 4"


def test_containers_and_scalars() -> None:
    expected = {"loss": torch.tensor(1.0), "grads": (torch.ones(2), 3)}
    assert compare(expected, {"loss": torch.tensor(1.0), "grads": [torch.ones(2), 3]}, TOL) is None
    assert "expected keys" in (compare(expected, {"loss": torch.tensor(1.0)}, TOL) or "")
    assert compare(expected, {"loss": torch.tensor(1.0), "grads": (torch.ones(2), 4)}, TOL) == (
        "output['grads'][1]: expected 4, got 4".replace("expected 4", "expected 3")
    )
    assert "expected a tensor" in (compare(torch.ones(2), [1.0, 1.0], TOL) or "")


def test_unchanged_detects_modified_input() -> None:
    before = {"x": torch.ones(3)}
    assert unchanged(before, {"x": torch.ones(3)}, "inputs") is None
    msg = unchanged(before, {"x": torch.tensor([1.0, 2.0, 1.0])}, "inputs")
    assert msg is not None and msg.startswith("the call modified its input: inputs['x']")
