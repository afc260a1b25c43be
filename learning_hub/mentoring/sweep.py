"""`flask mentoring expire`: pass on every offer whose answer is overdue, and delete drafts left unsent.

Each overdue offer is handled in its own short transaction: a mentor who answers at the same moment either wins
(the sweep then finds the offer no longer pending and moves on) or loses (their answer finds it expired). Safe to run
as often as a scheduler likes; a second run right after the first finds nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from learning_hub.email import absolute_url as link
from learning_hub.errors import Conflict
from learning_hub.extensions import db
from learning_hub.mentoring import cascade
from learning_hub.mentoring.notify import Mail, send_all
from learning_hub.mentoring.states import move_offer
from learning_hub.models import MentoringRequest, MentorOffer, OfferState, RequestState, utcnow

DRAFT_DAYS = 30


@dataclass(frozen=True)
class SweepResult:
    expired: int
    passed_on: int
    queued: int
    drafts_deleted: int
    emails: int


def expire_overdue(now: datetime | None = None) -> SweepResult:
    # Outside a request there is no visitor to pick a language for the refusal messages raised on the way.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _expire(now or utcnow())


def _expire(now: datetime) -> SweepResult:
    overdue = list(
        db.session.scalars(
            select(MentorOffer.id)
            .where(MentorOffer.state == OfferState.PENDING.value, MentorOffer.due_at <= now)
            .order_by(MentorOffer.due_at)
        )
    )
    db.session.commit()
    expired = passed = queued = emails = 0
    for offer_id in overdue:
        mails: list[Mail] = []
        try:
            move_offer(offer_id, "expire", answered_at=now, token_hash=None)
            offer = db.session.get(MentorOffer, offer_id)
            mails.append(
                Mail(
                    offer.mentor_id,
                    "expired",
                    _l("A mentoring request was passed on"),
                    {
                        "requester": offer.request.requester.display_name if offer.request.requester else "",
                        "days": cascade.response_days(),
                        "inbox_link": link("mentoring.inbox"),
                    },
                )
            )
            nxt = cascade.pass_on(offer, now, mails, why="expired")
        except Conflict:  # answered or withdrawn in the meantime
            continue
        db.session.commit()
        expired += 1
        passed, queued = passed + (nxt is not None), queued + (nxt is None)
        emails += send_all(mails)
    cutoff = now - timedelta(days=DRAFT_DAYS)
    drafts = db.session.execute(
        db.delete(MentoringRequest).where(
            MentoringRequest.state == RequestState.DRAFT.value, MentoringRequest.created_at < cutoff
        )
    ).rowcount
    db.session.commit()
    return SweepResult(expired, passed, queued, drafts, emails)
