"""A judging worker: claims submissions from the queue, judges them, writes verdicts.

The same loop runs as threads inside `tensordojo serve` (`EmbeddedWorkers`) and alone
as `tensordojo worker` (`run_standalone`). A heartbeat thread keeps the lease alive
while the judge runs.

Each worker advertises the device it judges on ("cpu", or "cuda:<GPU model>" as the
judge names it in its results) in the workers table, and claims only submissions it can
judge there (see app.queue). Every verdict records the version of the problem it was
judged against.
"""

from __future__ import annotations

import json
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

from app.bootstrap import BankWatcher, Services
from app.catalog import Catalog
from app.config import AppSettings
from app.models import Worker as WorkerRow
from app.queue import Claim, SubmissionQueue
from runner.config import JudgeSettings
from runner.verdicts import Verdict

log = logging.getLogger(__name__)
RETRY_PAUSE_S = 5.0  # after a judging the engine failed: another worker, or this one a little later

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


def judging_device(settings: JudgeSettings) -> str:
    """What this process judges on, named as the judge names it in results: "cpu", or
    "cuda:<GPU model>". On a GPU host call it once the judge's warm pool has started:
    naming the GPU initialises CUDA, which a zygote forked afterwards must not inherit."""
    device = settings.resolve_device()
    if device == "cpu":
        return "cpu"
    import torch

    return f"cuda:{torch.cuda.get_device_name()}"


def internal_error(message: str) -> dict[str, Any]:
    return {"verdict": Verdict.INTERNAL_ERROR, "message": message, "tests": [], "timing": {}}


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
        device: str | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.catalog = catalog
        self.judge = judge
        self.queue = SubmissionQueue.for_settings(engine, settings)
        self.id = name or f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.stop_event = threading.Event()
        self._current: Claim | None = None
        self._device = device

    @property
    def device(self) -> str:
        """What this worker judges on (given, or found from the settings on first use)."""
        if self._device is None:
            self._device = judging_device(self.settings)
        return self._device

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
                    device=self.device,
                    sandbox=json.dumps(self._sandbox_report()),
                )
            )

    def _sandbox_report(self) -> dict[str, Any]:
        """The layers this worker's submissions run behind, for the admin page."""
        try:
            from runner.sandbox.layers import sandbox_report

            return sandbox_report(self.settings)
        except Exception as exc:  # reported to the admin, not hidden
            log.exception("worker %s could not inspect its sandbox", self.id)
            return {"layers": [], "degraded": [f"the sandbox could not be inspected: {exc}"]}

    def _beat(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(WorkerRow).where(WorkerRow.id == self.id).values(last_heartbeat=time.time(), **values))

    # --- the loop -------------------------------------------------------------
    def run(self) -> None:
        """Work until stop_event is set; a claim in progress is finished first."""
        start = getattr(self.judge, "start", None)
        if start is not None:
            start()  # warm the judge before claiming (and before naming the GPU: see judging_device)
        self._register()
        log.info("worker %s started, judging on %s", self.id, self.device)
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
                claim = self.queue.claim(self.id, self.device)
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
            result, version = self._judge(claim)
        finally:
            done.set()
            beat.join()
        if result.get("retry") and self.queue.retry(claim):  # the judge's failure, which may pass: again
            log.warning("submission %s: %s; queued again", claim.submission_id, result.get("message"))
            self._beat(state="idle", current_submission_id=None)
            self._current = None
            self.stop_event.wait(RETRY_PAUSE_S)  # a moment for the engine to come back before the next claim
            return
        if self.queue.finish(claim, result, version):
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
            log.info(
                "submission %s: %s (version %s%s)",
                claim.submission_id,
                result.get("verdict"),
                version,
                f", re-judge of {claim.rejudge_of}" if claim.rejudge_of else "",
            )
        self._current = None

    def _judge(self, claim: Claim) -> tuple[dict[str, Any], str | None]:
        """The result, and the version of the problem it was judged against."""
        view = self.catalog.get(claim.problem_slug)
        if view is None:
            self.catalog.reload()
            view = self.catalog.get(claim.problem_slug)
        if view is None:
            return internal_error(f"problem {claim.problem_slug!r} is not in this worker's bank"), None
        try:
            return self.judge(view.problem, claim.code, claim.language, claim.mode, self.settings), view.version
        except Exception as exc:  # the judge's own failure, never the user's
            log.exception("judge failed on submission %s", claim.submission_id)
            return internal_error(f"the judge could not run: {exc}"), view.version

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


class EmbeddedWorkers:
    """The judging threads of `tensordojo serve`, sharing one warm judge pool."""

    def __init__(self, services: Services, count: int, judge: JudgeFn | None = None) -> None:
        self.services = services
        self._pooled = PooledJudge(services.settings) if judge is None and count else None
        chosen = judge or self._pooled
        self.workers = (
            [QueueWorker(services.engine, services.settings, services.catalog, judge=chosen) for _ in range(count)]
            if chosen
            else []
        )
        self.threads = [
            threading.Thread(target=w.run, name=f"worker-{i}", daemon=True) for i, w in enumerate(self.workers)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()
        log.info("%d embedded worker(s) started", len(self.workers))

    def stop(self) -> None:
        """Let submissions being judged finish (up to a lease); release what is left."""
        for worker in self.workers:
            worker.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=self.services.settings.lease_seconds)
        for worker, thread in zip(self.workers, self.threads, strict=True):
            if thread.is_alive():
                released = self.services.queue.release_worker(worker.id)
                log.warning("worker %s did not finish in time; released %d submission(s)", worker.id, released)
        if self._pooled is not None and not any(thread.is_alive() for thread in self.threads):
            self._pooled.close()  # a judge still running keeps its pool until the process ends


def run_standalone(services: Services, judge: JudgeFn | None = None) -> None:
    """`tensordojo worker`: one worker in this process until SIGTERM/SIGINT.

    The first signal lets the submission being judged finish; a second one
    releases it back to the queue at once. `judge` defaults to the runner behind a
    warm pool."""
    pooled: PooledJudge | None = None
    if judge is None:
        judge = pooled = PooledJudge(services.settings)
    worker = QueueWorker(services.engine, services.settings, services.catalog, judge=judge)
    watcher = BankWatcher(services)

    def on_signal(signum: int, _frame: Any) -> None:
        if worker.stop_event.is_set():
            raise KeyboardInterrupt
        log.info("signal %d: finishing the current submission, then stopping", signum)
        worker.stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    watcher.start()
    try:
        worker.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        if pooled is not None:
            pooled.close()
        services.engine.dispose()
