"""problem.yaml loading: typed schema, and errors that name file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.bank import load_bank, load_problem
from runner.errors import ProblemFormatError
from runner.problem import DEFAULT_MAX_SLOWDOWN, load_spec

from ..conftest import FIXTURE_PROBLEMS

GOOD = (FIXTURE_PROBLEMS / "toy-softmax" / "problem.yaml").read_text()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "problem.yaml"
    path.write_text(text)
    return path


def test_good_problem_loads_with_defaults() -> None:
    spec = load_spec(FIXTURE_PROBLEMS / "toy-softmax" / "problem.yaml")
    assert spec.kind == "function" and spec.signature == ["x", "temperature"]
    assert spec.performance.max_slowdown_vs_reference == 10.0
    assert [e.name for e in spec.entries()] == ["solve"]
    multi = load_spec(FIXTURE_PROBLEMS / "toy-multi" / "problem.yaml")
    assert [e.generator for e in multi.entries()] == ["generate_add", "generate_neg"]
    assert multi.performance.max_slowdown_vs_reference == DEFAULT_MAX_SLOWDOWN  # no `performance:` key


def test_wrong_type_names_file_key_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("wall_seconds: 20", "wall_seconds: soon"))
    with pytest.raises(ProblemFormatError) as err:
        load_spec(path)
    line = GOOD.splitlines().index("  wall_seconds: 20") + 1
    assert f"{path}:{line}: key 'limits.wall_seconds'" in str(err.value)


def test_unknown_key_in_a_test_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    seed: 12\n", "    seed: 12\n    timeout: 3\n"))
    with pytest.raises(ProblemFormatError) as err:
        load_spec(path)
    line = GOOD.replace("    seed: 12\n", "    seed: 12\n    timeout: 3\n").splitlines().index("    timeout: 3") + 1
    assert f"{path}:{line}: key 'tests.2.timeout'" in str(err.value)
    assert "Extra inputs are not permitted" in str(err.value)


def test_bad_enum_and_missing_kind_field(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("difficulty: easy", "difficulty: trivial"))
    with pytest.raises(ProblemFormatError, match=r"problem.yaml:3: key 'difficulty'"):
        load_spec(path)
    path = write(tmp_path, GOOD.replace("entry_point: solve\n", ""))
    with pytest.raises(ProblemFormatError, match="kind 'function' needs the key 'entry_point'"):
        load_spec(path)


def test_invalid_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("topics: [testing]", "topics: [testing"))
    with pytest.raises(ProblemFormatError, match=r"problem.yaml:\d+: invalid YAML"):
        load_spec(path)


def test_bank_reports_broken_folders_and_keeps_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "toy-softmax"
    good.mkdir()
    for item in (FIXTURE_PROBLEMS / "toy-softmax").rglob("*"):
        target = good / item.relative_to(FIXTURE_PROBLEMS / "toy-softmax")
        if item.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(item.read_bytes())
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "problem.yaml").write_text("title: Broken\n")
    bank = load_bank(tmp_path)
    assert list(bank.problems) == ["toy-softmax"]
    assert len(bank.errors) == 1 and "broken/problem.yaml" in bank.errors[0]
    assert "key 'difficulty'" in bank.errors[0]


def test_missing_starter_is_a_format_error(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    (folder / "starters").mkdir(parents=True)
    (folder / "problem.yaml").write_text(GOOD)
    (folder / "statement.md").write_text("# P\n## Notes\n")
    (folder / "reference.py").write_text("")
    with pytest.raises(ProblemFormatError, match=r"starters/pytorch\.py: missing starter"):
        load_problem(folder)
