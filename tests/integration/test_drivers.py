"""Problems whose calls run through a driver (a plain class with methods, a module with
more than forward, extra functions the learner defines), and plain-Python problems
that forbid importing torch or numpy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.bank import Problem, load_problem
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
from runner.validate import starter_signature_problems
from runner.verdicts import Verdict

COUNTER_YAML = """title: Running mean
difficulty: easy
topics: [testing]
languages: [pytorch]
kind: function
entry_point: RunningMean
signature: [x]
driver: drive
requires:
  - name: scaled
    signature: [mean, factor]
examples:
  - name: three steps
    seed: 1
    params: {steps: 3}
  - name: one step
    seed: 2
    params: {steps: 1}
tests:
  - name: many steps
    params: {steps: 9}
  - name: timed
    params: {steps: 40, width: 20000}
    timed: true
performance:
  max_slowdown_vs_reference: 50.0  # what is tested here is the driver, not speed
"""
COUNTER_REFERENCE = '''import torch


def generate(*, seed, device, steps, width=4):
    g = torch.Generator().manual_seed(seed)
    return {"x": torch.randn(steps, width, generator=g).to(device)}


class reference:
    def __init__(self):
        self.total, self.count = None, 0

    def update(self, row):
        self.total = row.clone() if self.total is None else self.total + row
        self.count += 1
        return self.total / self.count


def reference_scaled(mean, factor):
    return mean * factor
'''
COUNTER_DRIVER = '''import torch


def drive(target, solution, x):
    """Feed the rows one by one; the means, then the last one scaled by 2."""
    tracker = target()
    means = torch.stack([tracker.update(row) for row in x])
    return means, solution.scaled(means[-1], 2.0)
'''
COUNTER_STARTER = '''import torch


class RunningMean:
    def update(self, row: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


def scaled(mean: torch.Tensor, factor: float) -> torch.Tensor:
    raise NotImplementedError
'''
COUNTER_GOOD = '''class RunningMean:
    def __init__(self):
        self.total, self.count = 0.0, 0

    def update(self, row):
        self.total = self.total + row
        self.count += 1
        return self.total / self.count


def scaled(mean, factor):
    return factor * mean
'''
PLAIN_YAML = """title: Sum of squares
difficulty: easy
topics: [testing]
languages: [python]
kind: function
entry_point: solve
signature: [values]
forbidden_modules: [torch, numpy]
examples:
  - name: three
    seed: 1
    params: {n: 3}
  - name: none
    seed: 2
    params: {n: 0}
tests:
  - name: many
    params: {n: 50}
