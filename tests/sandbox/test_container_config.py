"""What a sandbox container is made of, from the settings alone (no engine): the Docker
SDK's `containers.run` arguments, the pid mode, the GPUs, and the report the admin page
shows for a runner on the container backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.config import JudgeSettings
from runner.sandbox import container_config as cc
from runner.sandbox.layers import sandbox_report

FACTS = cc.ImageFacts(workdir="/opt/tensordojo", volumes=["/data"])
RUNNER_ID = "a" * 64
MOUNTINFO = (f"512 498 0:45 /docker/containers/{RUNNER_ID}/hostname /etc/hostname rw,relatime - ext4 "
             "/dev/sda1 rw\n")


@pytest.fixture
def settings(tmp_path: Path) -> JudgeSettings:
    return JudgeSettings(problems_dir=tmp_path, data_dir=tmp_path / "data", sandbox="container",
                         container_image="tensordojo-runner:test", container_memory_mb=3072, container_cpus=1.5,
                         container_pids=300, container_link_dir=tmp_path / "link")


def kwargs(settings: JudgeSettings, pids: str | None = None, gpus: list | None = None) -> dict:
    return cc.create_kwargs(settings, name="tensordojo-sandbox-x-1", runner="host-1-abc",
                            link_source=Path("/run/tensordojo/containers/tensordojo-sandbox-x-1"),
                            tag="pool-tag", facts=FACTS, pids=pids, gpus=gpus or [])


def test_no_network_read_only_root_and_private_ipc(settings: JudgeSettings) -> None:
    args = kwargs(settings)
    assert args["network_mode"] == "none"
    assert args["read_only"] is True
    assert args["ipc_mode"] == "private"
    assert args["image"] == "tensordojo-runner:test"
    assert args["auto_remove"] is True and args["detach"] is True
    assert args["labels"] == {cc.LABEL: "host-1-abc"}


def test_every_capability_dropped_but_the_uid_drops(settings: JudgeSettings) -> None:
    args = kwargs(settings)
    assert args["cap_drop"] == ["ALL"]
    assert sorted(args["cap_add"]) == ["SETGID", "SETUID"]
    assert args["security_opt"] == ["no-new-privileges:true"]
    assert "privileged" not in args and "seccomp=unconfined" not in str(args)


def test_limits_memory_without_swap_cpus_and_tasks(settings: JudgeSettings) -> None:
    args = kwargs(settings)
    assert args["mem_limit"] == args["memswap_limit"] == "3072m"
    assert args["nano_cpus"] == 1_500_000_000
    assert args["pids_limit"] == 300


def test_nothing_mounted_but_the_runners_socket_folder(settings: JudgeSettings) -> None:
    args = kwargs(settings)
    assert args["volumes"] == {"/run/tensordojo/containers/tensordojo-sandbox-x-1":
                               {"bind": cc.LINK_TARGET, "mode": "ro"}}
    assert "mounts" not in args and "volumes_from" not in args
    assert "docker.sock" not in str(args)
    # The image's bank and its declared volume are covered by empty read-only tmpfs (no anonymous volume).
    assert args["tmpfs"]["/opt/tensordojo/problems"] == cc.HIDE_OPTIONS
    assert args["tmpfs"]["/data"] == cc.HIDE_OPTIONS
    assert args["tmpfs"]["/tmp"].startswith("rw,exec,nosuid,nodev,size=")
    assert set(args["tmpfs"]) == {"/tmp", "/opt/tensordojo/problems", "/data"}


def test_no_environment_but_the_childs(settings: JudgeSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENSORDOJO_JUDGE_SECRET", "never-in-a-container")
    args = kwargs(settings)
    assert set(args["environment"]) == {"HOME", "PYTHONDONTWRITEBYTECODE"}
    assert "never-in-a-container" not in str(args)


def test_the_zygote_is_the_containers_command(settings: JudgeSettings) -> None:
    args = kwargs(settings)
    assert args["entrypoint"] == ["python3"]
    assert args["command"][:3] == ["-I", "-m", cc.ZYGOTE_MODULE]
    assert args["command"][3] == f"{cc.LINK_TARGET}/{cc.SOCKET_NAME}"
    assert args["command"][4] == "pool-tag/tensordojo-sandbox-x-1"  # how the judge tells its processes
    assert args["cpu_shares"] == cc.WARMING_SHARES  # it warms up at the lowest weight


def test_pid_mode_shares_the_runners_when_it_runs_in_a_container() -> None:
    assert cc.own_container_id(MOUNTINFO) == RUNNER_ID
    assert cc.pid_mode("auto", MOUNTINFO) == f"container:{RUNNER_ID}"
    assert cc.pid_mode("auto", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n") is None  # on a host: its own
    assert cc.pid_mode("container:runner-1") == "container:runner-1"


def test_pid_mode_and_gpus_reach_the_arguments(settings: JudgeSettings) -> None:
    gpus = cc.gpu_requests("all")
    args = kwargs(settings, pids=f"container:{RUNNER_ID}", gpus=gpus)
    assert args["pid_mode"] == f"container:{RUNNER_ID}"
    assert args["device_requests"] == [{"count": -1, "capabilities": [["gpu"]]}]
    assert args["environment"]["NVIDIA_DRIVER_CAPABILITIES"] == "compute,utility"
    assert "pid_mode" not in kwargs(settings) and "device_requests" not in kwargs(settings)


def test_gpu_requests_follow_the_setting() -> None:
    assert cc.gpu_requests("none") == []
    assert cc.gpu_requests("auto", sees_gpu=False) == []
    assert cc.gpu_requests("auto", sees_gpu=True) == [{"count": -1, "capabilities": [["gpu"]]}]
    assert cc.gpu_requests("0, 2") == [{"device_ids": ["0", "2"], "capabilities": [["gpu"]]}]


def test_the_admin_report_names_the_backend_and_its_limits(settings: JudgeSettings) -> None:
    report = sandbox_report(settings)
    assert report["backend"] == "container"
    limits = report["limits"]
    assert limits["memory per container"] == "3072 MiB, no swap"
    assert limits["CPUs per container"] == "1.5"
    assert limits["tasks per container"] == "300"
    assert limits["image"] == "tensordojo-runner:test"
    assert any("network_mode none" in line for line in report["layers"])
    assert any("SETUID and SETGID" in line for line in report["layers"])


def test_the_process_backend_reports_itself_too(tmp_path: Path) -> None:
    report = sandbox_report(JudgeSettings(problems_dir=tmp_path, data_dir=tmp_path))
    assert report["backend"] == "process"
    assert report["limits"]["wall clock"] == "the problem's limit"
    assert not any("container" in line for line in report["layers"])
