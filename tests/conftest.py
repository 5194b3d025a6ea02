"""Shared fixtures: judge settings pointing at the test problems and a temp data dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("TRITON_INTERPRET", "1")  # Triton on CPU tensors in this process too

import pytest

from runner.bank import load_bank
from runner.config import JudgeSettings
from runner.judge import judge_code
from runner.judge.pool import JudgePool
from runner.verdicts import JudgeResult

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PROBLEMS = ROOT / "tests" / "fixtures" / "problems"
BANK = ROOT / "problems"


@pytest.fixture(scope="session")
def judge_settings(tmp_path_factory: pytest.TempPathFactory) -> JudgeSettings:
    from tests.backends import on_backend

    data = tmp_path_factory.mktemp("data")
    return on_backend(JudgeSettings(problems_dir=FIXTURE_PROBLEMS, data_dir=data, device="cpu",
                                    judge_secret="test-secret"))


@pytest.fixture(scope="session")
def judge_pool(judge_settings: JudgeSettings) -> Iterator[JudgePool | None]:
    """On the container backend, warm containers shared by the session (one started per
    judgement would import torch each time); on the process backend, none: cold starts."""
    if judge_settings.sandbox != "container":
        yield None
        return
    with JudgePool(judge_settings) as pool:
        yield pool


@pytest.fixture(scope="session")
def fixture_bank(judge_settings: JudgeSettings):
    bank = load_bank(FIXTURE_PROBLEMS)
    assert not bank.errors, bank.errors
    return bank


@pytest.fixture
def judge(fixture_bank, judge_settings: JudgeSettings, judge_pool: JudgePool | None):
    """judge(slug, code, language="pytorch", mode="submit") on the test problems."""

    def run(slug: str, code: str, language: str = "pytorch", mode: str = "submit") -> JudgeResult:
        return judge_code(fixture_bank.problems[slug], code, language=language, mode=mode, settings=judge_settings,
                          pool=judge_pool.pool if judge_pool is not None else None)

    return run
