"""Interview rounds: the shipped rounds and their validation (file, line, key), a round
played through the web app with the clock moved forward by a file, time enforced by the
server, the report, and who may see what."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import cli
from app.config import AppSettings
from app.main import create_app
from app.models import RoundAttempt, RoundQuestion, RoundSubmission
from app.rounds import RoundFormatError, load_round, load_rounds, without_notes
from runner.bank import load_bank
from runner.verdicts import Verdict
from tests.web.learner import advance, small_bank
from tests.web.live import ROOT
from tests.web.support import SOFTMAX_OK, Account, drain, fake_judge, make_admin

PROBLEMS = ROOT / "problems"
SHIPPED = ("pytorch-round-1", "attention-round", "backprop-round")

pytestmark = pytest.mark.both_databases


@pytest.fixture
def clock_file(tmp_path: Path) -> Path:
    path = tmp_path / "clock"
    path.write_text("0")
    return path


@pytest.fixture
def settings(settings: AppSettings, clock_file: Path) -> AppSettings:
    settings.clock_file = clock_file
    settings.rate_limit_count = 100
    return settings


def _cli(*args: str, bank: Path = PROBLEMS) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"TENSORDOJO_PROBLEMS_DIR": str(bank)})
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


# --- the shipped rounds --------------------------------------------------------------


def test_the_shipped_rounds_validate() -> None:
    code, output = _cli("rounds", "validate")
    assert code == 0, output
    for slug in SHIPPED:
        assert f"ok    {slug}" in output
    loaded = load_rounds(PROBLEMS, load_bank(PROBLEMS).problems.keys())
    assert loaded.errors == {}
    first = loaded.rounds["pytorch-round-1"]
    assert first.title == "PyTorch Round 1" and first.spec.time_limit_minutes == 45
    assert len(first.spec.problems) == 3


def _plain(text: str) -> str:
    return " ".join(text.replace("**", "").split()).lower()


def test_the_shipped_questions_come_from_the_statements_notes() -> None:
    """Each question a shipped round lets a candidate ask is one the statement's Notes pose."""
    loaded = load_rounds(PROBLEMS, load_bank(PROBLEMS).problems.keys())
    for round_ in loaded.rounds.values():
        for problem in round_.spec.problems:
            statement = (PROBLEMS / problem.slug / "statement.md").read_text()
            notes = _plain(statement[len(without_notes(statement)) :])
            assert problem.questions, (round_.slug, problem.slug)
            for question in problem.questions:
                assert _plain(question.ask) in notes, (round_.slug, problem.slug, question.ask)


def test_a_round_statement_has_no_notes() -> None:
    statement = (PROBLEMS / "layernorm" / "statement.md").read_text()
    shown = without_notes(statement)
    assert "## Notes" in statement and "## Notes" not in shown and "Biased or unbiased" not in shown
    assert shown.strip() and statement.startswith(shown)


# --- validation ------------------------------------------------------------------------


def _write(bank: Path, name: str, text: str) -> Path:
    path = bank / "rounds" / name
    path.write_text(text)
    return path


def test_schema_errors_name_file_line_and_key(tmp_path: Path) -> None:
    bank = small_bank(tmp_path)
    path = _write(
        bank,
        "broken.yaml",
        "title: Broken\n"
        "time_limit_minutes: 0\n"
        "problems:\n"
        "  - slug: softmax\n"
        "    questions:\n"
        "      - ask: 'Which dimension?'\n"
        "        answr: 'The last.'\n",
    )
    with pytest.raises(RoundFormatError) as caught:
        load_round(path, {"softmax"})
    lines = str(caught.value).splitlines()
    assert f"{path}:2: key 'time_limit_minutes': Input should be greater than or equal to 1" in lines
    assert any(line.startswith(f"{path}:6: key 'problems.0.questions.0.answer'") for line in lines), lines
    assert any(line.startswith(f"{path}:7: key 'problems.0.questions.0.answr'") for line in lines), lines


