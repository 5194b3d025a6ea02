"""`tensordojo rounds list|validate`: the bank's interview rounds from the command line.

`validate` checks what the server checks when it loads the bank (the schema, with errors
naming file, line and key; every problem slug in the bank) and exits 1 on any error, so
CI and admins can check a round before reloading."""

from __future__ import annotations

from typing import Annotated

import typer

rounds = typer.Typer(help="Interview rounds (rounds/<slug>.yaml in the bank).", no_args_is_help=True)


def _loaded(slugs: list[str] | None):  # -> (AppSettings, app.rounds.RoundSet); imports kept lazy
    from app.config import AppSettings
    from app.rounds import load_rounds, round_files
    from runner.bank import bank_problem, load_bank

    settings = AppSettings()
    missing = bank_problem(settings.problems_dir)
    if missing is not None:
        typer.echo(f"error: {missing}", err=True)
        raise typer.Exit(1)
    known = {p.stem for p in round_files(settings.problems_dir)}
    unknown = sorted(set(slugs or ()) - known)
    if unknown:
        typer.echo(f"error: no round {', '.join(unknown)} in {settings.problems_dir / 'rounds'}", err=True)
        raise typer.Exit(1)
    bank = load_bank(settings.problems_dir)
    problems = set(bank.problems) | set(bank.failed)  # a folder that fails to load is the problem's error
    return settings, load_rounds(settings.problems_dir, problems, slugs or None)


@rounds.command("validate")
def validate(slugs: Annotated[list[str] | None, typer.Argument(help="rounds to check (default: all)")] = None) -> None:
    """Check the bank's rounds: schema (file, line, key) and problem slugs."""
    settings, found = _loaded(slugs)
    for slug, round_ in found.rounds.items():
        typer.echo(f"ok    {slug}: {round_.title} ({round_.spec.time_limit_minutes} min, "
                   f"{len(round_.spec.problems)} problems)")
    for slug, error in found.errors.items():
        typer.echo(f"error {slug}:\n{error}", err=True)
    if not found.rounds and not found.errors:
        typer.echo(f"no round in {settings.problems_dir / 'rounds'}")
    if found.errors:
        raise typer.Exit(1)


@rounds.command("list")
def list_rounds() -> None:
    """The rounds that load: slug, time limit, problems."""
    _, found = _loaded(None)
    for slug, round_ in found.rounds.items():
        problems = ", ".join(p.slug for p in round_.spec.problems)
        typer.echo(f"{slug}\t{round_.spec.time_limit_minutes} min\t{round_.title}\t{problems}")
    for slug in found.errors:
        typer.echo(f"{slug}\t(does not load: tensordojo rounds validate {slug})", err=True)
