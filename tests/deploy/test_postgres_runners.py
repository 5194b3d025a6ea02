"""Scale-out with PostgreSQL, as the README's "Many GPU hosts" section runs it: the web
image and two runner containers started with the README's own `docker run` line (host
networking stands in for the network between hosts, the CPU for the GPU) against a real
PostgreSQL server, the password and the judge's secret in files. Submissions made
through the web service are judged by the runners from the shared queue, each once.

The server is the test suite's (scripts/postgres.sh, TENSORDOJO_TEST_DATABASE_URL): no
container registry is reachable here to pull the postgres image docker-compose.postgres.yml
names (that file is checked statically and by Compose in test_compose_files.py).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import ROOT
from tests.deploy.compose import IMAGE_TAG, Browser, free_port, wait_healthy
from tests.web.databases import postgres_database

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]
RUNNERS = 2
SUBMISSIONS = 6
JUDGE_SECRET = "the same secret on every judging host"


def readme_runner_command() -> list[str]:
    """The README's `docker run` line for a runner on a further GPU host."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(docker run -d --name tensordojo-runner .*?)```", readme, re.S)
    assert block, "the README shows how to start a runner on another host"
    return shlex.split(block.group(1).replace("\\\n", " "))


@dataclass
class Deployment:
    url: str
    database: str
    containers: list[str] = field(default_factory=list)

    def logs(self) -> str:
        return "\n".join(subprocess.run(["docker", "logs", "--tail", "80", c], capture_output=True,
                                        text=True).stderr for c in self.containers)


def docker(*args: str) -> str:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"docker {shlex.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip()


@pytest.fixture(scope="module")
def deployment(images: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / "vector-add", bank / "vector-add")
    secrets = tmp_path_factory.mktemp("secrets")
    (secrets / "postgres-password").write_text("unused: the test server trusts loopback\n")
    (secrets / "judge-secret").write_text(JUDGE_SECRET + "\n")
    database_url = secrets / "database-url"
    for path in [bank, secrets, *bank.rglob("*"), *secrets.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    with postgres_database() as database:
        port = free_port()
        url = make_url(database)
        deployment = Deployment(url=f"http://127.0.0.1:{port}", database=database)
        host_db = url.render_as_string(hide_password=False)
        database_url.write_text(host_db + "\n")
        database_url.chmod(0o644)
        try:
            deployment.containers.append(docker(
                "run", "-d", "--network", "host", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges:true", "-v", f"{bank}:/problems:ro",
                "-e", "TENSORDOJO_PROBLEMS_DIR=/problems", "-v", f"{secrets}:/run/secrets:ro",
                "-e", "TENSORDOJO_DATABASE_URL_FILE=/run/secrets/database-url",
                f"tensordojo-web:{IMAGE_TAG}", "tensordojo", "serve", "--host", "127.0.0.1", "--port", str(port),
                "--workers", "0"))
            wait_healthy(deployment.url, deployment.logs)
            for _ in range(RUNNERS):
                deployment.containers.append(docker(*runner_argv(bank, secrets, host_db)[1:]))
            yield deployment
        finally:
            for container in deployment.containers:
                subprocess.run(["docker", "rm", "-f", "-v", container], capture_output=True)


def runner_argv(bank: Path, secrets: Path, database: str) -> list[str]:
    """The README's line, for this machine: no GPU, host networking, this test's paths."""
    argv = []
    words = iter(readme_runner_command())
    for word in words:
        if word in ("--name", "--gpus"):
            next(words)  # several runners here, and no GPU
        elif word.startswith("/srv/tensordojo/problems:"):
            argv.append(word.replace("/srv/tensordojo/problems", str(bank)))
        elif word.startswith("/etc/tensordojo:"):
            argv.append(word.replace("/etc/tensordojo", str(secrets)))
        elif word.startswith("TENSORDOJO_DATABASE_URL="):
            argv.append(f"TENSORDOJO_DATABASE_URL={database}")
        elif word == "tensordojo-runner:latest":
            argv += ["--network", "host", f"tensordojo-runner:{IMAGE_TAG}"]
        else:
            argv.append(word)
    return argv


def test_the_readme_runner_line_keeps_the_runner_locked_down() -> None:
    argv = readme_runner_command()
    caps = {argv[i + 1] for i, word in enumerate(argv) if word == "--cap-add"}
    assert caps == {"SETUID", "SETGID", "SYS_ADMIN", "KILL"}, "with PostgreSQL it needs no DAC_OVERRIDE or CHOWN"
    assert "--read-only" in argv and argv[argv.index("--cap-drop"):][:2] == ["--cap-drop", "ALL"]
    assert "--tmpfs" in argv and "exec" in argv[argv.index("--tmpfs") + 1]


def test_runners_on_postgresql_judge_every_submission_once(deployment: Deployment) -> None:
    learner = Browser(deployment.url, deployment.logs)
    learner.sign_up("scaled")
    ids = [learner.submit("vector-add", "def solve(a, b):\n    return a + b\n") for _ in range(SUBMISSIONS)]
    results = [learner.verdict(i) for i in ids]
    for result in results:
        assert result["verdict"] == "ACCEPTED", result["message"]
        assert result["attempts"] == 1, "judged once"
        layers = "\n".join(result["result"]["sandbox"]["layers"])
        assert "network namespace" in layers and "runs as a uid of its own" in layers, layers

    engine = create_engine(deployment.database)
    try:
        with engine.connect() as conn:
            workers = conn.execute(text("SELECT id, judged FROM workers")).all()
    finally:
        engine.dispose()
    assert len(workers) == RUNNERS, workers
    assert sum(judged for _, judged in workers) == SUBMISSIONS, workers

    for container in deployment.containers[1:]:
        environ = docker("exec", container, "cat", "/proc/1/environ").split("\0")
        assert f"TENSORDOJO_JUDGE_SECRET={JUDGE_SECRET}" in environ, "the secret came from its file"
        assert not any(e.startswith("TENSORDOJO_JUDGE_SECRET_FILE=") for e in environ)


def test_commands_in_a_container_read_settings_from_files(deployment: Deployment) -> None:
    """The web container has its database URL in a file only (TENSORDOJO_DATABASE_URL_FILE)."""
    # `docker exec` bypasses the entrypoint; the image's `tensordojo` still reads the file.
    created = docker("exec", deployment.containers[0], "tensordojo", "users", "create", "operator", "--admin",
                     "--password", "correct horse battery")
    assert "(admin)" in created
    engine = create_engine(deployment.database)
    try:
        with engine.connect() as conn:
            admins = conn.execute(text("SELECT username FROM users WHERE is_admin")).scalars().all()
    finally:
        engine.dispose()
    assert admins == ["operator"], "the admin was made in PostgreSQL, not in a SQLite file of the container"
