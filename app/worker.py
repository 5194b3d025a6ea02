"""A judging worker: claims submissions from the queue, judges them, writes verdicts.

The same loop runs as threads inside `tensordojo serve` and alone as
`tensordojo worker`. A heartbeat thread keeps the lease alive while the judge runs.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, update

from app.catalog import Catalog
from app.config import AppSettings
from app.models import Worker as WorkerRow
from app.queue import INTERNAL_ERROR, Claim, SubmissionQueue
from app.state import BANK_GENERATION, get_int

log = logging.getLogger(__name__)

# (problem, code, language, mode, settings) -> JudgeResult.to_dict()-shaped dict
JudgeFn = Callable[[Any, str, str, str, AppSettings], dict[str, Any]]


class PooledJudge:
    """The runner's judge behind one warm pool (a zygote that imported torch once),
    shared by every worker thread of this process; started on first use."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings
        self._pool: Any = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._pool is None:
                from runner.judge.pool import JudgePool

                self._pool = JudgePool(self.settings)

    def __call__(self, problem: Any, code: str, language: str, mode: str, settings: AppSettings) -> dict[str, Any]:
        self.start()
        return self._pool.judge(problem, code, language=language, mode=mode).to_dict()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def internal_error(message: str) -> dict[str, Any]:
    return {"verdict": INTERNAL_ERROR, "message": message, "tests": [], "timing": {}}


class QueueWorker:
    """One claim-judge-report loop."""

    def __init__(
        self,
        engine: Engine,
        settings: AppSettings,
        catalog: Catalog,
        *,
        judge: JudgeFn,
        name: str | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.catalog = catalog
        self.judge = judge
        self.queue = SubmissionQueue(
            engine,
            lease_seconds=settings.lease_seconds,
            max_attempts=settings.max_attempts,
        )
        self.id = name or f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.stop_event = threading.Event()
        self._current: Claim | None = None
        self._last_bank_check = 0.0

    # --- registry -------------------------------------------------------------
    def _register(self) -> None:
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(
                WorkerRow.__table__.insert().values(
                    id=self.id,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    state="idle",
                    judged=0,
                    started_at=now,
                    last_heartbeat=now,
                )
            )

    def _beat(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(WorkerRow).where(WorkerRow.id == self.id).values(last_heartbeat=time.time(), **values))

    # --- the loop -------------------------------------------------------------
    def run(self) -> None:
        """Work until stop_event is set; a claim in progress is finished first."""
        self._register()
        log.info("worker %s started", self.id)
        start = getattr(self.judge, "start", None)
        if start is not None:
            start()  # warm the judge before claiming, so a claim is judged promptly
        last_reap = 0.0
        last_beat = 0.0
        try:
            while not self.stop_event.is_set():
                now = time.time()
                if now - last_reap > min(5.0, self.settings.lease_seconds / 2):
                    self.queue.requeue_expired()
                    last_reap = now
                if now - last_beat > min(5.0, self.settings.lease_seconds / 3):
                    self._beat(state="idle", current_submission_id=None)
                    last_beat = now
                self._maybe_reload_bank()
                claim = self.queue.claim(self.id)
                if claim is None:
                    self.stop_event.wait(self.settings.poll_interval_s)
                    continue
                self.process(claim)
                last_beat = time.time()
        finally:
            if self._current is not None:
                self.queue.release(self._current)
                log.info(
                    "worker %s released submission %s",
                    self.id,
                    self._current.submission_id,
                )
            self._beat(state="stopped", current_submission_id=None)
            log.info("worker %s stopped", self.id)

    def process(self, claim: Claim) -> None:
        """Judge one claimed submission while a heartbeat keeps its lease."""
        self._current = claim
        log.info(
            "worker %s judging submission %s (attempt %d)",
            self.id,
            claim.submission_id,
            claim.attempt,
        )
        self._beat(state="judging", current_submission_id=claim.submission_id)
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(claim, done), daemon=True)
        beat.start()
        try:
            result = self._judge(claim)
        finally:
            done.set()
            beat.join()
        if self.queue.finish(claim, result):
            with self.engine.begin() as conn:
                conn.execute(
                    update(WorkerRow)
                    .where(WorkerRow.id == self.id)
                    .values(
                        judged=WorkerRow.judged + 1,
                        state="idle",
                        current_submission_id=None,
                        last_heartbeat=time.time(),
                    )
                )
            log.info("submission %s: %s", claim.submission_id, result.get("verdict"))
        self._current = None

    def _judge(self, claim: Claim) -> dict[str, Any]:
        view = self.catalog.get(claim.problem_slug)
        if view is None:
            self.catalog.reload()
            view = self.catalog.get(claim.problem_slug)
        if view is None:
            return internal_error(f"problem {claim.problem_slug!r} is not in this worker's bank")
        try:
            return self.judge(view.problem, claim.code, claim.language, claim.mode, self.settings)
        except Exception as exc:  # the judge's own failure, never the user's
            log.exception("judge failed on submission %s", claim.submission_id)
            return internal_error(f"the judge could not run: {exc}")

    def _heartbeat(self, claim: Claim, done: threading.Event) -> None:
        interval = self.settings.lease_seconds / 3
        while not done.wait(interval):
            try:
                if not self.queue.heartbeat(claim):
                    log.warning("submission %s: lease lost", claim.submission_id)
                    return
                self._beat()
            except Exception:
                log.exception("heartbeat failed")

    def _maybe_reload_bank(self) -> None:
        now = time.time()
        if now - self._last_bank_check < self.settings.bank_watch_interval_s:
            return
        self._last_bank_check = now
        generation = get_int(self.engine, BANK_GENERATION)
        if generation != self.catalog.generation:
            self.catalog.generation = generation
            self.catalog.reload()


def run_standalone(settings: AppSettings) -> None:
    """`tensordojo worker`: one worker in this process until SIGTERM/SIGINT.

    The first signal lets the submission being judged finish; a second one
    releases it back to the queue at once."""
    from app.db import make_engine, migrate

    engine = make_engine(settings)
    migrate(engine, settings)
    catalog = Catalog(settings.problems_dir)
    catalog.generation = get_int(engine, BANK_GENERATION)
    catalog.reload()
    judge = PooledJudge(settings)
    worker = QueueWorker(engine, settings, catalog, judge=judge)

    def on_signal(signum: int, _frame: Any) -> None:
        if worker.stop_event.is_set():
            raise KeyboardInterrupt
        log.info("signal %d: finishing the current submission, then stopping", signum)
        worker.stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        worker.run()
    except KeyboardInterrupt:
        pass
    finally:
        judge.close()
        engine.dispose()
