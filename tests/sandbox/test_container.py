"""The container backend against a real Docker engine: the faults get the process
backend's verdicts, a container cap of its own, the engine going away (the judge's
fault, judged again), and nothing left behind, not even by a runner killed with -9."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.bank import Problem, load_bank
from runner.config import JudgeSettings
from runner.judge import ENGINE_GONE
from runner.judge.pool import JudgePool
from runner.problem import Limits
from runner.sandbox.container_config import LABEL, LINK_TARGET
from runner.sandbox.engine import Engine
from runner.verdicts import JudgeResult, Verdict
from tests.attacks.conftest import wait_until
from tests.backends import in_containers
from tests.conftest import ROOT
from tests.sandbox.engine_proxy import EngineProxy

ACCEPTED = (ROOT / "problems" / "vector-add" / "solutions" / "accepted" / "pytorch_plus.py").read_text()
SLEEPER = "import time\n\ndef solve(a, b):\n    time.sleep(3)\n    return a + b\n"
FAULTS = {
    "wall": ("def solve(a, b):\n    while True:\n        pass\n", Verdict.TIME_LIMIT_EXCEEDED),
    "memory": ("import torch\n\ndef solve(a, b):\n    hoard = torch.ones(3 << 30, dtype=torch.uint8)\n"
               "    return a + b\n", Verdict.MEMORY_LIMIT_EXCEEDED),
    "flood": ("import sys\n\nfor _ in range(4000):\n    sys.stdout.write('flood ' * 200 + '\\n')\n\n"
              "def solve(a, b):\n    print('x' * (1 << 20))\n    return a + b\n", Verdict.ACCEPTED),
    "crash": ("import os, signal\n\ndef solve(a, b):\n    os.kill(os.getpid(), signal.SIGSEGV)\n",
              Verdict.RUNTIME_ERROR),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> JudgeSettings:
    return JudgeSettings(problems_dir=ROOT / "problems", data_dir=tmp_path_factory.mktemp("data"), device="cpu",
                         judge_secret="container-test-secret", torch_threads=1)


@pytest.fixture(scope="module")
def problem(base: JudgeSettings) -> Problem:
    loaded = load_bank(base.problems_dir).get("vector-add")
    assert loaded is not None
    return dataclasses.replace(loaded, spec=loaded.spec.model_copy(update={"limits": Limits(wall_seconds=5,
                                                                                             memory_mb=1536)}))


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def pools(base: JudgeSettings) -> Iterator[dict[str, JudgePool]]:
    with JudgePool(base) as process, JudgePool(in_containers(base)) as container:
        yield {"process": process, "container": container}


def ours(engine: Engine, pool: JudgePool) -> list[dict]:
    return engine.labelled(pool.pool.runner)  # type: ignore[attr-defined]


def judge_killing_midway(pool: JudgePool, problem: Problem, kill: object) -> JudgeResult:
    """Judges SLEEPER while `kill(pool)` runs once the submission's processes are up."""
    started = threading.Event()

    def killer() -> None:
        assert wait_until(lambda: bool(pool.pool.stray_processes()), 20)
        time.sleep(0.5)
        started.set()
        kill(pool)  # type: ignore[operator]

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    result = pool.judge(problem, SLEEPER, language="pytorch", mode="run")
    thread.join(20)
    assert started.is_set(), "the submission never started"
    return result


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_faults_get_the_process_backends_verdicts(fault: str, pools: dict[str, JudgePool],
                                                  problem: Problem) -> None:
    code, expected = FAULTS[fault]
    if fault == "memory":  # filling gigabytes on a loaded host may take a while: the memory limit must come first
        problem = dataclasses.replace(problem, spec=problem.spec.model_copy(
            update={"limits": Limits(wall_seconds=30, memory_mb=1536)}))
    results = {name: pool.judge(problem, code, language="pytorch", mode="run") for name, pool in pools.items()}
    shown = {name: f"{r.verdict}: {r.message}" for name, r in results.items()}
    assert results["process"].verdict == results["container"].verdict == expected, shown
    assert results["container"].sandbox["layers"][0].startswith("container:")
    assert len(results["container"].stdout) <= 64 * 1024 + 64
    assert not results["container"].retry


