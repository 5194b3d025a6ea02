"""Static checks of the container set-up (no Docker engine runs the tests):
the compose file against the Compose Specification schema, and every path and
command the Dockerfile and compose file name exists in the project."""

from __future__ import annotations

import json
import re
import shlex

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

SCHEMA_CANDIDATES = [
    ROOT.parent / "shared" / "schemas" / "compose-spec.json",
    ROOT / "tests" / "fixtures" / "compose-spec.json",
]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def schema() -> dict:
    for path in SCHEMA_CANDIDATES:
        if path.exists():
            return json.loads(path.read_text())
    raise AssertionError(f"compose schema not found in {SCHEMA_CANDIDATES}")


def test_compose_file_matches_the_compose_spec() -> None:
    jsonschema.Draft7Validator(schema()).validate(compose())


def test_compose_schema_rejects_a_broken_file() -> None:
    broken = compose()
    broken["services"]["runner"]["network_mode"] = ["none"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema()).validate(broken)


def test_runner_service_is_locked_down() -> None:
    runner = compose()["services"]["runner"]
    assert runner["network_mode"] == "none"
    assert runner["read_only"] is True
    assert runner["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in runner["security_opt"]
    devices = runner["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["capabilities"] == ["gpu"]


def _cli_commands() -> set[tuple[str, ...]]:
    import typer.main

    from app.cli import cli  # the `tensordojo` console script's Typer app

    group = typer.main.get_command(cli)
    found: set[tuple[str, ...]] = set()

    def walk(command, prefix: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.add((*prefix, name))
            walk(sub, (*prefix, name))

    walk(group, ())
    return found


def test_container_commands_are_real_cli_commands() -> None:
    commands = _cli_commands()
    for name, service in compose()["services"].items():
        argv = service["command"]
        assert argv[0] == "tensordojo", name
        assert (argv[1],) in commands, f"{name}: tensordojo {argv[1]} does not exist"
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    assert cmd[0] == "tensordojo" and (cmd[1],) in commands


def test_dockerfile_copies_paths_that_exist() -> None:
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            *sources, _dest = shlex.split(line)[1:]
            for source in sources:
                assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in readme and "scripts/test.sh" in ci
    assert "scripts/serve.sh" in readme
    assert "pytest" in (ROOT / "scripts" / "test.sh").read_text()
