"""The audit log: who did what consequential thing, to what, when and from where.

Coordinators', organisers' and administrators' actions that publish, import, export personal data, change roles,
deactivate accounts, send invitations or delete are recorded with `record()`, in the same transaction as the action
(the row commits or rolls back with it). Reading personal data (an export, a GET) is recorded with
`record_read()`, which commits at once: the audit log is the one table a GET request appends to.

Append-only: the application never updates or deletes a row (a flush that tries raises), except `prune()`, run by
`flask audit prune`, which deletes rows older than AUDIT_RETENTION_DAYS.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from learning_hub.extensions import db
from learning_hub.models import AuditEvent, utcnow
from learning_hub.spreadsheets import neutralise

# Every action the log records, with the label the admin page shows.
ACTIONS = {
    "user.roles_changed": _l("Roles changed"),
    "user.deactivated": _l("Account deactivated"),
    "user.reactivated": _l("Account reactivated"),
    "directory.import_confirmed": _l("Import confirmed"),
    "directory.import_discarded": _l("Import discarded"),
    "export.personal_data": _l("Personal data exported"),
    "peer_exchange.published": _l("Match list published"),
    "peer_exchange.unpublished": _l("Match list unpublished"),
    "mentoring.assignment_published": _l("Mentor assignment published"),
    "roundtable.invitations_sent": _l("Invitations sent"),
    "roundtable.invitations_withdrawn": _l("Invitations withdrawn"),
    "roundtable.substitute_invited": _l("Substitute invited"),
    "audit.exported": _l("Audit log exported"),
    "partners.organisation_verified": _l("Partner organisation verified"),
    "partners.organisation_unverified": _l("Partner organisation verification withdrawn"),
}


class AppendOnly(RuntimeError):
    """An audit row was about to be changed or deleted through the session."""


@event.listens_for(Session, "before_flush")
def _refuse_changes(session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnly("The audit log is append-only: its rows are never changed or deleted.")


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value)]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(actor, action: str, *, target_type: str | None = None, target_id=None, **details) -> AuditEvent:
    """Add one row to the current transaction (the caller commits it with the action)."""
    if action not in ACTIONS:
        raise KeyError(f"unknown audit action {action!r}")
    row = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        details=_json_safe(details),
        ip_address=(request.remote_addr or None) if has_request_context() else None,
    )
    db.session.add(row)
    return row


def record_read(actor, action: str, **kwargs) -> AuditEvent:
    """Record a read of personal data (an export) and commit it now, before the data leaves."""
    row = record(actor, action, **kwargs)
    db.session.commit()
    return row


@dataclass(frozen=True)
class Filters:
    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(args) -> Filters:
    action = args.get("action", "")
    return Filters(
        actor=(args.get("actor") or "").strip()[:254],
        action=action if action in ACTIONS else "",
        since=_parse_date(args.get("since")),
        until=_parse_date(args.get("until")),
    )


def query(filters: Filters):
    stmt = db.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.actor:
        stmt = stmt.where(AuditEvent.actor_email.icontains(filters.actor.lower(), autoescape=True))
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.since:
        stmt = stmt.where(AuditEvent.created_at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        stmt = stmt.where(
            AuditEvent.created_at < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    return stmt


def page(filters: Filters, number: int, per_page: int = 50):
    return db.paginate(query(filters), page=max(1, number), per_page=per_page, error_out=False)


CSV_HEADER = ["time_utc", "actor_id", "actor_email", "action", "target_type", "target_id", "ip_address", "details"]


def to_csv(filters: Filters) -> str:
    import json

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in db.session.scalars(query(filters).execution_options(yield_per=500)):
        writer.writerow(
            neutralise(value)
            for value in (
                row.created_at.isoformat(timespec="seconds") + "Z",
                row.actor_id,
                row.actor_email,
                row.action,
                row.target_type,
                row.target_id,
                row.ip_address,
                json.dumps(row.details or {}, ensure_ascii=False, sort_keys=True),
            )
        )
    return "\ufeff" + out.getvalue()


def prune(days: int | None = None, now: datetime | None = None) -> int:
    """Delete rows older than the retention period (the only deletion of audit rows); returns how many."""
    days = current_app.config["AUDIT_RETENTION_DAYS"] if days is None else days
    cutoff = (now or utcnow()) - timedelta(days=days)
    deleted = db.session.execute(db.delete(AuditEvent).where(AuditEvent.created_at < cutoff)).rowcount
    db.session.commit()
    return deleted


def init_app(app) -> None:
    """The audit log's periodic task (see learning_hub/scheduler.py): prune rows past AUDIT_RETENTION_DAYS."""
    from learning_hub.scheduler import periodic

    periodic(
        app,
        "audit.prune",
        every=timedelta(days=1),
        run=lambda: {"deleted": prune()},
        description="Delete audit-log rows older than AUDIT_RETENTION_DAYS",
    )
