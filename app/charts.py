"""The profile's pictures, drawn on the server as SVG: activity by day (a calendar heat
map) and problems solved by topic (a bar chart).

No script and nothing from elsewhere: plain markup inside the page. Each picture is an
image with a title and a description for screen readers, and each cell or bar has its
own title (the tooltip). Every text that goes in is escaped here, so the result can be
put in a page as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

CELL = 11
GAP = 2
STEP = CELL + GAP
WEEKS = 53
LEFT = 30  # room for the weekday labels
TOP = 16  # room for the month labels
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class DayActivity:
    submissions: int = 0
    accepted: int = 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def level(count: int, most: int) -> int:
    """0 (nothing) to 4 (the busiest days), relative to the busiest day shown."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / most)))


def activity_heatmap(days: Mapping[dt.date, DayActivity], today: dt.date, *, element_id: str = "activity") -> str:
    """The last 53 weeks up to `today`, a column per week (Monday on top), a cell per day."""
    first = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    shown = {day: act for day, act in days.items() if first <= day <= today}
    most = max((act.submissions for act in shown.values()), default=0)
    total = sum(act.submissions for act in shown.values())
    active = sum(1 for act in shown.values() if act.submissions)
    width = LEFT + WEEKS * STEP
    height = TOP + 7 * STEP
    title = "Activity by day"
    desc = (
        f"{_plural(total, 'submission')} on {_plural(active, 'day')} between {first.isoformat()} and "
        f"{today.isoformat()}; darker cells are busier days."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" id="{escape(element_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(desc)}</desc>',
    ]
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(
            f'<text class="axis" x="0" y="{TOP + row * STEP + CELL - 2}" aria-hidden="true">{escape(name)}</text>'
        )
    last_month = None
    last_label = -3
    for week in range(WEEKS):
        monday = first + dt.timedelta(days=7 * week)
        if monday.month != last_month:
            if week - last_label >= 3 and week < WEEKS - 2:  # labels never overlap, none at the right edge
                x = LEFT + week * STEP
                parts.append(
                    f'<text class="axis" x="{x}" y="{TOP - 5}" aria-hidden="true">{MONTHS[monday.month - 1]}</text>'
                )
                last_label = week
            last_month = monday.month
        for weekday in range(7):
            day = monday + dt.timedelta(days=weekday)
            if day > today:
                break
            act = shown.get(day, DayActivity())
            tip = f"{day.isoformat()}: {_plural(act.submissions, 'submission')}"
            if act.accepted:
                tip += f", {act.accepted} accepted"
            parts.append(
                f'<rect class="heat-{level(act.submissions, most)}" x="{LEFT + week * STEP}" '
                f'y="{TOP + weekday * STEP}" width="{CELL}" height="{CELL}" rx="2" '
                f'data-date="{day.isoformat()}" data-count="{act.submissions}">'
                f"<title>{escape(tip)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TopicBar:
    topic: str
    solved: int
    total: int


BAR_LABEL = 170
BAR_WIDTH = 320
BAR_ROW = 24
BAR_HEIGHT = 14


def solved_by_topic(bars: list[TopicBar], *, element_id: str = "topics-chart") -> str:
    """A horizontal bar per topic: the share of its problems solved, with the counts."""
    height = max(1, len(bars)) * BAR_ROW + 4
    width = BAR_LABEL + BAR_WIDTH + 70
    solved = sum(1 for bar in bars if bar.solved)
    desc = (
        f"Problems solved in each of {_plural(len(bars), 'topic')}; "
        f"{solved} of them with at least one problem solved."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="topic-chart" id="{escape(element_id)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">Solved by topic</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(desc)}</desc>',
    ]
    for row, bar in enumerate(bars):
        y = row * BAR_ROW + 4
        share = bar.solved / bar.total if bar.total else 0.0
        tip = f"{bar.topic}: {bar.solved} of {_plural(bar.total, 'problem')} solved"
        parts.append(
            f'<g class="bar-row" data-topic="{escape(bar.topic)}"><title>{escape(tip)}</title>'
            f'<text class="label" x="{BAR_LABEL - 8}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">'
            f"{escape(_clip(bar.topic, 24))}</text>"
            f'<rect class="track" x="{BAR_LABEL}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<rect class="fill" x="{BAR_LABEL}" y="{y}" width="{share * BAR_WIDTH:.1f}" height="{BAR_HEIGHT}" '
            f'rx="3"/>'
            f'<text class="count" x="{BAR_LABEL + BAR_WIDTH + 8}" y="{y + BAR_HEIGHT - 3}">'
            f"{bar.solved}/{bar.total}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
