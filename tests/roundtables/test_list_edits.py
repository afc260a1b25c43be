"""Pinning and removing people regenerates the list and keeps every earlier edit; an edit that leaves no feasible
list is refused with the conflict and changes nothing; once invitations are out the list is fixed."""

from __future__ import annotations

from learning_hub.models import Roundtable
from tests.helpers import changed_tables, snapshot
from tests.roundtables.helpers import create, form_data, quota, rows


def _act(client, rt_id: int, profile_id: int, action: str):
    return client.post(f"/roundtables/{rt_id}/people/{profile_id}", data={"action": action})


def test_remove_then_pin_regenerates_keeping_both_edits(client_as, directory, organiser, db):
    client = client_as(organiser)
    rt = create(client)
    removed = rows(rt.id, "invitee")[0].profile_id
    response = _act(client, rt.id, removed, "exclude")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#list")
    listed = {r.profile_id for r in rows(rt.id)}
    assert removed not in listed
    substitute = rows(rt.id, "substitute")[-1].profile_id  # the least relevant person on the waiting list
    _act(client, rt.id, substitute, "pin")
    invited = {r.profile_id: r for r in rows(rt.id, "invitee")}
    assert substitute in invited
    assert invited[substitute].pinned
    assert removed not in invited
    client.post(f"/roundtables/{rt.id}/generate")  # a plain regeneration keeps both edits too
    invited = {r.profile_id for r in rows(rt.id, "invitee")}
    assert substitute in invited
    assert removed not in invited
    rt = db.session.get(Roundtable, rt.id)
    assert rt.pins == [substitute]
    assert rt.excludes == [removed]
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "Removed from the list" in page
    assert "pinned" in page


def test_restore_and_unpin(client_as, directory, organiser, db):
    client = client_as(organiser)
    rt = create(client)
    person = rows(rt.id, "invitee")[0].profile_id
    _act(client, rt.id, person, "exclude")
    _act(client, rt.id, person, "include")
    assert person in {r.profile_id for r in rows(rt.id, "invitee")}
    _act(client, rt.id, person, "pin")
    _act(client, rt.id, person, "unpin")
    rt = db.session.get(Roundtable, rt.id)
    assert rt.pins == []
    assert rt.excludes == []


def test_an_edit_that_breaks_the_quotas_is_refused_and_changes_nothing(client_as, directory, organiser, db):
    """With at least 4 partners required and exactly 4 listed, removing one leaves no list: the message says so."""
    data = quota(form_data(), 0, "partner:", "4")
    client = client_as(organiser)
    rt = create(client, **data)
    partner = next(r.profile_id for r in rows(rt.id, "invitee") if r.sector == "technical_financial_partner")
    before = snapshot()
    response = _act(client, rt.id, partner, "exclude")
    assert response.status_code == 302
    assert changed_tables(before, snapshot()) == []
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "These rules cannot all hold for 6 seats" in page
    assert "lower the minimum for technical and financial partners from 4 to 3 seats" in page


def test_bad_person_actions(client_as, directory, organiser):
    client = client_as(organiser)
    rt = create(client)
    stranger = directory[23].profile.id
    listed = {r.profile_id for r in rows(rt.id)}
    assert stranger not in listed
    assert _act(client, rt.id, stranger, "pin").status_code == 404
    before = snapshot()
    response = _act(client, rt.id, rows(rt.id)[0].profile_id, "explode")
    assert response.status_code == 302
    assert changed_tables(before, snapshot()) == []
    assert "Choose to pin, unpin, remove or restore" in client.get(f"/roundtables/{rt.id}").get_data(as_text=True)


def test_the_list_is_fixed_once_invitations_are_out(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = create(client)
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    person = rows(rt.id, "invitee")[0].profile_id
    before = snapshot()
    _act(client, rt.id, person, "exclude")
    client.post(f"/roundtables/{rt.id}/generate")
    assert changed_tables(before, snapshot()) == []
    page = client.get(f"/roundtables/{rt.id}").get_data(as_text=True)
    assert "Invitations are out" in page
    edit = client.get(f"/roundtables/{rt.id}/edit").get_data(as_text=True)
    assert 'name="seats"' not in edit
    assert 'name="quotas-0-who"' not in edit
    response = client.post(f"/roundtables/{rt.id}/edit", data=form_data(title="Only the title changes", seats="12"))
    assert response.status_code == 302
    rt = db.session.get(Roundtable, rt.id)
    assert rt.title == "Only the title changes"
    assert rt.seats == 6
