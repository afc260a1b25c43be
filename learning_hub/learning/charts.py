"""Geometry for the cohort charts. Templates draw the SVG (presentation attributes and CSS classes only: the CSP
forbids inline styles), so the charts need no JavaScript; each chart has a data table next to it for screen readers."""

from __future__ import annotations

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
ROW_GAP = 12
SCORE_HEIGHT = 220


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def completion_chart(entries: list[dict]) -> dict:
    """Horizontal bars per course: completed, then still in progress, scaled to the largest enrolment."""
    largest = max((entry["enrolled"] for entry in entries), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 90
    rows = []
    for index, entry in enumerate(entries):
        y = 10 + index * (BAR_HEIGHT + ROW_GAP)
        done_width = round(span * entry["completed"] / largest, 1)
        open_width = round(span * entry["in_progress"] / largest, 1)
        rows.append(
            {
                "label": _shorten(entry["title"]),
                "title": entry["title"],
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "done_x": LABEL_WIDTH,
                "done_width": done_width,
                "open_x": LABEL_WIDTH + done_width,
                "open_width": open_width,
                "value_x": LABEL_WIDTH + done_width + open_width + 6,
                "entry": entry,
            }
        )
    height = 20 + len(entries) * (BAR_HEIGHT + ROW_GAP)
    return {"width": WIDTH, "height": max(height, 40), "label_x": LABEL_WIDTH - 8, "rows": rows, "axis_x": LABEL_WIDTH}


def score_chart(distribution: dict) -> dict:
    """Vertical bars: how many learners' best quiz score falls in each band of 20 points."""
    bins = distribution["bins"]
    largest = max((entry["count"] for entry in bins), default=0) or 1
    plot_top, plot_bottom = 20, SCORE_HEIGHT - 30
    slot = (WIDTH - 60) / max(len(bins), 1)
    bars = []
    for index, entry in enumerate(bins):
        height = round((plot_bottom - plot_top) * entry["count"] / largest, 1)
        x = 40 + index * slot + slot * 0.15
        bars.append(
            {
                "x": round(x, 1),
                "width": round(slot * 0.7, 1),
                "y": round(plot_bottom - height, 1),
                "height": height,
                "label": f"{entry['low']}–{entry['high']}%",
                "count": entry["count"],
                "label_x": round(x + slot * 0.35, 1),
                "count_y": round(plot_bottom - height - 5, 1),
            }
        )
    return {
        "width": WIDTH,
        "height": SCORE_HEIGHT,
        "bars": bars,
        "baseline": plot_bottom,
        "axis_x": 40,
        "axis_end": WIDTH - 20,
        "label_y": plot_bottom + 18,
        "not_taken": distribution["not_taken"],
    }
