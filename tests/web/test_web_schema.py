"""The migrations build exactly the schema the models describe (a column added to a
model without its migration would fail here, not on an upgraded deployment), and the
latest one goes down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app.config import AppSettings
from app.db import MIGRATIONS_DIR, make_engine, migrate
from app.models import Base

pytestmark = pytest.mark.both_databases


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def test_one_head_and_the_models_match_the_migrated_schema(tmp_path: Path, database_url: str | None) -> None:
    assert len(ScriptDirectory.from_config(_config()).get_heads()) == 1, "the migrations have forked"
    settings = AppSettings(data_dir=tmp_path / "data", database_url=database_url)
    engine = make_engine(settings)
    migrate(engine, settings)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"


def test_the_workers_sandbox_column_goes_down_and_up(tmp_path: Path, database_url: str | None) -> None:
    settings = AppSettings(data_dir=tmp_path / "data", database_url=database_url)
    engine = make_engine(settings)
    migrate(engine, settings)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    assert "sandbox" not in {c["name"] for c in inspect(engine).get_columns("workers")}
    migrate(engine, settings)
    assert "sandbox" in {c["name"] for c in inspect(engine).get_columns("workers")}
    engine.dispose()