def test_a_sandbox_killed_midway_is_the_same_verdict_on_both(pools: dict[str, JudgePool], problem: Problem,
                                                             engine: Engine) -> None:
    def kill_processes(pool: JudgePool) -> None:
        for pid in pool.pool.stray_processes():
            subprocess.run(["kill", "-9", str(pid)], check=False)

    def kill_container(pool: JudgePool) -> None:
        waiting = pool.pool._unspent  # type: ignore[attr-defined]
        spent = [c for c in ours(engine, pool) if c["name"] not in waiting]
        assert spent, ours(engine, pool)
        for c in spent:
            engine.client.api.kill(c["id"])

    process = judge_killing_midway(pools["process"], problem, kill_processes)
    container = judge_killing_midway(pools["container"], problem, kill_container)
    assert process.verdict == container.verdict == Verdict.RUNTIME_ERROR, (process.message, container.message)
    assert not container.retry  # the engine still answers: the container died, not the judge


def test_the_containers_memory_cap_is_a_memory_limit(base: JudgeSettings, problem: Problem) -> None:
    settings = in_containers(base, container_memory_mb=1024, container_pool_size=1)
    roomy = dataclasses.replace(problem, spec=problem.spec.model_copy(
        update={"limits": Limits(wall_seconds=10, memory_mb=8192)}))  # the watchdog would never fire
    code = "import torch\n\ndef solve(a, b):\n    hoard = torch.ones(2 << 30, dtype=torch.uint8)\n    return a + b\n"
    with JudgePool(settings) as pool:
        result = pool.judge(roomy, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.MEMORY_LIMIT_EXCEEDED, result.message
    assert "container's memory" in result.message


def test_the_engine_socket_and_the_hosts_files_are_out_of_reach(pools: dict[str, JudgePool],
                                                                problem: Problem, engine: Engine) -> None:
    probe = ("import os\n\ndef seen(path):\n    try:\n        return os.listdir(path) if os.path.isdir(path) "
             "else os.path.exists(path)\n    except PermissionError:\n        return 'denied'\n\n"
             "for path in ('/var/run/docker.sock', '/run/docker.sock', '/data', "
             f"'{LINK_TARGET}', '/opt/tensordojo/problems'):\n"
             "    print('SEEN', path, seen(path))\n"
             "print('NET', [l.split()[0] for l in open('/proc/net/dev').readlines()[2:]])\n" + ACCEPTED)
    result = pools["container"].judge(problem, probe, language="pytorch", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message
    out = result.stdout
    assert "SEEN /var/run/docker.sock False" in out and "SEEN /run/docker.sock False" in out, out
    assert f"SEEN {LINK_TARGET} []" in out or f"SEEN {LINK_TARGET} denied" in out, out  # the runner's, empty
    assert "SEEN /opt/tensordojo/problems []" in out, out  # the image's bank: covered by an empty tmpfs
    assert "SEEN /data []" in out or "SEEN /data denied" in out, out
    assert "NET ['lo:']" in out, out  # network_mode none: loopback only
    assert pools["container"].pool.settle()  # type: ignore[attr-defined]
    waiting = [c for c in ours(engine, pools["container"]) if c["state"] == "running"]
    assert waiting
    for c in waiting:
        mounts = engine.client.api.inspect_container(c["id"])["Mounts"]
        assert [m["Type"] for m in mounts] == ["bind"], mounts  # no volume: the socket folder alone
        assert mounts[0]["Destination"] == LINK_TARGET and not mounts[0]["RW"], mounts


def test_the_engine_going_away_is_the_judges_fault_and_judged_again(base: JudgeSettings, problem: Problem,
                                                                    engine: Engine, tmp_path: Path) -> None:
    proxy = EngineProxy(tmp_path / "engine.sock").start()
    settings = in_containers(base, container_engine=f"unix://{proxy.path}", container_pool_size=1)
    pool = JudgePool(settings)
    try:
        assert pool.pool.settle()  # type: ignore[attr-defined]

        def engine_away(pool: JudgePool) -> None:
            proxy.stop()  # the engine stops answering, and takes its containers with it
            for c in ours(engine, pool):
                engine.client.api.kill(c["id"])

        result = judge_killing_midway(pool, problem, engine_away)
        assert result.verdict == Verdict.INTERNAL_ERROR and result.retry, result.message
        assert result.message == ENGINE_GONE
        again = pool.judge(problem, ACCEPTED, language="pytorch", mode="run")  # no engine: no container
        assert again.verdict == Verdict.INTERNAL_ERROR and again.retry, again.message
        assert "the judge's fault" in again.message
        proxy = EngineProxy(proxy.path).start()  # the engine is back
        assert wait_until(lambda: pool.judge(problem, ACCEPTED, language="pytorch", mode="run").verdict
                          == Verdict.ACCEPTED, 60)
    finally:
        pool.close()
        proxy.stop()
    assert wait_until(lambda: not ours(engine, pool), 30), ours(engine, pool)


def test_nothing_is_left_behind(base: JudgeSettings, problem: Problem, engine: Engine) -> None:
    def counts() -> tuple[int, int, int]:
        api = engine.client.api
        return (len(api.containers(all=True, filters={"label": LABEL})), len(api.volumes()["Volumes"] or []),
                len(api.networks()))

    before = counts()
    with JudgePool(in_containers(base, container_pool_size=2)) as pool:
        for _ in range(3):
            assert pool.judge(problem, ACCEPTED, language="pytorch", mode="run").verdict == Verdict.ACCEPTED
        assert counts()[1:] == before[1:]  # no volume, no network of their own
    assert wait_until(lambda: counts() == before, 30), (counts(), before)


RUNNER = """
import sys, time
from pathlib import Path
from runner.bank import load_bank
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
settings = JudgeSettings.model_validate_json(sys.argv[1])
problem = load_bank(settings.problems_dir).get("vector-add")
pool = JudgePool(settings)
pool.pool.settle()
print(pool.pool.runner, flush=True)
pool.judge(problem, "import time\\ndef solve(a, b):\\n    time.sleep(60)\\n", language="pytorch", mode="run")
"""


def test_a_runner_killed_with_9_leaves_no_container(base: JudgeSettings, engine: Engine) -> None:
    settings = in_containers(base, container_pool_size=2)
    runner = subprocess.Popen([sys.executable, "-c", RUNNER, settings.model_dump_json()], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        name = runner.stdout.readline().strip()
        assert name, f"the runner did not start its containers:\n{runner.communicate(timeout=30)[1][-3000:]}"
        running = lambda: [c for c in engine.labelled(name) if c["state"] == "running"]  # noqa: E731
        assert wait_until(lambda: len(running()) == 2, 60), engine.labelled(name)  # judging + 1 waiting
        runner.send_signal(signal.SIGKILL)
        runner.wait(10)
        assert wait_until(lambda: not running(), 60), engine.labelled(name)  # each zygote saw its socket close
        # A container the runner created but had no time to start: the next runner to start sweeps it.
        engine.sweep(created_grace_s=0)
        assert wait_until(lambda: not engine.labelled(name), 30), engine.labelled(name)
    finally:
        runner.kill()
        runner.wait(10)


def test_a_starting_runner_removes_stopped_containers_and_spares_new_ones(engine: Engine) -> None:
    from tests.backends import runner_image

    run = {"image": runner_image(), "entrypoint": ["true"], "network_mode": "none", "labels": {LABEL: "gone-runner"}}
    exited = engine.client.containers.run(detach=True, **run)
    exited.wait(timeout=60)
    fresh = engine.client.containers.create(**run)  # another runner is about to start it
    try:
        assert engine.sweep() >= 1
        left = {c["id"] for c in engine.labelled("gone-runner")}
        assert exited.id not in left and fresh.id in left
    finally:
        engine.remove(fresh.id)
        engine.remove(exited.id)
