"""The `tensordojo` command: the judge's commands plus serve, worker, users and reload."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from runner import cli as runner_cli

cli = typer.Typer(
    help="TensorDojo: practice ML and GPU coding with a sandboxed judge.",
    no_args_is_help=True,
)
problems = typer.Typer(help="The problem bank.", no_args_is_help=True)
users = typer.Typer(help="Accounts.", no_args_is_help=True)
cli.command("judge")(runner_cli.judge)
problems.command("list")(runner_cli.list_problems)
problems.command("validate")(runner_cli.validate_problems)
cli.add_typer(problems, name="problems")
cli.add_typer(users, name="users")


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

    from app.main import create_app

    _logging()
    settings = _settings(host=host, port=port, workers=workers)
    application = create_app(settings)
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
    from app.worker import run_standalone

    _logging()
    run_standalone(_settings())


def _user_db():  # -> (settings, sessionmaker); imported lazily like _settings
    from app.db import make_engine, make_session_factory, migrate

    settings = _settings()
    engine = make_engine(settings)
    migrate(engine, settings)
    return settings, make_session_factory(engine)


@users.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="the new user's name")],
    admin: Annotated[bool, typer.Option("--admin", help="give the account the admin role")] = False,
    password: Annotated[str | None, typer.Option(help="the password (prompted for when absent)")] = None,
) -> None:
    """Create an account; `--admin` is how a fresh install gets its first admin."""
    from app.accounts import AccountError, create_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings, sessions = _user_db()
    with sessions() as db:
        try:
            user = create_user(db, username, password, admin=admin, min_password=settings.min_password_chars)
        except AccountError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"created {user.username!r}{' (admin)' if user.is_admin else ''}")


def _change_user(username: str, action: str) -> None:
    from app import accounts

    _, sessions = _user_db()
    with sessions() as db:
        user = accounts.find_user(db, username)
        if user is None:
            typer.echo(f"error: no user {username!r}", err=True)
            raise typer.Exit(1)
        try:
            if action in ("promote", "demote"):
                accounts.set_admin(db, user, action == "promote")
            else:
                accounts.set_disabled(db, user, action == "disable")
        except accounts.AccountError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    done = {
        "promote": "is now an admin",
        "demote": "is no longer an admin",
        "disable": "is disabled",
        "enable": "is enabled",
    }
    typer.echo(f"{user.username!r} {done[action]}")


UserArg = Annotated[str, typer.Argument(help="the account's username")]


@users.command("promote")
def users_promote(username: UserArg) -> None:
    """Give an account the admin role."""
    _change_user(username, "promote")


@users.command("demote")
def users_demote(username: UserArg) -> None:
    """Take the admin role away (the last enabled admin keeps it)."""
    _change_user(username, "demote")


@users.command("disable")
def users_disable(username: UserArg) -> None:
    """Stop an account: no login, its sessions end, its API tokens stop working."""
    _change_user(username, "disable")


@users.command("enable")
def users_enable(username: UserArg) -> None:
    """Let a disabled account log in again (its API tokens work again)."""
    _change_user(username, "enable")


@users.command("list")
def users_list() -> None:
    """Every account: id, name, role and state."""
    from sqlalchemy import select

    from app.models import User

    _, sessions = _user_db()
    with sessions() as db:
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

    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    settings, sessions = _user_db()
    with sessions() as db:
        user = accounts.find_user(db, username)
        if user is None:
            typer.echo(f"error: no user {username!r}", err=True)
            raise typer.Exit(1)
        try:
            accounts.check_password(password, settings.min_password_chars)
        except accounts.AccountError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        accounts.set_password(db, user, password)
        logins.end_all(db, user.id)
    typer.echo(f"password of {user.username!r} changed; its sessions are logged out")


@problems.command("reload")
def problems_reload() -> None:
    """Ask running servers and workers to reload the problem bank."""
    from app.db import make_engine, migrate
    from app.state import BANK_GENERATION, bump

    settings = _settings()
    engine = make_engine(settings)
    migrate(engine, settings)
    bump(engine, BANK_GENERATION)
    typer.echo(f"reload requested: running servers and workers pick it up within {settings.bank_watch_interval_s:g} s")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
