"""Invitations through HTTP: emails with confirmation links and a calendar file, answers (GET never acts), a decline
promoting the first substitute who keeps every quota, changes of mind, the deadline, reminders, manual invitations,
and the signed-in invitee's own page."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.models import AuditEvent, Profile, Roundtable, RoundtableInvitee, utcnow
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.roundtables.helpers import create, form_data, links_by_email, quota, rows


def _invited(client, db, outbox, **form):
    rt = create(client, **form)
    response = client.post(f"/roundtables/{rt.id}/invite")
    assert response.status_code == 302
    return db.session.get(Roundtable, rt.id), links_by_email(outbox)


def _email_of(db, row: RoundtableInvitee) -> str:
    return db.session.get(Profile, row.profile_id).user.email


def _country(db, row) -> str:
    return db.session.get(Profile, row.profile_id).country


def test_sending_emails_every_invitee_with_links_and_a_calendar(client_as, client, directory, organiser, db, outbox):
    rt, links = _invited(client_as(organiser), db, outbox)
    assert rt.status == "inviting"
    assert len(outbox) == 6
    assert len(links) == 6
    message = outbox[0]
    assert message.subject == "Invitation: Ownership roundtable"
    assert "(Africa/Nairobi)" in message.text
    assert "UTC" in message.text
    assert "Please answer by" in message.text
    assert "confirm your answer" in message.text
    assert message.attachments[0].filename == f"roundtable-{rt.id}.ics"
    assert message.attachments[0].mimetype == "text/calendar"
    assert message.attachments[0].data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(r.rsvp == "pending" and r.rsvp_nonce and r.invited_at for r in rows(rt.id, "invitee"))
    assert all(r.rsvp == "none" and r.rsvp_nonce is None for r in rows(rt.id, "substitute"))
    assert set(links) == {_email_of(db, r) for r in rows(rt.id, "invitee")}
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "roundtable.invitations_sent"))
    assert (event.actor_id, event.target_id, event.details) == (organiser.id, str(rt.id), {"invitees": 6})


def test_a_link_opened_by_a_scanner_changes_nothing(client, client_as, directory, organiser, db, outbox):
    """GET on the accept link shows a confirmation page; only its POST answers."""
    _rt, links = _invited(client_as(organiser), db, outbox)
    accept = next(iter(links.values()))["accept"]
    before = snapshot()
    for path in (accept + "?answer=accept", accept + "?answer=decline", accept, accept + "/event.ics"):
        response = client.get(path)
        assert response.status_code == 200
        response.close()
    assert changed_tables(before, snapshot()) == []
    page = client.get(accept + "?answer=accept").get_data(as_text=True)
    assert "Confirm that you accept" in page
    assert "Nothing changes until you press a button" in page


def test_accept_takes_a_seat_and_is_idempotent(client, client_as, directory, organiser, db, outbox):
    rt, links = _invited(client_as(organiser), db, outbox)
    _email, link = next(iter(links.items()))
    response = client.post(link["accept"], data={"answer": "accept"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(link["accept"])
    assert "your seat is confirmed" in client.get(link["accept"]).get_data(as_text=True)
    client.post(link["accept"], data={"answer": "accept"})
    rt = db.session.get(Roundtable, rt.id)
    assert rt.seats_taken == 1
    assert "You had already accepted" in client.get(link["accept"]).get_data(as_text=True)


def test_a_decline_promotes_the_first_substitute_who_keeps_every_quota(
    client, client_as, directory, organiser, db, outbox
):
    """At least 3 of 6 seats for Kenya, and exactly 3 Kenyans on the list: when one declines, the first Kenyan on the
    waiting list is invited, though people from elsewhere rank above them."""
    data = quota(form_data(), 0, "country:KE", "3")
    rt, links = _invited(client_as(organiser), db, outbox, **data)
    kenyans = [r for r in rows(rt.id, "invitee") if _country(db, r) == "KE"]
    assert len(kenyans) == 3
    waiting = rows(rt.id, "substitute")
    first_kenyan = next(r for r in waiting if _country(db, r) == "KE")
    assert _country(db, waiting[0]) != "KE"
    assert first_kenyan.rank > 1
    leaving = kenyans[0]
    sent_before = len(outbox)
    response = client.post(links[_email_of(db, leaving)]["decline"], data={"answer": "decline"})
    assert response.status_code == 302
    promoted = db.session.get(RoundtableInvitee, first_kenyan.id)
    assert promoted.list_role == "invitee"
    assert promoted.rsvp == "pending"
    assert promoted.promoted_at
    assert db.session.get(RoundtableInvitee, leaving.id).rsvp == "declined"
    assert len(outbox) == sent_before + 1
    assert outbox[-1].to == _email_of(db, promoted)
    holding = [r for r in rows(rt.id, "invitee") if r.rsvp in ("pending", "accepted")]
    assert len(holding) == 6
    assert sum(_country(db, r) == "KE" for r in holding) == 3
    page = client_as(organiser).get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "from the waiting list" in page
    assert "Declined" in page


def test_changing_ones_mind_gives_the_seat_back_and_respects_full_seats(
    client, client_as, directory, organiser, db, outbox
):
    rt, links = _invited(client_as(organiser), db, outbox)
    first, second = list(links.values())[:2]
    client.post(first["accept"], data={"answer": "accept"})
    assert db.session.get(Roundtable, rt.id).seats_taken == 1
    client.post(first["accept"], data={"answer": "decline"})  # accepted, then declined: the seat is given back
    rt = db.session.get(Roundtable, rt.id)
    assert rt.seats_taken == 0
    assert len(outbox) == 7
    # Everyone holding a seat accepts; the person who declined cannot come back: every seat is taken.
    for link in links_by_email(outbox).values():
        if link["accept"] != first["accept"]:
            client.post(link["accept"], data={"answer": "accept"})
    assert db.session.get(Roundtable, rt.id).seats_taken == 6
    before = snapshot()
    client.post(first["accept"], data={"answer": "accept"})
    assert changed_tables(before, snapshot()) == []
    assert "all 6 seats have been taken" in client.get(first["accept"]).get_data(as_text=True)
    assert second  # the second invitee's link stayed valid throughout
    assert client.get(second["accept"]).status_code == 200


def test_no_substitute_leaves_a_free_seat_the_organiser_can_fill(client, client_as, directory, organiser, db, outbox):
    """Every partner is on the list (at least 4 of 6): when one declines nobody keeps the quota, so the seat stays
    free until the organiser invites someone from the waiting list by hand."""
    data = quota(form_data(), 0, "partner:", "4")
    organiser_client = client_as(organiser)
    rt, links = _invited(organiser_client, db, outbox, **data)
    partner = next(r for r in rows(rt.id, "invitee") if r.sector == "technical_financial_partner")
    client.post(links[_email_of(db, partner)]["decline"], data={"answer": "decline"})
    assert len(outbox) == 6
    page = organiser_client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "1 seat not offered to anyone yet" in page
    assert "Invite to a free seat" in page
    substitute = rows(rt.id, "substitute")[0]
    response = organiser_client.post(f"/roundtables/{rt.id}/people/{substitute.profile_id}/invite")
    assert response.status_code == 302
    assert db.session.get(RoundtableInvitee, substitute.id).rsvp == "pending"
    assert len(outbox) == 7
    other = rows(rt.id, "substitute")[0]
    before = snapshot()
    organiser_client.post(f"/roundtables/{rt.id}/people/{other.profile_id}/invite")
    assert changed_tables(before, snapshot()) == []
    assert "Every seat is taken or offered" in organiser_client.get(f"/roundtables/{rt.id}").get_data(as_text=True)


def test_the_deadline_closes_answers_sending_and_reminders(client, client_as, directory, organiser, db, outbox):
    organiser_client = client_as(organiser)
    rt, links = _invited(organiser_client, db, outbox)
    link = next(iter(links.values()))
    rt.invitation_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    pending = rows(rt.id, "invitee")[0]
    before = snapshot()
    client.post(link["accept"], data={"answer": "accept"})
    client.post(link["decline"], data={"answer": "decline"})
    organiser_client.post(f"/roundtables/{rt.id}/remind", data={"invitees": [str(pending.id)]})
    organiser_client.post(f"/roundtables/{rt.id}/invite")
    assert changed_tables(before, snapshot()) == []
    assert len(outbox) == 6
    page = client.get(link["accept"]).get_data(as_text=True)
    assert "The deadline for answers has passed" in page
    assert "Accept the invitation" not in page


def test_reminders_go_to_the_chosen_pending_invitees_only(client, client_as, directory, organiser, db, outbox):
    organiser_client = client_as(organiser)
    rt, links = _invited(organiser_client, db, outbox)
    answered = rows(rt.id, "invitee")[0]
    client.post(links[_email_of(db, answered)]["accept"], data={"answer": "accept"})
    page = organiser_client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "Reminders" in page
    assert f'value="{answered.id}"' not in page.split('id="reminders"')[1]
    chosen = [r for r in rows(rt.id, "invitee") if r.rsvp == "pending"][:2]
    response = organiser_client.post(f"/roundtables/{rt.id}/remind", data={"invitees": [str(r.id) for r in chosen]})
    assert response.status_code == 302
    reminders = outbox[6:]
    assert sorted(m.to for m in reminders) == sorted(_email_of(db, r) for r in chosen)
    assert all(m.subject.startswith("Reminder:") and "This is a reminder" in m.text for m in reminders)
    assert [db.session.get(RoundtableInvitee, r.id).reminder_count for r in chosen] == [1, 1]
    assert links_by_email(reminders)[reminders[0].to] == links[reminders[0].to]  # the same links work
    before = snapshot()
    for bad in ([str(answered.id)], [], ["abc"]):
        organiser_client.post(f"/roundtables/{rt.id}/remind", data={"invitees": bad})
    assert changed_tables(before, snapshot()) == []
    assert len(outbox) == 8


def test_forged_and_mangled_links_are_404(client, client_as, directory, organiser, db, outbox):
    _rt, links = _invited(client_as(organiser), db, outbox)
    good = next(iter(links.values()))["accept"]
    token = good.rsplit("/", 1)[1]
    from itsdangerous import URLSafeSerializer

    forged = URLSafeSerializer("not-the-secret", salt="roundtable-rsvp").dumps([1, "guess"])
    wrong_nonce = URLSafeSerializer("testing-not-secret", salt="roundtable-rsvp").dumps([1, "guess"])
    for bad in (token[:-2] + "xx", forged, wrong_nonce, "x" * 3000, "%00"):
        assert client.get(f"/roundtables/rsvp/{bad}").status_code == 404
        assert client.post(f"/roundtables/rsvp/{bad}", data={"answer": "accept"}).status_code == 404
    response = client.post(good, data={"answer": "maybe"})
    assert response.status_code == 422
    assert "Answer with accept or decline" in response.get_data(as_text=True)


def test_a_signed_in_invitee_answers_on_their_own_page(client_as, directory, organiser, db, outbox):
    rt, _links = _invited(client_as(organiser), db, outbox)
    row = rows(rt.id, "invitee")[0]
    owner = db.session.get(Profile, row.profile_id).user
    client = client_as(owner)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Roundtable invitations" in dashboard
    assert f"/roundtables/invitations/{row.id}" in dashboard
    assert client.get(f"/roundtables/invitations/{row.id}").status_code == 200
    assert client.post(f"/roundtables/invitations/{row.id}", data={"answer": "accept"}).status_code == 302
    assert db.session.get(RoundtableInvitee, row.id).rsvp == "accepted"
    ics = client.get(f"/roundtables/invitations/{row.id}/event.ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    stranger = client_as(make_user())
    before = snapshot()
    assert stranger.get(f"/roundtables/invitations/{row.id}").status_code == 404
    assert stranger.post(f"/roundtables/invitations/{row.id}", data={"answer": "decline"}).status_code == 404
    assert stranger.get(f"/roundtables/invitations/{row.id}/event.ics").status_code == 404
    assert changed_tables(before, snapshot()) == []
    substitute = rows(rt.id, "substitute")[0]
    waiting_owner = db.session.get(Profile, substitute.profile_id).user
    assert client_as(waiting_owner).get(f"/roundtables/invitations/{substitute.id}").status_code == 404


def test_organiser_dashboard_shows_upcoming_roundtables(client_as, directory, organiser):
    client = client_as(organiser)
    create(client)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Upcoming roundtables" in page
    assert "Ownership roundtable" in page
    assert "0 of 6 seats taken" in page


def test_a_failed_send_keeps_the_rest_for_later(client_as, directory, organiser, db, outbox, monkeypatch):
    """The mail server fails on the third invitation: two people are invited, the job says what failed, and
    "Send the remaining invitations" invites the others (nobody twice)."""
    from learning_hub.roundtables import mailing

    real, calls = mailing.send_email, []

    def flaky(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 3:
            raise OSError("mail server unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(mailing, "send_email", flaky)
    client = client_as(organiser)
    rt = create(client)
    client.post(f"/roundtables/{rt.id}/invite")
    assert [r.rsvp for r in rows(rt.id, "invitee")].count("pending") == 2
    assert len(outbox) == 2
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "mail server unavailable" in page
    assert "Send the remaining invitations" in page
    client.post(f"/roundtables/{rt.id}/invite")
    assert all(r.rsvp == "pending" for r in rows(rt.id, "invitee"))
    assert len(outbox) == 6
    assert len({m.to for m in outbox}) == 6


def test_emails_speak_the_invitees_language(client_as, directory, organiser, db, outbox):
    """Dates in the email follow the recipient's locale (Babel's calendar data), whoever sends it."""
    client = client_as(organiser)
    rt = create(client)
    row = rows(rt.id, "invitee")[0]
    user = db.session.get(Profile, row.profile_id).user
    user.locale = "es"
    db.session.commit()
    client.post(f"/roundtables/{rt.id}/invite")
    message = next(m for m in outbox if m.to == user.email)
    month = {
        1: "enero",
        2: "febrero",
        3: "marzo",
        4: "abril",
        5: "mayo",
        6: "junio",
        7: "julio",
        8: "agosto",
        9: "septiembre",
        10: "octubre",
        11: "noviembre",
        12: "diciembre",
    }[rt.starts_at.month]
    assert month in message.text


def test_defect_12_sending_invitations_is_confirmed_with_the_number_of_people(
    client_as, directory, organiser, db, outbox
):
    """The page's button leads to a confirmation naming how many people will be emailed; only its POST sends."""
    client = client_as(organiser)
    rt = create(client)
    detail = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert f'action="/roundtables/{rt.id}/invite"' not in detail
    assert f'href="/roundtables/{rt.id}/invite"' in detail
    before = snapshot()
    confirm = client.get(f"/roundtables/{rt.id}/invite")
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
    assert outbox == []
    invitees = rows(rt.id, "invitee")
    assert f"{len(invitees)} people will be emailed an invitation now." in text
    assert "Sending fixes the list" in text
    assert f"Send {len(invitees)} invitations" in text
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    assert len(outbox) == len(invitees)
