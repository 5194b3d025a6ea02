"""The warm pool and the sandbox layers: fresh forks, restarts, cold fallback,
Triton's interpreter mode in a fork, and the limit verdicts."""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.bank import Problem, load_bank
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
from runner.problem import Limits
from runner.sandbox.launch import launch
from runner.sandbox.layers import sandbox_report
from runner.sandbox.pool import WarmPool
from runner.verdicts import Verdict
from tests.backends import on_backend

ROOT = Path(__file__).resolve().parents[2]
ACCEPTED = (ROOT / "problems" / "vector-add" / "solutions" / "accepted" / "pytorch_plus.py").read_text()
TRITON_ACCEPTED = (ROOT / "problems" / "vector-add" / "solutions" / "accepted" / "triton_add.py").read_text()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> JudgeSettings:
    return on_backend(JudgeSettings(problems_dir=ROOT / "problems", data_dir=tmp_path_factory.mktemp("data"),
                                    device="cpu", judge_secret="pool-test-secret", torch_threads=1))


@pytest.fixture(scope="module")
def problem(settings: JudgeSettings) -> Problem:
    loaded = load_bank(settings.problems_dir).get("vector-add")
    assert loaded is not None
    return dataclasses.replace(loaded, spec=loaded.spec.model_copy(update={"limits": Limits(wall_seconds=8,
                                                                                             memory_mb=1536)}))


@pytest.fixture(scope="module")
def pool(settings: JudgeSettings) -> Iterator[JudgePool]:
    with JudgePool(settings) as judge_pool:
        yield judge_pool


def test_each_submission_gets_a_fresh_process(pool: JudgePool, problem: Problem) -> None:
    code = ("import builtins\nbuiltins.tensordojo_seen = getattr(builtins, 'tensordojo_seen', 0) + 1\n"
            "print('seen', builtins.tensordojo_seen)\n" + ACCEPTED)
    first = pool.judge(problem, code, language="pytorch", mode="run")
    second = pool.judge(problem, code, language="pytorch", mode="run")
    assert first.verdict == second.verdict == Verdict.ACCEPTED, first.message
    assert "seen 1" in first.stdout and "seen 1" in second.stdout, second.stdout
    assert second.sandbox["layers"][0] == pool.pool.how  # a warm pool's fork, or a fresh container


