"""The accounts migration on a database made before it: canonical keys for existing
users, and old accounts whose names now look alike keep working."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from app.accounts import authenticate
from app.config import AppSettings
from app.db import MIGRATIONS_DIR, make_engine, make_session_factory, migrate
from app.models import User
from app.security import hash_password


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
