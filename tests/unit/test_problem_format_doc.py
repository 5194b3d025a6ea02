"""problems/README.md is the format's manual: its example problem.yaml is valid, and
every key the schema knows is documented there."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from runner.problem import ProblemSpec, load_spec
from tests.conftest import ROOT

README = (ROOT / "problems" / "README.md").read_text()


def test_the_example_problem_yaml_is_valid(tmp_path: Path) -> None:
    example = re.findall(r"```yaml\n(.*?)```", README, re.S)[0]
    path = tmp_path / "problem.yaml"
    path.write_text(example)
    spec = load_spec(path)
    assert spec.kind == "function" and spec.tests and spec.examples


def keys(model: type[BaseModel]) -> set[str]:
    found = set(model.model_fields)
    for info in model.model_fields.values():
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            for inner in (arg, *getattr(arg, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found |= keys(inner)
    return found


def test_every_key_of_the_schema_is_documented() -> None:
    missing = sorted(k for k in keys(ProblemSpec) if not re.search(rf"\b{k}\b", README))
    assert not missing, f"keys of problem.yaml that problems/README.md does not mention: {missing}"
