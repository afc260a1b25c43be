"""The audit log: consequential actions are recorded in their own transaction with actor, target, details and
address; admins read it at /admin/audit with filters and pages and download it as CSV; rows are never changed;
`flask audit prune` removes rows past the retention period."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from learning_hub import audit
from learning_hub.models import AuditEvent, utcnow
from tests.directory.helpers import coordinator, upload
from tests.factories import make_user

PEOPLE = (
    "email,display_name,country,challenges\r\n"
    "ama@example.org,Ama Mensah,GH,Budget documents are published too late to comment.\r\n"
    "juan@example.org,Juan Pérez,CO,No sabemos quiénes son los dueños reales de las empresas.\r\n"
)


def _events(db, action=None):
    stmt = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt))


def test_role_changes_and_deactivations_are_recorded(client_as, db):
    admin = make_user("root@example.org", roles=("admin",))
    user = make_user("someone@example.org")
    client = client_as(admin)
    client.post(f"/admin/users/{user.id}/roles", data={"coordinator": "y"}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    client.post(f"/admin/users/{user.id}/roles", data={"coordinator": "y"})  # no change: nothing recorded
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    roles, deactivated = _events(db)
    assert (roles.action, roles.actor_email, roles.actor_id) == ("user.roles_changed", "root@example.org", admin.id)
    assert (roles.target_type, roles.target_id) == ("user", str(user.id))
    assert roles.details == {
        "email": "someone@example.org",
        "before": ["reformer"],
        "after": ["coordinator", "reformer"],
    }
    assert roles.ip_address == "192.0.2.7"
    assert deactivated.action == "user.deactivated"


def test_a_refused_action_records_nothing(client_as, db):
    """Written in the action's transaction: no action, no row."""
    admin = make_user("root@example.org", roles=("admin",))
    client_as(admin).post(f"/admin/users/{admin.id}/roles", data={})  # cannot drop one's own admin role
    assert _events(db) == []


def test_imports_and_personal_exports_are_recorded(client_as, db):
    staff = client_as(coordinator())
    response = upload(staff, PEOPLE.encode())
    batch_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    staff.post(f"/directory/import/{batch_id}/confirm")
    [confirmed] = _events(db, "directory.import_confirmed")
    assert confirmed.target_id == str(batch_id)
    assert confirmed.details["created"] == 2
    staff.get("/directory/export.csv")  # no personal data: not recorded
    assert _events(db, "export.personal_data") == []
    staff.get("/directory/export.csv?personal=1")
    [export] = _events(db, "export.personal_data")
    assert export.details == {"what": "directory", "format": "csv"}
    assert export.actor_email == "coord@example.org"


def test_rows_are_append_only(db):
    row = audit.record(None, "audit.exported")
    db.session.commit()
    row.action = "user.deactivated"
    with pytest.raises(audit.AppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, row.id))
    with pytest.raises(audit.AppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, row.id).action == "audit.exported"


def _seed_log(db):
    alice = make_user("alice@example.org", roles=("admin",))
    bob = make_user("bob@example.org", roles=("coordinator",))
    now = utcnow()
    for n in range(60):
        row = audit.record(alice, "user.roles_changed", target_type="user", target_id=n, n=n)
        row.created_at = now - timedelta(days=n)
    for n in range(5):
        row = audit.record(bob, "export.personal_data", target_type="directory", what="=HYPERLINK(1)")
        row.created_at = now - timedelta(days=100 + n)
    db.session.commit()
    return alice, now


def test_admin_page_filters_and_pages(client_as, db):
    admin, now = _seed_log(db)
    client = client_as(admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "65 entries" in first
    assert "Page 1 of 2" in first
    assert "page=2" in first
    by_bob = client.get("/admin/audit?actor=BOB@").get_data(as_text=True)
    assert "5 entries" in by_bob
    exports = client.get("/admin/audit?action=export.personal_data").get_data(as_text=True)
    assert "5 entries" in exports
    since = (now - timedelta(days=9)).date().isoformat()
    recent = client.get(f"/admin/audit?since={since}&until={now.date().isoformat()}").get_data(as_text=True)
    assert "10 entries" in recent  # days 0 to 9 ago
    assert client.get("/admin/audit?since=not-a-date&action=nonsense").status_code == 200


def test_csv_export_holds_the_filtered_rows_and_is_recorded(client_as, db):
    admin, _now = _seed_log(db)
    response = client_as(admin).get("/admin/audit.csv?actor=bob")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == audit.CSV_HEADER
    assert len(rows) == 1 + 5
    assert {row[2] for row in rows[1:]} == {"bob@example.org"}
    assert rows[1][7] == '{"what": "=HYPERLINK(1)"}'  # JSON starts with "{": not a formula
    [exported] = _events(db, "audit.exported")
    assert exported.details["actor_filter"] == "bob"


def test_only_admins_read_the_log(client_as, db):
    for roles in ((), ("coordinator",), ("organiser",)):
        client = client_as(make_user(roles=roles))
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/audit.csv").status_code == 403


def test_prune_keeps_the_retention_period(runner, db):
    _seed_log(db)
    result = runner.invoke(args=["audit", "prune", "--days", "30"])
    assert result.exit_code == 0, result.output
    # Rows 0..29 days old stay (30 of 60), the 30 older ones and the 5 from 100+ days ago go.
    assert "35 audit rows older than 30 days deleted" in result.output
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 30
    result = runner.invoke(args=["audit", "prune"])  # default: AUDIT_RETENTION_DAYS = 730
    assert "0 audit rows" in result.output
