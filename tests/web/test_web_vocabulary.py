"""One vocabulary: verdict and state names come from runner.verdicts' enums everywhere
in the web app (Python, templates, the page scripts), never from a string typed again."""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.templating import make_templates
from app.vocabulary import PENDING, for_browser, verdict_class
from runner.verdicts import SubmissionState, Verdict
from tests.web.live import ROOT

NAMES = sorted({*Verdict, *SubmissionState}, key=len, reverse=True)
NAME_RE = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
ENUM_ACCESS = re.compile(r"\b(?:Verdict|SubmissionState)\.$")  # `Verdict.ACCEPTED` in a template
Scanner = Callable[[str], list[str]]
STRING_TOKENS = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}


def _docstring_starts(source: str) -> set[tuple[int, int]]:
    """Where docstrings start: prose that may name a verdict."""
    starts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                starts.add((first.lineno, first.col_offset))
    return starts


def spelled_in_python(source: str) -> list[str]:
    """Verdict or state names inside string literals (docstrings and comments are prose)."""
    docstrings = _docstring_starts(source)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in STRING_TOKENS and token.start not in docstrings:
            found += [f"line {token.start[0]}: {name}" for name in _not_from_the_enums(token.string)]
    return found


def _not_from_the_enums(text: str) -> list[str]:
    """Names in `text` other than `Verdict.X` / `SubmissionState.X` (f-string or template code)."""
    return [m.group(1) for m in NAME_RE.finditer(text) if not ENUM_ACCESS.search(text[: m.start()])]


def spelled_in_template(text: str) -> list[str]:
    """Names anywhere in a template, except as an attribute of the enum globals."""
    return [f"line {n + 1}: {name}" for n, line in enumerate(text.splitlines()) for name in _not_from_the_enums(line)]


def spelled_in_script(text: str) -> list[str]:
    """Names anywhere in a page script: they come from window.TDVocabulary."""
    return [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(1)}" for m in NAME_RE.finditer(text)]


def _sources() -> list[tuple[Path, Scanner]]:
    # Migrations are history: each keeps the values it wrote then, never today's enums.
    migrations = ROOT / "app" / "migrations"
    python = [(p, spelled_in_python) for p in sorted((ROOT / "app").rglob("*.py")) if migrations not in p.parents]
    templates = [(p, spelled_in_template) for p in sorted((ROOT / "templates").glob("*.html"))]
    scripts = [(p, spelled_in_script) for p in sorted((ROOT / "app" / "static" / "js").rglob("*.js"))]
    return python + templates + scripts


def test_no_verdict_or_state_is_spelled_out_in_the_web_app() -> None:
    sources = _sources()
    assert len(sources) > 30 and any(p.suffix == ".js" for p, _ in sources)
    offenders = {}
    for path, scan in sources:
        found = scan(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}, f"use runner.verdicts' enums (TDVocabulary in scripts) instead: {offenders}"


@pytest.mark.parametrize(
    ("scan", "text", "expected"),
    [
        (spelled_in_python, 'if status == "ACCEPTED":\n    pass\n', ["line 1: ACCEPTED"]),
        (spelled_in_python, 'x = f"stuck in {y} QUEUED"\n', ["line 1: QUEUED"]),
        (spelled_in_python, 'x = f"then {Verdict.INTERNAL_ERROR}"\n', []),
        (spelled_in_python, 'def f():\n    """Stays RUNNING."""\n    return Verdict.TOO_SLOW\n', []),
        (spelled_in_python, "# a WRONG_ANSWER comment\nx = 1\n", []),
        (spelled_in_template, "{{ depth.QUEUED }}", ["line 1: QUEUED"]),
        (spelled_in_template, "{% if s == 'COMPILE_ERROR' %}", ["line 1: COMPILE_ERROR"]),
        (spelled_in_template, "{{ 'ok' if s == Verdict.ACCEPTED }}{{ SubmissionState.RUNNING }}", []),
        (spelled_in_script, 'if (s === "RUNNING") go();', ["line 1: RUNNING"]),
        (spelled_in_script, "if (V.pending.includes(s)) go();", []),
    ],
)
def test_the_check_finds_names_typed_out(scan: Scanner, text: str, expected: list[str]) -> None:
    assert scan(text) == expected


def test_the_page_scripts_get_the_vocabulary_from_the_enums(client: TestClient) -> None:
    resp = client.get("/js/vocabulary.js")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/javascript")
    body = resp.text
    data = json.loads(body[body.index("Object.freeze(") + len("Object.freeze(") : body.rindex(");")])
    assert data == for_browser()
    assert sorted(data["verdicts"].values()) == sorted(v.value for v in Verdict)
    assert sorted(data["states"].values()) == sorted(s.value for s in SubmissionState)
    assert data["pending"] == [s.value for s in PENDING]
    assert data["classes"][Verdict.ACCEPTED] == "ok" and data["classes"][Verdict.TOO_SLOW] == "bad"
    assert all(data["classes"][s] == "pending" for s in SubmissionState)
    again = client.get("/js/vocabulary.js", headers={"If-None-Match": resp.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    for page in ("/problems/softmax",):
        html = client.get(page).text
        assert html.index('src="/js/vocabulary.js"') < html.index('src="/static/js/result.js"')


def test_templates_get_the_enums_as_globals() -> None:
    env = make_templates().env
    text = "{{ Verdict.WRONG_ANSWER }} {{ SubmissionState.QUEUED is pending }} {{ Verdict.ACCEPTED | verdict_class }}"
    assert env.from_string(text).render() == "WRONG_ANSWER True ok"
    assert [verdict_class(s) for s in (SubmissionState.RUNNING, Verdict.RUNTIME_ERROR, None)] == [
        "pending",
        "bad",
        "bad",
    ]
