"""The profile's pictures: SVG drawn by the server (well formed, labelled for screen
readers, every text escaped), and the clock the calendar, rounds and reviews share."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi.testclient import TestClient

from app import clock
from app.charts import DayActivity, TopicBar, activity_heatmap, level, solved_by_topic
from app.config import AppSettings
from tests.web.support import SOFTMAX_OK, Account, drain

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script>&'


def test_the_heatmap_has_a_cell_per_day_with_its_count() -> None:
    today = dt.date(2025, 3, 5)  # a Wednesday
    days = {today: DayActivity(4, 1), dt.date(2025, 3, 1): DayActivity(1, 0), dt.date(2023, 1, 1): DayActivity(9, 9)}
    svg = ET.fromstring(activity_heatmap(days, today))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "activity-title activity-desc"
    assert svg.find(f"{SVG}title").text == "Activity by day"
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("5 submissions on 2 days between") and desc.endswith(f"and {today.isoformat()}; "
                                                                              "darker cells are busier days.")
    cells = {rect.get("data-date"): rect for rect in svg.iter(f"{SVG}rect")}
    assert len(cells) == 52 * 7 + 3  # full weeks, then Monday to Wednesday of this one
    assert max(cells) == today.isoformat() and "2023-01-01" not in cells
    assert cells[today.isoformat()].find(f"{SVG}title").text == "2025-03-05: 4 submissions, 1 accepted"
    assert cells[today.isoformat()].get("class") == "heat-4"
    assert cells["2025-03-01"].get("class") == "heat-1"
    assert cells["2025-03-01"].find(f"{SVG}title").text == "2025-03-01: 1 submission"
    assert cells["2025-03-02"].get("class") == "heat-0"
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 8)] == [0, 1, 1, 2, 2, 4]


def test_the_topic_chart_escapes_what_it_draws() -> None:
    markup = solved_by_topic([TopicBar("attention", 2, 8), TopicBar(EVIL, 0, 3)])
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    svg = ET.fromstring(markup)  # well formed, so nothing broke out of its element
    assert svg.find(f"{SVG}title").text == "Solved by topic"
    rows = svg.findall(f"{SVG}g")
    assert [row.get("data-topic") for row in rows] == ["attention", EVIL]
    assert rows[0].find(f"{SVG}title").text == "attention: 2 of 8 problems solved"
    fills = [row.findall(f"{SVG}rect")[1] for row in rows]
    assert float(fills[0].get("width")) == 80.0 and float(fills[1].get("width")) == 0.0
    assert [row.findall(f"{SVG}text")[1].text for row in rows] == ["2/8", "0/3"]


def test_the_profile_draws_both_inline(client: TestClient, account: Account) -> None:
    account.submit(SOFTMAX_OK, problem="softmax")
    drain(client)
    html = account.client.get("/profile").text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" id="activity" role="img"' in html
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert f'data-date="{today}" data-count="1"><title>{today}: 1 submission, 1 accepted</title>' in html
    chart = html[html.index('id="topics-chart"') : html.index("</svg>", html.index('id="topics-chart"'))]
    assert '<g class="bar-row" data-topic="softmax"><title>softmax: 1 of ' in chart
    catalog = client.app.state.ctx.catalog.snapshot.problems.values()
    single = sorted(t for t in {t for v in catalog for t in v.topics} if sum(t in v.topics for v in catalog) == 1)
    assert single and f'data-topic="{single[0]}"' not in chart  # topics of one problem: listed below it
    assert f'<a href="/problems?topic={single[0]}">{single[0]}</a>: 0/1' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # pictures without script
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing from elsewhere


def test_the_clock_file_moves_time_forward(tmp_path: Path) -> None:
    settings = AppSettings(data_dir=tmp_path, clock_file=tmp_path / "clock")
    assert abs(clock.now(settings) - time.time()) < 5  # no file yet: the wall clock
    (tmp_path / "clock").write_text("86400")
    assert 86390 < clock.now(settings) - time.time() < 86410
    (tmp_path / "clock").write_text("tomorrow")
    assert abs(clock.now(settings) - time.time()) < 5  # not a number: the wall clock, and a warning
    assert abs(clock.now(AppSettings(data_dir=tmp_path)) - time.time()) < 5
