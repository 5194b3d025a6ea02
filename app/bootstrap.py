"""Start-up shared by every entry point: `tensordojo serve`, `tensordojo worker` and the
CLI commands that touch the database all begin with `bootstrap`.

It opens the database, brings its schema up to date, and (when asked) loads the problem
bank; `BankWatcher` keeps a long-running process's bank in step with `tensordojo
problems reload` and the admin page's reload button, which bump a counter in the database.

A process that serves or judges refuses to start without a bank: a configured
TENSORDOJO_PROBLEMS_DIR that is missing or holds no problem, or (unset) no bank next to
the code, is an error at start rather than an empty site. The web server also schedules
re-judges (app.rejudge) after each load of the bank and every `rejudge_interval_s`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import rejudge
from app.catalog import Catalog
from app.config import AppSettings
from app.db import make_engine, make_session_factory, migrate
from app.queue import SubmissionQueue
from app.state import BANK_GENERATION, get_int
from runner.bank import bank_problem
from runner.errors import UsageError

log = logging.getLogger(__name__)


class NoBank(UsageError):
    """The process would serve or judge without a problem bank."""


def check_bank(settings: AppSettings) -> None:
    """Refuse to go on without a bank, saying which directory and how to choose another."""
    problem = bank_problem(settings.problems_dir)
    if problem is None:
        return
    if settings.problems_dir_configured():
        raise NoBank(f"TENSORDOJO_PROBLEMS_DIR: {problem}; point it at a problem bank")
    raise NoBank(
        f"no problem bank next to the code ({problem}); set TENSORDOJO_PROBLEMS_DIR to the bank's directory "
        "(the checkout's problems/ folder, or your own bank)"
    )


@dataclass
class Services:
    """What the web app, a worker and the CLI work with, built once per process."""

    settings: AppSettings
    engine: Engine
    sessions: sessionmaker[Session]
    queue: SubmissionQueue
    catalog: Catalog  # empty unless bootstrap was asked to load the bank
    schedules_rejudges: bool  # the web server's job; workers only judge


def bootstrap(settings: AppSettings, *, load_bank: bool = True, schedules_rejudges: bool = False) -> Services:
    """Open and migrate the database; load the bank for processes that serve or judge
    (NoBank when there is none)."""
    if load_bank:
        check_bank(settings)
    engine = make_engine(settings)
    migrate(engine, settings)
    catalog = Catalog(settings.problems_dir)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        queue=SubmissionQueue.for_settings(engine, settings),
        catalog=catalog,
        schedules_rejudges=schedules_rejudges,
    )
    if load_bank:
        reload_bank(services)
    return services


def reload_bank(services: Services) -> None:
    """Load the bank from disk now, as of the generation the database holds; then (on the
    web server) queue re-judges for problems whose version changed."""
    services.catalog.generation = get_int(services.engine, BANK_GENERATION)
    services.catalog.reload()
    if services.schedules_rejudges:
        rejudge.schedule(services.engine, services.catalog)


class BankWatcher:
    """A thread that reloads this process's bank when the generation in the database
    changes (every `bank_watch_interval_s`). One per process: `serve` shares its bank
    between the web app and its embedded workers."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """Reload if a reload was asked for since the last load; True when it reloaded."""
        if get_int(self.services.engine, BANK_GENERATION) == self.services.catalog.generation:
            return False
        reload_bank(self.services)
        return True

    def _run(self) -> None:
        settings = self.services.settings
        last_rejudge = time.monotonic()
        while not self._stop.wait(settings.bank_watch_interval_s):
            try:
                self.check()
                if self.services.schedules_rejudges and time.monotonic() - last_rejudge >= settings.rejudge_interval_s:
                    last_rejudge = time.monotonic()
                    rejudge.schedule(self.services.engine, self.services.catalog)
            except Exception:  # a failed check is retried at the next interval
                log.exception("problem bank watcher failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="bank-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
