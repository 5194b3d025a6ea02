"""Every hostile submission in submissions/ is judged on a real problem through the
warm pool: it must get its expected verdict, leak nothing, and leave the host as it
was (no process, file or listening port of its own)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from runner.bank import Problem
from runner.judge.pool import JudgePool
from runner.verdicts import JudgeResult, Verdict
from tests.attacks.conftest import (
    ATTACK_PORT,
    SUBMISSIONS,
    Listener,
    Secrets,
    attack_files,
    listening,
    wait_until,
)

CASES = sorted(SUBMISSIONS.glob("*.py"))
OUTPUT_LIMIT_SLACK = 64  # the "[output cut at 64 KiB]" marker


def header(path: Path) -> dict[str, str]:
    """`# key: value` lines at the top of a submission."""
    fields = {}
    for line in path.read_text().splitlines():
        match = re.match(r"#\s*([a-z-]+):\s*(.+)", line)
        if not line.startswith("#"):
            break
        if match:
            fields[match.group(1)] = match.group(2).strip()
    return fields


def contained(result: JudgeResult) -> bool:
    """Whether this child had its namespaces (hidden files, no network, own /proc)."""
    return any(layer.startswith("PID namespace") for layer in result.sandbox["layers"])


def judge_file(pool: JudgePool, problems: dict[str, Problem], path: Path) -> JudgeResult:
    meta = header(path)
    mode = meta.get("mode", "run")
    slug = meta.get("problem", "vector-add")
    problem = problems[slug if mode == "submit" else f"{slug} tight"]
    return pool.judge(problem, path.read_text(), language=meta.get("language", "pytorch"), mode=mode)


def test_suite_is_large_enough() -> None:
    assert len(CASES) >= 25
    missing = [p.name for p in CASES if not {"expect", "expect-not", "expect-any"} & set(header(p))]
    assert not missing, missing


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_attack(path: Path, attack_pool: JudgePool, attack_problems: dict[str, Problem],
                judge_secrets: Secrets, listener: Listener) -> None:
    meta = header(path)
    files_before = attack_files()
    received_before = len(listener.received)
    port_taken_before = listening(ATTACK_PORT)
    if "after" in meta:  # the attack needs an earlier submission to have run
        judge_file(attack_pool, attack_problems, SUBMISSIONS / meta["after"])
    result = judge_file(attack_pool, attack_problems, path)
    inside = contained(result)
    shown = f"{result.verdict}: {result.message}\n--- output ---\n{result.stdout[:2000]}"
    if "expect-not" in meta:  # racy by nature: any verdict but this one
        assert result.verdict != Verdict(meta["expect-not"]), shown
    elif "expect-any" in meta:  # e.g. honest but slow, or honest and fast enough
        assert result.verdict in {Verdict(v.strip()) for v in meta["expect-any"].split(",")}, shown
    else:
        expected = meta["expect"] if inside else meta.get("expect-without-namespaces", meta["expect"])
        if result.device.startswith("cuda"):
            expected = meta.get("expect-cuda", expected)
        assert result.verdict == Verdict(expected), shown
    if result.verdict == Verdict.ACCEPTED and "ratio-at-least" in meta:  # never at a flattering ratio
        assert result.timing.ratio is not None and result.timing.ratio >= float(meta["ratio-at-least"]), shown
    assert result.verdict != Verdict.INTERNAL_ERROR

    texts = [result.message, result.stdout, *(t.message for t in result.tests)]
    leaked = sorted({name for text in texts for name in judge_secrets.leaks(text)})
    if inside:
        assert not leaked, f"leaked {leaked}: {shown}"
        assert len(listener.received) == received_before, listener.received
    else:  # without namespaces the report must say so (never silently)
        assert any("namespace" in line for line in result.sandbox["degraded"]), result.sandbox
    if os.geteuid() != 0:
        assert any("no uid drop" in line for line in result.sandbox["degraded"]), result.sandbox
    assert len(result.stdout) <= 64 * 1024 + OUTPUT_LIMIT_SLACK

    pool = attack_pool.pool  # the zygote (or the containers waiting for submissions) aside
    assert wait_until(lambda: not pool.stray_processes()), f"processes left behind: {pool.stray_processes()}"
    if not port_taken_before:
        assert wait_until(lambda: not listening(ATTACK_PORT)), f"port {ATTACK_PORT} left listening"
    left = [p for p in attack_files() if p not in files_before]
    for stale in left:
        stale.unlink(missing_ok=True)
    if inside:
        assert not left, f"files left on the host: {left}"
    else:  # host /tmp is shared without a mount namespace: reported, and cleaned here
        assert any("host files" in line for line in result.sandbox["degraded"]), result.sandbox


def test_zygote_survives_the_suite(attack_pool: JudgePool) -> None:
    """Attacks run in forks; the zygote itself is never their target (on the container
    backend: each attack spent a container of its own, and the pool is full again)."""
    settle = getattr(attack_pool.pool, "settle", None)
    assert settle is None or settle(), "the sandbox containers did not warm up again"
    assert attack_pool.pool.pid is not None
