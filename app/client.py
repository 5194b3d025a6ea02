"""The terminal client: `tensordojo login`, `submit` and `pull` against a TensorDojo
server, for people who practise in their own editor.

`login` exchanges a username and password (or takes an API token from the profile
page) for a personal API token and keeps it, with the server's URL, in a config file
only its owner can read (mode 0600). `submit` sends a file through the JSON API, shows
the submission's status as it changes, and prints the result as `tensordojo judge`
prints it (runner.cli.echo_result). `pull` writes a problem's statement and starter
into a directory, named so that `submit` and `judge` pick the starter's language.

Settings come from app.config.ClientSettings (TENSORDOJO_SERVER, TENSORDOJO_TOKEN,
TENSORDOJO_CONFIG...), then from the config file; the config file and the HTTP calls
are in app.client_api.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn
from urllib.parse import quote

import typer

from app.client_api import TOKEN_PREFIX, ClientError, Server, read_config, server_url, target, write_config
from app.config import ClientSettings
from runner.cli import echo_result
from runner.conventions import TRITON_PREFIX  # a file named triton_*.py is Triton code, as `judge` decides
from runner.verdicts import SubmissionState

PENDING = frozenset(state.value for state in SubmissionState)  # still waiting for a verdict
INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        _fail(str(exc))


ServerOption = Annotated[
    str | None, typer.Option("--server", help="the server's URL (default: TENSORDOJO_SERVER, or the last login)")
]


def login(
    server: Annotated[str, typer.Option("--server", help="the server's URL, e.g. https://dojo.example.org")],
    username: Annotated[str | None, typer.Option(help="your username (prompted for when absent)")] = None,
    token: Annotated[
        str | None, typer.Option(help="an API token from your profile page, instead of a username and password")
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="read the password from standard input (without --username: an API token)"
        ),
    ] = False,
) -> None:
    """Log in to a server and keep its URL and an API token for `submit` and `pull`."""
    settings = ClientSettings()
    with _errors():
        url = server_url(server)
        if token is None and username is None:
            if password_stdin:
                token = _ask("an API token", secret=True, stdin=True).strip()
            else:
                answer = _ask("Username (or an API token from your profile page)", secret=False, stdin=False)
                token, username = (answer, None) if answer.startswith(TOKEN_PREFIX) else (None, answer)
        if token is None:
            password = _ask("Password", secret=True, stdin=password_stdin)
            with Server(url, None, settings) as api:
                api.check()
                body = {"username": username, "password": password, "name": f"command line on {_host()}"}
                token = str(api.call("POST", "/tokens", what="logging in", json=body)["token"])
        elif not token.startswith(TOKEN_PREFIX):
            raise ClientError(f"that is not an API token (they start with {TOKEN_PREFIX}): copy one from your profile")
        with Server(url, token, settings, source="--token") as api:
            api.check()
            me = api.call("GET", "/me", what="checking the token")
        path = settings.config_file()
        config = read_config(path)
        config["server"] = url
        config.setdefault("tokens", {})[url] = token
        write_config(path, config)
    typer.echo(f"logged in to {url} as {me['username']}; the token is kept in {path}")


def submit(
    slug: Annotated[str, typer.Argument(help="the problem's slug, e.g. softmax")],
    file: Annotated[Path, typer.Argument(help="your solution file")],
    run: Annotated[bool, typer.Option("--run", help="Run: the visible examples only (default: Submit)")] = False,
    language: Annotated[
        str, typer.Option(help="pytorch, triton or python (default: triton for triton_*.py, else the problem's first)")
    ] = "",
    device: Annotated[str | None, typer.Option(help='"cpu", "cuda" or "cuda:<GPU model>" (default: any)')] = None,
    server: ServerOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as one JSON object")] = False,
) -> None:
    """Judge a file on the server: live status, then the result as `tensordojo judge` prints it.
    Exit 0 whenever judging completed, whatever the verdict; 130 when stopped with Ctrl-C."""
    settings = ClientSettings()
    with _errors():
        url, token, source = target(settings, server)
        if not token:
            raise ClientError(f"no token for {url}: run `tensordojo login --server {url}` (or set TENSORDOJO_TOKEN)")
        code = _read_code(file)
        with Server(url, token, settings, source=source) as api:
            problem = api.call("GET", f"/problems/{quote(slug, safe='')}", what=f"problem {slug!r}")
            chosen = language or _language_of(file.name, problem)
            body = {"problem": slug, "language": chosen, "mode": "run" if run else "submit", "code": code}
            if device:
                body["device"] = device
            sub = api.call("POST", "/submissions", what=f"submitting to {slug}", json=body)
            try:
                final = _follow(api, sub, settings, _status_printer(as_json))
            except KeyboardInterrupt:
                typer.echo(
                    f"\nstopped waiting; submission #{sub['id']} is judged all the same: {url}/submissions/{sub['id']}",
                    err=True,
                )
                raise typer.Exit(INTERRUPTED) from None
    page = f"{url}/submissions/{final['id']}"
    result = final.get("result") or {"verdict": final["status"], "message": final.get("message", "")}
    if as_json:
        typer.echo(json.dumps({**result, "submission": {"id": final["id"], "url": page}}, indent=2))
        return
    echo_result(result)
    typer.echo(f"submission #{final['id']}: {page}")


def pull(
    slug: Annotated[str, typer.Argument(help="the problem's slug, e.g. softmax")],
    language: Annotated[str, typer.Option(help="the starter's language (default: the problem's first)")] = "",
    directory: Annotated[Path, typer.Option("--dir", help="where to write the files")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="overwrite files that differ from the server's")] = False,
    server: ServerOption = None,
) -> None:
    """Write a problem's statement (SLUG.md) and starter (SLUG.py, triton_SLUG.py) to a directory;
    a file there already is left alone unless it is the same or --force is given."""
    settings = ClientSettings()
    with _errors():
        url, _, _ = target(settings, server)
        with Server(url, None, settings) as api:  # problems are public: no token to go stale
            problem = api.call("GET", f"/problems/{quote(slug, safe='')}", what=f"problem {slug!r}")
        starters: dict[str, str] = problem.get("starters") or {}
        chosen = language or next(iter(problem.get("languages") or starters), "")
        if chosen not in starters:
            offered = ", ".join(starters) or "none"
            raise ClientError(f"{slug} has no {chosen!r} starter (starters: {offered})")
        starter = directory / f"{TRITON_PREFIX if chosen == 'triton' else ''}{slug}.py"
        files = {directory / f"{slug}.md": _ending(problem["statement"]), starter: _ending(starters[chosen])}
        kept = [path for path, text in files.items() if _same(path, text)]
        clash = [str(path) for path in files if path.exists() and path not in kept]
        if clash and not force:
            raise ClientError(f"{' and '.join(clash)} already there, and different: pass --force to overwrite")
        try:
            directory.mkdir(parents=True, exist_ok=True)
            for path, text in files.items():
                if path not in kept:
                    path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ClientError(f"cannot write into {directory}: {exc}") from None
    written = [str(path) for path in files if path not in kept]
    typer.echo(f"wrote {' and '.join(written)}" if written else "nothing to write: the files are up to date")
    if kept and written:
        typer.echo(f"{' and '.join(str(path) for path in kept)} already up to date")
    hint = "" if chosen == _language_of(starter.name, problem) else f" --language {chosen}"
    typer.echo(f"then: tensordojo submit {slug} {starter} --run{hint}")


# --- helpers -------------------------------------------------------------------------------


def _follow(
    api: Server, sub: dict[str, Any], settings: ClientSettings, show: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    """Poll a submission until it has a verdict, showing each status it passes through. A
    failed poll is retried (the submission is judged whatever happens here)."""
    deadline = time.monotonic() + settings.client_wait_s
    show(sub)
    failures = 0
    while sub["status"] in PENDING:
        if time.monotonic() > deadline:
            raise ClientError(
                f"no verdict after {settings.client_wait_s:g} s; the submission #{sub['id']} is still "
                f"{sub['status']}: see {api.url}/submissions/{sub['id']}"
            )
        time.sleep(settings.client_poll_s)
        try:
            sub = api.call("GET", f"/submissions/{sub['id']}", what=f"submission #{sub['id']}")
            failures = 0
        except ClientError:
            failures += 1
            if failures >= 5:
                raise
            continue
        show(sub)
    return sub


def _status_printer(quiet_stdout: bool) -> Callable[[dict[str, Any]], None]:
    """Shows each new status once (on stderr with --json, so stdout stays one object)."""
    last: list[str] = []
    started = time.monotonic()

    def show(sub: dict[str, Any]) -> None:
        status = sub["status"]
        if last and last[-1] == status:
            return
        last.append(status)
        if status in PENDING:
            typer.echo(f"#{sub['id']} {status} ({time.monotonic() - started:.1f} s)", err=quiet_stdout)

    return show


def _language_of(name: str, problem: dict[str, Any]) -> str:
    """The language `submit` (and `judge`) pick for a file: triton for triton_*.py, else the problem's first."""
    return "triton" if name.startswith(TRITON_PREFIX) else next(iter(problem.get("languages") or ["pytorch"]))


def _read_code(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClientError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise ClientError(f"{file} is a directory: give the solution's file") from None
    except UnicodeDecodeError:
        raise ClientError(f"{file} is not UTF-8 text") from None
    except OSError as exc:
        raise ClientError(f"cannot read {file}: {exc.strerror or exc}") from None


def _ending(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _ask(prompt: str, *, secret: bool, stdin: bool) -> str:
    """An answer from the terminal or a line of standard input; a secret keeps its spaces
    (a password may begin or end with one)."""
    if stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line.strip():
            raise ClientError(f"{prompt.lower()} expected on standard input")
        return line if secret else line.strip()
    answer = str(typer.prompt(prompt, hide_input=secret))
    answer = answer if secret else answer.strip()
    if not answer:
        raise ClientError(f"no {prompt.split(' (')[0].lower()} given")
    return answer


def _host() -> str:
    return socket.gethostname()[:40] or "this machine"
