"""Rankings (global and per topic) and the per-problem leaderboard's filters and links."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.models import Submission
from app.rankings import WEIGHTS
from tests.web.support import SOFTMAX_OK, VECTOR_ADD_OK, Account, drain, make_admin

LAYERNORM_OK = "def solve(x, gamma, beta, eps):\n    return x\n"  # the stand-in judge accepts any `return`

pytestmark = pytest.mark.both_databases


def test_weighted_by_difficulty_ties_to_whoever_got_there_first(client: TestClient) -> None:
    catalog = client.app.state.ctx.catalog
    assert catalog.get("softmax").difficulty == "easy" and catalog.get("causal-attention").difficulty == "medium"
    ann = Account(TestClient(client.app), "ann")
    ben = Account(TestClient(client.app), "ben")
    cat = Account(TestClient(client.app), "cat")
    ann.submit(SOFTMAX_OK, problem="softmax")
    ann.submit(VECTOR_ADD_OK, problem="vector-add")  # easy + easy = 2
    ben.submit("def solve(q, k, v):\n    return q\n", problem="causal-attention")  # medium = 2, later
    cat.submit(SOFTMAX_OK, problem="softmax")  # easy = 1
    cat.submit("def solve(x, dim):\n    pass\n", problem="vector-add")  # wrong: does not count
    drain(client)
    with client.app.state.ctx.sessions() as db:  # ben reached 2 after ann did
        db.execute(update(Submission).where(Submission.problem_slug == "causal-attention").values(created_at=9e9))
        db.commit()
    ranked = client.get("/api/rankings").json()
    assert [(e["rank"], e["username"], e["score"]) for e in ranked] == [(1, "ann", 2), (2, "ben", 2), (3, "cat", 1)]
    assert ranked[0]["easy"] == 2 and ranked[1]["medium"] == 1 and ranked[0]["solved"] == 2
    assert WEIGHTS == {"easy": 1, "medium": 2, "hard": 3}
    attention = client.get("/api/rankings", params={"topic": "attention"}).json()
    assert [(e["username"], e["score"]) for e in attention] == [("ben", 2)]
    assert client.get("/api/rankings", params={"topic": "no-such-topic"}).status_code == 404
    assert [e["username"] for e in client.get("/api/rankings", params={"limit": 1}).json()] == ["ann"]
    page = cat.client.get("/rankings").text
    rows = re.findall(r'<td class="user">([^<]+)</td><td class="score">(\d+)</td>', page)
    assert rows == [("ann", "2"), ("ben", "2"), ("cat", "1")]
    assert '<tr class="me"><td>3</td>' in page
    topic_page = client.get("/rankings", params={"topic": "attention"}).text
    assert "Rankings: attention" in topic_page and "ann" not in topic_page
    assert client.get("/rankings", params={"topic": "nope"}).status_code == 404


def test_leaderboard_filters_by_language_and_device_and_links_for_the_author(client: TestClient) -> None:
    ann = Account(TestClient(client.app), "ann")
    ben = Account(TestClient(client.app), "ben")
    ann_id = ann.submit(SOFTMAX_OK, problem="softmax").json()["id"]
    ben_id = ben.submit(SOFTMAX_OK, problem="softmax").json()["id"]
    drain(client)
    with client.app.state.ctx.sessions() as db:
        db.execute(update(Submission).where(Submission.id == ben_id).values(device="cuda:NVIDIA H100", user_ms=0.5))
        db.commit()
    board = client.get("/api/problems/softmax/leaderboard").json()
    assert [(e["username"], e["device"]) for e in board] == [("ben", "cuda:NVIDIA H100"), ("ann", "cpu")]
    on_cpu = client.get("/api/problems/softmax/leaderboard", params={"device": "cpu"}).json()
    assert [e["username"] for e in on_cpu] == ["ann"]
    on_gpu = client.get("/problems/softmax/leaderboard", params={"device": "cuda:NVIDIA H100"}).text
    assert '<option value="cuda:NVIDIA H100" selected>NVIDIA H100</option>' in on_gpu
    assert '<option value="cpu" >cpu</option>' in on_gpu
    assert '<td class="user">ben</td>' in on_gpu and '<td class="user">ann</td>' not in on_gpu
    assert client.get("/api/problems/softmax/leaderboard", params={"language": "triton"}).json() == []

    # each entry links to its submission for its author (and admins); others see no link
    as_ann = ann.client.get("/problems/softmax/leaderboard").text
    assert f'href="/submissions/{ann_id}"' in as_ann and f'href="/submissions/{ben_id}"' not in as_ann
    anonymous = client.get("/problems/softmax/leaderboard").text
    assert "/submissions/" not in anonymous
    assert ann.client.get(f"/submissions/{ben_id}").status_code == 404  # nor the code itself
    assert ann.client.get(f"/api/submissions/{ben_id}").status_code == 404
    boss = Account(TestClient(client.app), "boss")
    make_admin(client, "boss")
    as_admin = boss.client.get("/problems/softmax/leaderboard").text
    assert f'href="/submissions/{ann_id}"' in as_admin and f'href="/submissions/{ben_id}"' in as_admin
    assert SOFTMAX_OK.splitlines()[2] in boss.client.get(f"/submissions/{ben_id}").text
