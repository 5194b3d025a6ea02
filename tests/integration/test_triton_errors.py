"""Triton mistakes, in interpreter mode on the CPU, get messages a learner can act on:
the kernel's own line, the program and the offending element; a kernel a GPU would
refuse to compile is a COMPILE_ERROR here too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from runner.bank import Problem, load_bank
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
from runner.verdicts import Verdict
from tests.conftest import ROOT

KERNEL = '''import torch
import triton
import triton.language as tl


@triton.jit
def add_kernel(a_ptr, b_ptr, out_ptr, n, BLOCK: tl.constexpr):
    offsets = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offsets < n
    a = tl.load(a_ptr + offsets, mask=mask)
    b = tl.load(b_ptr + offsets, mask=mask)
    tl.store(out_ptr + offsets, a + b, mask=mask)


def solve(a, b, *, out):
    add_kernel[(triton.cdiv(a.numel(), 64),)](a, b, out, a.numel(), BLOCK=64)
'''


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JudgePool]:
    settings = JudgeSettings(data_dir=tmp_path_factory.mktemp("data"), device="cpu", judge_secret="triton")
    with JudgePool(settings) as judge_pool:
        yield judge_pool


@pytest.fixture(scope="module")
def vector_add() -> Problem:
    problem = load_bank(ROOT / "problems").get("vector-add")
    assert problem is not None
    return problem


def run(pool: JudgePool, problem: Problem, code: str) -> tuple[Verdict, str]:
    result = pool.judge(problem, code, language="triton", mode="run")
    return result.verdict, result.message


def test_a_correct_kernel_passes(pool: JudgePool, vector_add: Problem) -> None:
    assert run(pool, vector_add, KERNEL)[0] == Verdict.ACCEPTED


def test_a_load_without_a_mask_names_the_line_program_and_element(pool: JudgePool, vector_add: Problem) -> None:
    verdict, message = run(pool, vector_add, KERNEL.replace("b = tl.load(b_ptr + offsets, mask=mask)",
                                                            "b = tl.load(b_ptr + offsets)"))
    assert verdict == Verdict.RUNTIME_ERROR
    assert "out-of-bounds load in add_kernel() at line 11 of submission.py: `b = tl.load(b_ptr + offsets)`" in message
    assert "program (0, 0, 0) read element 4 of b_ptr, which holds 4 elements" in message


def test_a_store_past_the_end_is_caught_before_it_writes(pool: JudgePool, vector_add: Problem) -> None:
    verdict, message = run(pool, vector_add, KERNEL.replace("tl.store(out_ptr + offsets, a + b, mask=mask)",
                                                            "tl.store(out_ptr + offsets + 1, a + b, mask=mask)"))
    assert verdict == Verdict.RUNTIME_ERROR
    assert "out-of-bounds store in add_kernel() at line 12" in message and "wrote element 4 of out_ptr" in message


def test_an_undefined_name_in_a_kernel_is_a_compile_error_at_the_kernels_line(pool: JudgePool,
                                                                               vector_add: Problem) -> None:
    verdict, message = run(pool, vector_add, KERNEL.replace("a + b, mask=mask)", "a + c, mask=mask)"))
    assert verdict == Verdict.COMPILE_ERROR
    assert 'line 12, in add_kernel' in message and "NameError: name 'c' is not defined" in message
