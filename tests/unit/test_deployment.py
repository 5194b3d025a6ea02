"""Static checks of the container set-up (tests/deploy builds and runs it for real):
the compose files against the Compose Specification schema, the runner's lock-down,
the GPU and PostgreSQL overrides, pinned images, every setting in .env.example and
passed on to the services, and every path and command the files name."""

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
COMPOSE_FILES = ["docker-compose.yml", "docker-compose.gpu.yml", "docker-compose.postgres.yml"]
# Fixed per container by docker-compose.yml (the volume, the bank's mount point) or by the
# web service's command line (serve's address and its embedded workers).
FIXED_IN_COMPOSE = {"TENSORDOJO_DATA_DIR": "/data", "TENSORDOJO_PROBLEMS_DIR": "/problems"}
FIXED_ON_COMMAND_LINE = {"TENSORDOJO_HOST", "TENSORDOJO_PORT", "TENSORDOJO_WORKERS"}
RUNNER_CAPABILITIES = {"SETUID", "SETGID", "SYS_ADMIN", "KILL", "DAC_OVERRIDE", "CHOWN"}
PINNED = re.compile(r"^[\w./-]+:\d+(\.\d+)+[\w.-]*$")  # name:1.2[.3][-variant], never latest


def load(name: str = "docker-compose.yml") -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def compose() -> dict:
    return load()


def schema() -> dict:
    for path in SCHEMA_CANDIDATES:
        if path.exists():
            return json.loads(path.read_text())
    raise AssertionError(f"compose schema not found in {SCHEMA_CANDIDATES}")


def volume(spec: str) -> tuple[str, str, str]:
    """'SOURCE:TARGET[:MODE]' -> (source, target, mode); SOURCE may hold ${VAR:-default}."""
    parts = spec.rsplit(":", 2) if spec.count(":") >= 2 and spec.endswith((":ro", ":rw")) else spec.rsplit(":", 1)
    return parts[0], parts[1], parts[2] if len(parts) == 3 else "rw"


def setting_names() -> set[str]:
    from app.config import AppSettings

    return {f"TENSORDOJO_{name.upper()}" for name in AppSettings.model_fields}


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_files_match_the_compose_spec(name: str) -> None:
    jsonschema.Draft7Validator(schema()).validate(load(name))


def test_compose_schema_rejects_a_broken_file() -> None:
    broken = compose()
    broken["services"]["runner"]["network_mode"] = ["none"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema()).validate(broken)


def test_compose_files_avoid_syntax_compose_1_29_lacks() -> None:
    """Debian's docker-compose 1.29 reads these files too: no top-level `name` or
    `include`, no `!reset`/`!override` tags, no `required:` on env files or depends_on."""
    for name in COMPOSE_FILES:
        data, text = load(name), (ROOT / name).read_text()
        assert not {"name", "include", "version"} & set(data), name
        assert "!reset" not in text and "!override" not in text, name
        for service in data["services"].values():
            assert "env_file" not in service, f"{name}: a missing env file stops compose 1.29"
            depends = service.get("depends_on", {})
            if isinstance(depends, dict):
                assert all("required" not in d for d in depends.values()), name


def test_plain_compose_up_needs_no_gpu() -> None:
    for name, service in compose()["services"].items():
        assert "deploy" not in service and "gpus" not in service and "runtime" not in service, name


def test_runner_service_is_locked_down() -> None:
    runner = compose()["services"]["runner"]
    assert runner["network_mode"] == "none"
    assert runner["read_only"] is True
    assert runner["cap_drop"] == ["ALL"]
    assert set(runner["cap_add"]) == RUNNER_CAPABILITIES
    assert "no-new-privileges:true" in runner["security_opt"]
    assert "apparmor:unconfined" in runner["security_opt"], "AppArmor's default profile forbids the mounts"
    assert "seccomp:unconfined" not in runner["security_opt"], "the default seccomp filter stays on submissions"
    assert "privileged" not in runner
    # Triton loads compiled kernels from the sandboxes' working dirs: /tmp must allow exec.
    tmp = [t for t in runner["tmpfs"] if t.split(":")[0] == "/tmp"]
    assert tmp and "exec" in tmp[0].split(":", 1)[1].split(","), runner["tmpfs"]


def test_web_service_runs_unprivileged_without_torch() -> None:
    web = compose()["services"]["web"]
    assert web["cap_drop"] == ["ALL"] and "cap_add" not in web
    assert web["read_only"] is True
    assert web["build"]["target"] == "web"
    dockerfile = (ROOT / "Dockerfile").read_text()
    stage = dockerfile.split("FROM base AS web", 1)[1].split("\nFROM ", 1)[0]
    user = re.search(r"^USER (\S+)", stage, re.M)
    assert user and user.group(1).split(":")[0] not in ("root", "0"), "the web image runs as a non-root user"
    assert "COPY --from=requirements /tmp/build/web.txt" in stage and "torch" not in stage
    lists = dockerfile.split("FROM ${BASE_IMAGE} AS requirements", 1)[1].split("\nFROM ", 1)[0]
    assert re.search(r"--without [\w,]*\btorch\b[\w,]* web >web.txt", lists), "the web image installs no torch"


