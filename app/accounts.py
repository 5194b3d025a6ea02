"""Creating users and checking their credentials."""

from __future__ import annotations

import time
import unicodedata

from sqlalchemy import exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import User
from app.security import hash_password, verify_password

MIN_PASSWORD = 8


class AccountError(ValueError):
    """A sign-up or login problem the form shows as is."""


def clean_username(raw: str) -> str:
    """Usernames are shown everywhere (escaped); refuse invisible and control characters."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not 3 <= len(name) <= 40:
        raise AccountError("username must be 3 to 40 characters")
    if any(unicodedata.category(ch)[0] in ("C", "Z") and ch != " " for ch in name):
        raise AccountError("username may not contain control or invisible characters")
    return name


def create_user(db: Session, username: str, password: str, *, admin: bool | None = None) -> User:
    """Create a user; `admin=None` makes the first account on a fresh install an admin."""
    name = clean_username(username)
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"password must be at least {MIN_PASSWORD} characters")
    is_admin = select(~exists(select(User.id))).scalar_subquery() if admin is None else admin
    try:
        uid = db.execute(
            insert(User)
            .values(
                username=name,
                password_hash=hash_password(password),
                is_admin=is_admin,
                created_at=time.time(),
            )
            .returning(User.id)
        ).scalar_one()
        db.commit()
    except IntegrityError:
        db.rollback()
        raise AccountError(f"the username {name!r} is taken") from None
    user = db.get(User, uid)
    assert user is not None
    return user


def authenticate(db: Session, username: str, password: str) -> User | None:
    name = unicodedata.normalize("NFC", (username or "").strip())
    user = db.execute(select(User).where(User.username == name)).scalar_one_or_none()
    if user is None or not verify_password(user.password_hash, password or ""):
        return None
    return user


def user_count(db: Session) -> int:
    return int(db.execute(select(func.count()).select_from(User)).scalar_one())
