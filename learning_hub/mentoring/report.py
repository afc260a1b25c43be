"""The coordinators' report: unmatched requests, mentor load and satisfaction, as tables and server-drawn SVG.

No JavaScript: bars are <rect> elements sized here (presentation attributes and CSS classes only), and every chart
has its numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from learning_hub.extensions import db
from learning_hub.mentoring import seats
from learning_hub.models import MentoringRequest, MentorshipFeedback, Profile, RequestState, User, utcnow
from learning_hub.models.mentoring import OfferState

BAR_WIDTH = 240  # px of a full bar in the load chart
ROW_HEIGHT = 22
RATING_WIDTH, RATING_HEIGHT = 320, 160


@dataclass(frozen=True)
class LoadRow:
    profile_id: int
    name: str
    country: str | None
    capacity: int
    active: int
    pending: int
    available: bool

    @property
    def share(self) -> float:
        return self.active / self.capacity if self.capacity else (1.0 if self.active else 0.0)


def state_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(MentoringRequest.state, func.count(MentoringRequest.id)).group_by(MentoringRequest.state)
    ).all()
    counts = {state.value: 0 for state in RequestState}
    counts.update({state: n for state, n in rows})
    return counts


def unmatched(limit: int = 200) -> list[dict]:
    """Requests nobody has accepted, waiting in the coordinators' queue, oldest first."""
    now = utcnow()
    rows = db.session.scalars(
        select(MentoringRequest)
        .where(MentoringRequest.state == RequestState.QUEUED.value)
        .options(selectinload(MentoringRequest.offers), selectinload(MentoringRequest.requester))
        .order_by(MentoringRequest.queued_at, MentoringRequest.id)
        .limit(limit)
    )
    return [
        {
            "request": r,
            "days": (now - (r.queued_at or now)).days,
            "asked": sum(1 for o in r.offers if o.state in (OfferState.DECLINED, OfferState.EXPIRED)),
            "skipped": sum(1 for o in r.offers if o.state == OfferState.SKIPPED),
        }
        for r in rows
    ]


def mentor_load() -> list[LoadRow]:
    """Everyone offering mentoring, and anyone still mentoring after switching it off, fullest first."""
    active_mentors = select(MentoringRequest.mentor_id).where(MentoringRequest.state == RequestState.ACTIVE.value)
    rows = db.session.execute(
        select(Profile.id, Profile.display_name, Profile.country, Profile.mentor_capacity, Profile.mentor_available)
        .join(User, User.id == Profile.user_id)
        .where((Profile.mentor_capacity > 0) | Profile.id.in_(active_mentors))
    ).all()
    ids = [r[0] for r in rows]
    load, pending = seats.loads(ids), seats.pending_counts(ids)
    out = [
        LoadRow(pid, name, country, int(cap or 0), load.get(pid, 0), pending.get(pid, 0), bool(available))
        for pid, name, country, cap, available in rows
    ]
    return sorted(out, key=lambda r: (-r.share, -r.active, r.name))


NAME_WIDTH = 180  # the mentors' names, left of their bars
NAME_CHARS = 24


def load_chart(rows: list[LoadRow]) -> dict:
    """Horizontal bars: the full width is the mentor's capacity, the filled part their active mentorships."""
    bars = []
    for i, row in enumerate(rows):
        filled = round(BAR_WIDTH * min(1.0, row.share), 1)
        bars.append(
            {
                "y": i * ROW_HEIGHT + 4,
                "filled": filled,
                "label": row.name if len(row.name) <= NAME_CHARS else row.name[: NAME_CHARS - 1] + "…",
                "text_y": i * ROW_HEIGHT + 17,
                "value": f"{row.active}/{row.capacity}",
                "full": row.capacity and row.active >= row.capacity,
            }
        )
    return {
        "width": NAME_WIDTH + BAR_WIDTH + 80,
        "name_width": NAME_WIDTH,
        "height": max(ROW_HEIGHT, len(rows) * ROW_HEIGHT + 8),
        "bar_width": BAR_WIDTH,
        "bars": bars,
        "height_bar": ROW_HEIGHT - 8,
    }


def satisfaction() -> dict:
    """Ratings by side (mentees rating their mentor, mentors rating the mentorship), their distribution, comments."""
    rows = db.session.execute(select(MentorshipFeedback.side, MentorshipFeedback.rating)).all()
    by_side = {"mentee": [0] * 5, "mentor": [0] * 5}
    for side, rating in rows:
        by_side[side][rating - 1] += 1
    summary = {}
    for side, counts in by_side.items():
        total = sum(counts)
        mean = sum((i + 1) * n for i, n in enumerate(counts)) / total if total else None
        summary[side] = {"counts": counts, "total": total, "mean": round(mean, 2) if mean is not None else None}
    comments = db.session.execute(
        select(
            MentorshipFeedback.request_id,
            MentorshipFeedback.side,
            MentorshipFeedback.rating,
            MentorshipFeedback.comment,
            MentorshipFeedback.created_at,
        )
        .where(MentorshipFeedback.comment.is_not(None))
        .order_by(MentorshipFeedback.id.desc())
        .limit(50)
    ).all()
    return {"sides": summary, "chart": rating_chart(by_side), "comments": comments}


def rating_chart(by_side: dict[str, list[int]]) -> dict:
    """Grouped vertical bars: ratings 1-5 on the x axis, one bar per side."""
    largest = max([n for counts in by_side.values() for n in counts] + [1])
    top, bottom, slot = 16, RATING_HEIGHT - 24, (RATING_WIDTH - 40) / 5
    bars = []
    for r in range(5):
        for k, side in enumerate(("mentee", "mentor")):
            n = by_side[side][r]
            height = round((bottom - top) * n / largest, 1)
            x = round(30 + r * slot + 6 + k * (slot - 12) / 2, 1)
            bars.append(
                {
                    "x": x,
                    "y": round(bottom - height, 1),
                    "width": round((slot - 12) / 2 - 2, 1),
                    "height": height,
                    "side": side,
                    "count": n,
                    "count_y": round(bottom - height - 3, 1),
                    "label_x": round(x + (slot - 12) / 4, 1),
                }
            )
    labels = [{"x": round(30 + r * slot + slot / 2, 1), "text": str(r + 1)} for r in range(5)]
    return {
        "width": RATING_WIDTH,
        "height": RATING_HEIGHT,
        "bars": bars,
        "labels": labels,
        "baseline": bottom,
        "label_y": bottom + 16,
    }


def listed_mentor_count() -> int:
    return (
        db.session.scalar(
            select(func.count(Profile.id))
            .join(User, User.id == Profile.user_id)
            .where(Profile.is_listed, Profile.mentor_available.is_(True), Profile.mentor_capacity > 0)
        )
        or 0
    )
