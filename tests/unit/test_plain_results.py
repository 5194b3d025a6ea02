"""A result must be plain, finished data: what `foreign` refuses, and what it lets by."""

from __future__ import annotations

import torch

from runner.values import foreign


class Sub(torch.Tensor):
    pass


class Ordered(list):
    pass


def test_plain_results_pass() -> None:
    for value in (torch.ones(3), (torch.ones(1), {"a": torch.zeros(2), "n": 3}), [1.5, "x", None], 7, True):
        assert foreign(value) is None


def test_what_is_not_plain_is_named() -> None:
    assert "subclass" in (foreign(torch.ones(2).as_subclass(Sub)) or "")
    assert "meta" in (foreign(torch.empty(3, device="meta")) or "")
    assert "sparse" in (foreign(torch.eye(3).to_sparse()) or "")
    assert "result[1]" in (foreign((torch.ones(1), object())) or "")
    assert "Ordered" in (foreign(Ordered([1])) or "")
    assert "result['k']" in (foreign({"k": torch.ones(1).as_subclass(Sub)}) or "")
