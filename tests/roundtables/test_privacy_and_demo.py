"""Personal data: a person's roundtable data in "download my data", and account deletion anonymising their attendance
history (and giving back an upcoming seat). The demo step, and the email attachments the invitations rely on."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from learning_hub.auth.services import delete_account, export_my_data
from learning_hub.email import Attachment, send_email
from learning_hub.models import Profile, Roundtable, RoundtableInvitee, User, utcnow
from tests.factories import DEFAULT_PASSWORD
from tests.roundtables.helpers import create, links_by_email, rows


def _accept_first(client, db, outbox):
    rt = create(client)
    client.post(f"/roundtables/{rt.id}/invite")
    row = rows(rt.id, "invitee")[0]
    email = db.session.get(Profile, row.profile_id).user.email
    client.post(links_by_email(outbox)[email]["accept"], data={"answer": "accept"})
    return db.session.get(Roundtable, rt.id), db.session.get(RoundtableInvitee, row.id)


def test_export_contains_the_persons_roundtable_data(client_as, directory, organiser, db, outbox):
    rt, row = _accept_first(client_as(organiser), db, outbox)
    user = db.session.get(Profile, row.profile_id).user
    data = export_my_data(user)["roundtables"]
    entry = data["lists"][0]
    assert entry["roundtable"] == rt.title
    assert entry["answer"] == "accepted"
    assert entry["list"] == "invitee"
    assert entry["your_text_quoted"]
    assert entry["starts_at"].endswith("Z")
    assert export_my_data(db.session.get(User, organiser.id))["roundtables"]["roundtables_created"][0]["id"] == rt.id


def test_erasure_anonymises_history_and_gives_back_an_upcoming_seat(client_as, directory, organiser, db, outbox):
    organiser_client = client_as(organiser)
    rt, row = _accept_first(organiser_client, db, outbox)
    pinned = rows(rt.id, "invitee")[1].profile_id
    rt.pins = [pinned]
    db.session.commit()
    user = db.session.get(Profile, row.profile_id).user
    user_pinned = db.session.get(Profile, pinned).user
    assert rt.seats_taken == 1
    delete_account(user, DEFAULT_PASSWORD)
    delete_account(user_pinned, DEFAULT_PASSWORD)
    erased = db.session.get(RoundtableInvitee, row.id)
    assert erased.profile_id is None
    assert erased.rsvp == "withdrawn"
    assert erased.excerpt == ""
    assert erased.terms == []
    assert erased.rsvp_nonce is None
    assert erased.country
    rt = db.session.get(Roundtable, rt.id)
    assert rt.seats_taken == 0
    assert rt.pins == []
    page = organiser_client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "former member" in page
    assert "Left the platform" in page
    assert organiser_client.get(f"/roundtables/{rt.id}/attendees.csv?personal=1").status_code == 200


def test_erasure_keeps_past_attendance_as_anonymous_history(client_as, directory, organiser, db, outbox):
    organiser_client = client_as(organiser)
    rt, row = _accept_first(organiser_client, db, outbox)
    rt.starts_at, rt.invitation_deadline = utcnow() - timedelta(days=1), utcnow() - timedelta(days=2)
    db.session.commit()
    delete_account(db.session.get(Profile, row.profile_id).user, DEFAULT_PASSWORD)
    erased = db.session.get(RoundtableInvitee, row.id)
    assert erased.profile_id is None
    assert erased.rsvp == "accepted"
    assert db.session.get(Roundtable, rt.id).seats_taken == 1
    csv_text = organiser_client.get(f"/roundtables/{rt.id}/attendees.csv?personal=1").get_data(as_text=True)
    assert "former member" in csv_text
    delete_account(db.session.get(User, organiser.id), DEFAULT_PASSWORD)
    assert db.session.get(Roundtable, rt.id).created_by_id is None


def test_demo_step_creates_a_fair_lottery_series_and_is_idempotent(app, db, directory):
    """Two demo roundtables of one series, both drawn by the fair lottery; the second counts the first's invitees."""
    from learning_hub.roundtables.demo import DEMO_SECOND_TITLE, DEMO_SERIES, DEMO_TITLE, seed_roundtable
    from tests.factories import make_user

    assert seed_roundtable(print).startswith("skipped")
    make_user(email="organiser@example.org", roles=("organiser",), listed=False)
    first = seed_roundtable(print)
    assert first.startswith("roundtable #")
    assert first.count("12 drawn among") == 2
    assert seed_roundtable(print).endswith("already there")
    series = list(db.session.scalars(db.select(Roundtable).order_by(Roundtable.starts_at)))
    assert [rt.title for rt in series] == [DEMO_TITLE, DEMO_SECOND_TITLE]
    assert all(rt.series == DEMO_SERIES and rt.selection == "lottery" for rt in series)
    assert series[0].draw["engine"] == "fair_lottery"
    assert series[1].draw["engine"] == "fair_series"
    assert {int(pid) for pid in series[1].draw["past"]} == {r.profile_id for r in rows(series[0].id, "invitee")}
    count = db.session.scalar(db.select(db.func.count()).select_from(Roundtable).where(Roundtable.title == DEMO_TITLE))
    assert count == 1
    rt = db.session.scalar(db.select(Roundtable).where(Roundtable.title == DEMO_TITLE))
    partners = [r for r in rows(rt.id, "invitee") if r.sector == "technical_financial_partner"]
    assert len(rows(rt.id, "invitee")) == 12
    assert len(partners) >= 2


def test_send_email_carries_attachments_to_memory_and_smtp(app, db, monkeypatch):
    """The optional `attachments` of send_email reach the captured message and the SMTP MIME message."""
    calendar = Attachment("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    message = send_email(
        "a@example.org",
        "Subject",
        "reset_password",
        attachments=[calendar],
        link="http://x",
        user=SimpleNamespace(display_name="Ana"),
        hours=2,
    )
    assert message.attachments == (calendar,)
    assert (
        send_email(
            "a@example.org",
            "Subject",
            "reset_password",
            link="http://x",
            user=SimpleNamespace(display_name="Ana"),
            hours=2,
        ).attachments
        == ()
    )
    sent = []

    class FakeSMTP:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def login(self, *args):
            pass

        def send_message(self, msg):
            sent.append(msg)

    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    send_email(
        "a@example.org",
        "Subject",
        "reset_password",
        attachments=[calendar],
        link="http://x",
        user=SimpleNamespace(display_name="Ana"),
        hours=2,
    )
    db.session.commit()  # the outbox is sent once the transaction that wrote it commits
    parts = list(sent[0].iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_content_type() == "text/calendar"
    assert parts[0].get_filename() == "event.ics"
    assert parts[0].get_content().startswith("BEGIN:VCALENDAR")
