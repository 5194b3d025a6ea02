"""Guard margins catch a kernel's writes outside a tensor (what a GPU does not report)."""

from __future__ import annotations

import torch

from runner.harness.guards import Guarded


def test_untouched_margins_pass_and_the_tensor_is_usable() -> None:
    guarded = Guarded((3, 5), torch.float32, "cpu", "out")
    guarded.tensor.fill_(1.0)
    assert guarded.overrun() is None and guarded.tensor.shape == (3, 5) and float(guarded.tensor.sum()) == 15.0


def test_a_write_past_the_end_is_named() -> None:
    guarded = Guarded((10,), torch.float32, "cpu", "out")
    flat = guarded.tensor.reshape(-1)
    torch.as_strided(flat, (12,), (1,)).fill_(0.0)  # two elements too many, as an unmasked store does
    assert guarded.overrun() == "your kernel wrote past the end of out (memory that is not part of it)"


def test_a_write_before_the_start_is_named() -> None:
    guarded = Guarded((4,), torch.int64, "cpu", "inputs['x']")
    torch.as_strided(guarded.tensor, (1,), (1,), guarded.tensor.storage_offset() - 1).fill_(7)
    assert "before the start of inputs['x']" in (guarded.overrun() or "")
