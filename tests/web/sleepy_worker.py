"""`tensordojo worker` with a stand-in judge that only sleeps, for queue tests with
hundreds of submissions: what they test is the queue (every submission judged once,
none lost, whatever happens to a worker), which is the same code whatever the judge
does, while the real judge takes seconds per submission on a small CI machine.

Run as `python -m tests.web.sleepy_worker`; everything but the judge is what
`tensordojo worker` runs (settings, start-up, signals, claims, leases, heartbeats).
Test knobs (environment): TDJ_TEST_JUDGE_SLEEP_S, how long one judgement takes;
TDJ_TEST_JUDGE_HANG_AFTER, after how many judgements the next one hangs (so a test
can kill the worker in the middle of one).
"""

from __future__ import annotations

import itertools
import os
import time
from typing import Any

from app.bootstrap import bootstrap
from app.cli import _logging
from app.config import AppSettings
from app.worker import run_standalone
from runner.verdicts import Verdict

_count = itertools.count()


def sleepy_judge(problem: Any, code: str, language: str, mode: str, settings: AppSettings) -> dict[str, Any]:
    """WRONG_ANSWER for code that subtracts, ACCEPTED otherwise, after a nap."""
    hang_after = os.environ.get("TDJ_TEST_JUDGE_HANG_AFTER")
    if hang_after is not None and next(_count) >= int(hang_after):
        time.sleep(3600)
    time.sleep(float(os.environ.get("TDJ_TEST_JUDGE_SLEEP_S", "0.02")))
    wrong = "a - b" in code
    return {
        "verdict": Verdict.WRONG_ANSWER if wrong else Verdict.ACCEPTED,
        "message": "test 1: wrong values" if wrong else "",
        "tests": [],
        "timing": {"user_ms": 1.0, "reference_ms": 1.0, "ratio": 1.0},
        "device": "cpu",
    }


def main() -> None:
    _logging()
    run_standalone(bootstrap(AppSettings()), judge=sleepy_judge)


if __name__ == "__main__":
    main()
