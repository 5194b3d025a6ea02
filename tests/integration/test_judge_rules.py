"""Judge rules beyond single verdicts: per-device thresholds, verdict priority,
buffer patterns."""

from __future__ import annotations

import shutil
from pathlib import Path

from runner.bank import load_problem
from runner.judge import judge_code
from runner.problem import DEFAULT_MAX_SLOWDOWN, Performance
from runner.verdicts import Verdict
from tests.conftest import FIXTURE_PROBLEMS


def test_slowdown_limit_per_device() -> None:
    assert Performance(max_slowdown_vs_reference=6.0).slowdown_limit("cuda") == 6.0
    per_device = Performance(max_slowdown_vs_reference={"cpu": 15.0, "cuda": 3.0})
    assert per_device.slowdown_limit("cpu") == 15.0
    assert per_device.slowdown_limit("cuda") == 3.0
    assert Performance(max_slowdown_vs_reference={"cuda": 3.0}).slowdown_limit("cpu") == DEFAULT_MAX_SLOWDOWN


def test_a_wrong_function_outranks_a_slow_one(judge) -> None:
    slow_add = (
        "import torch\n\ndef add(a, b):\n    out = torch.empty_like(a)\n"
        "    for i in range(a.shape[0]):\n        out[i] = a[i] + b[i]\n    return out\n\n\n"
        "def neg(a):\n    return a\n"
    )
    result = judge("toy-multi", slow_add)
    verdicts = {f.name: f.verdict for f in result.functions}
    assert verdicts == {"add": Verdict.TOO_SLOW, "neg": Verdict.WRONG_ANSWER}
    assert result.verdict == Verdict.WRONG_ANSWER and result.message.startswith("neg:")


def test_check_buffers_patterns_match_every_buffer(tmp_path: Path, judge_settings) -> None:
    folder = tmp_path / "toy-module"
    shutil.copytree(FIXTURE_PROBLEMS / "toy-module", folder)
    yaml_path = folder / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("check_buffers: [mask]", 'check_buffers: ["ma*"]'))
    problem = load_problem(folder)
    code = (folder / "solutions" / "accepted" / "mixer.py").read_text()
    wrong = code.replace("torch.tril(torch.ones(n, n))", "torch.triu(torch.ones(n, n))")
    result = judge_code(problem, wrong, language="pytorch", mode="run", settings=judge_settings)
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "buffer mask right after construction" in result.message
