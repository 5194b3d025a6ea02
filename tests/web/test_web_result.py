"""One renderer of a result: the submission page and the problem page's live panel show
the same template (`_result.html`), with every field of the judge's result, escaped."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from app.config import AppSettings
from runner import verdicts as v
from runner.verdicts import FunctionResult, JudgeResult, Timing, Verdict
from tests.web.support import VECTOR_ADD_OK, Account, drain

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RESULT_SECTION = re.compile(r'<section id="result"[^>]*>\s*(.*?)\s*</section>', re.S)


def rich_judge(problem: Any, code: str, language: str, mode: str, settings: AppSettings) -> dict[str, Any]:
    """A result with every field the judge fills in, each holding text a learner controls."""
    result = JudgeResult(
        verdict=Verdict.WRONG_ANSWER,
        message="test 2: wrong values " + XSS,
        problem=problem.slug,
        language=language,
        mode=mode,
        device="cpu",
        tests=[
            v.TestResult(
                "example 1",
                False,
                Verdict.WRONG_ANSWER,
                "max abs error 3 " + XSS,
                1.25,
                True,
                "solve",
                inputs="a = " + XSS,
                expected="tensor(expected)",
                got="tensor(got " + XSS + ")",
            ),
            v.TestResult("test 2", True, Verdict.ACCEPTED, time_ms=0.5),
        ],
        functions=[FunctionResult("solve", Verdict.WRONG_ANSWER, 1, 2, "fn message " + XSS)],
        timing=Timing(
            user_ms=2.5,
            reference_ms=1.25,
            ratio=2.0,
            ratio_low=1.9,
            ratio_high=2.1,
            precision=0.05,
            threshold=4.0,
            enforced=False,
            note="timed on test 2 " + XSS,
            stopped="settled " + XSS,
            inputs="a scaled by fresh factors " + XSS,
            repetitions=17,
            gpu_limit_ms=3.0,
        ),
        memory={"peak_extra_bytes": 3 * 2**20, "limit_bytes": 64 * 2**20},
        sandbox={"layers": ["network namespace"], "degraded": ["no PID namespace " + XSS]},
        stdout="printed " + XSS,
    )
    return result.to_dict()


def _judged(client: TestClient, account: Account) -> int:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    drain(client, rich_judge)
    return sub_id


def test_page_and_live_panel_render_the_same_result(client: TestClient, account: Account) -> None:
    sub_id = _judged(client, account)
    page = account.client.get(f"/submissions/{sub_id}")
    fragment = account.client.get(f"/submissions/{sub_id}/result", params={"details": "false"})
    assert fragment.status_code == 200 and fragment.headers["cache-control"] == "no-store"
    section = RESULT_SECTION.search(page.text)
    assert section is not None
    assert section.group(1) == fragment.text.strip()
    live = account.client.get(f"/submissions/{sub_id}/result").text
    assert f'href="/submissions/{sub_id}">details</a>' in live and "details</a>" not in fragment.text


def test_every_field_is_shown_and_escaped(client: TestClient, account: Account) -> None:
    html = account.client.get(f"/submissions/{_judged(client, account)}/result").text
    assert "<script>alert" not in html and "<img src=x" not in html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    for shown in (
        'id="verdict">WRONG_ANSWER<',
        "test 2: wrong values " + escaped,  # message
        "solve: example 1",  # a test of a function (multi kind)
        "max abs error 3 " + escaped,  # a test's message
        "1.250 ms",  # its time
        "inputs: a = " + escaped,
        "expected: tensor(expected)",
        "got: tensor(got " + escaped,
        "<details open>",  # a failed example opens its inputs
        "solve: WRONG_ANSWER (1/2) - fn message " + escaped,
        "Your time 2.500 ms · reference 1.250 ms · ratio 2.00× (95% interval 1.90–2.10×, ±5.0%)",
        "limit 4× (not enforced)",
        "GPU limit 3.000 ms",
        "timed on test 2 " + escaped,  # note
        "Timing stopped: settled " + escaped,
        "Fresh inputs for every timed call: a scaled by fresh factors " + escaped,
        "17 timed calls",
        "Peak extra memory 3.0 MiB (limit 64.0 MiB)",
        "1 protection not in force",
        "no PID namespace " + escaped,
        "printed " + escaped,  # stdout
        "Submit #",
        "· cpu",
    ):
        assert shown in html, shown


def test_a_pending_result_says_so_and_a_bare_one_renders(client: TestClient, account: Account) -> None:
    sub_id = account.submit(VECTOR_ADD_OK).json()["id"]
    pending = account.client.get(f"/submissions/{sub_id}/result").text
    assert 'data-status="QUEUED"' in pending and "Waiting for a judge" in pending
    page = account.client.get(f"/submissions/{sub_id}").text
    assert '<meta http-equiv="refresh"' in page  # without JavaScript the page reloads itself
    drain(client, lambda *_: {"verdict": "INTERNAL_ERROR", "message": "the judge could not run"})
    done = account.client.get(f"/submissions/{sub_id}/result").text
    assert 'data-status="INTERNAL_ERROR"' in done and "the judge could not run" in done
    assert 'id="timing"' not in done and "<table" not in done
    assert '<meta http-equiv="refresh"' not in account.client.get(f"/submissions/{sub_id}").text


def test_results_are_private(client: TestClient, account: Account) -> None:
    sub_id = _judged(client, account)
    assert TestClient(client.app).get(f"/submissions/{sub_id}/result").status_code == 401
    other = Account(TestClient(client.app), "mallory")
    assert other.client.get(f"/submissions/{sub_id}/result").status_code == 404
