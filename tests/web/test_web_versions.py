"""The admins' YAML workflow on a bank of their own: add a folder and reload, edit a
problem's tests (a new version: accepted submissions judged again in the background,
leaderboards of the current version only), a broken edit (the last good version keeps
serving, the admin page says why). On SQLite and on PostgreSQL.

The judge here is a stand-in whose verdict depends on the problem as loaded: code passes
the hidden tests it names in a `# passes:` line. So an edit that adds a test fails old
code exactly as a real judge would fail code that a new test catches; the real judge
runs this workflow end to end in test_web_bank_workflow_live.py.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import rejudge
from app.config import AppSettings
from app.main import create_app
from app.models import PRIORITY_LEARNER, PRIORITY_REJUDGE, Submission
from app.queue import SubmissionQueue
from tests.web.live import ROOT
from tests.web.support import Account, drain, make_admin

pytestmark = pytest.mark.both_databases
SLUG = "vector-add"


def _hidden_tests(problem: Any) -> list[str]:
    return [test.name for entry in problem.spec.entries() for test in entry.tests]


def passes_judge(problem: Any, code: str, language: str, mode: str, settings: AppSettings) -> dict[str, Any]:
    """ACCEPTED when the code's `# passes: a, b` lines name every hidden test of the problem."""
    passes = {name.strip() for line in re.findall(r"# passes: (.*)", code) for name in line.split(",")}
    failing = [name for name in _hidden_tests(problem) if name not in passes]
    verdict = "WRONG_ANSWER" if failing else "ACCEPTED"
    return {
        "verdict": verdict,
        "message": f"hidden test '{failing[0]}': wrong values" if failing else "",
        "tests": [],
        "timing": {"user_ms": 1.0 + len(code) / 1000, "reference_ms": 1.0, "ratio": 1.0},
        "device": "cpu",
    }


def solution(problem_yaml_text: str) -> str:
    """Code that passes every hidden test of this problem.yaml."""
    names = re.findall(r"- name: (.+)", problem_yaml_text.split("\ntests:")[1])
    return f"def solve(a, b):\n    return a + b\n# passes: {', '.join(names)}\n"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    for slug in (SLUG, "softmax"):
        shutil.copytree(ROOT / "problems" / slug, folder / slug)
    return folder


@pytest.fixture
def app_client(settings: AppSettings, bank: Path) -> Iterator[TestClient]:
    settings.problems_dir = bank
    settings.rate_limit_count = 5
    with TestClient(create_app(settings, judge=passes_judge), base_url="http://testserver") as client:
        yield client


@pytest.fixture
def admin(app_client: TestClient) -> Account:
    account = Account(app_client, "admin")
    make_admin(app_client, "admin")
    return account


def _reload(admin: Account) -> None:
    resp = admin.client.post("/admin/reload", data={"csrf_token": admin.csrf}, follow_redirects=False)
    assert resp.status_code == 303


def _version(client: TestClient, slug: str = SLUG) -> str:
    resp = client.get(f"/api/problems/{slug}")
    assert resp.status_code == 200, resp.text
    return resp.json()["version"]


def _rows(client: TestClient) -> list[Submission]:
    with client.app.state.ctx.sessions() as db:
        return list(db.execute(select(Submission).order_by(Submission.id)).scalars())


def _leaders(client: TestClient) -> list[tuple[str, int]]:
    return [(e["username"], e["submission_id"]) for e in client.get(f"/api/problems/{SLUG}/leaderboard").json()]


def _add_test(bank: Path, name: str) -> None:
    path = bank / SLUG / "problem.yaml"
    path.write_text(path.read_text().replace("\ntests:\n", f"\ntests:\n  - name: {name}\n    params: {{n: 5}}\n"))


def test_a_new_folder_is_served_after_a_reload_from_the_admin_page(app_client: TestClient, admin: Account,
                                                                    bank: Path) -> None:
    assert app_client.get("/api/problems/my-add").status_code == 404
    shutil.copytree(ROOT / "problems" / SLUG, bank / "my-add")
    assert app_client.get("/api/problems/my-add").status_code == 404  # not before the reload
    _reload(admin)
    assert "my-add" in [p["slug"] for p in app_client.get("/api/problems").json()]
    assert _version(app_client, "my-add") == _version(app_client, SLUG)  # same judging files, same version
    page = admin.client.get("/admin")
    assert "3 problems from" in page.text and str(bank) in page.text and "No load errors." in page.text


