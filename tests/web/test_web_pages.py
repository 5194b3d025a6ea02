"""Pages: rendering, escaping of user-provided text, statements, leaderboard, admin."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.models import User
from app.models import Worker as WorkerRow
from app.statement import pygments_css, render_markdown
from app.worker import QueueWorker
from runner.sandbox.layers import sandbox_report
from tests.web.support import SOFTMAX_OK, VECTOR_ADD_OK, Account, drain, fake_judge, make_admin

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_statement_markdown_keeps_math_and_escapes_html() -> None:
    html = render_markdown(
        "Let $a_i < b_i$ and $$\\sum_{i} x_i^2$$ hold.\n\n<b>raw</b>\n\n```python\ncost = '$5'\n```\n"
    )
    assert "$a_i &lt; b_i$" in html and "$$\\sum_{i} x_i^2$$" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'class="highlight"' in html and "$5" in html


def test_public_pages_render(client: TestClient) -> None:
    listing = client.get("/problems")
    assert listing.status_code == 200 and "Softmax" in listing.text and "Vector Addition" in listing.text
    filtered = client.get("/problems", params={"difficulty": "hard"})
    assert "Vector Addition" not in filtered.text
    page = client.get("/problems/softmax")
    assert page.status_code == 200
    assert "Notes" in page.text and "def solve" in page.text
    assert "/static/vendor/editor.js" in page.text and "/static/vendor/katex/katex.min.js" in page.text
    assert "Log in to run and submit" in page.text
    assert client.get("/problems/nope").status_code == 404
    assert "unknown problem" in client.get("/problems/nope").text
    assert client.get("/static/css/style.css").status_code == 200
    assert client.get("/static/js/problem.js").status_code == 200
    css = client.get("/css/pygments.css")  # generated from the style that highlights statements
    assert 'href="/css/pygments.css"' in page.text
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.text == pygments_css() + "\n" and ".highlight .k " in css.text


def test_last_code_is_restored_per_language(client: TestClient, account: Account) -> None:
    account.submit("def solve(x, dim):\n    return x  # my draft\n", problem="softmax")
    page = account.client.get("/problems/softmax")
    assert "my draft" in page.text


def test_usernames_code_and_judge_messages_are_escaped(client: TestClient) -> None:
    evil = Account(client, "evil")
    # sign-up refuses such a name now; an account named before the rules still shows it
    with client.app.state.ctx.sessions() as db:
        db.execute(update(User).where(User.username == "evil").values(username=XSS[:40]))
        db.commit()

    def hostile(*args: Any) -> dict[str, Any]:
        result = fake_judge(*args)
        result["message"] = XSS
        result["stdout"] = XSS
        result["tests"][0]["message"] = XSS
        return result

    sub_id = evil.submit(VECTOR_ADD_OK + "# " + XSS + "\n").json()["id"]
    drain(client, hostile)
    pages = [
        evil.client.get(f"/submissions/{sub_id}").text,
        evil.client.get("/profile").text,
        evil.client.get("/problems/vector-add/leaderboard").text,
        evil.client.get("/problems/vector-add/submissions").text,
        evil.client.get("/problems/vector-add").text,
        evil.client.get("/problems").text,
    ]
    for number, html in enumerate(pages):
        assert "<script>alert" not in html, number
        assert "<img src=x" not in html, number
    assert "&lt;script&gt;alert" in pages[0] and "&lt;script&gt;alert" in pages[1]
    # inside the page's JSON island the code is escaped for HTML too
    assert "\\u003cscript\\u003e" in pages[4]


def test_leaderboard_and_solved_marks(client: TestClient, account: Account) -> None:
    account.submit(VECTOR_ADD_OK)
    account.submit("def solve(a, b):\n    pass\n")  # fake judge: no return -> WRONG_ANSWER
    drain(client)
    board = client.get("/api/problems/vector-add/leaderboard").json()
    assert len(board) == 1 and board[0]["username"] == "alice" and board[0]["language"] == "pytorch"
    assert board[0]["device"] == "cpu" and board[0]["user_ms"] == 1.5
    assert "alice" in client.get("/problems/vector-add/leaderboard").text
    listing = account.client.get("/problems").text
    assert 'data-slug="vector-add" class="solved"' in listing
    items = {p["slug"]: p for p in account.client.get("/api/problems").json()}
    assert items["vector-add"]["solved"] and items["vector-add"]["acceptance"] == 0.5
    profile = account.client.get("/profile").text
    assert "WRONG_ANSWER" in profile and "ACCEPTED" in profile


def test_run_mode_does_not_count_as_solved(client: TestClient, account: Account) -> None:
    account.submit(SOFTMAX_OK, problem="softmax", mode="run")
    drain(client)
    assert not {p["slug"]: p for p in account.client.get("/api/problems").json()}["softmax"]["solved"]
    assert client.get("/api/problems/softmax/leaderboard").json() == []


def test_admin_page_shows_queue_workers_sandbox_and_reloads(client: TestClient, account: Account) -> None:
    make_admin(client, account.username)
    account.submit(VECTOR_ADD_OK)
    ctx = client.app.state.ctx
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=fake_judge, name="w-admin-test")
    worker._register()
    page = account.client.get("/admin")
    assert page.status_code == 200
    assert 'id="queued">1<' in page.text and "w-admin-test" in page.text
    assert "Sandbox layers in force" in page.text
    before = ctx.catalog.snapshot.loaded_at
    assert account.client.post("/admin/reload", data={}).status_code == 403
    resp = account.client.post("/admin/reload", data={"csrf_token": account.csrf}, follow_redirects=False)
    assert resp.status_code == 303 and ctx.catalog.snapshot.loaded_at > before


def test_admin_page_shows_the_sandbox_each_live_runner_reported(client: TestClient, account: Account) -> None:
    """The layers come from the workers (what submissions get), not the web process."""
    make_admin(client, account.username)
    ctx = client.app.state.ctx
    assert 'id="no-sandbox"' in account.client.get("/admin").text
    worker = QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=fake_judge, name="w-sandbox")
    worker._register()
    with ctx.engine.begin() as conn:
        conn.execute(
            update(WorkerRow)
            .where(WorkerRow.id == "w-sandbox")
            .values(sandbox=json.dumps({"layers": ["layer <one>"], "degraded": ["no seccomp here"]}))
        )
    page = account.client.get("/admin").text
    assert "layer &lt;one&gt;" in page and "The sandbox is degraded on" in page and "no seccomp here" in page
    assert 'id="no-sandbox"' not in page
    worker._beat(state="stopped")
    page = account.client.get("/admin").text
    assert "layer &lt;one&gt;" not in page and 'id="no-sandbox"' in page


def test_admin_page_names_each_runners_backend_and_its_limits(client: TestClient, account: Account) -> None:
    make_admin(client, account.username)
    ctx = client.app.state.ctx
    on_containers = ctx.settings.model_copy(update={"sandbox": "container", "container_memory_mb": 3072})
    for name, settings in (("w-process", ctx.settings), ("w-container", on_containers)):
        worker = QueueWorker(ctx.engine, settings, ctx.catalog, judge=fake_judge, name=name)
        worker._register()
        with ctx.engine.begin() as conn:  # two runners on two hosts
            conn.execute(update(WorkerRow).where(WorkerRow.id == name).values(host=f"host-{name}"))
    page = account.client.get("/admin").text
    process, container = (page.split(f'data-host="host-{name}"')[1].split("</section>")[0]
                          for name in ("w-process", "w-container"))
    assert '<strong class="backend">process</strong>' in process and "wall clock" in process
    assert '<strong class="backend">container</strong>' in container
    assert "<th>memory per container</th><td>3072 MiB, no swap</td>" in container
    assert "<th>CPUs per container</th>" in container and "network_mode none" in container


def test_a_worker_publishes_its_hosts_sandbox_report(client: TestClient) -> None:
    ctx = client.app.state.ctx
    QueueWorker(ctx.engine, ctx.settings, ctx.catalog, judge=fake_judge, name="w-report")._register()
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(WorkerRow.sandbox).where(WorkerRow.id == "w-report")).scalar_one()
    assert json.loads(stored) == sandbox_report(ctx.settings)


def test_admin_page_lists_problem_load_errors(client: TestClient, account: Account, tmp_path) -> None:
    make_admin(client, account.username)
    ctx = client.app.state.ctx
    bank = tmp_path / "bank"
    (bank / "broken").mkdir(parents=True)
    (bank / "broken" / "problem.yaml").write_text("title: [unclosed\n")
    ctx.catalog.problems_dir = bank
    ctx.catalog.reload()
    page = account.client.get("/admin").text
    assert "failed to load" in page and "broken" in page