"""
PLAIN_REFERENCE = '''import random


def generate(*, seed, device, n):
    rng = random.Random(seed)
    return {"values": [rng.randint(-9, 9) for _ in range(n)]}


def reference(values):
    return sum(v * v for v in values)
'''


def make(root: Path, slug: str, files: dict[str, str]) -> Problem:
    folder = root / slug
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return load_problem(folder)


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JudgePool]:
    settings = JudgeSettings(data_dir=tmp_path_factory.mktemp("data"), device="cpu", judge_secret="drivers",
                             timing_budget_s=0.2)
    with JudgePool(settings) as judge_pool:
        yield judge_pool


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    return make(tmp_path_factory.mktemp("bank"), "running-mean", {
        "problem.yaml": COUNTER_YAML, "reference.py": COUNTER_REFERENCE, "driver.py": COUNTER_DRIVER,
        "statement.md": "# Running mean\n\n## Notes\n", "starters/pytorch.py": COUNTER_STARTER})


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    return make(tmp_path_factory.mktemp("bank"), "squares", {
        "problem.yaml": PLAIN_YAML, "reference.py": PLAIN_REFERENCE, "statement.md": "# Squares\n\n## Notes\n",
        "starters/python.py": "def solve(values):\n    raise NotImplementedError\n"})


def test_a_driven_class_and_its_helper_function_are_judged(pool: JudgePool, counter: Problem) -> None:
    result = pool.judge(counter, COUNTER_GOOD, language="pytorch", mode="submit")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert result.timing.ratio is not None and result.timing.repetitions > 0


def test_a_wrong_helper_is_a_wrong_answer(pool: JudgePool, counter: Problem) -> None:
    result = pool.judge(counter, COUNTER_GOOD.replace("factor * mean", "mean"), language="pytorch", mode="run")
    assert result.verdict == Verdict.WRONG_ANSWER, result.message
    assert "output[1]" in result.message


def test_a_missing_helper_is_named_at_load(pool: JudgePool, counter: Problem) -> None:
    code = COUNTER_GOOD.split("def scaled")[0]
    result = pool.judge(counter, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.COMPILE_ERROR
    assert "a function scaled(...)" in result.message


def test_starters_are_checked_against_the_helpers_signature(counter: Problem) -> None:
    assert starter_signature_problems(counter) == []
    counter.starters["pytorch"] = COUNTER_STARTER.replace("mean: torch.Tensor, factor: float", "m, f")
    try:
        assert any("scaled takes (m, f)" in line for line in starter_signature_problems(counter))
    finally:
        counter.starters["pytorch"] = COUNTER_STARTER


def test_plain_python_is_accepted(pool: JudgePool, plain: Problem) -> None:
    result = pool.judge(plain, "def solve(values):\n    return sum(v ** 2 for v in values)\n", language="python",
                        mode="submit")
    assert result.verdict == Verdict.ACCEPTED, result.message


@pytest.mark.parametrize("code", [
    "import torch\n\ndef solve(values):\n    return int(torch.tensor(values).pow(2).sum())\n",
    "def solve(values):\n    import numpy as np\n    return int((np.array(values) ** 2).sum())\n",
    "def solve(values):\n    np = __import__('numpy')\n    return int((np.array(values) ** 2).sum())\n",
    "import importlib\n\ndef solve(values):\n    torch = importlib.import_module('torch')\n"
    "    return int(torch.tensor(values).pow(2).sum())\n",
], ids=["import at the top", "import in the call", "__import__", "importlib"])
def test_forbidden_modules_are_refused_however_imported(pool: JudgePool, plain: Problem, code: str) -> None:
    result = pool.judge(plain, code, language="python", mode="run")
    assert result.verdict == Verdict.COMPILE_ERROR, result.message
    assert "is not allowed in this problem" in result.message


TIED_YAML = """title: Tied embedding
difficulty: easy
topics: [testing]
languages: [pytorch]
kind: module
module:
  class_name: TinyLM
  reference: TinyLM
  signature: [idx]
examples:
  - name: one
    init: {vocab: 11, dim: 4}
    params: {batch: 2, time: 3}
  - name: two
    init: {vocab: 7, dim: 6}
    params: {batch: 1, time: 5}
tests:
  - name: three
    init: {vocab: 13, dim: 8}
    params: {batch: 2, time: 4}
