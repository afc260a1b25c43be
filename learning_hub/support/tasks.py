"""Background work: embed an offer's or a need's texts when it is saved (so brokering ranks from cached vectors and
no page embeds), and the periodic alert about rapid-response requests nobody acted on."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.jobs import enqueue
from learning_hub.models import PartnerOffer, Role, SupportRequest, User, UserRole, utcnow
from learning_hub.support.brokering import pieces

MODELS = {"offer": PartnerOffer, "need": SupportRequest}


def embed_texts(job, progress, what: str, row_id: int) -> dict:
    row = db.session.get(MODELS[what], row_id)
    if row is None:
        return {"texts": 0}
    texts = pieces(row.text)
    db.session.rollback()  # no transaction stays open while the model runs
    engine.embed_texts(texts)
    return {"texts": len(texts)}


def schedule_embedding(what: str, row_id: int, actor=None) -> None:
    """After a save has committed: embed the row's current texts (cached texts cost nothing)."""
    enqueue("support.embed_texts", subject=f"support.{what}:{row_id}", actor=actor, what=what, row_id=row_id)


def coordinators() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .join(UserRole)
            .where(UserRole.role.in_((Role.COORDINATOR.value, Role.ADMIN.value)), User.active.is_(True))
            .distinct()
            .order_by(User.id)
        )
    )


def alert_unanswered_rapid(now=None) -> dict:
    """Tell every coordinator, once per request, about rapid-response requests nobody acted on within three
    working days."""
    from learning_hub.notifications import services as notifications
    from learning_hub.support import services

    now = now or utcnow()
    found = services.unanswered_rapid(now)
    if not found:
        return {"alerted": 0}
    people = coordinators()
    for need in found:
        need.alerted_at = now
        for user in people:
            notifications.add(user, "support_rapid_alert", {"title": need.title}, f"/support/{need.id}")
    db.session.commit()
    return {"alerted": len(found), "coordinators": len(people)}
