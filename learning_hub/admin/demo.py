"""Demo audit entries, so that a newcomer sees the audit log filled: the kinds of actions the log records, spread
over the last weeks, by the demo admin, coordinator and organiser. (Demo steps that publish or invite through the
services add their own entries as they run.)"""

from __future__ import annotations

from datetime import timedelta

from learning_hub import audit
from learning_hub.extensions import db
from learning_hub.models import AuditEvent, User, utcnow

ENTRIES = [
    # days ago, actor, action, target type, target (email or id), details
    (
        41,
        "admin@example.org",
        "user.roles_changed",
        "user",
        "coordinator@example.org",
        {"before": ["reformer"], "after": ["coordinator", "reformer"]},
    ),
    (
        41,
        "admin@example.org",
        "user.roles_changed",
        "user",
        "organiser@example.org",
        {"before": ["reformer"], "after": ["organiser", "reformer"]},
    ),
    (
        30,
        "coordinator@example.org",
        "directory.import_confirmed",
        "import_batch",
        1,
        {"kind": "profiles", "filename": "ogp-focal-points-2026.csv", "created": 18, "updated": 3, "unchanged": 1},
    ),
    (23, "coordinator@example.org", "export.personal_data", "directory", None, {"what": "directory", "format": "csv"}),
    (12, "organiser@example.org", "export.personal_data", "roundtable", 1, {"what": "sign-in sheet", "format": "pdf"}),
    (5, "admin@example.org", "user.deactivated", "user", "reformer.left@example.org", {}),
]


def seed_audit(echo) -> str:
    if db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.actor_email == "admin@example.org").limit(1)):
        return "already there"
    people = {user.email: user for user in db.session.scalars(db.select(User).where(User.email.like("%@example.org")))}
    now, added = utcnow(), 0
    for days, actor_email, action, target_type, target, details in ENTRIES:
        actor = people.get(actor_email)
        if actor is None:
            continue
        target_user = people.get(target) if isinstance(target, str) else None
        if isinstance(target, str):
            details = dict(details, email=target)
        row = audit.record(
            actor,
            action,
            target_type=target_type,
            target_id=target_user.id if target_user else (None if isinstance(target, str) else target),
            **details,
        )
        row.created_at = now - timedelta(days=days, hours=added * 3 % 9)
        row.ip_address = "192.0.2.10"  # a documentation address (RFC 5737)
        added += 1
    db.session.commit()
    return f"{added} entries"