@pytest.mark.process_backend
def test_zygote_is_restarted_when_it_dies(pool: JudgePool, problem: Problem) -> None:
    zygote = pool.pool.pid
    assert zygote is not None
    starts = pool.pool.starts
    os.kill(zygote, signal.SIGKILL)
    time.sleep(0.2)
    result = pool.judge(problem, ACCEPTED, language="pytorch", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert pool.pool.starts == starts + 1
    assert pool.pool.pid not in (None, zygote)


class _BrokenPool(WarmPool):
    def _start(self) -> None:
        raise OSError("no zygote on this host (test)")


@pytest.mark.process_backend
def test_cold_start_when_the_pool_is_unavailable(settings: JudgeSettings, problem: Problem,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    judge_pool = JudgePool(settings, start=False)
    judge_pool.pool = _BrokenPool(settings)
    with caplog.at_level(logging.WARNING, logger="runner.sandbox"):
        result = judge_pool.judge(problem, ACCEPTED, language="pytorch", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert result.sandbox["layers"][0].startswith("cold start (warm pool unavailable: no zygote")
    assert "no zygote on this host" in caplog.text


def test_triton_interpreter_mode_reaches_the_fork(pool: JudgePool, problem: Problem) -> None:
    probe = ("import os\nprint('TRITON_INTERPRET', os.environ.get('TRITON_INTERPRET'))\n" + TRITON_ACCEPTED
             + "\nprint('kernel type', type(add_kernel).__name__)\n")
    result = pool.judge(problem, probe, language="triton", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message + result.stdout
    assert "TRITON_INTERPRET 1" in result.stdout
    assert "kernel type InterpretedFunction" in result.stdout, result.stdout


def test_triton_standard_library_works_in_a_fork(pool: JudgePool, settings: JudgeSettings) -> None:
    """tl.max / tl.sum are themselves @triton.jit functions: they must be decorated in
    interpreter mode too, so the zygote must not have imported triton beforehand."""
    softmax = load_bank(settings.problems_dir).get("softmax")
    assert softmax is not None
    code = (ROOT / "problems" / "softmax" / "solutions" / "accepted" / "triton_row_softmax.py").read_text()
    result = pool.judge(softmax, code, language="triton", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert "triton" not in pool.pool.loaded


def test_pytorch_fork_does_not_inherit_interpreter_mode(pool: JudgePool, problem: Problem) -> None:
    result = pool.judge(problem, "import os\nprint('mode', os.environ.get('TRITON_INTERPRET'))\n" + ACCEPTED,
                        language="pytorch", mode="run")
    assert "mode None" in result.stdout


def test_cpu_time_limit_is_time_limit_exceeded(pool: JudgePool, problem: Problem) -> None:
    code = ("import resource\n\ndef solve(a, b):\n"
            "    resource.setrlimit(resource.RLIMIT_CPU, (1, 2))\n    while True:\n        pass\n")
    result = pool.judge(problem, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.TIME_LIMIT_EXCEEDED
    assert "CPU-time limit" in result.message


def test_file_size_limit_is_a_runtime_error_saying_so(pool: JudgePool, problem: Problem) -> None:
    code = ("import signal\n\ndef solve(a, b):\n    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n"
            "    with open('big.bin', 'wb') as f:\n        for _ in range(64):\n"
            "            f.write(b'x' * (1 << 20))\n            f.flush()\n")
    result = pool.judge(problem, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert "file-size limit" in result.message


def test_signal_death_names_the_signal(pool: JudgePool, problem: Problem) -> None:
    code = "import os, signal\n\ndef solve(a, b):\n    os.kill(os.getpid(), signal.SIGABRT)\n"
    result = pool.judge(problem, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.RUNTIME_ERROR
    assert "SIGABRT" in result.message


def test_memory_peak_is_still_measured_after_the_uid_drop(pool: JudgePool, problem: Problem) -> None:
    code = "import torch\n\ndef solve(a, b):\n    waste = torch.ones(32 << 20, dtype=torch.uint8)\n    return a + b\n"
    result = pool.judge(problem, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.ACCEPTED
    assert result.memory["peak_extra_bytes"] >= 30 << 20


def test_every_layer_is_reported(pool: JudgePool, problem: Problem) -> None:
    result = pool.judge(problem, ACCEPTED, language="pytorch", mode="run")
    layers, degraded = result.sandbox["layers"], result.sandbox["degraded"]
    assert "no_new_privs" in layers
    assert any(line.startswith("rlimits:") for line in layers)
    assert any("watchdog" in line for line in degraded)
    if not any(line.startswith("network namespace") for line in layers):  # e.g. a container without CAP_SYS_ADMIN
        assert any("no network, mount, PID or IPC namespace" in line for line in degraded), degraded
    if os.geteuid() == 0:
        assert any(line.startswith("runs as a uid of its own") for line in layers), layers
    else:
        assert any("no uid drop" in line for line in degraded), degraded
    report = sandbox_report(pool.settings)
    assert report["layers"] and report["degraded"]


def test_launch_routes_through_the_pool_it_is_given(pool: JudgePool) -> None:
    child, plan = launch(wall_seconds=5, memory_bytes=1 << 30, output_limit=1024, env={}, pool=pool.pool)
    ended = child.close()
    assert plan.applied[0] == pool.pool.how
    assert ended.returncode == 0 and ended.reason is None


def test_torch_compile_is_not_mistaken_for_tampering(pool: JudgePool, problem: Problem) -> None:
    """Importing dynamo re-wraps torch.manual_seed: legitimate, and not watched."""
    code = ("import torch\n\n@torch.compile(backend='eager')\ndef _add(a, b):\n    return a + b\n\n"
            "def solve(a, b):\n    return _add(a, b)\n")
    result = pool.judge(problem, code, language="pytorch", mode="run")
    assert result.verdict == Verdict.ACCEPTED, result.message