def test_unknown_slugs_and_other_mistakes_are_errors(tmp_path: Path) -> None:
    bank = small_bank(tmp_path)
    known = {"softmax", "vector-add"}
    head = "title: U\ntime_limit_minutes: 5\nproblems:\n  - slug: softmax\n"
    unknown = _write(bank, "unknown.yaml", head + "  - slug: nope\n")
    with pytest.raises(RoundFormatError, match=re.escape(f"{unknown}:5: key 'problems.1.slug': no problem 'nope'")):
        load_round(unknown, known)
    twice = _write(bank, "twice.yaml", head + "  - slug: softmax\n")
    with pytest.raises(RoundFormatError, match="posed twice"):
        load_round(twice, known)
    bad_yaml = _write(bank, "bad-yaml.yaml", "title: [unclosed\n")
    with pytest.raises(RoundFormatError, match=re.escape(f"{bad_yaml}:") + r"\d+: invalid YAML"):
        load_round(bad_yaml, known)
    not_a_map = _write(bank, "list.yaml", "- softmax\n")
    with pytest.raises(RoundFormatError, match=re.escape(f"{not_a_map}:1: expected a mapping")):
        load_round(not_a_map, known)
    no_problems = _write(bank, "empty.yaml", "title: E\ntime_limit_minutes: 5\nproblems: []\n")
    with pytest.raises(RoundFormatError, match="key 'problems'"):
        load_round(no_problems, known)
    bad_name = _write(bank, "Bad_Name.yaml", "title: B\ntime_limit_minutes: 5\nproblems:\n  - slug: softmax\n")
    with pytest.raises(RoundFormatError, match="file name is the round's slug"):
        load_round(bad_name, known)


def test_rounds_validate_exits_1_naming_the_errors(tmp_path: Path) -> None:
    bank = small_bank(tmp_path)
    _write(bank, "good.yaml", "title: Good\ntime_limit_minutes: 5\nproblems:\n  - slug: softmax\n")
    bad = _write(bank, "bad.yaml", "title: Bad\ntime_limit_minutes: 5\nproblems:\n  - slug: missing\n")
    code, output = _cli("rounds", "validate", bank=bank)
    assert code == 1
    assert "ok    good: Good" in output and f"{bad}:4: key 'problems.0.slug': no problem 'missing'" in output
    code, output = _cli("rounds", "validate", "good", bank=bank)
    assert code == 0 and "bad" not in output
    code, output = _cli("rounds", "validate", "absent", bank=bank)
    assert code == 1 and "no round absent" in output


def test_rounds_are_found_with_the_bank_and_broken_ones_shown_to_admins(tmp_path: Path) -> None:
    bank = small_bank(tmp_path)
    _write(bank, "warm-up.yaml", "title: Warm-up\ntime_limit_minutes: 10\nproblems:\n  - slug: vector-add\n")
    _write(bank, "broken.yaml", "title: Broken\ntime_limit_minutes: 10\nproblems:\n  - slug: gone\n")
    settings = AppSettings(data_dir=tmp_path / "data", problems_dir=bank, workers=0, device="cpu")
    with TestClient(create_app(settings, judge=fake_judge)) as client:
        admin = Account(client, "root")
        make_admin(client, "root")
        page = admin.client.get("/rounds").text
        assert "Warm-up" in page and "Broken" not in page and "PyTorch Round 1" not in page
        assert [r["slug"] for r in client.get("/api/rounds").json()] == ["warm-up"]
        panel = admin.client.get("/admin").text
        assert 'id="round-errors"' in panel and "no problem &#39;gone&#39; in the bank" in panel
        # a fixed round is picked up by the next reload of the bank
        _write(bank, "broken.yaml", "title: Fixed\ntime_limit_minutes: 10\nproblems:\n  - slug: softmax\n")
        client.app.state.ctx.catalog.reload()
        assert {r["slug"] for r in client.get("/api/rounds").json()} == {"warm-up", "broken"}


# --- playing a round ---------------------------------------------------------------------


