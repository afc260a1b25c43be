"""Course catalogue cards, measured in the browser: at desktop width the cards of one row start at the same height,
are equally tall and end with their tags level at the bottom; on a phone they stack in one column inside the screen,
spaced by the list's 1rem gap (16 px) alone."""

from __future__ import annotations

from itertools import pairwise

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GAP_PX = 16  # the course list's grid gap, 1rem
TOLERANCE = 0.5  # sub-pixel rounding

BOXES = """
() => [...document.querySelectorAll('.course-list > .course-card')].map(card => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.x, top: r.top, bottom: r.bottom,
                                                                     right: r.right, height: r.height}; };
  return {card: box(card), title: box(card.querySelector('h2')), last: box(card.lastElementChild)};
})
"""


def _cards(ui, width: int) -> list[dict]:
    page = ui.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/courses")
    cards = page.evaluate(BOXES)
    assert len(cards) >= 4, "the demo catalogue should fill more than one row"
    return cards


def _level(values, what: str) -> None:
    assert max(values) - min(values) <= TOLERANCE, f"{what} differ: {values}"


def test_defect_17_course_cards_in_a_row_are_aligned_at_1366_px(ui):
    cards = _cards(ui, 1366)
    columns = len({round(c["card"]["x"]) for c in cards})
    assert columns >= 2, "at 1366 px the catalogue shows several cards a row"
    rows = [cards[i : i + columns] for i in range(0, len(cards), columns)]
    for n, row in enumerate(rows, start=1):
        if len(row) < 2:
            continue
        _level([c["card"]["top"] for c in row], f"row {n}: card tops")
        _level([c["title"]["top"] for c in row], f"row {n}: title tops")
        _level([c["card"]["height"] for c in row], f"row {n}: card heights")
        # The last block (the tags, or the learner's progress) sits at the bottom of every card of the row.
        _level([c["last"]["bottom"] for c in row], f"row {n}: bottoms of the last block")
    print(f"course cards at 1366 px: {len(cards)} cards in {len(rows)} rows of {columns}, aligned")


def test_defect_17_course_cards_stack_cleanly_at_390_px(ui):
    cards = _cards(ui, 390)
    _level([c["card"]["x"] for c in cards], "card left edges")
    for c in cards:
        assert c["card"]["x"] >= 0
        assert c["card"]["right"] <= 390
    gaps = [round(b["card"]["top"] - a["card"]["bottom"], 1) for a, b in pairwise(cards)]
    assert all(abs(gap - GAP_PX) <= TOLERANCE for gap in gaps), f"gaps between stacked cards: {gaps}"
    print(f"course cards at 390 px: {len(cards)} stacked, gaps {sorted(set(gaps))} px")
