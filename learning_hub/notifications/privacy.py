"""What notifications and the outcome follow-up hold about a person, for "download my data" and account deletion.

Deletion removes their notifications, channel choices and digest markers, and their check-ins with their answers
and their membership of connections: the funnel then counts them no more (their stories and artefact links are
theirs). The connection itself stays while it has other members.
"""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import CheckIn, ConnectionMember, DigestMarker, Notification, NotificationPreference
from learning_hub.notifications.kinds import title_of


def _iso(value):
    return value.isoformat() + "Z" if value else None


def export_notifications(user) -> dict:
    notifications = [
        {
            "kind": n.kind,
            "title": title_of(n.kind, n.params),
            "link": n.link,
            "created_at": _iso(n.created_at),
            "read_at": _iso(n.read_at),
            "emailed_at": _iso(n.emailed_at),
            "digested_at": _iso(n.digested_at),
        }
        for n in db.session.scalars(
            db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]
    channels = {
        p.kind: p.channel
        for p in db.session.scalars(db.select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    }
    checkins = []
    if user.profile is not None:
        for c in db.session.scalars(
            db.select(CheckIn).where(CheckIn.profile_id == user.profile.id).order_by(CheckIn.id)
        ):
            checkins.append(
                {
                    "connection": c.connection.kind,
                    "cohort": c.connection.cohort,
                    "day": c.day,
                    "due_at": _iso(c.due_at),
                    "answered_at": _iso(c.answered_at),
                    "met": c.met,
                    "outcome": c.outcome,
                    "artefact_url": c.artefact_url,
                    "story": c.story,
                    "showcase_consent": c.showcase_consent,
                }
            )
    return {"notifications": notifications, "channels": channels, "checkins": checkins}


def erase_notifications(user) -> None:
    db.session.execute(db.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(db.delete(NotificationPreference).where(NotificationPreference.user_id == user.id))
    db.session.execute(db.delete(DigestMarker).where(DigestMarker.user_id == user.id))
    if user.profile is not None:
        db.session.execute(db.delete(CheckIn).where(CheckIn.profile_id == user.profile.id))
        db.session.execute(db.delete(ConnectionMember).where(ConnectionMember.profile_id == user.profile.id))
