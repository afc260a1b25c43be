"""What the judgements hold about a person, for "download my data" and account deletion.

A judgement is the actor's decision (a coordinator's lock, a mentor's refusal) about two people, with sentences
quoted from their texts. Both the actor and the two people judged are data subjects. Export: the judgements the
person made (kind, label, score, date). Deletion: the judgements the person made are deleted (a decision is personal
to whoever took it), and the judgements about them are deleted as well, since they quote their texts; the re-ranker
versions keep only numbers fitted on all judgements, not rows, so nothing personal remains in them.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import Judgement


def export_decisions(user) -> dict:
    made = [
        {
            "kind": j.kind,
            "label": j.label,
            "role": j.actor_role,
            "score_shown": j.score,
            "at": j.created_at.isoformat() + "Z",
        }
        for j in db.session.scalars(db.select(Judgement).where(Judgement.actor_id == user.id).order_by(Judgement.id))
    ]
    about = 0
    if user.profile is not None:
        pid = user.profile.id
        about = db.session.scalar(
            db.select(db.func.count())
            .select_from(Judgement)
            .where((Judgement.a_profile_id == pid) | (Judgement.b_profile_id == pid))
        )
    return {"judgements_made": made, "judgements_about_you": int(about or 0)}


def erase_decisions(user) -> None:
    condition = Judgement.actor_id == user.id
    if user.profile is not None:
        pid = user.profile.id
        condition = condition | (Judgement.a_profile_id == pid) | (Judgement.b_profile_id == pid)
    db.session.execute(db.delete(Judgement).where(condition))
