"""What the terminal client (app.client) stands on: its config file, server URLs, and
the server's JSON API, where every failure becomes a ClientError that says what went
wrong and what to do about it.

The config file holds personal API tokens, so it is replaced in one step (never half
written) and readable by its owner only (mode 0600, in a directory of mode 0700).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.config import ClientSettings

USER_AGENT = "tensordojo-cli"
TOKEN_PREFIX = "tdj_"  # app.security.TOKEN_PREFIX, without importing the web stack


class ClientError(Exception):
    """Something the user can act on: the message says what went wrong and what to do."""


# --- the config file -----------------------------------------------------------------


def read_config(path: Path) -> dict[str, Any]:
    """{"server": last URL logged in to, "tokens": {URL: token}}; empty when there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ClientError(f"cannot read the config file {path}: {exc} (remove it and log in again)") from None
    if not isinstance(data, dict) or not isinstance(data.get("tokens", {}), dict):
        raise ClientError(f"the config file {path} is not the client's (remove it and log in again)")
    return data


def write_config(path: Path, data: dict[str, Any]) -> None:
    """Replace the config file at once, readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=".client-", dir=path.parent)  # created with mode 0600
    except OSError as exc:
        raise ClientError(f"cannot write the config file {path}: {exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def server_url(raw: str) -> str:
    """A server URL as the client keeps it: http(s)://host[:port][/prefix], no trailing slash."""
    url = raw.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClientError(f"{raw!r} is not a server URL: give it as http://host:port or https://host")
    if parts.query or parts.fragment:
        raise ClientError(f"{raw!r}: a server URL has no query (?…) or fragment (#…)")
    return url


def target(settings: ClientSettings, server: str | None) -> tuple[str, str | None, str]:
    """The server to talk to (--server, else TENSORDOJO_SERVER, else the last login's), its
    token (TENSORDOJO_TOKEN, else the one the config file keeps for that server) and where
    the token came from, for error messages."""
    path = settings.config_file()
    config = read_config(path)
    raw = server or settings.server or config.get("server")
    if not raw:
        raise ClientError("which server? Pass --server URL (or log in first: tensordojo login --server URL)")
    url = server_url(raw)
    if settings.token:
        return url, settings.token, "TENSORDOJO_TOKEN"
    token = config.get("tokens", {}).get(url)
    return url, (str(token) if token else None), str(path)


# --- talking to the server -------------------------------------------------------------


class Server:
    """One TensorDojo server, through its JSON API; every failure is a ClientError.
    `source` says where the token came from, so that a refused token names the fix."""

    def __init__(
        self, url: str, token: str | None, settings: ClientSettings, *, source: str = "", transport: Any = None
    ) -> None:
        try:
            import httpx
        except ImportError:
            raise ClientError("the client needs httpx: pip install 'tensordojo[client]'") from None

        self.url = url
        self.token = token
        self.source = source
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=url, headers=headers, timeout=settings.client_timeout_s, transport=transport)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def call(self, method: str, path: str, *, what: str, **kwargs: Any) -> Any:
        """The JSON answer of one request; `what` names it in error messages ("problem softmax")."""
        import httpx

        try:
            resp = self._http.request(method, "/api" + path, **kwargs)
        except httpx.TimeoutException:
            raise ClientError(f"{self.url} did not answer within {self._http.timeout.read:g} s") from None
        except httpx.HTTPError as exc:
            raise ClientError(f"cannot reach {self.url}: {_reason(exc)}") from None
        try:
            body = resp.json()
        except ValueError:
            body = None
        detail = body.get("detail") if isinstance(body, dict) else None
        if not isinstance(detail, str):  # 422: a list of field errors
            detail = None if detail is None else json.dumps(detail)
        status = resp.status_code
        if 300 <= status < 400:
            moved = resp.headers.get("Location", "elsewhere")
            raise ClientError(f"{self.url} redirects {what} to {moved}: give the server's URL as it is served")
        if status < 400:
            if body is None:
                raise ClientError(f"{self.url} is not a TensorDojo server (no JSON at {resp.request.url.path})")
            return body
        if status == 401 and self.token is None:
            raise ClientError(f"{self.url}: {detail or 'unauthorized'}")
        if status == 401:
            fix = {
                "TENSORDOJO_TOKEN": "set TENSORDOJO_TOKEN to a token from your profile page, or unset it and log in",
                "--token": "copy a current token from your profile page",
            }.get(self.source, f"log in again: tensordojo login --server {self.url}")
            raise ClientError(f"{self.url} refused the token ({detail or 'unauthorized'}): {fix}")
        if status == 429 and detail is None:
            detail = f"too many requests; try again in {resp.headers.get('Retry-After', 'a while')} s"
        if status == 404 and detail is None:
            raise ClientError(f"{self.url} is not a TensorDojo server ({resp.request.url.path} not found)")
        if detail is None:
            raise ClientError(f"{self.url} answered {status} to {what}")
        raise ClientError(f"{self.url}: {detail}")

    def check(self) -> None:
        """That the URL is a TensorDojo server at all (GET /api/health)."""
        body = self.call("GET", "/health", what="the health check")
        if not isinstance(body, dict) or body.get("status") != "ok":
            raise ClientError(f"{self.url} is not a TensorDojo server (GET /api/health did not answer ok)")


def _reason(exc: BaseException) -> str:
    """Why a request failed, in words (the innermost cause: refused, unknown host...)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running, and is the port right?)"
    return str(exc) or type(exc).__name__
