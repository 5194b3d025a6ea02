"""The judge's command line, run as a user would: `python -m runner …` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PROBLEMS, ROOT

SOLUTIONS = FIXTURE_PROBLEMS / "toy-softmax" / "solutions"


def cli(*args: str, problems: Path = FIXTURE_PROBLEMS, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TENSORDOJO_PROBLEMS_DIR": str(problems), "TENSORDOJO_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, "-m", "runner", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_judge_json_has_the_documented_fields(tmp_path: Path) -> None:
    done = cli("judge", "toy-softmax", str(SOLUTIONS / "accepted" / "manual.py"), "--json", data=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "ACCEPTED"
    assert {"verdict", "message", "tests", "timing", "device", "sandbox"} <= set(result)
    assert {"name", "passed", "message", "time_ms"} <= set(result["tests"][0])
    assert {"user_ms", "reference_ms", "ratio"} <= set(result["timing"])
    assert result["device"] == "cpu"
    assert set(result["sandbox"]) == {"layers", "degraded"}


def test_a_wrong_answer_still_exits_zero(tmp_path: Path) -> None:
    done = cli("judge", "toy-softmax", str(SOLUTIONS / "rejected" / "no_temperature.py"), "--examples-only",
               data=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("WRONG_ANSWER: WRONG_ANSWER on example 1")
    assert "FAIL example 1 (two rows)" in done.stdout


def test_triton_language_flag(tmp_path: Path) -> None:
    done = cli("judge", "toy-softmax", str(SOLUTIONS / "accepted" / "triton_rows.py"), "--language", "triton",
               "--examples-only", "--json", data=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["language"] == "triton"
    assert json.loads(done.stdout)["verdict"] == "ACCEPTED"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["judge", "no-such-problem", "x.py"], "unknown problem 'no-such-problem'"),
        (["judge", "toy-module", str(SOLUTIONS / "accepted" / "manual.py"), "--language", "triton"],
         "offered in pytorch, not 'triton'"),
        (["judge", "toy-softmax", "/no/such/file.py"], "cannot read /no/such/file.py"),
    ],
    ids=["unknown-problem", "unknown-language", "missing-file"],
)
def test_judge_cannot_run_exits_non_zero(tmp_path: Path, args: list[str], expected: str) -> None:
    done = cli(*args, data=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr


@pytest.mark.skipif(shutil.which("nvidia-smi") is not None, reason="this host has a GPU")
def test_cuda_requested_without_a_gpu(tmp_path: Path) -> None:
    done = cli("judge", "toy-softmax", str(SOLUTIONS / "accepted" / "manual.py"), "--device", "cuda", data=tmp_path)
    assert done.returncode == 2
    assert "no CUDA device is available" in done.stderr


def test_broken_reference_is_the_judges_fault(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_PROBLEMS / "toy-softmax", bank / "toy-softmax")
    (bank / "toy-softmax" / "reference.py").write_text(
        (FIXTURE_PROBLEMS / "toy-softmax" / "reference.py").read_text().replace(
            "torch.softmax(", "undefined_name("
        )
    )
    done = cli("judge", "toy-softmax", str(SOLUTIONS / "accepted" / "manual.py"), "--json", problems=bank,
               data=tmp_path)
    assert done.returncode == 0, done.stderr  # judging completed: with the judge's own verdict
    result = json.loads(done.stdout)
    assert result["verdict"] == "INTERNAL_ERROR"
    assert "reference.py: reference() failed: NameError" in result["message"]
    assert "undefined_name" in result["message"] and "Traceback" not in result["message"]


def test_problems_list(tmp_path: Path) -> None:
    done = cli("problems", "list", "--json", data=tmp_path)
    assert done.returncode == 0
    slugs = [p["slug"] for p in json.loads(done.stdout)["problems"]]
    assert slugs == ["toy-module", "toy-multi", "toy-softmax"]


def test_problems_validate_checks_every_solution(tmp_path: Path) -> None:
    done = cli("problems", "validate", "toy-softmax", data=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "solutions/rejected/builtin.py [pytorch]: COMPILE_ERROR" in done.stdout
    assert "starters/pytorch.py: RUNTIME_ERROR (does not pass)" in done.stdout


def test_problems_validate_fails_on_a_wrong_expectation_and_a_bad_yaml(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(FIXTURE_PROBLEMS / "toy-multi", bank / "toy-multi")
    (bank / "toy-multi" / "solutions" / "rejected").mkdir()
    (bank / "toy-multi" / "solutions" / "rejected" / "lies.py").write_text(
        "# expect: WRONG_ANSWER\ndef add(a, b):\n    return a + b\n\n\ndef neg(a):\n    return -a\n"
    )
    shutil.copytree(FIXTURE_PROBLEMS / "toy-module", bank / "toy-module")
    yaml_path = bank / "toy-module" / "problem.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("gradients: true", "gradients: often"))
    done = cli("problems", "validate", problems=bank, data=tmp_path)
    assert done.returncode == 1
    assert "lies.py: expected WRONG_ANSWER, got ACCEPTED" in done.stdout
    assert f"{yaml_path}:12: key 'module.gradients'" in done.stdout
    assert "0 of 2 problems valid" in done.stdout