"""
TIED_REFERENCE = '''import torch
from torch import nn


def generate(*, seed, device, init, batch, time):
    g = torch.Generator().manual_seed(seed)
    return {"idx": torch.randint(0, init["vocab"], (batch, time), generator=g).to(device)}


class TinyLM(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.wte = nn.Embedding(vocab, dim)
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.wte.weight

    def forward(self, idx):
        return self.head(self.wte(idx))
'''


def test_a_module_with_tied_weights_passes_the_structure_check(pool: JudgePool,
                                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    problem = make(tmp_path_factory.mktemp("bank"), "tiny-lm", {
        "problem.yaml": TIED_YAML, "reference.py": TIED_REFERENCE, "statement.md": "# Tiny\n\n## Notes\n",
        "starters/pytorch.py": "from torch import nn\n\n\nclass TinyLM(nn.Module):\n    def forward(self, idx):\n"
                               "        raise NotImplementedError\n"})
    code = TIED_REFERENCE.split("class TinyLM")[1]
    result = pool.judge(problem, "import torch\nfrom torch import nn\n\n\nclass TinyLM" + code, language="pytorch",
                        mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message


def test_a_parameter_the_statement_initialises_is_checked_at_construction(
        pool: JudgePool, tmp_path_factory: pytest.TempPathFactory) -> None:
    yaml = TIED_YAML.replace("  signature: [idx]\n", "  signature: [idx]\n  check_parameters: [gate]\n")
    reference = TIED_REFERENCE.replace("        self.head.weight = self.wte.weight\n",
                                       "        self.head.weight = self.wte.weight\n"
                                       "        self.gate = nn.Parameter(torch.zeros(vocab))\n").replace(
        "return self.head(self.wte(idx))", "return self.head(self.wte(idx)) + self.gate")
    problem = make(tmp_path_factory.mktemp("bank"), "gated-lm", {
        "problem.yaml": yaml, "reference.py": reference, "statement.md": "# Gated\n\n## Notes\n",
        "starters/pytorch.py": "from torch import nn\n\n\nclass TinyLM(nn.Module):\n    def forward(self, idx):\n"
                               "        raise NotImplementedError\n"})
    code = "import torch\nfrom torch import nn\n\n\nclass TinyLM" + reference.split("class TinyLM")[1]
    assert pool.judge(problem, code, language="pytorch", mode="run").verdict == Verdict.ACCEPTED
    random_gate = code.replace("torch.zeros(vocab)", "torch.randn(vocab)")
    result = pool.judge(problem, random_gate, language="pytorch", mode="run")
    assert result.verdict == Verdict.WRONG_ANSWER and "parameter gate right after construction" in result.message


COUNTING_REFERENCE = '''import torch
from torch import nn


def generate(*, seed, device, init, batch):
    g = torch.Generator().manual_seed(seed)
    return {"x": torch.randn(batch, init["dim"], generator=g).to(device)}


class Counter(nn.Module):
    """Keeps a running sum of what it saw: state that changes with every call."""

    def __init__(self, dim):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(dim))
        self.register_buffer("seen", torch.zeros(dim))

    def forward(self, x):
        self.seen += x.sum(0)
        return x * self.scale + self.seen
'''
COUNTING_DRIVER = '''def drive(target, solution, x):
    """Two steps; the outputs and the state after them."""
    first = target(x)
    second = target(x * 2)
    return first, second, {"seen": target.seen.clone()}
'''


def test_a_stateful_module_through_a_driver_returning_several_values(
        pool: JudgePool, tmp_path_factory: pytest.TempPathFactory) -> None:
    yaml = TIED_YAML.replace("class_name: TinyLM\n  reference: TinyLM\n  signature: [idx]",
                             "class_name: Counter\n  reference: Counter\n  signature: [x]\n"
                             "  check_buffers: [seen]").replace("{vocab: 11, dim: 4}", "{dim: 4}").replace(
        "{vocab: 7, dim: 6}", "{dim: 6}").replace("{vocab: 13, dim: 8}", "{dim: 300}").replace(
        "params: {batch: 2, time: 3}", "params: {batch: 2}").replace(
        "params: {batch: 1, time: 5}", "params: {batch: 1}").replace(
        "params: {batch: 2, time: 4}", "params: {batch: 2000}\n    timed: true") + "driver: drive\n"
    problem = make(tmp_path_factory.mktemp("bank"), "counter", {
        "problem.yaml": yaml, "reference.py": COUNTING_REFERENCE, "driver.py": COUNTING_DRIVER,
        "statement.md": "# Counter\n\n## Notes\n",
        "starters/pytorch.py": "from torch import nn\n\n\nclass Counter(nn.Module):\n    pass\n"})
    code = "import torch\nfrom torch import nn\n\n\nclass Counter" + COUNTING_REFERENCE.split("class Counter")[1]
    result = pool.judge(problem, code, language="pytorch", mode="submit")
    assert result.verdict == Verdict.ACCEPTED, result.message
    wrong = code.replace("self.seen += x.sum(0)", "self.seen += x.sum(0) * 0.5")
    assert pool.judge(problem, wrong, language="pytorch", mode="run").verdict == Verdict.WRONG_ANSWER