def test_only_what_decides_verdicts_makes_a_new_version(app_client: TestClient, admin: Account, bank: Path) -> None:
    first = _version(app_client)
    statement = bank / SLUG / "statement.md"
    statement.write_text(statement.read_text() + "\nA clarified sentence.\n")
    _reload(admin)
    assert _version(app_client) == first  # a statement edit changes no verdict
    assert "A clarified sentence." in app_client.get(f"/problems/{SLUG}").text  # but is shown at once
    reference = bank / SLUG / "reference.py"
    reference.write_text(reference.read_text() + "\n# the reference, edited\n")
    _reload(admin)
    second = _version(app_client)
    assert second != first
    _add_test(bank, "five elements")
    _reload(admin)
    assert _version(app_client) not in (first, second)


def test_an_edit_of_the_tests_judges_accepted_submissions_again(app_client: TestClient, admin: Account,
                                                                bank: Path) -> None:
    yaml = bank / SLUG / "problem.yaml"
    old = _version(app_client)
    ann, bob = Account(TestClient(app_client.app), "ann"), Account(TestClient(app_client.app), "bob")
    # ann's code also passes a test the problem does not have yet; bob's only today's.
    ann_id = ann.submit(solution(yaml.read_text()) + "# passes: five elements\n").json()["id"]
    bob_id = bob.submit(solution(yaml.read_text())).json()["id"]
    run_id = bob.submit(solution(yaml.read_text()), mode="run").json()["id"]  # a Run is never judged again
    drain(app_client, passes_judge)
    assert {r.id: (r.status, r.problem_version) for r in _rows(app_client)} == {
        ann_id: ("ACCEPTED", old), bob_id: ("ACCEPTED", old), run_id: ("ACCEPTED", old)
    }
    assert {name for name, _ in _leaders(app_client)} == {"ann", "bob"}

    # The admin adds a hidden test that bob's code does not pass.
    _add_test(bank, "five elements")
    _reload(admin)
    new = _version(app_client)
    assert new != old
    assert _leaders(app_client) == []  # verdicts of the old version are off the leaderboard
    rejudges = [r for r in _rows(app_client) if r.rejudge_of is not None]
    assert sorted(r.rejudge_of for r in rejudges) == [ann_id, bob_id]
    assert all(r.status == "QUEUED" and r.priority == PRIORITY_REJUDGE for r in rejudges)
    assert all(r.user_id == o.user_id for r in rejudges for o in _rows(app_client) if o.id == r.rejudge_of)
    assert _progress(admin) == {"pending": "2", "done": "0", "changed": "0"}

    # Re-judges never count against a learner's limit (5 here: bob used 2, his re-judge
    # would be the 3rd), and wait behind learners.
    cleo = Account(TestClient(app_client.app), "cleo")
    assert [bob.submit(solution(yaml.read_text()), mode="run").status_code for _ in range(3)] == [202] * 3
    cleo_id = cleo.submit(solution(yaml.read_text())).json()["id"]
    queue = SubmissionQueue.for_settings(app_client.app.state.ctx.engine, app_client.app.state.ctx.settings)
    first = queue.claim("probe")
    assert first is not None and first.rejudge_of is None  # the oldest learner's submission, not a re-judge
    assert queue.release(first)
    order = [c.submission_id for c in iter(lambda: queue.claim("probe"), None)]
    learners = [r.id for r in _rows(app_client) if r.priority == PRIORITY_LEARNER and r.status == "RUNNING"]
    assert order[: len(learners)] == sorted(learners) and set(order[len(learners) :]) == {r.id for r in rejudges}
    assert cleo_id in learners
    _requeue_all(app_client)

    drain(app_client, passes_judge)
    after = {r.id: r for r in _rows(app_client)}
    assert after[ann_id].status == "ACCEPTED" and after[bob_id].status == "ACCEPTED"  # originals keep their verdict
    by_original = {r.rejudge_of: after[r.id] for r in rejudges}
    assert (by_original[ann_id].status, by_original[ann_id].problem_version) == ("ACCEPTED", new)
    assert (by_original[bob_id].status, by_original[bob_id].problem_version) == ("WRONG_ANSWER", new)
    assert "five elements" in by_original[bob_id].message
    assert _progress(admin) == {"pending": "0", "done": "2", "changed": "1"}
    assert sorted(_leaders(app_client)) == sorted([("ann", by_original[ann_id].id), ("cleo", cleo_id)])

    # Bob keeps the problem solved, and is told why he is off the leaderboard.
    mine = {p["slug"]: p for p in bob.client.get("/api/problems").json()}
    assert mine[SLUG]["solved"] is True
    page = bob.client.get(f"/problems/{SLUG}").text
    assert 'id="rejudged"' in page and "WRONG_ANSWER" in page and "five elements" in page and new in page
    assert 'id="rejudged"' not in ann.client.get(f"/problems/{SLUG}").text  # ann's code holds on the new version
    detail = bob.client.get(f"/api/submissions/{bob_id}").json()
    assert detail["verdict"] == "ACCEPTED" and detail["problem_version"] == old
    assert [(r["status"], r["problem_version"]) for r in detail["rejudges"]] == [("WRONG_ANSWER", new)]
    assert "Judged again" in bob.client.get(f"/submissions/{bob_id}").text
    assert bob_id in [s["id"] for s in bob.client.get("/api/submissions").json()]
    assert by_original[bob_id].id not in [s["id"] for s in bob.client.get("/api/submissions").json()]

    # Nothing more to do on this version: further passes queue nothing.
    _reload(admin)
    assert rejudge.schedule(app_client.app.state.ctx.engine, app_client.app.state.ctx.catalog) == 0
    assert len([r for r in _rows(app_client) if r.rejudge_of is not None]) == 2


