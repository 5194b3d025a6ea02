"""A broken problem is the judge's fault, never the learner's: a failure at each call into
a problem's code ends in INTERNAL_ERROR naming the file and the function, and leaves
no process, pipe, shared file or temporary directory behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.bank import load_problem
from runner.config import JudgeSettings
from runner.judge.pool import JudgePool
from runner.verdicts import Verdict
from tests.attacks.conftest import tagged_processes, wait_until
from tests.conftest import FIXTURE_PROBLEMS

SOFTMAX_SOLUTION = (FIXTURE_PROBLEMS / "toy-softmax" / "solutions" / "accepted" / "manual.py").read_text()
MODULE_SOLUTION = (FIXTURE_PROBLEMS / "toy-module" / "solutions" / "accepted" / "mixer.py").read_text()

# (problem, code appended to its reference.py, the function the message must name, mode)
FAULTS = {
    "generate raises": ("toy-softmax", "def generate(**kwargs):\n    raise RuntimeError('no inputs')\n",
                        "generate()", "run"),
    "generate returns other keys": (
        "toy-softmax", "_g = generate\n\ndef generate(**kwargs):\n    return {**_g(**kwargs), 'extra': 1}\n",
        "generate() returned", "run"),
    "reference raises": ("toy-softmax", "def reference(x, temperature):\n    raise KeyError('oops')\n",
                         "reference()", "run"),
    "check raises": ("toy-softmax", "def check(inputs, got, expected):\n    return 1 / 0\n", "check()", "run"),
    "vary raises": ("toy-softmax", "def vary(inputs, generator):\n    raise ValueError('no variety')\n",
                    "vary()", "submit"),
    "vary returns other keys": ("toy-softmax", "def vary(inputs, generator):\n    return {'x': inputs['x']}\n",
                                "vary() must return", "submit"),
    "module constructor raises": (
        "toy-module", "class Mixer(Mixer):\n    def __init__(self, n):\n        raise RuntimeError('cannot build')\n",
        "Mixer()", "run"),
    "randomize raises": ("toy-module", "def randomize(module, generator):\n    raise RuntimeError('no')\n",
                         "randomize()", "run"),
    "module forward raises": (
        "toy-module", "class Mixer(Mixer):\n    def forward(self, x):\n        raise RuntimeError('no forward')\n",
        "Mixer.forward()", "run"),
    "reference.py does not import": ("toy-softmax", "import no_such_module_anywhere\n", "import failed", "run"),
}


@pytest.fixture(scope="module")
def sandbox_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The judge's own temporary directory, apart from other processes' on this host."""
    folder = tmp_path_factory.mktemp("sandbox-tmp")
    saved, tempfile.tempdir = tempfile.tempdir, str(folder)
    yield folder
    tempfile.tempdir = saved


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory, sandbox_tmp: Path) -> Iterator[JudgePool]:
    settings = JudgeSettings(problems_dir=FIXTURE_PROBLEMS, data_dir=tmp_path_factory.mktemp("data"), device="cpu",
                             judge_secret="faults", timing_budget_s=0.2)
    with JudgePool(settings, tag="tensordojo-faults-test") as judge_pool:
        yield judge_pool


def leftovers(folder: Path) -> tuple[set[str], set[str]]:
    """The judge process's open descriptors, and the sandboxes' temporary directories."""
    return set(os.listdir("/proc/self/fd")), {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_broken_problem_is_an_internal_error_that_leaves_nothing(fault: str, pool: JudgePool, tmp_path: Path,
                                                                   sandbox_tmp: Path) -> None:
    slug, patch, named, mode = FAULTS[fault]
    folder = tmp_path / slug
    shutil.copytree(FIXTURE_PROBLEMS / slug, folder)
    with (folder / "reference.py").open("a") as handle:
        handle.write("\n\n" + patch)
    problem = load_problem(folder)
    code = MODULE_SOLUTION if slug == "toy-module" else SOFTMAX_SOLUTION
    pool.judge(load_problem(FIXTURE_PROBLEMS / slug), code, language="pytorch", mode="run")  # warm: fds settle
    fds_before, temps_before = leftovers(sandbox_tmp)

    result = pool.judge(problem, code, language="pytorch", mode=mode)

    assert result.verdict == Verdict.INTERNAL_ERROR, result.message
    assert str(folder / "reference.py") in result.message and named in result.message, result.message
    assert "Traceback" not in result.message
    assert wait_until(lambda: not tagged_processes(pool.pool.tag, exclude=pool.pool.pid)), "processes left behind"
    fds_after, temps_after = leftovers(sandbox_tmp)
    assert fds_after <= fds_before, f"descriptors left open: {fds_after - fds_before}"
    assert temps_after <= temps_before, f"temporary directories left: {temps_after - temps_before}"
