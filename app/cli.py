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
    uvicorn.run(
        application,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=int(settings.lease_seconds),
    )


@cli.command()
def worker() -> None:
    """Run one judging worker against the configured database (TENSORDOJO_DATABASE_URL)."""
    from app.worker import run_standalone

    _logging()
    run_standalone(_settings())


@users.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="the new user's name")],
    admin: Annotated[bool, typer.Option("--admin", help="give the account the admin role")] = False,
    password: Annotated[str | None, typer.Option(help="the password (prompted for when absent)")] = None,
) -> None:
    """Create an account (the first one on a fresh install is an admin anyway)."""
    from app.accounts import AccountError, create_user
    from app.db import make_engine, make_session_factory, migrate

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()
    engine = make_engine(settings)
    migrate(engine, settings)
    with make_session_factory(engine)() as db:
        try:
            user = create_user(db, username, password, admin=True if admin else None)
        except AccountError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"created {user.username!r}{' (admin)' if user.is_admin else ''}")


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
