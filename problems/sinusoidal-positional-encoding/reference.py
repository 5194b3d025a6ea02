"""Trusted input generator and reference for sinusoidal-positional-encoding."""

from __future__ import annotations

import torch


def generate(*, seed: int, device: str, seq_len: int, d_model: int) -> dict[str, int]:
    """The two sizes of one call; there is no tensor input (so nothing is drawn)."""
    return {"seq_len": seq_len, "d_model": d_model}


def vary(inputs: dict[str, int], generator: torch.Generator) -> dict[str, int]:
    """Fresh inputs for one timed call: the only inputs are two ints, so the table
    height moves by a random amount in [-64, 64] (at least 1 row) while d_model stays.
    The sizes, not values, are what a call could be answered from, so each timed call
    asks for a table of another height."""
    shift = int(torch.randint(-64, 65, (1,), generator=generator))
    return {"seq_len": max(1, inputs["seq_len"] + shift), "d_model": inputs["d_model"]}


def reference(seq_len: int, d_model: int) -> torch.Tensor:
    """PE[p, 2i] = sin(p * 10000^(-2i/d)), PE[p, 2i+1] = cos(same angle), in float32.

    Float32 throughout, as a learner's solution would be (so the timing compares
    like with like). Against the exact table it is off by up to 6e-4 at
    seq_len 16384 and 3e-5 at 512; correct float32 and float64 variants differ
    from it by at most 1e-3 and 3.1e-5 there (the tolerances in problem.yaml).
    """
    if d_model % 2 != 0:
        raise ValueError(f"d_model must be even, got {d_model}")
    position = torch.arange(seq_len, dtype=torch.float32).unsqueeze(1)  # (L, 1)
    inv_freq = torch.pow(10000.0, -torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)  # (d/2,)
    angle = position * inv_freq  # (L, d/2)
    pe = torch.empty(seq_len, d_model)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe
