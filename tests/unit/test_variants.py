"""Fresh inputs for timed calls: never seen before, yet as valid as the generated ones."""

from __future__ import annotations

import pytest
import torch

from runner.timing.variants import SHRINK, Variants


def base() -> dict[str, object]:
    g = torch.Generator().manual_seed(0)
    return {
        "x": torch.randn(64, 33, generator=g),
        "p": torch.rand(100, generator=g),  # in [0, 1]
        "labels": torch.randint(0, 5, (100,), generator=g),
        "onehot": torch.eye(4),  # integer-valued floats
        "mask": torch.rand(8, generator=g) > 0.5,
        "dim": -1,
    }


def test_every_call_gets_values_never_seen_before() -> None:
    inputs = base()
    variants = Variants(inputs, seed=3)
    made = [variants.make(k) for k in range(50)]
    xs = [m["x"] for m in made] + [inputs["x"]]
    for i, a in enumerate(xs):
        for b in xs[i + 1:]:
            assert not torch.equal(a, b)
    assert variants.names == ["x", "p"]


def test_variants_keep_signs_ranges_and_exact_values() -> None:
    inputs = base()
    made = Variants(inputs, seed=4).make(0)
    x = inputs["x"]
    assert torch.equal(torch.sign(made["x"]), torch.sign(x))
    assert bool((made["x"].abs() <= x.abs()).all()) and bool((made["x"].abs() >= x.abs() * (1 - SHRINK)).all())
    assert float(made["p"].min()) >= 0.0 and float(made["p"].max()) <= 1.0
    for name in ("labels", "onehot", "mask", "dim"):
        assert made[name] is inputs[name]
    assert x is inputs["x"] and torch.equal(x, base()["x"])  # the base set is never modified


def test_a_problems_own_vary_is_used() -> None:
    calls = []

    def vary(inputs, generator):
        calls.append(generator)
        return {**inputs, "x": inputs["x"] + 1}

    variants = Variants(base(), seed=5, vary=vary)
    assert torch.equal(variants.make(0)["x"], base()["x"] + 1)
    assert calls and variants.how == "the problem's vary()"


def test_inputs_with_nothing_to_vary_are_regenerated() -> None:
    seen = []

    def regenerate(k):
        seen.append(k)
        return {"n": k}

    variants = Variants({"n": 0, "ids": torch.arange(5)}, seed=6, regenerate=regenerate)
    assert variants.make(3) == {"n": 3} and seen == [3]
    assert variants.how == "regenerated from a fresh seed"


def test_inputs_that_never_change_are_refused() -> None:
    same = Variants({"seq_len": 8, "d_model": 4}, seed=7, regenerate=lambda k: {"seq_len": 8, "d_model": 4})
    with pytest.raises(ValueError, match="define vary"):
        same.make(1)
