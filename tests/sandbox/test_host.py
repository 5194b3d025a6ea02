"""What a real judging host needs from the sandbox: its dependencies found wherever they
live, operator settings passed through, memory counted from the submission's start, a
uid and a Triton cache per sandbox, kills that work without CAP_KILL, the judge's own
packages left visible, and set-up failures that are the judge's fault."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner import protocol as p
from runner.bank import Problem, load_bank
from runner.config import JudgeSettings
from runner.judge.link import Link, failure_verdict
from runner.judge.pool import JudgePool
from runner.problem import Limits
from runner.sandbox import isolate
from runner.sandbox.launch import launch
from runner.sandbox.layers import hidden_paths
from runner.sandbox.spec import device_groups, uid_in_use
from runner.verdicts import Verdict
from tests.attacks.conftest import wait_until
from tests.conftest import ROOT

PRINT_ENV = "import json, os\nprint('ENV' + json.dumps(dict(os.environ)))\n\ndef solve(a, b):\n    return a + b\n"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> JudgeSettings:
    return JudgeSettings(problems_dir=ROOT / "problems", data_dir=tmp_path_factory.mktemp("data"), device="cpu",
                         judge_secret="host-test", timing_budget_s=0.2)


@pytest.fixture(scope="module")
def pool(settings: JudgeSettings) -> Iterator[JudgePool]:
    with JudgePool(settings) as judge_pool:
        yield judge_pool


@pytest.fixture(scope="module")
def vector_add(settings: JudgeSettings) -> Problem:
    problem = load_bank(settings.problems_dir).get("vector-add")
    assert problem is not None
    return problem


def printed_env(stdout: str) -> dict[str, str]:
    line = next(line for line in stdout.splitlines() if line.startswith("ENV"))
    return json.loads(line[3:])


def test_dependencies_outside_the_interpreters_own_site_are_found(tmp_path: Path) -> None:
    """`python -I` ignores PYTHONPATH: the judge hands its own import paths to the
    zygote and the cold child explicitly."""
    code = tmp_path / "solution.py"
    code.write_text("def solve(a, b):\n    return a + b\n")
    site = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "torch").is_dir())
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": f"{site}:{ROOT}", "TENSORDOJO_DATA_DIR": str(tmp_path),
           "TENSORDOJO_PROBLEMS_DIR": str(ROOT / "problems"), "HOME": str(tmp_path)}
    bare = Path(sys.base_prefix) / "bin" / "python3"  # an interpreter whose own site lacks torch and pydantic
    done = subprocess.run([str(bare), "-m", "runner", "judge", "vector-add", str(code), "--examples-only", "--json"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout)["verdict"] == "ACCEPTED"


def test_packages_on_pythonpath_stay_importable_behind_the_private_tmp(tmp_path: Path) -> None:
    """Wheels unpacked under /tmp and named on PYTHONPATH (as bench/gpu_checks.sh may on
    a GPU host): the child's private /tmp must not hide what it imports lazily."""
    deps = tmp_path / "deps"  # under /tmp, which the child sees as a fresh tmpfs
    deps.mkdir()
    (deps / "lazy_helper_pkg.py").write_text("def add(a, b):\n    return a + b\n")
    code = tmp_path / "solution.py"
    code.write_text("def solve(a, b):\n    import lazy_helper_pkg\n    return lazy_helper_pkg.add(a, b)\n")
    env = {**os.environ, "PYTHONPATH": f"{deps}:{ROOT}", "TENSORDOJO_DATA_DIR": str(tmp_path / "data"),
           "TENSORDOJO_PROBLEMS_DIR": str(ROOT / "problems")}
    done = subprocess.run([sys.executable, "-m", "runner", "judge", "vector-add", str(code), "--examples-only",
                           "--json"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["verdict"] == "ACCEPTED", result["message"] + result["stdout"]
    assert "private empty /tmp" in " ".join(result["sandbox"]["layers"])  # the layer is still in force


def test_operator_settings_reach_the_child_and_secrets_do_not(pool: JudgePool, vector_add: Problem,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/cuda/lib64")
    monkeypatch.setenv("CUDA_DEVICE_ORDER", "PCI_BUS_ID")
    monkeypatch.setenv("TRITON_PRINT_AUTOTUNING", "1")
    monkeypatch.setenv("TRITON_INTERPRET", "1")  # the judge decides this one, per child
    monkeypatch.setenv("TENSORDOJO_JUDGE_SECRET", "do-not-leak")
    monkeypatch.setenv("OPERATOR_EXTRA", "asked-for")
    monkeypatch.setattr(pool.settings, "sandbox_env", ["OPERATOR_EXTRA"])
    result = pool.judge(vector_add, PRINT_ENV, language="pytorch", mode="run")
    env = printed_env(result.stdout)
    assert env["LD_LIBRARY_PATH"] == "/opt/cuda/lib64" and env["CUDA_DEVICE_ORDER"] == "PCI_BUS_ID"
    assert env["TRITON_PRINT_AUTOTUNING"] == "1" and env["OPERATOR_EXTRA"] == "asked-for"
    assert "TRITON_INTERPRET" not in env and "TENSORDOJO_JUDGE_SECRET" not in env
    assert env["TORCHINDUCTOR_COMPILE_THREADS"] == "1"


def test_a_device_that_cannot_be_set_up_is_the_judges_fault(settings: JudgeSettings) -> None:
    child, _ = launch(wall_seconds=20, memory_bytes=1 << 30, output_limit=4096, env={}, settings=settings)
    try:
        reply = Link(child, "cpu").ask(p.Prepare("cuda", "pytorch"))  # this host has no GPU
    finally:
        child.close()
    assert isinstance(reply, p.Failure)
    verdict, message = failure_verdict(reply)
    assert verdict == Verdict.INTERNAL_ERROR and "could not set up cuda" in message


def test_memory_is_counted_from_the_submissions_start(pool: JudgePool, vector_add: Problem) -> None:
    """The interpreter and torch the child starts with (about 300 MiB here) are not the
    submission's: 300 MiB of its own fit a 400 MiB limit."""
    tight = dataclasses.replace(vector_add, spec=vector_add.spec.model_copy(
        update={"limits": Limits(wall_seconds=20, memory_mb=400)}))
    code = ("import torch\n_held = torch.ones(300 * 2**20 // 4)\n\n"
            "def solve(a, b):\n    return a + b\n")
    assert pool.judge(tight, code, language="pytorch", mode="run").verdict == Verdict.ACCEPTED
    over = code.replace("300 * 2**20", "500 * 2**20")
    result = pool.judge(tight, over, language="pytorch", mode="run")
    assert result.verdict == Verdict.MEMORY_LIMIT_EXCEEDED, result.message


def test_large_timing_inputs_cross_through_shared_memory(pool: JudgePool, vector_add: Problem) -> None:
    """Two 64 MiB inputs per timed call, fresh every call, within a 512 MiB limit."""
    timed = vector_add.spec.tests[0].model_copy(update={"name": "big", "params": {"n": 16 << 20}, "targets": None,
                                                         "timed": True})
    spec = vector_add.spec.model_copy(update={"tests": [timed], "limits": Limits(wall_seconds=60, memory_mb=512)})
    problem = dataclasses.replace(vector_add, spec=spec)
    result = pool.judge(problem, "def solve(a, b):\n    return a + b\n", language="pytorch", mode="submit")
    assert result.verdict == Verdict.ACCEPTED, result.message
    assert result.timing.repetitions >= 2


def test_each_sandbox_runs_as_a_uid_of_its_own(pool: JudgePool, vector_add: Problem) -> None:
    if os.geteuid() != 0:  # a judge that is not root cannot change uids, and says so
        result = pool.judge(vector_add, "def solve(a, b):\n    return a + b\n", language="pytorch", mode="run")
        assert any("no uid drop" in line for line in result.sandbox["degraded"])
        return
    code = ("import os, resource\nprint('UID', os.getuid(), resource.getrlimit(resource.RLIMIT_NPROC)[0])\n\n"
            "def solve(a, b):\n    return a + b\n")
    seen = []
    for _ in range(2):
        result = pool.judge(vector_add, code, language="pytorch", mode="run")
        uid, nproc = map(int, re.search(r"UID (\d+) (\d+)", result.stdout).groups())  # type: ignore[union-attr]
        first, count = pool.settings.uid_range() or (0, 0)
        assert first <= uid < first + count and nproc == 128, result.stdout
        assert not uid_in_use(uid)  # nothing of it is left
        seen.append(uid)
    assert any("a uid of its own" in line for line in result.sandbox["layers"])


def test_each_child_has_a_triton_cache_of_its_own_even_without_namespaces(settings: JudgeSettings,
                                                                          vector_add: Problem) -> None:
    plant = ("import os, pathlib\ncache = pathlib.Path(os.environ['TRITON_CACHE_DIR'])\n"
             "print('CACHE', cache, sorted(p.name for p in cache.iterdir()))\n"
             "(cache / 'planted').mkdir()\n\ndef solve(a, b):\n    return a + b\n")
    open_host = settings.model_copy(update={"sandbox_namespaces": False})
    with JudgePool(open_host) as pool:
        first = pool.judge(vector_add, plant, language="pytorch", mode="run")
        second = pool.judge(vector_add, plant, language="pytorch", mode="run")
    assert first.verdict == second.verdict == Verdict.ACCEPTED, second.message
    caches = [re.search(r"CACHE (\S+) (\[.*\])", r.stdout).groups() for r in (first, second)]  # type: ignore[union-attr]
    assert caches[0][0] != caches[1][0] and "planted" not in caches[1][1]


@pytest.mark.parametrize("namespaces", [True, False], ids=["pid-namespace", "no-namespaces"])
def test_runaway_code_is_killed_without_cap_kill(tmp_path: Path, namespaces: bool) -> None:
    """A judge without CAP_KILL cannot signal the sandbox's uid: it kills through the
    sandbox's parents, and says so. (Only root has capabilities to drop.)"""
    assert os.geteuid() == 0, "run as root: the capability bounding set is what this drops"
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "problems" / "vector-add", bank / "vector-add")
    yaml = bank / "vector-add" / "problem.yaml"
    yaml.write_text(yaml.read_text() + "limits:\n  wall_seconds: 3\n")
    code = tmp_path / "spin.py"
    code.write_text("def solve(a, b):\n    while True:\n        pass\n")
    env = {**os.environ, "TENSORDOJO_PROBLEMS_DIR": str(bank), "TENSORDOJO_DATA_DIR": str(tmp_path / "data"),
           "TENSORDOJO_SANDBOX_NAMESPACES": "1" if namespaces else "0"}
    done = subprocess.run(["setpriv", "--bounding-set", "-kill", "--inh-caps", "-kill", sys.executable, "-m",
                           "runner", "judge", "vector-add", str(code), "--examples-only", "--json"],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["verdict"] == "TIME_LIMIT_EXCEEDED", result["message"]
    assert any("no CAP_KILL" in line for line in result["sandbox"]["degraded"]), result["sandbox"]
    uid = re.search(r"a uid of its own \((\d+)\)", " ".join(result["sandbox"]["layers"]))
    assert uid is not None
    assert wait_until(lambda: not uid_in_use(int(uid.group(1)))), "the runaway process outlived the judgement"


def test_the_judges_own_packages_stay_visible_when_installed(settings: JudgeSettings, tmp_path: Path) -> None:
    site = str(tmp_path / "site-packages")
    hidden = hidden_paths(settings.model_copy(update={"data_dir": tmp_path / "site-packages" / "bank"}),
                          Path(site), [site])
    assert site not in hidden  # installed as a package: the runner sits among the interpreter's files
    assert str(tmp_path / "site-packages" / "bank") in hidden  # a bank there is still hidden
    assert str(ROOT) in hidden_paths(settings, ROOT, [site])  # a checkout is hidden


def test_hiding_inside_a_kept_folder_leaves_the_host_writable(tmp_path: Path) -> None:
    """The bound-back folders are made read-only per mount, never by remounting the
    filesystem under them (which would turn the host's read-only too)."""
    assert os.geteuid() == 0, "run as root: mounts"
    scratch = tmp_path / "fs"
    scratch.mkdir()
    isolate.mount("tmpfs", str(scratch), "tmpfs", 0, "size=4m")
    try:
        keep, bank = scratch / "site", scratch / "site" / "bank"
        bank.mkdir(parents=True)
        (bank / "reference.py").write_text("secret")
        (keep / "module.py").write_text("visible")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                isolate.unshare(isolate.CLONE_NEWNS)
                isolate.make_mounts_private()
                isolate.hide_paths([str(scratch), str(bank)], [str(keep)])
                visible = (keep / "module.py").read_text() == "visible"
                code = 0 if visible and not (bank / "reference.py").exists() else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        (scratch / "still-writable").write_text("yes")
    finally:
        isolate.mount("none", str(scratch), None, isolate.MS_REMOUNT, "size=4m")
        subprocess.run(["umount", str(scratch)], check=True)


def test_gpu_device_groups_are_kept() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, mode, gid in (("nvidia0", 0o660, 44), ("nvidiactl", 0o666, 0), ("null", 0o660, 45)):
            path = Path(folder, name)
            path.write_text("")
            os.chmod(path, mode)
            if os.geteuid() == 0:
                os.chown(path, 0, gid)
        Path(folder, "dri").mkdir()
        Path(folder, "dri", "renderD128").write_text("")
        os.chmod(Path(folder, "dri", "renderD128"), 0o660)
        if os.geteuid() == 0:
            os.chown(Path(folder, "dri", "renderD128"), 0, 109)
            assert device_groups(folder) == [44, 109]
        else:
            assert set(device_groups(folder)) <= {os.getgid()}
