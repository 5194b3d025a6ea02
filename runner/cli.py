"""`tensordojo judge` and `tensordojo problems list|validate` (also `python -m runner`).

The judging commands import the judge (and so torch) when they run: the web image has no
torch, and `tensordojo serve`, `problems list` and friends must start there.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from runner.bank import load_bank
from runner.config import JudgeSettings
from runner.errors import JudgeError, UsageError
from runner.scaffold import new_problem

if TYPE_CHECKING:
    from runner.judge.pool import JudgePool

app = typer.Typer(
    help="TensorDojo judge: judge a file, list and validate problems.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
problems_app = typer.Typer(help="The problem bank.", no_args_is_help=True)
app.add_typer(problems_app, name="problems")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def judge(
    slug: Annotated[str, typer.Argument(help="problem slug, e.g. softmax")],
    file: Annotated[Path, typer.Argument(help="the solution file", exists=False)],
    language: Annotated[str, typer.Option(help="pytorch, triton or python")] = "",
    device: Annotated[str | None, typer.Option(help="cpu or cuda (default: cuda if available)")] = None,
    examples_only: Annotated[bool, typer.Option("--examples-only", help="visible examples only (Run)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Judge one file without the web app. Exit 0 whenever judging completed."""
    settings = JudgeSettings()
    bank = load_bank(settings.problems_dir)
    problem = bank.get(slug)
    if problem is None:
        _fail(f"unknown problem {slug!r} in {settings.problems_dir}" + "".join(f"\n{e}" for e in bank.errors))
        return
    try:
        code = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {file}: {exc}")
        return
    language = language or ("triton" if file.name.startswith("triton_") else problem.languages[0])
    from runner.judge import judge_code

    try:
        result = judge_code(
            problem,
            code,
            language=language,
            mode="run" if examples_only else "submit",
            device=device,
            settings=settings,
        )
    except JudgeError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    echo_result(result.to_dict())


def echo_result(result: Mapping[str, Any]) -> None:
    """A judge result for the terminal, from its JSON form (`JudgeResult.to_dict()`, which
    the web API also returns): `judge` and the remote client's `submit` print the same."""
    typer.echo(f"{result['verdict']}: {result['message']}")
    for test in result.get("tests") or []:
        mark = "ok  " if test["passed"] else "FAIL"
        timing = f" {test['time_ms']:.3f} ms" if test.get("time_ms") is not None else ""
        typer.echo(f"  {mark} {test['name']}{timing}")
        if not test["passed"] and test.get("visible"):
            _echo_example(test)
    t = result.get("timing") or {}
    if t.get("ratio") is not None:
        typer.echo(
            f"timing: {t['user_ms']:.3f} ms vs reference {t['reference_ms']:.3f} ms = {t['ratio']:.2f}x"
            f" (limit {t['threshold']:g}x{'' if t['enforced'] else ', not enforced'}) on {result['device']}"
        )
    degraded = (result.get("sandbox") or {}).get("degraded")
    if degraded:
        typer.echo("sandbox degraded: " + "; ".join(degraded), err=True)
    if result.get("stdout"):
        typer.echo("--- your output ---\n" + result["stdout"])


def _echo_example(test: Mapping[str, Any]) -> None:
    """A failed visible example in full (its message, inputs, expected and actual output):
    hidden tests show only their name."""
    for label in ("message", "inputs", "expected", "got"):
        text = test.get(label)
        if text:
            lines = str(text).splitlines() or [""]
            typer.echo(f"       {label + ':':<9} {lines[0]}")
            for line in lines[1:]:
                typer.echo(f"       {'':<9} {line}")


@problems_app.command("list")
def list_problems(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The problems in the bank, and the folders that failed to load."""
    bank = load_bank(JudgeSettings().problems_dir)
    rows = [
        {
            "slug": p.slug,
            "title": p.title,
            "difficulty": p.difficulty,
            "kind": p.kind,
            "languages": p.languages,
            "topics": p.topics,
        }
        for p in bank.problems.values()
    ]
    if as_json:
        typer.echo(json.dumps({"problems": rows, "errors": bank.errors}, indent=2))
    else:  # grouped by each problem's first (main) topic, easy ones first
        order = {"easy": 0, "medium": 1, "hard": 2}
        rows.sort(key=lambda r: (r["topics"][0], order[r["difficulty"]], r["slug"]))
        for topic, group in itertools.groupby(rows, key=lambda r: r["topics"][0]):
            typer.echo(f"\n{topic}")
            for row in group:
                typer.echo(f"  {row['slug']:32} {row['difficulty']:7} {','.join(row['languages']):16} {row['title']}")
        typer.echo(f"\n{len(rows)} problems")
        for error in bank.errors:
            typer.echo(f"error: {error}", err=True)
    if bank.errors:
        raise typer.Exit(1)


@problems_app.command("validate")
def validate_problems(
    slugs: Annotated[list[str] | None, typer.Argument(help="problem slugs (default: all)")] = None,
    device: Annotated[str | None, typer.Option(help="cpu or cuda")] = None,
) -> None:
    """Check each problem's format, judge its solutions, check the starter fails."""
    settings = JudgeSettings()
    root = settings.problems_dir
    folders = [root / s for s in slugs] if slugs else sorted(p.parent for p in root.glob("*/problem.yaml"))
    failed = 0
    from runner.judge.pool import JudgePool

    with JudgePool(settings) as pool:  # one warm zygote serves every judged solution
        for folder in folders:
            failed += not _validate_one(folder, settings, device, pool)
    typer.echo(f"{len(folders) - failed} of {len(folders)} problems valid")
    if failed:
        raise typer.Exit(1)


@problems_app.command("new")
def new(
    slug: Annotated[str, typer.Argument(help="the new problem's slug (its folder name), e.g. rms-norm")],
    kind: Annotated[str, typer.Option(help="function, module or multi")] = "function",
) -> None:
    """Scaffold a problem folder; `problems validate` lists what is left to fill in."""
    try:
        folder = new_problem(JudgeSettings().problems_dir, slug, kind)
    except UsageError as exc:
        _fail(str(exc))
        return
    typer.echo(f"created {folder}: fill in every FILL-IN, then run `tensordojo problems validate {slug}`")


def _validate_one(folder: Path, settings: JudgeSettings, device: str | None, pool: JudgePool) -> bool:
    """Validate one folder and print its report; True when it is valid."""
    if not (folder / "problem.yaml").exists():
        typer.echo(f"FAIL {folder.name}: {folder / 'problem.yaml'} not found")
        return False
    try:
        from runner.validate import validate

        report = validate(folder, settings, device, pool.pool)
    except JudgeError as exc:
        typer.echo(f"FAIL {folder.name}: {exc}")
        return False
    typer.echo(f"{'ok  ' if report.ok else 'FAIL'} {report.slug}")
    for line in report.checked:
        typer.echo(f"       {line}")
    for line in report.problems:
        typer.echo(f"    !  {line}")
    return report.ok


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    app()
