"""Undoing invitations sent by mistake: for ten minutes, the invitations whose email has not left the outbox can be
withdrawn; an email that has left cannot be taken back, and the page says so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning_hub.email import deliver_pending
from learning_hub.models import (
    AuditEvent,
    EmailStatus,
    Notification,
    OutgoingEmailRow,
    Roundtable,
    RoundtableInvitee,
    utcnow,
)
from tests.roundtables.helpers import create, rows

INVITEES = 6  # the default form invites six of the directory's people


def _invitation_emails(db, rt_id: int) -> dict[str, str]:
    """dedupe key -> status of the roundtable's invitation emails."""
    found = db.session.execute(
        db.select(OutgoingEmailRow.dedupe_key, OutgoingEmailRow.status).where(
            OutgoingEmailRow.dedupe_key.like(f"roundtable:{rt_id}:invite:%")
        )
    )
    return dict(found.all())


def _send(client, db) -> Roundtable:
    rt = create(client)
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    db.session.expire_all()
    return db.session.get(Roundtable, rt.id)


def _withdraw(client, db, rt) -> str:
    response = client.post(f"/roundtables/{rt.id}/invite/withdraw", follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    return response.get_data(as_text=True)


@pytest.fixture
def mail_down(monkeypatch):
    """The mail server refuses connections: messages wait in the outbox for a retry."""

    def unreachable(message):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("learning_hub.email.deliver", unreachable)
    return monkeypatch


def test_defect_12_unsent_invitations_can_be_withdrawn(client_as, directory, organiser, db, outbox, mail_down):
    client = client_as(organiser)
    rt = create(client)
    confirmation = client.get(f"/roundtables/{rt.id}/invite").get_data(as_text=True)
    assert "For 10 minutes, an invitation whose email has not left yet" in confirmation
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    emails = _invitation_emails(db, rt.id)
    assert len(emails) == INVITEES
    assert set(emails.values()) == {EmailStatus.PENDING.value}
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert f'action="/roundtables/{rt.id}/invite/withdraw"' in page
    assert f"{INVITEES} invitation emails have not left yet and can be withdrawn" in page

    page = _withdraw(client, db, rt)
    assert f"{INVITEES} invitation(s) withdrawn before their email left." in page
    assert _invitation_emails(db, rt.id) == {}
    assert all(r.rsvp == "none" and r.invited_at is None and r.rsvp_nonce is None for r in rows(rt.id, "invitee"))
    rt = db.session.get(Roundtable, rt.id)
    assert (rt.status, rt.invitations_sent_at) == ("planning", None)
    assert not db.session.scalar(db.select(Notification.id).where(Notification.kind == "roundtable_invitation"))
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "roundtable.invitations_withdrawn"))
    assert event.details == {"withdrawn": INVITEES, "already_sent": 0}

    mail_down.undo()  # the server is back: nothing withdrawn leaves
    deliver_pending()
    assert [m for m in outbox if m.subject.startswith("Invitation:")] == []
    # The list is editable again and the invitations can be sent afresh.
    assert f'href="/roundtables/{rt.id}/invite"' in client.get(f"/roundtables/{rt.id}").get_data(as_text=True)


def test_defect_12_sent_invitations_cannot_be_withdrawn(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = _send(client, db)
    assert set(_invitation_emails(db, rt.id).values()) == {EmailStatus.SENT.value}
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert f'action="/roundtables/{rt.id}/invite/withdraw"' not in page
    assert "The invitation emails have already been sent: an email cannot be taken back, so they stand." in page

    page = _withdraw(client, db, rt)
    assert "The invitation emails have already been sent" in page
    assert all(r.rsvp == "pending" for r in rows(rt.id, "invitee"))
    assert db.session.get(Roundtable, rt.id).status == "inviting"


def test_defect_12_withdrawing_keeps_the_invitations_whose_email_left(
    client_as, directory, organiser, db, outbox, mail_down
):
    """Two emails left before the server went down: those two invitations stand, the other four are withdrawn,
    and the roundtable stays in the inviting state."""
    client = client_as(organiser)
    rt = _send(client, db)
    left = sorted(_invitation_emails(db, rt.id))[:2]
    db.session.execute(
        db.update(OutgoingEmailRow)
        .where(OutgoingEmailRow.dedupe_key.in_(left))
        .values(status=EmailStatus.SENT.value, sent_at=utcnow())
    )
    db.session.commit()
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "4 invitation emails have not left yet and can be withdrawn" in page
    assert "2 have already been sent and cannot be taken back." in page

    page = _withdraw(client, db, rt)
    assert "4 invitation(s) withdrawn before their email left." in page
    assert "2 invitation email(s) had already been sent and cannot be taken back; those invitations stand." in page
    states = sorted(r.rsvp for r in rows(rt.id, "invitee"))
    assert states == ["none"] * 4 + ["pending"] * 2
    assert db.session.get(Roundtable, rt.id).status == "inviting"


def test_defect_12_no_withdrawal_after_ten_minutes(client_as, directory, organiser, db, outbox, mail_down):
    client = client_as(organiser)
    rt = _send(client, db)
    db.session.execute(
        db.update(RoundtableInvitee)
        .where(RoundtableInvitee.roundtable_id == rt.id, RoundtableInvitee.rsvp == "pending")
        .values(invited_at=utcnow() - timedelta(minutes=11))
    )
    db.session.commit()
    assert f'action="/roundtables/{rt.id}/invite/withdraw"' not in client.get(f"/roundtables/{rt.id}").get_data(
        as_text=True
    )
    page = _withdraw(client, db, rt)
    assert "they can be withdrawn for 10 minutes only" in page
    assert all(r.rsvp == "pending" for r in rows(rt.id, "invitee"))


def test_defect_12_only_organisers_withdraw(client_as, directory, organiser, db, outbox, mail_down):
    rt = _send(client_as(organiser), db)
    response = client_as(directory[0]).post(f"/roundtables/{rt.id}/invite/withdraw")
    assert response.status_code == 403
    db.session.expire_all()
    assert all(r.rsvp == "pending" for r in rows(rt.id, "invitee"))