def _start(account: Account, slug: str = "pytorch-round-1") -> int:
    resp = account.client.post(f"/rounds/{slug}/start", data={"csrf_token": account.csrf}, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    match = re.fullmatch(r"/rounds/attempts/(\d+)", resp.headers["location"])
    assert match, resp.headers["location"]
    return int(match.group(1))


def _ask(account: Account, attempt: int, problem: int, question: int) -> object:
    return account.client.post(
        f"/api/rounds/attempts/{attempt}/questions",
        json={"problem_index": problem, "question_index": question},
        headers={"X-CSRF-Token": account.csrf},
    )


def _submit(account: Account, attempt: int, problem: str, code: str, mode: str = "submit") -> object:
    return account.client.post(
        "/api/submissions",
        json={"problem": problem, "language": "pytorch", "mode": mode, "code": code, "round_attempt": attempt},
        headers={"X-CSRF-Token": account.csrf},
    )


def test_a_round_from_start_to_report(client: TestClient, account: Account, clock_file: Path) -> None:
    attempt = _start(account)
    page = account.client.get(f"/rounds/attempts/{attempt}")
    assert page.status_code == 200
    assert "Multi-Head Causal Self-Attention" in page.text and 'id="countdown"' in page.text
    assert "45:00" in page.text
    # the statement without its Notes; the questions without their answers
    assert "Common mistakes" not in page.text and "Questions to ask" not in page.text
    assert "Do the key/query/value projections have biases?" in page.text
    assert "No; <code>proj</code> does." not in page.text

    asked = _ask(account, attempt, 0, 2)
    assert asked.status_code == 200, asked.text
    assert asked.json()["ask"] == "Do the key/query/value projections have biases?"
    assert asked.json()["answer"] == "No; `proj` does." and "<code>proj</code>" in asked.json()["answer_html"]
    assert _ask(account, attempt, 0, 2).status_code == 200  # asked again: recorded once
    assert "No; <code>proj</code> does." in account.client.get(f"/rounds/attempts/{attempt}").text
    assert _ask(account, attempt, 0, 99).status_code == 400
    assert _ask(account, attempt, 7, 0).status_code == 400

    advance(clock_file, 300)  # five minutes in: a wrong Submit, then a right one
    assert _submit(account, attempt, "cross-entropy", "def solve(logits, targets):\n    pass\n").status_code == 202
    advance(clock_file, 120)
    assert _submit(account, attempt, "cross-entropy", "def solve(logits, targets):\n    return 0\n").status_code == 202
    assert _submit(account, attempt, "layernorm", "def solve(x):\n    return x\n", mode="run").status_code == 202
    wrong = _submit(account, attempt, "softmax", SOFTMAX_OK)
    assert wrong.status_code == 400 and "not one of this round's problems" in wrong.json()["detail"]
    drain(client)

    with client.app.state.ctx.sessions() as db:
        assert db.execute(select(func.count()).select_from(RoundQuestion)).scalar_one() == 1
        assert db.execute(select(func.count()).select_from(RoundSubmission)).scalar_one() == 3

    done = account.client.post(
        f"/rounds/attempts/{attempt}/finish", data={"csrf_token": account.csrf}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/rounds/attempts/{attempt}/report"
    report = account.client.get(f"/rounds/attempts/{attempt}/report").text
    rows = {slug: row for slug, row in re.findall(r'<tr data-slug="([^"]+)">(.*?)</tr>', report, re.S)}
    assert list(rows) == ["multi-head-attention", "cross-entropy", "layernorm"]
    assert "not submitted" in rows["multi-head-attention"] and "1 of 7" in rows["multi-head-attention"]
    assert Verdict.ACCEPTED in rows["cross-entropy"]
    assert re.search(r'class="first-accepted">7:00<', rows["cross-entropy"])  # 5 + 2 minutes in
    assert "2 Submits" in rows["cross-entropy"] and "0 of 5" in rows["cross-entropy"]
    assert "0 Submits · 1 Run" in rows["layernorm"]
    assert "ended by the learner" in report and "asked at 0:00" in report
    assert "Accepted at Submit number 2" in report  # what to review, per problem
    assert 'id="review-next"' in report and "/problems/multi-head-attention" in report
    # the report stays on the profile, and a finished round's page is its report
    assert f"/rounds/attempts/{attempt}/report" in account.client.get("/profile").text
    again = account.client.get(f"/rounds/attempts/{attempt}", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].endswith("/report")


def test_time_is_enforced_by_the_server(client: TestClient, account: Account, clock_file: Path) -> None:
    attempt = _start(account, "backprop-round")  # 60 minutes
    state = account.client.get(f"/api/rounds/attempts/{attempt}").json()
    assert state["open"] and 3599 < state["remaining_s"] <= 3600
    advance(clock_file, 59 * 60)
    assert 0 < account.client.get(f"/api/rounds/attempts/{attempt}").json()["remaining_s"] <= 60
    assert _submit(account, attempt, "softmax-backward", "def solve(y, dy, dim):\n    return dy\n").status_code == 202
    advance(clock_file, 61)  # time is up, whatever any browser shows
    late = _submit(account, attempt, "softmax-backward", "def solve(y, dy, dim):\n    return dy\n")
    assert late.status_code == 409 and "over" in late.json()["detail"]
    assert _ask(account, attempt, 0, 0).status_code == 409
    form = account.client.post(
        f"/rounds/attempts/{attempt}/submit",
        data={"csrf_token": account.csrf, "problem": "0", "language": "pytorch", "mode": "submit", "code": "x = 1"},
        follow_redirects=False,
    )
    assert form.status_code == 303 and form.headers["location"].endswith("/report")
    state = account.client.get(f"/api/rounds/attempts/{attempt}").json()
    assert not state["open"] and state["remaining_s"] == 0 and state["end_reason"] == "time"
    assert state["finished_at"] == state["deadline_at"]
    page = account.client.get(f"/rounds/attempts/{attempt}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].endswith("/report")
    drain(client)  # the Submit made in time was judged after the end: it counts
    report = account.client.get(f"/rounds/attempts/{attempt}/report").text
    assert "time ran out" in report and "60:00" in report
    row = re.search(r'<tr data-slug="softmax-backward">(.*?)</tr>', report, re.S).group(1)
    assert Verdict.ACCEPTED in row and "1 Submit" in row and "59:00" in row
    with client.app.state.ctx.sessions() as db:  # the late ones were never queued
        assert db.execute(select(func.count()).select_from(RoundSubmission)).scalar_one() == 1


def test_one_round_at_a_time(client: TestClient, account: Account, clock_file: Path) -> None:
    first = _start(account)
    refused = account.client.post("/rounds/attention-round/start", data={"csrf_token": account.csrf})
    assert refused.status_code == 409 and "is in progress" in refused.text
    assert f'href="/rounds/attempts/{first}"' in refused.text
    advance(clock_file, 46 * 60)  # the first one ran out: a new one may start
    second = _start(account, "attention-round")
    assert second != first
    with client.app.state.ctx.sessions() as db:
        states = dict(db.execute(select(RoundAttempt.id, RoundAttempt.end_reason)).all())
    assert states == {first: "time", second: None}


def test_the_no_script_forms(client: TestClient, account: Account) -> None:
    attempt = _start(account)
    asked = account.client.post(
        f"/rounds/attempts/{attempt}/ask",
        data={"csrf_token": account.csrf, "problem": "1", "question": "0"},
        follow_redirects=False,
    )
    assert asked.status_code == 303 and asked.headers["location"] == f"/rounds/attempts/{attempt}?p=2#question-1"
    page = account.client.get(asked.headers["location"].split("#")[0]).text
    assert "Cross-Entropy" in page and "The mean, returned as a 0-dim tensor." in page
    sent = account.client.post(
        f"/rounds/attempts/{attempt}/submit",
        data={"csrf_token": account.csrf, "problem": "1", "language": "pytorch", "mode": "run", "code": "return 1"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith("/submissions/")
    refused = account.client.post(
        f"/rounds/attempts/{attempt}/submit",
        data={"csrf_token": account.csrf, "problem": "1", "language": "cobol", "mode": "run", "code": "x"},
    )
    assert refused.status_code == 400 and "unknown language" in refused.text and "cobol" in refused.text
    no_csrf = account.client.post(f"/rounds/attempts/{attempt}/ask", data={"problem": "0", "question": "0"})
    assert no_csrf.status_code == 403
    api_no_csrf = account.client.post(
        f"/api/rounds/attempts/{attempt}/questions", json={"problem_index": 0, "question_index": 0}
    )
    assert api_no_csrf.status_code == 403


def test_one_learner_cannot_see_or_play_anothers_round(client: TestClient, account: Account) -> None:
    attempt = _start(account)
    assert _ask(account, attempt, 0, 0).status_code == 200
    bob = Account(TestClient(client.app), "bob")
    for path in (f"/rounds/attempts/{attempt}", f"/rounds/attempts/{attempt}/report"):
        resp = bob.client.get(path)
        assert resp.status_code == 404 and "no round" in resp.text
    assert bob.client.get(f"/api/rounds/attempts/{attempt}").status_code == 404
    assert _ask(bob, attempt, 0, 1).status_code == 404
    assert _submit(bob, attempt, "cross-entropy", "return 1").status_code == 404
    finish = bob.client.post(f"/rounds/attempts/{attempt}/finish", data={"csrf_token": bob.csrf})
    assert finish.status_code == 404
    assert bob.client.get("/api/rounds/attempts/999999").status_code == 404  # same answer as a missing one
    # an admin may read the report, never play the round
    boss = Account(TestClient(client.app), "boss")
    make_admin(client, "boss")
    report = boss.client.get(f"/rounds/attempts/{attempt}/report")
    assert report.status_code == 200 and "The round of alice" in report.text and "in progress" in report.text
    assert _ask(boss, attempt, 0, 1).status_code == 403
    assert boss.client.get(f"/rounds/attempts/{attempt}", follow_redirects=False).status_code == 303
    anonymous = TestClient(client.app).get(f"/rounds/attempts/{attempt}/report", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_deleting_the_account_deletes_its_rounds(client: TestClient, account: Account) -> None:
    attempt = _start(account)
    _ask(account, attempt, 0, 0)
    resp = account.client.post(
        "/profile/delete",
        data={"csrf_token": account.csrf, "confirm": "alice", "password": "correct horse battery"},
    )
    assert resp.status_code == 200
    with client.app.state.ctx.sessions() as db:
        assert db.execute(select(func.count()).select_from(RoundAttempt)).scalar_one() == 0
        assert db.execute(select(func.count()).select_from(RoundQuestion)).scalar_one() == 0
