"""What introductions and conversations hold about a person, for "download my data" and account deletion, and who
may open a person's profile page because of them.

Export: requests sent and received with their messages, and the messages I wrote. The other person's email
address appears only for accepted introductions (services.contact_email is the one gate), never before.

Deletion: requests the person sent or received are deleted (the other side's list loses them); their threads'
messages they wrote are deleted, the other person's stay for the other person; blocks and settings go; abuse
reports they made or that name them keep the reported words for the coordinators but lose the link to them.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from learning_hub.extensions import db
from learning_hub.introductions import services
from learning_hub.models import (
    AbuseReport,
    ConversationMessage,
    Introduction,
    IntroductionBlock,
    IntroductionSettings,
    MentoringRequest,
    MentorOffer,
)
from learning_hub.models.introduction import IntroductionState
from learning_hub.models.mentoring import OfferState


def _iso(value):
    return value.isoformat(timespec="seconds") + "Z" if value else None


def export_introductions(user) -> dict:
    profile = user.profile
    if profile is None:
        return {"sent": [], "received": [], "messages": []}
    box = services.my_introductions(user)

    def row(intro, side):
        other = intro.recipient if side == "sent" else intro.sender
        return {
            "with": other.display_name if other is not None else None,
            "purpose": intro.purpose,
            "message": intro.message,
            "state": services.shown_state(user, intro),
            "decline_reason": intro.decline_reason if intro.state == IntroductionState.DECLINED else None,
            "email": services.contact_email(user, intro),
            "created_at": _iso(intro.created_at),
            "answered_at": _iso(intro.answered_at) if intro.state != IntroductionState.MUTED else None,
        }

    messages = db.session.scalars(
        select(ConversationMessage).where(ConversationMessage.sender_id == profile.id).order_by(ConversationMessage.id)
    )
    return {
        "sent": [row(i, "sent") for i in box.sent],
        "received": [row(i, "received") for i in box.received],
        "messages": [{"body": m.body, "created_at": _iso(m.created_at)} for m in messages],
    }


def erase_introductions(user) -> None:
    profile = user.profile
    if profile is None:
        return
    pid = profile.id
    db.session.execute(db.update(AbuseReport).where(AbuseReport.reporter_id == pid).values(reporter_id=None))
    db.session.execute(db.update(AbuseReport).where(AbuseReport.reported_id == pid).values(reported_id=None))
    db.session.execute(db.delete(ConversationMessage).where(ConversationMessage.sender_id == pid))
    ids = list(
        db.session.scalars(
            select(Introduction.id).where(or_(Introduction.sender_id == pid, Introduction.recipient_id == pid))
        )
    )
    if ids:
        db.session.execute(
            db.update(AbuseReport).where(AbuseReport.introduction_id.in_(ids)).values(introduction_id=None)
        )
        db.session.execute(db.delete(Introduction).where(Introduction.id.in_(ids)))
    db.session.execute(
        db.delete(IntroductionBlock).where(
            or_(IntroductionBlock.blocker_id == pid, IntroductionBlock.blocked_id == pid)
        )
    )
    db.session.execute(db.delete(IntroductionSettings).where(IntroductionSettings.profile_id == pid))


def may_open_profile(viewer, profile) -> bool:
    """Whether `viewer` may open `profile`'s page although it is not listed to them: a person who asked them
    (an introduction or a mentor) shared their profile with them by asking."""
    me = getattr(viewer, "profile", None) if getattr(viewer, "is_authenticated", False) else None
    if me is None or profile is None:
        return False
    asked_me = db.session.scalar(
        select(Introduction.id)
        .where(
            or_(
                (Introduction.sender_id == profile.id)
                & (Introduction.recipient_id == me.id)
                & (Introduction.state != IntroductionState.MUTED),
                (Introduction.recipient_id == profile.id)
                & (Introduction.sender_id == me.id)
                & (Introduction.state == IntroductionState.ACCEPTED),
            )
        )
        .limit(1)
    )
    if asked_me:
        return True
    offered = db.session.scalar(
        select(MentorOffer.id)
        .join(MentoringRequest, MentoringRequest.id == MentorOffer.request_id)
        .where(
            MentorOffer.mentor_id == me.id,
            MentoringRequest.requester_id == profile.id,
            MentorOffer.state.in_((OfferState.PENDING, OfferState.ACCEPTED, OfferState.DECLINED, OfferState.EXPIRED)),
        )
        .limit(1)
    )
    return bool(offered)
