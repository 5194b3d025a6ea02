"""Everything a request handler needs, built once in create_app and kept on app.state."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from fastapi.templating import Jinja2Templates

from app.bootstrap import Services
from app.editorials import Editorials
from app.rounds import RoundBook
from app.security import SessionCodec
from app.stats import StatsCache


@dataclass
class AppContext(Services):
    """The process's services plus what only the web app uses."""

    codec: SessionCodec
    templates: Jinja2Templates
    stats: StatsCache = field(default_factory=StatsCache)
    rounds: RoundBook = field(init=False)  # the bank's interview rounds, reloaded with it
    editorials: Editorials = field(init=False)

    def __post_init__(self) -> None:
        self.rounds = RoundBook(self.catalog)
        self.editorials = Editorials(self.catalog)

    @classmethod
    def around(cls, services: Services, *, codec: SessionCodec, templates: Jinja2Templates) -> AppContext:
        shared = {f.name: getattr(services, f.name) for f in fields(Services)}
        return cls(**shared, codec=codec, templates=templates)
