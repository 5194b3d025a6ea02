"""Every documented combination of the compose files, as Compose itself reads them: the
installed Compose v2 (`docker compose`) and Debian's docker-compose 1.29, where present
(scripts/docker-engine.sh installs the latter). At least one must be installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # needs the container tools scripts/docker-engine.sh installs

COMBINATIONS = [
    ["docker-compose.yml"],
    ["docker-compose.yml", "docker-compose.gpu.yml"],
    ["docker-compose.yml", "docker-compose.postgres.yml"],
    ["docker-compose.yml", "docker-compose.postgres.yml", "docker-compose.gpu.yml"],
    ["docker-compose.yml", "docker-compose.container.yml"],
    ["docker-compose.yml", "docker-compose.postgres.yml", "docker-compose.container.yml"],
]


def installed() -> list[list[str]]:
    found = []
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        found.append(["docker", "compose"])
    if shutil.which("docker-compose"):
        found.append(["docker-compose"])
    assert found, "no Compose installed (scripts/docker-engine.sh installs Debian's docker-compose)"
    return found


def config(command: list[str], files: list[str], tmp_path) -> dict:
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    argv = [*command, "--env-file", str(env_file), "-p", "tensordojo"]
    for name in files:
        argv += ["-f", str(ROOT / name)]
    done = subprocess.run([*argv, "config"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin"})
    assert done.returncode == 0, f"{' '.join(argv)} config:\n{done.stderr}"
    return yaml.safe_load(done.stdout)


@pytest.mark.parametrize("files", COMBINATIONS, ids=["+".join(f.split(".")[0] for f in c) for c in COMBINATIONS])
def test_compose_reads_the_files(files: list[str], tmp_path) -> None:
    for command in installed():
        services = config(command, files, tmp_path)["services"]
        runner = services["runner"]
        assert set(runner["cap_drop"]) == {"ALL"}
        assert runner["read_only"] is True
        env = runner["environment"]
        assert env["TENSORDOJO_PROBLEMS_DIR"] == "/problems" and env["TENSORDOJO_DATA_DIR"] == "/data"
        # Unset settings are not passed on as empty strings (the app would read "" as a value).
        assert "" not in [v for k, v in env.items() if k.startswith("TENSORDOJO_")], env
        gpu = "docker-compose.gpu.yml" in files
        assert ("deploy" in runner) == gpu
        if gpu:
            assert env["TENSORDOJO_DEVICE"] == "cuda" and runner["build"]["args"]["TORCH_INDEX"] == ""
        else:
            assert runner["build"]["args"]["TORCH_INDEX"] == "https://download.pytorch.org/whl/cpu"
        sockets = {name: [v for v in services[name].get("volumes", []) if "docker.sock" in str(v)]
                   for name in services}
        if "docker-compose.container.yml" in files:  # the engine's socket: the runner's, nobody else's
            assert env["TENSORDOJO_SANDBOX"] == "container"
            assert env["TENSORDOJO_CONTAINER_IMAGE"] == "tensordojo-runner:latest"
            assert len(sockets["runner"]) == 1 and not any(v for k, v in sockets.items() if k != "runner")
            link = env["TENSORDOJO_CONTAINER_LINK_DIR"]
            assert any(str(v).count(link) == 2 or (isinstance(v, dict) and v.get("source") == v.get("target") == link)
                       for v in runner["volumes"]), runner["volumes"]
        else:
            assert not any(sockets.values()) and env.get("TENSORDOJO_SANDBOX") is None
        if "docker-compose.postgres.yml" in files:
            assert set(services) == {"web", "runner", "postgres"}
            assert runner["network_mode"] == "service:postgres"
            assert int(runner["scale"]) >= 2 or runner.get("deploy", {}).get("replicas", 0) >= 2
            for name in ("web", "runner"):
                assert services[name]["environment"]["TENSORDOJO_DATABASE_URL"].startswith("postgresql+psycopg://")
        else:
            assert set(services) == {"web", "runner"}
            assert runner["network_mode"] == "none"
