"""The migration of the learner's tables (0004): up from the schema before it, down, and
up again, on SQLite and on PostgreSQL; the one-round-at-a-time index holds on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.config import AppSettings
from app.db import MIGRATIONS_DIR, make_engine, migrate

pytestmark = pytest.mark.both_databases
TABLES = {"editorial_reveals", "round_attempts", "round_questions", "round_submissions", "reviews"}


def _to(engine: Engine, revision: str, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def test_up_down_and_up_again(tmp_path: Path, database_url: str | None) -> None:
    settings = AppSettings(data_dir=tmp_path / "data", database_url=database_url)
    engine = make_engine(settings)
    _to(engine, "0003")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate(engine, settings)
    assert set(inspect(engine).get_table_names()) >= TABLES
    _to(engine, "0003", down=True)
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate(engine, settings)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (username, username_key, password_hash, is_admin, disabled, created_at) "
                          "VALUES ('ann', 'ann', 'x', false, false, 0)"))
        user_id = conn.execute(text("SELECT id FROM users")).scalar_one()
    insert = text("INSERT INTO round_attempts (user_id, round_slug, title, plan_json, started_at, deadline_at, "
                  "finished_at) VALUES (:u, 'r', 'R', '{}', 0, 60, :f)")
    with engine.begin() as conn:
        conn.execute(insert, {"u": user_id, "f": 10.0})  # finished ones: any number
        conn.execute(insert, {"u": user_id, "f": 20.0})
        conn.execute(insert, {"u": user_id, "f": None})  # in progress: one
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert, {"u": user_id, "f": None})
    engine.dispose()
