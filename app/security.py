"""Passwords, the per-install session secret, signed session cookies, CSRF and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

_HASHER = PasswordHasher()
TOKEN_PREFIX = "tdj_"
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_against_nothing(password: str) -> None:
    """Spend what a real check costs when there is no account, so the answer's timing
    does not tell whether a username exists."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
    verify_password(_DUMMY_HASH, password)


def hash_session_token(token: str) -> str:
    """Login sessions are stored by hash: a copy of the table logs nobody in."""
    return hashlib.sha256(("session:" + token).encode()).hexdigest()


class SessionCodec:
    """Signs and checks the session cookie's payload ({"sid": str|None, "csrf": str}).

    The signature keeps forged cookies out cheaply; whether `sid` is still a live login
    is decided by the login_sessions table. A browser sends the same cookie with every
    request, so a cookie checked once is remembered (with the time it was signed, so it
    still expires on time) rather than verified again."""

    def __init__(self, secret: str, max_age_s: int, remembered: int = 4096) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="tensordojo-session")
        self.max_age_s = max_age_s
        self._remembered = remembered
        self._checked: OrderedDict[str, tuple[dict[str, Any], float]] = OrderedDict()
        self._lock = threading.Lock()

    def dumps(self, data: dict[str, Any]) -> str:
        return self._serializer.dumps(data)

    def loads(self, value: str) -> dict[str, Any] | None:
        with self._lock:
            known = self._checked.get(value)
            if known is not None:
                self._checked.move_to_end(value)
        if known is None:
            try:
                data, signed = self._serializer.loads(value, max_age=self.max_age_s, return_timestamp=True)
            except BadSignature:
                return None
            if not isinstance(data, dict):
                return None
            known = (data, signed.timestamp())
            with self._lock:
                self._checked[value] = known
                while len(self._checked) > self._remembered:
                    self._checked.popitem(last=False)
        data, signed_at = known
        return dict(data) if time.time() - signed_at <= self.max_age_s else None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def new_api_token() -> tuple[str, str, str]:
    """(token shown once, its hash kept in the DB, a short prefix to recognise it)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_api_token(token), token[:10]


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
