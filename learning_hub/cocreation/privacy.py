"""What co-creation holds about a person, for "download my data" and account deletion.

Deletion removes their forum seats (the database cascades) and keeps their comments and responses anonymous: the
plan's counts per stakeholder group stay truthful, the author's name goes. Drafts and versions they wrote stay with
the plan (the forum's shared work), without the link to their account; so do the commitment workshops they started
(the database sets the link to NULL).
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import CommitmentWorkshop, DraftComment, ForumMember


def export_cocreation(user) -> dict:
    seats = [
        {"plan_id": m.plan_id, "plan": m.plan.title, "stakeholder_group": m.stakeholder_group, "role": m.role}
        for m in db.session.scalars(
            db.select(ForumMember).where(ForumMember.user_id == user.id).order_by(ForumMember.id)
        )
    ]
    comments = [
        {
            "draft_id": c.draft_id,
            "body": c.body,
            "stakeholder_group": c.author_group,
            "moderation": c.moderation,
            "response": c.response,
            "response_reason": c.response_reason,
            "created_at": c.created_at.isoformat() + "Z",
        }
        for c in db.session.scalars(
            db.select(DraftComment).where(DraftComment.author_id == user.id).order_by(DraftComment.id)
        )
    ]
    started = [
        {
            "plan_id": w.plan_id,
            "roundtable_id": w.roundtable_id,
            "title": w.roundtable.title,
            "draft_ids": [d.id for d in w.drafts],
            "created_at": w.created_at.isoformat() + "Z",
        }
        for w in db.session.scalars(
            db.select(CommitmentWorkshop)
            .where(CommitmentWorkshop.created_by_id == user.id)
            .order_by(CommitmentWorkshop.id)
        )
    ]
    return {"forum_seats": seats, "comments": comments, "workshops_started": started}


def erase_cocreation(user) -> None:
    db.session.execute(
        db.update(DraftComment).where(DraftComment.author_id == user.id).values(author_id=None, author_name=None)
    )
    db.session.execute(db.delete(ForumMember).where(ForumMember.user_id == user.id))
