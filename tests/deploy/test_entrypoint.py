"""The images' entrypoint (scripts/docker-entrypoint.sh), run here with /bin/sh: secrets
read from files, every other setting left as it is."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT

ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"


def run(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(ENTRYPOINT), *command], env={"PATH": "/usr/bin:/bin", **env},
                          capture_output=True, text=True, timeout=30)


def test_secrets_come_from_their_files(tmp_path) -> None:
    (tmp_path / "secret").write_text("s3cret\n")
    (tmp_path / "password").write_text("pw")
    done = run({"TENSORDOJO_JUDGE_SECRET_FILE": str(tmp_path / "secret"), "PGPASSWORD_FILE": str(tmp_path / "password"),
                "TENSORDOJO_CLOCK_FILE": str(tmp_path / "clock")}, "env")
    assert done.returncode == 0, done.stderr
    env = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert env["TENSORDOJO_JUDGE_SECRET"] == "s3cret" and "TENSORDOJO_JUDGE_SECRET_FILE" not in env
    assert env["PGPASSWORD"] == "pw" and "PGPASSWORD_FILE" not in env
    # A setting that is itself a file's path stays one.
    assert env["TENSORDOJO_CLOCK_FILE"] == str(tmp_path / "clock") and "TENSORDOJO_CLOCK" not in env


def test_a_secret_set_twice_or_unreadable_stops_the_start(tmp_path) -> None:
    (tmp_path / "url").write_text("postgresql+psycopg://a@b/c")
    both = run({"TENSORDOJO_DATABASE_URL": "sqlite://", "TENSORDOJO_DATABASE_URL_FILE": str(tmp_path / "url")}, "true")
    assert both.returncode == 2 and "set one of them" in both.stderr
    missing = run({"TENSORDOJO_JUDGE_SECRET_FILE": str(tmp_path / "nowhere")}, "true")
    assert missing.returncode == 2 and "cannot be read" in missing.stderr
