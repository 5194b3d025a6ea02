"""A schema-driven fuzz run of the JSON API: schemathesis generates requests from
/openapi.json (valid ones and invalid ones) and checks every answer against the schema:
no 5xx, only declared statuses, declared content types, bodies and headers.

It runs in-process on the ASGI app (no network), bounded by example counts and a
time limit so it stays a few seconds in CI.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from app.config import AppSettings
from app.main import create_app
from tests.web.live import ROOT
from tests.web.support import VECTOR_ADD_OK, Account, fake_judge

EXAMPLES_PER_OPERATION = 25
TIME_LIMIT_S = 90.0


@pytest.mark.parametrize(
    ("mode", "with_token"),
    [(GenerationMode.POSITIVE, True), (GenerationMode.POSITIVE, False), (GenerationMode.NEGATIVE, False)],
    ids=["valid-requests", "valid-requests-no-token", "invalid-requests"],
)
def test_api_answers_match_the_schema(tmp_path: Path, mode: GenerationMode, with_token: bool) -> None:
    app_settings = AppSettings(
        data_dir=tmp_path / "data", problems_dir=ROOT / "problems", workers=0, device="cpu", rate_limit_count=1000
    )
    app = create_app(app_settings, judge=fake_judge)
    started = time.monotonic()
    with TestClient(app) as client:
        account = Account(client, "fuzzer")
        assert account.submit(VECTOR_ADD_OK).status_code == 202  # so ids 1.. exist
        page = client.post("/profile/tokens", data={"name": "fuzz", "csrf_token": account.csrf})
        token = re.search(r'id="new-token">([^<]+)<', page.text).group(1)
        # invalid requests bring their own (missing or malformed) Authorization header
        headers = {"Authorization": f"Bearer {token}"} if with_token and mode == GenerationMode.POSITIVE else None
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        calls: dict[str, int] = {}
        for result in schema.get_all_operations():
            operation = result.ok()
            calls[operation.label] = 0
            try:
                _fuzz(operation, mode, headers, calls)
            except Unsatisfiable:
                # e.g. GET /api/health has nothing to get wrong, a string path parameter
                # takes any string: no invalid request exists for such an operation
                assert mode == GenerationMode.NEGATIVE, operation.label
            assert time.monotonic() - started < TIME_LIMIT_S, "the fuzz run is over its time budget"
    assert len(calls) >= 8, calls
    assert sum(calls.values()) >= 3 * EXAMPLES_PER_OPERATION, calls


def _fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str] | None, calls: dict[str, int]) -> None:
    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        calls[operation.label] += 1
        case.call_and_validate(headers=headers)

    check()