def test_bank_is_mounted_from_the_host_read_only() -> None:
    for name in ("web", "runner"):
        service = compose()["services"][name]
        assert service["environment"]["TENSORDOJO_PROBLEMS_DIR"] == "/problems"
        mounts = [volume(v) for v in service["volumes"] if volume(v)[1] == "/problems"]
        assert len(mounts) == 1 and mounts[0][2] == "ro", f"{name}: {service['volumes']}"
        assert mounts[0][0] == "${TENSORDOJO_BANK_DIR:-./problems}", "the host's ./problems by default"


def test_gpu_override_reserves_an_nvidia_gpu_for_the_runner_only() -> None:
    gpu = load("docker-compose.gpu.yml")["services"]
    assert set(gpu) == {"runner"}
    devices = gpu["runner"]["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "count": 1, "capabilities": ["gpu"]}]
    assert gpu["runner"]["environment"]["TENSORDOJO_DEVICE"].endswith(":-cuda}")


def test_postgres_override_wires_postgres_and_several_runners() -> None:
    pg = load("docker-compose.postgres.yml")
    services = pg["services"]
    assert PINNED.match(services["postgres"]["image"]), services["postgres"]["image"]
    assert "POSTGRES_PASSWORD" not in services["postgres"]["environment"], "the password comes from a file"
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"].startswith("/run/secrets/")
    assert pg["networks"]["db"]["internal"] is True
    for name in ("web", "runner"):
        env = services[name]["environment"]
        assert env["TENSORDOJO_DATABASE_URL"].startswith("postgresql+psycopg://"), name
        assert "@" in env["TENSORDOJO_DATABASE_URL"] and ":" not in env["TENSORDOJO_DATABASE_URL"].split("//")[1].split(
            "@"
        )[0], "no password in the URL"
        assert env["PGPASSWORD_FILE"].startswith("/run/secrets/"), name
    assert services["runner"]["network_mode"] == "service:postgres"
    replicas = re.fullmatch(r"\$\{TENSORDOJO_RUNNERS:-(\d+)\}", str(services["runner"]["scale"]))
    assert replicas and int(replicas.group(1)) >= 2
    assert "file" in pg["secrets"]["postgres_password"]


def test_base_images_are_pinned_by_version() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    default = re.search(r"^ARG BASE_IMAGE=(\S+)$", dockerfile, re.M).group(1)
    assert PINNED.match(default), default
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert froms[0] == "${BASE_IMAGE}" and all(f in ("${BASE_IMAGE}", "base") for f in froms), froms
    args = compose()["x-build-args"]
    assert args["BASE_IMAGE"] == f"${{TENSORDOJO_BASE_IMAGE:-{default}}}", "compose and Dockerfile agree"
    torch = re.search(r'^ARG TORCH_SPEC="(\S+)"$', dockerfile, re.M).group(1)
    assert args["TORCH_SPEC"] == f"${{TENSORDOJO_TORCH_SPEC:-{torch}}}" and "==" in torch


def test_every_setting_is_in_env_example_and_reaches_both_services() -> None:
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?(TENSORDOJO_[A-Z0-9_]+)=", example, re.M))
    missing = setting_names() - listed
    assert not missing, f".env.example lacks {sorted(missing)}"
    for name in ("web", "runner"):
        env = compose()["services"][name]["environment"]
        passed = {k for k, v in env.items() if v is None}
        lacking = setting_names() - passed - set(FIXED_IN_COMPOSE) - FIXED_ON_COMMAND_LINE
        assert not lacking, f"{name} does not pass on {sorted(lacking)}"
        for key, value in FIXED_IN_COMPOSE.items():
            assert env[key] == value, name


def test_no_secret_is_baked_in() -> None:
    example = (ROOT / ".env.example").read_text()
    for line in example.splitlines():
        if re.match(r"^TENSORDOJO_\w*(SECRET|PASSWORD)\w*=", line) or re.match(r"^#? ?\w*SECRET=\S", line):
            raise AssertionError(f".env.example sets a secret: {line}")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert not re.search(r"^(ENV|ARG)\b.*(SECRET|PASSWORD)", dockerfile, re.M | re.I)
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".env", "data", "secrets", ".git"):
        assert path in ignored, f".dockerignore must keep {path} out of the build context"


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
    for cmd in re.findall(r"^CMD (\[.*\])$", dockerfile, re.M):
        argv = json.loads(cmd)
        assert argv[0] == "tensordojo" and (argv[1],) in commands, argv
    # The commands the README and the compose files tell admins to run in a container.
    documented = "\n".join((ROOT / n).read_text() for n in ["README.md", *COMPOSE_FILES])
    found = re.findall(r"docker compose (?:exec|run --rm) (?:-T )?\w+ tensordojo ([a-z]+)(?: ([a-z]+))?", documented)
    assert found, "the README shows the admin commands"
    for first, second in found:
        assert (first,) in commands, first
        if any(len(c) == 2 and c[0] == first for c in commands):  # a group: problems, users
            assert (first, second) in commands, f"tensordojo {first} {second} does not exist"


def test_dockerfile_copies_paths_that_exist() -> None:
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            *sources, _dest = shlex.split(line)[1:]
            for source in sources:
                assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in readme and "scripts/test.sh" in ci
    assert "scripts/serve.sh" in readme
    test_sh = (ROOT / "scripts" / "test.sh").read_text()
    assert "pytest" in test_sh
    assert "scripts/docker-engine.sh" in test_sh, "CI starts a Docker engine for tests/deploy"