def _requeue_all(client: TestClient) -> None:
    """Put back what the ordering probe claimed, as if it had never been claimed."""
    queue = SubmissionQueue.for_settings(client.app.state.ctx.engine, client.app.state.ctx.settings)
    assert queue.release_worker("probe") > 0


def _progress(admin: Account) -> dict[str, str]:
    page = admin.client.get("/admin").text
    row = re.search(rf'<tr data-slug="{SLUG}">(.*?)</tr>', page, re.S)
    assert row, "no re-judge row for the problem on the admin page"
    cells = dict(re.findall(r'<td class="(pending|done|changed)[^"]*">(\d+)</td>', row.group(1)))
    return cells


def test_schedulers_racing_queue_one_rejudge_per_submission(app_client: TestClient, admin: Account,
                                                            bank: Path) -> None:
    """Several processes may run a scheduling pass at once (each web server does):
    each accepted submission still gets one re-judge per version."""
    ctx = app_client.app.state.ctx
    code = solution((bank / SLUG / "problem.yaml").read_text())
    ids = [Account(TestClient(app_client.app), f"user{i}").submit(code).json()["id"] for i in range(3)]
    drain(app_client, passes_judge)
    _add_test(bank, "five elements")
    ctx.catalog.reload()  # a reload whose scheduling pass has not run yet
    start = threading.Barrier(4)
    counts: list[int] = []

    def race() -> None:
        start.wait()
        counts.append(rejudge.schedule(ctx.engine, ctx.catalog))

    threads = [threading.Thread(target=race) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 3
    assert sorted(r.rejudge_of for r in _rows(app_client) if r.rejudge_of is not None) == ids


def test_a_broken_edit_keeps_the_last_good_version_serving(app_client: TestClient, admin: Account,
                                                          bank: Path) -> None:
    yaml = bank / SLUG / "problem.yaml"
    good_text, good = yaml.read_text(), _version(app_client)
    lines = good_text.splitlines()
    broken_line = lines.index("tests:") + 2  # the first test's name, 1-based: one past its `- name:` line
    lines[broken_line - 1] = "  - name: [unclosed"
    yaml.write_text("\n".join(lines) + "\n")
    _reload(admin)

    assert _version(app_client) == good  # still served, as it was
    assert app_client.get(f"/problems/{SLUG}").status_code == 200
    page = admin.client.get("/admin").text
    failed = re.search(rf'<li data-slug="{SLUG}">(.*?)</li>', page, re.S)
    assert failed, page
    assert f"still serving its last good version <code>{good}</code>" in failed.group(1)
    where = re.search(rf"{re.escape(str(yaml))}:(\d+): invalid YAML", failed.group(1))
    assert where and int(where.group(1)) in (broken_line, broken_line + 1), failed.group(1)  # where YAML noticed

    # Submissions are judged on the last good version meanwhile.
    learner = Account(TestClient(app_client.app), "learner")
    sub_id = learner.submit(solution(good_text)).json()["id"]
    drain(app_client, passes_judge)
    done = learner.client.get(f"/api/submissions/{sub_id}").json()
    assert (done["verdict"], done["problem_version"]) == ("ACCEPTED", good)

    # A syntax error in reference.py is a load error with its line too.
    yaml.write_text(good_text)
    reference = bank / SLUG / "reference.py"
    reference.write_text(reference.read_text() + "\ndef broken(:\n")
    _reload(admin)
    assert _version(app_client) == good
    line = len(reference.read_text().splitlines())
    assert f"{reference}:{line}: syntax error" in admin.client.get("/admin").text

    # Fixed: the new version is served and the error is gone.
    reference.write_text(reference.read_text().replace("\ndef broken(:\n", "\n# fixed\n"))
    _reload(admin)
    assert _version(app_client) != good
    assert "No load errors." in admin.client.get("/admin").text


def test_a_folder_that_never_loaded_is_not_served_and_says_so(app_client: TestClient, admin: Account,
                                                             bank: Path) -> None:
    shutil.copytree(ROOT / "problems" / SLUG, bank / "half-done")
    (bank / "half-done" / "statement.md").unlink()
    _reload(admin)
    assert app_client.get("/api/problems/half-done").status_code == 404
    page = admin.client.get("/admin").text
    assert "not served until its folder loads" in page and f"{bank / 'half-done' / 'statement.md'}: missing" in page


def test_removing_a_folder_removes_the_problem(app_client: TestClient, admin: Account, bank: Path) -> None:
    shutil.rmtree(bank / "softmax")
    _reload(admin)
    assert app_client.get("/api/problems/softmax").status_code == 404


def test_cli_reload_says_what_does_not_load(app_client: TestClient, bank: Path, settings: AppSettings,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`tensordojo problems reload`: the running server reloads (keeping the last good
    version of a broken folder), and the command prints the loader's errors and fails."""
    from typer.testing import CliRunner

    from app.bootstrap import BankWatcher
    from app.cli import cli

    monkeypatch.setenv("TENSORDOJO_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TENSORDOJO_PROBLEMS_DIR", str(bank))
    if settings.database_url:
        monkeypatch.setenv("TENSORDOJO_DATABASE_URL", settings.database_url)
    ctx = app_client.app.state.ctx
    good = _version(app_client)
    ok = CliRunner().invoke(cli, ["problems", "reload"])
    assert ok.exit_code == 0, ok.output
    assert f"2 problems load from {bank}" in ok.output

    yaml = bank / SLUG / "problem.yaml"
    yaml.write_text(yaml.read_text().replace("kind: function", "kind: functoin"))
    broken = CliRunner().invoke(cli, ["problems", "reload"])
    assert broken.exit_code == 1
    line = yaml.read_text().splitlines().index("kind: functoin") + 1
    assert f"{yaml}:{line}: key 'kind'" in broken.output, broken.output
    assert "keep serving the last good version" in broken.output
    assert BankWatcher(ctx).check()  # what the server's watcher does within a couple of seconds
    assert _version(app_client) == good and ctx.catalog.snapshot.failures[SLUG].served_version == good


def test_a_rejudge_that_never_finishes_is_not_queued_again(app_client: TestClient, admin: Account,
                                                           bank: Path) -> None:
    """A re-judge whose workers die three times ends as INTERNAL_ERROR (the judge's fault)
    and still counts for its version: no loop of queueing it again."""
    import time

    ctx = app_client.app.state.ctx
    Account(TestClient(app_client.app), "dora").submit(solution((bank / SLUG / "problem.yaml").read_text()))
    drain(app_client, passes_judge)
    _add_test(bank, "five elements")
    _reload(admin)
    crashing = SubmissionQueue(ctx.engine, lease_seconds=0.05, max_attempts=3)
    for _ in range(3):
        assert crashing.claim("crashy") is not None
        time.sleep(0.1)
        crashing.requeue_expired()
    (ended,) = [r for r in _rows(app_client) if r.rejudge_of is not None]
    assert ended.status == "INTERNAL_ERROR" and ended.problem_version == _version(app_client)
    assert rejudge.schedule(ctx.engine, ctx.catalog) == 0
    assert _progress(admin) == {"pending": "0", "done": "1", "changed": "1"}


def test_a_bank_gone_as_a_whole_keeps_serving_what_it_had(app_client: TestClient, admin: Account,
                                                          bank: Path) -> None:
    """A lost mount (the directory gone, or empty) must not empty the site."""
    good = _version(app_client)
    moved = bank.with_name("moved")
    bank.rename(moved)
    _reload(admin)
    assert _version(app_client) == good and _version(app_client, "softmax")
    page = admin.client.get("/admin").text
    assert f"{bank}: no such problems directory" in page and "still serving the 2 problems loaded before" in page
    moved.rename(bank)
    _reload(admin)
    assert "No load errors." in admin.client.get("/admin").text
