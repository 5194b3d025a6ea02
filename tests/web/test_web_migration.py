"""The accounts migration on a database made before it: canonical keys for existing
users, and old accounts whose names now look alike keep working."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from app.accounts import authenticate
from app.config import AppSettings
from app.db import MIGRATIONS_DIR, make_engine, make_session_factory, migrate
from app.models import PRIORITY_REJUDGE, Submission, User
from app.security import hash_password
from app.services import leaderboard


def test_existing_users_get_keys_and_look_alikes_keep_their_exact_names(tmp_path: Path) -> None:
    settings = AppSettings(data_dir=tmp_path / "data")
    engine = make_engine(settings)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:  # the users table as revision 0001 made it
        for name in ("admin", "Admin", "ｂｏｂ"):
            conn.execute(
                text("INSERT INTO users (username, password_hash, is_admin, created_at) VALUES (:n, :h, false, 0)"),
                {"n": name, "h": hash_password("pw " + name)},
            )
    migrate(engine, settings)
    with engine.connect() as conn:
        keys = dict(conn.execute(select(User.username, User.username_key)).all())
    assert keys["admin"] == "admin" and keys["ｂｏｂ"] == "bob"
    assert keys["Admin"].startswith("admin#")  # the later look-alike: unique, never matched by key
    with make_session_factory(engine)() as db:
        assert authenticate(db, "Admin", "pw Admin").username == "Admin"  # exact name still logs in
        assert authenticate(db, "ADMIN", "pw admin").username == "admin"  # any other spelling: the first
        assert authenticate(db, "bob", "pw ｂｏｂ").username == "ｂｏｂ"


@pytest.mark.both_databases
def test_verdicts_from_before_versions_are_judged_again_after_the_upgrade(tmp_path: Path,
                                                                         database_url: str | None) -> None:
    """Accepted submissions of a database made before versions were recorded have no
    version: they are off the leaderboard until judged again on the current version."""
    from app.catalog import Catalog
    from app.rejudge import schedule
    from tests.web.live import ROOT

    settings = AppSettings(data_dir=tmp_path / "data", database_url=database_url)
    engine = make_engine(settings)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    with engine.begin() as conn:  # a learner and two verdicts, as revision 0002 stored them
        user = conn.execute(
            text(
                "INSERT INTO users (username, username_key, password_hash, is_admin, created_at) "
                "VALUES ('old', 'old', '-', false, 0) RETURNING id"
            )
        ).scalar_one()
        ids = [
            conn.execute(
                text(
                    "INSERT INTO submissions (user_id, problem_slug, language, mode, code, status, message, "
                    "attempts, user_ms, created_at) VALUES (:user, 'vector-add', 'pytorch', 'submit', "
                    "'def solve(a, b):\n    return a + b\n', :status, '', 1, 1.0, 0) RETURNING id"
                ),
                {"user": user, "status": status},
            ).scalar_one()
            for status in ("ACCEPTED", "WRONG_ANSWER")
        ]
    migrate(engine, settings)
    catalog = Catalog(ROOT / "problems")
    catalog.reload()
    assert schedule(engine, catalog) == 1
    with make_session_factory(engine)() as db:
        rows = db.execute(select(Submission).order_by(Submission.id)).scalars().all()
        assert [(r.status, r.problem_version, r.rejudge_of, r.priority) for r in rows] == [
            ("ACCEPTED", None, None, 0),
            ("WRONG_ANSWER", None, None, 0),
            ("QUEUED", catalog.get("vector-add").version, ids[0], PRIORITY_REJUDGE),
        ]
        assert leaderboard(db, "vector-add", catalog.get("vector-add").version) == []
    engine.dispose()
