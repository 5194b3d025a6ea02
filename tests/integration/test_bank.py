"""The shipped problem bank: the whole syllabus is there, every folder has the promised
material, and every folder validates (schema, statement, editorial, every shipped
solution's expected verdict, starters that do not pass). The bank is validated once,
through one warm pool, and each problem's report is then its own test."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.bank import load_bank
from runner.config import JudgeSettings
from runner.conventions import ACCEPTED_DIR, EDITORIAL_FILE, NOTES_HEADING, REJECTED_DIR, TRITON_PREFIX
from runner.judge.pool import JudgePool
from runner.validate import Report, validate
from tests.conftest import BANK

SLUGS = sorted(p.parent.name for p in BANK.glob("*/problem.yaml"))
SYLLABUS = {  # the study list's problems, by section
    "attention and transformer blocks": [
        "causal-attention", "masked-attention", "sliding-window-attention", "flash-attention", "alibi-attention",
        "kv-cache", "sinusoidal-positional-encoding", "rope", "multi-head-attention", "transformer-block",
        "ffn-residual-dropout", "swiglu", "dropout"],
    "softmax, losses, sampling": [
        "softmax", "softmax-backward", "cross-entropy", "cross-entropy-probs", "perplexity",
        "cross-entropy-backward", "losses", "sample-next-token"],
    "normalization": ["layernorm", "batchnorm", "batchnorm2d", "rmsnorm", "batchnorm-running-stats"],
    "backpropagation and MLPs": [
        "activation-grads", "single-neuron-backprop", "mlp-backward", "train-mlp", "count-parameters"],
    "tensors and APIs": ["broadcast-shapes", "dot-and-matmul", "tensor-api-drills", "vector-add", "matmul"],
    "tokenization and whole models": ["bpe", "cross-attention", "encoder-decoder", "gpt2"],
    "vision and fine-tuning": ["vit-embedding", "image-token-merge", "lora-linear"],
}


def test_the_whole_syllabus_is_in_the_bank() -> None:
    wanted = [slug for section in SYLLABUS.values() for slug in section]
    assert len(wanted) == 43
    assert sorted(set(wanted) - set(SLUGS)) == []
    bank = load_bank(BANK)
    assert not bank.errors, "\n".join(bank.errors)


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    """Every problem validated once, in this process, through one warm pool."""
    settings = JudgeSettings(problems_dir=BANK, data_dir=tmp_path_factory.mktemp("bank-data"))
    with JudgePool(settings) as pool:
        return {slug: validate(BANK / slug, settings, None, pool.pool) for slug in SLUGS}


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_problem_validates(slug: str, reports: dict[str, Report]) -> None:
    report = reports[slug]
    assert report.ok, "\n".join(report.problems)


@pytest.mark.parametrize("slug", SLUGS)
def test_problem_has_the_promised_material(slug: str) -> None:
    problem = load_bank(BANK).problems[slug]
    spec = problem.spec
    for entry in spec.entries():
        assert len(entry.examples) >= (1 if spec.kind == "multi" else 2), entry.name
    assert sum(len(e.tests) for e in spec.entries()) >= 8
    assert NOTES_HEADING in problem.statement
    assert len((problem.root / EDITORIAL_FILE).read_text().split()) >= 150, "the editorial is too thin"
    accepted = list(Path(problem.root, ACCEPTED_DIR).glob("*.py"))
    rejected = list(Path(problem.root, REJECTED_DIR).glob("*.py"))
    assert accepted and len(rejected) >= 2
    if "triton" in problem.languages:
        assert any(p.name.startswith(TRITON_PREFIX) for p in accepted), "Triton needs an accepted Triton solution"
