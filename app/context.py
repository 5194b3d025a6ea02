"""Everything a request handler needs, built once in create_app and kept on app.state."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.catalog import Catalog
from app.config import AppSettings
from app.queue import SubmissionQueue
from app.security import SessionCodec
from app.stats import StatsCache


@dataclass
class AppContext:
    settings: AppSettings
    engine: Engine
    sessions: sessionmaker[Session]
    catalog: Catalog
    codec: SessionCodec
    templates: Jinja2Templates
    queue: SubmissionQueue
    stats: StatsCache = field(default_factory=StatsCache)
