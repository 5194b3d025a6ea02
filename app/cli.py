"""The `tensordojo` command: the judge's commands plus serve, worker, users and reload,
and the terminal client of a remote server (login, submit, pull: app.client)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from app import client
from app.rounds_cli import rounds as rounds_cli
from runner import cli as runner_cli

if TYPE_CHECKING:
    from app.accounts import RoleAction

cli = typer.Typer(
    help="TensorDojo: practice ML and GPU coding with a sandboxed judge.",
    no_args_is_help=True,
)
problems = typer.Typer(help="The problem bank.", no_args_is_help=True)
users = typer.Typer(help="Accounts.", no_args_is_help=True)
cli.command("judge")(runner_cli.judge)
problems.registered_commands.extend(runner_cli.problems_app.registered_commands)  # the judge's: list, validate, new
cli.add_typer(problems, name="problems")
cli.add_typer(users, name="users")
cli.add_typer(rounds_cli, name="rounds")
for _client_command in (client.login, client.submit, client.pull):
    cli.command()(_client_command)


def _settings(
    **overrides: object,
):  # -> AppSettings (imported lazily: keeps `judge` light)
    from app.config import AppSettings

    settings = AppSettings()
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, value)
    return settings


def _logging(level: int = logging.INFO) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (TENSORDOJO_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on (TENSORDOJO_PORT)")] = None,
    workers: Annotated[int | None, typer.Option(help="embedded judging workers (TENSORDOJO_WORKERS)")] = None,
) -> None:
    """Run the web app and its embedded judging workers."""
    import uvicorn

    from app.bootstrap import NoBank
    from app.main import create_app

    _logging()
    settings = _settings(host=host, port=port, workers=workers)
    try:
        application = create_app(settings)
    except NoBank as exc:
        _fail(str(exc))
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    typer.echo(f"TensorDojo is running at http://{shown}:{settings.port}/  (Ctrl+C to stop)")
    _hint_first_admin(application.state.ctx)
    uvicorn.run(
        application,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=int(settings.lease_seconds),
        proxy_headers=False,  # X-Forwarded-* are believed from TENSORDOJO_TRUSTED_PROXIES only
    )


def _hint_first_admin(ctx) -> None:  # ctx: app.context.AppContext
    """A fresh install has no admin until the operator makes one: say how."""
    from app.accounts import enabled_admins

    with ctx.sessions() as db:
        if enabled_admins(db):
            return
    if ctx.settings.first_user_admin:
        typer.echo("No admin yet: the first account signed up becomes the admin (TENSORDOJO_FIRST_USER_ADMIN).")
    else:
        typer.echo(
            "No admin yet. Create one with:  tensordojo users create NAME --admin"
            "  (or promote an account: tensordojo users promote NAME)"
        )


@cli.command()
def worker() -> None:
    """Run one judging worker against the configured database (TENSORDOJO_DATABASE_URL)."""
    from app.bootstrap import NoBank, bootstrap
    from app.worker import run_standalone

    _logging()
    try:
        services = bootstrap(_settings())
    except NoBank as exc:
        _fail(str(exc))
    run_standalone(services)


def _services():  # -> app.bootstrap.Services without the bank; imported lazily like _settings
    from app.bootstrap import bootstrap

    return bootstrap(_settings(), load_bank=False)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def _accounts():  # -> Iterator[(AppSettings, Session)]
    """A database session for the account commands; a refusal (AccountError) ends the
    command with its message and exit status 1."""
    from app.accounts import AccountError

    services = _services()
    with services.sessions() as db:
        try:
            yield services.settings, db
        except AccountError as exc:
            _fail(str(exc))


def _find_user(db, username: str):  # -> app.models.User
    from app.accounts import find_user

    user = find_user(db, username)
    if user is None:
        _fail(f"no user {username!r}")
    return user


def _password(given: str | None, prompt: str) -> str:
    return given if given is not None else typer.prompt(prompt, hide_input=True, confirmation_prompt=True)


@users.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="the new user's name")],
    admin: Annotated[bool, typer.Option("--admin", help="give the account the admin role")] = False,
    password: Annotated[str | None, typer.Option(help="the password (prompted for when absent)")] = None,
) -> None:
    """Create an account; `--admin` is how a fresh install gets its first admin."""
    from app.accounts import create_user

    password = _password(password, "Password")
    with _accounts() as (settings, db):
        user = create_user(db, username, password, admin=admin, min_password=settings.min_password_chars)
    typer.echo(f"created {user.username!r}{' (admin)' if user.is_admin else ''}")


UserArg = Annotated[str, typer.Argument(help="the account's username")]
ROLE_HELP: dict[RoleAction, str] = {
    "promote": "Give an account the admin role.",
    "demote": "Take the admin role away (the last enabled admin keeps it).",
    "disable": "Stop an account: no login, its sessions end, its API tokens stop working.",
    "enable": "Let a disabled account log in again (its API tokens work again).",
}


def _role_command(action: RoleAction) -> Callable[[str], None]:
    """`tensordojo users promote|demote|disable|enable NAME`."""

    def change(username: UserArg) -> None:
        from app.accounts import ROLE_ACTIONS, change_role

        with _accounts() as (_, db):
            user = _find_user(db, username)
            change_role(db, user, action)
        typer.echo(f"{user.username!r} {ROLE_ACTIONS[action]}")

    return change


for _action, _help in ROLE_HELP.items():
    users.command(_action, help=_help)(_role_command(_action))


@users.command("list")
def users_list() -> None:
    """Every account: id, name, role and state."""
    from sqlalchemy import select

    from app.models import User

    with _accounts() as (_, db):
        for user in db.execute(select(User).order_by(User.id)).scalars():
            role = "admin" if user.is_admin else "user"
            state = "disabled" if user.disabled else "active"
            typer.echo(f"{user.id}\t{user.username}\t{role}\t{state}")


@users.command("set-password")
def users_set_password(
    username: UserArg,
    password: Annotated[str | None, typer.Option(help="the new password (prompted for when absent)")] = None,
) -> None:
    """Set an account's password (e.g. a locked-out admin); its sessions end."""
    from app import accounts, logins

    password = _password(password, "New password")
    with _accounts() as (settings, db):
        user = _find_user(db, username)
        accounts.check_password(password, settings.min_password_chars)
        accounts.set_password(db, user, password)
        logins.end_all(db, user.id)
    typer.echo(f"password of {user.username!r} changed; its sessions are logged out")


@problems.command("reload")
def problems_reload() -> None:
    """Ask running servers and workers to reload the problem bank (no restart needed)."""
    from app.bootstrap import NoBank, check_bank
    from app.state import BANK_GENERATION, bump
    from runner.bank import load_bank

    services = _services()
    try:
        check_bank(services.settings)
    except NoBank as exc:
        _fail(str(exc))
    bump(services.engine, BANK_GENERATION)
    interval = services.settings.bank_watch_interval_s
    typer.echo(f"reload requested: running servers and workers pick it up within {interval:g} s")
    bank = load_bank(services.settings.problems_dir)  # what they will find, said here too
    typer.echo(f"{len(bank.problems)} problems load from {services.settings.problems_dir}")
    if bank.errors:
        for error in bank.errors:
            typer.echo(f"error: {error}", err=True)
        typer.echo(
            f"{len(bank.errors)} folder(s) do not load: running servers keep serving the last good version of "
            "each (the admin page lists the errors)",
            err=True,
        )
        raise typer.Exit(1)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
