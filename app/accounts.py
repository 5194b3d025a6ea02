"""Accounts: creating users, checking credentials, changing passwords and roles,
disabling and deleting accounts."""

from __future__ import annotations

import time
from typing import Literal

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import ApiToken, LoginSession, Submission, User
from app.security import hash_password, new_api_token, verify_against_nothing, verify_password
from app.usernames import UsernameError, check_username, username_key

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
RoleAction = Literal["promote", "demote", "disable", "enable"]
ROLE_ACTIONS: dict[RoleAction, str] = {  # what each does, as the CLI's help and reply say it
    "promote": "is now an admin",
    "demote": "is no longer an admin",
    "disable": "is disabled",
    "enable": "is enabled",
}


class AccountError(ValueError):
    """A sign-up, login or account problem the form shows as is."""


def clean_username(raw: str) -> tuple[str, str]:
    """(name as shown, canonical key); see app.usernames for the rules."""
    try:
        return check_username(raw)
    except UsernameError as exc:
        raise AccountError(str(exc)) from None


def check_password(password: str, min_chars: int = MIN_PASSWORD) -> None:
    """Spaces are allowed (pass phrases) but do not count towards the minimum."""
    password = password or ""
    if sum(1 for ch in password if not ch.isspace()) < min_chars:
        raise AccountError(f"password must be at least {min_chars} characters, not counting spaces")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"password must be at most {MAX_PASSWORD} characters")


def create_user(
    db: Session,
    username: str,
    password: str,
    *,
    admin: bool | None = False,
    min_password: int = MIN_PASSWORD,
) -> User:
    """Create a user. `admin=None` makes the account an admin only if it is the first
    one (an install that asked for that with TENSORDOJO_FIRST_USER_ADMIN)."""
    name, key = clean_username(username)
    check_password(password, min_password)
    taken = AccountError(f"the username {name!r} is taken (or looks too much like one that is)")
    if db.execute(select(User.id).where(User.username_key == key)).first() is not None:
        raise taken  # before hashing: the unique index below settles races
    is_admin = select(~exists(select(User.id))).scalar_subquery() if admin is None else admin
    try:
        uid = db.execute(
            insert(User)
            .values(
                username=name,
                username_key=key,
                password_hash=hash_password(password),
                is_admin=is_admin,
                disabled=False,
                created_at=time.time(),
            )
            .returning(User.id)
        ).scalar_one()
        db.commit()
    except IntegrityError:
        db.rollback()
        raise taken from None
    user = db.get(User, uid)
    assert user is not None
    return user


def find_user(db: Session, username: str) -> User | None:
    """The account a typed name means: its canonical key, or (for accounts made before
    names were compared canonically) its exact name."""
    exact = (username or "").strip()
    rows = (
        db.execute(select(User).where((User.username_key == username_key(exact)) | (User.username == exact)).limit(2))
        .scalars()
        .all()
    )
    for user in rows:
        if user.username == exact:
            return user
    return rows[0] if rows else None


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The user if the password matches, else None; as slow for unknown names as for
    known ones. Disabled accounts are returned: the caller says they are disabled."""
    user = find_user(db, username)
    if user is None:
        verify_against_nothing(password or "")
        return None
    if not verify_password(user.password_hash, password or ""):
        return None
    return user


def change_password(db: Session, user: User, current: str, new: str, *, min_password: int = MIN_PASSWORD) -> None:
    if not verify_password(user.password_hash, current or ""):
        raise AccountError("the current password is wrong")
    check_password(new, min_password)
    set_password(db, user, new)


def set_password(db: Session, user: User, new: str) -> None:
    db.execute(
        update(User).where(User.id == user.id).values(password_hash=hash_password(new), password_changed_at=time.time())
    )
    db.commit()


def enabled_admins(db: Session) -> int:
    query = select(func.count()).select_from(User).where(User.is_admin.is_(True), User.disabled.is_(False))
    return int(db.execute(query).scalar_one())


def _keeps_an_admin(db: Session, user: User) -> None:
    if user.is_admin and not user.disabled and enabled_admins(db) <= 1:
        raise AccountError(f"{user.username!r} is the only admin: make someone else an admin first")


def set_admin(db: Session, user: User, admin: bool) -> None:
    if not admin:
        _keeps_an_admin(db, user)
    db.execute(update(User).where(User.id == user.id).values(is_admin=admin))
    db.commit()


def set_disabled(db: Session, user: User, disabled: bool) -> None:
    """A disabled account cannot log in; its sessions end and its API tokens stop working."""
    if disabled:
        _keeps_an_admin(db, user)
    db.execute(update(User).where(User.id == user.id).values(disabled=disabled))
    if disabled:
        db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.commit()


def change_role(db: Session, user: User, action: RoleAction) -> None:
    """What the admin page's buttons and `tensordojo users promote|demote|disable|enable` do."""
    if action in ("promote", "demote"):
        set_admin(db, user, action == "promote")
    else:
        set_disabled(db, user, action == "disable")


def delete_account(db: Session, user: User) -> None:
    """Delete the user with their submissions, tokens and sessions (leaderboards then
    no longer list them)."""
    _keeps_an_admin(db, user)
    db.execute(delete(Submission).where(Submission.user_id == user.id))
    db.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.execute(delete(User).where(User.id == user.id))
    db.commit()


def user_count(db: Session) -> int:
    return int(db.execute(select(func.count()).select_from(User)).scalar_one())


def issue_api_token(db: Session, user: User, name: str) -> str:
    """A new personal API token of `user` (the profile page's and `tensordojo login`'s):
    the secret is returned once, only its hash is kept."""
    token, token_hash, prefix = new_api_token()
    name = name.strip()[:60] or "script"
    db.add(ApiToken(user_id=user.id, name=name, token_hash=token_hash, prefix=prefix, created_at=time.time()))
    db.commit()
    return token
