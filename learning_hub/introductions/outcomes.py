"""Introductions in the outcome follow-up: an accepted introduction is a connection (check-ins at 30, 90 and 180
days), and every request counts both people as "suggested" in the coordinators' funnel."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from learning_hub.extensions import db
from learning_hub.models import Introduction
from learning_hub.models.introduction import IntroductionState
from learning_hub.notifications import followup, funnel


def accepted_introductions(now: datetime) -> Iterable[followup.Found]:
    rows = db.session.scalars(
        db.select(Introduction).where(
            Introduction.state == IntroductionState.ACCEPTED,
            Introduction.answered_at.is_not(None),
            Introduction.answered_at <= now,
            Introduction.sender_id.is_not(None),
            Introduction.recipient_id.is_not(None),
        )
    )
    for intro in rows:
        members = ((intro.sender_id, intro.sender.country), (intro.recipient_id, intro.recipient.country))
        yield followup.Found("introduction", intro.id, intro.answered_at, str(intro.answered_at.year), members)


def asked_introductions() -> list[funnel.Entry]:
    entries = []
    for intro in db.session.scalars(db.select(Introduction)):
        cohort = str(intro.created_at.year)
        for profile in (intro.sender, intro.recipient):
            if profile is not None:
                entries.append(funnel.Entry(profile.id, profile.country or "", "introduction", cohort, "suggested"))
    return entries
