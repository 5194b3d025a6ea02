"""Start-up shared by every entry point: `tensordojo serve`, `tensordojo worker` and the
CLI commands that touch the database all begin with `bootstrap`.

It opens the database, brings its schema up to date, and (when asked) loads the problem
bank; `BankWatcher` keeps a long-running process's bank in step with `tensordojo
problems reload` and the admin page's reload button, which bump a counter in the database.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.catalog import Catalog
from app.config import AppSettings
from app.db import make_engine, make_session_factory, migrate
from app.queue import SubmissionQueue
from app.state import BANK_GENERATION, get_int

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What the web app, a worker and the CLI work with, built once per process."""

    settings: AppSettings
    engine: Engine
    sessions: sessionmaker[Session]
    queue: SubmissionQueue
    catalog: Catalog  # empty unless bootstrap was asked to load the bank


def bootstrap(settings: AppSettings, *, load_bank: bool = True) -> Services:
    """Open and migrate the database; load the bank for processes that serve or judge."""
    engine = make_engine(settings)
    migrate(engine, settings)
    catalog = Catalog(settings.problems_dir)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        queue=SubmissionQueue.for_settings(engine, settings),
        catalog=catalog,
    )
    if load_bank:
        reload_bank(services)
    return services


def reload_bank(services: Services) -> None:
    """Load the bank from disk now, as of the generation the database holds."""
    services.catalog.generation = get_int(services.engine, BANK_GENERATION)
    services.catalog.reload()


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
        while not self._stop.wait(self.services.settings.bank_watch_interval_s):
            try:
                self.check()
            except Exception:  # a failed check is retried at the next interval
                log.exception("problem bank watcher failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="bank-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
