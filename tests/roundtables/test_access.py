"""Who reaches what, on a real roundtable and a real invitation (the matrix test checks the gate on absent objects):
organisers and admins reach every organiser page; everyone else is refused and changes nothing; an invitation page
is its owner's only."""

from __future__ import annotations

from learning_hub.models import Profile
from tests.helpers import ROLES, changed_tables, snapshot
from tests.roundtables.helpers import create, rows

GETS = ("", "/edit", "/attendees.csv", "/attendees.csv?personal=1", "/sign-in", "/sign-in.pdf", "/event.ics")
POSTS = ("/generate", "/invite", "/remind", "/people/{pid}", "/people/{pid}/invite", "/edit")


def test_organiser_pages_by_role(client_as, directory, organiser, role_users, db):
    rt = create(client_as(organiser))
    pid = rows(rt.id, "invitee")[0].profile_id
    checked = 0
    for role in ROLES:
        user = role_users[role]
        client = client_as(user)
        allowed = role in ("organiser", "admin")
        for suffix in GETS:
            response = client.get(f"/roundtables/{rt.id}{suffix}")
            status = response.status_code
            response.close()
            if allowed:
                assert status == 200, (role, suffix, status)
            elif role == "anonymous":
                assert status == 302, (role, suffix)
                assert "/login" in response.headers["Location"], (role, suffix)
            else:
                assert status == 403, (role, suffix, status)
            checked += 1
        if allowed:
            continue
        for suffix in POSTS:
            before = snapshot()
            response = client.post(f"/roundtables/{rt.id}{suffix.format(pid=pid)}", data={"action": "exclude"})
            assert response.status_code in ((302,) if role == "anonymous" else (403,)), (role, suffix)
            assert changed_tables(before, snapshot()) == [], (role, suffix)
            checked += 1
    print(f"\n{checked} role x roundtable-page checks")


def test_invitation_pages_belong_to_their_owner(client_as, directory, organiser, role_users, db, outbox):
    organiser_client = client_as(organiser)
    rt = create(organiser_client)
    organiser_client.post(f"/roundtables/{rt.id}/invite")
    row = rows(rt.id, "invitee")[0]
    owner = db.session.get(Profile, row.profile_id).user
    assert client_as(owner).get(f"/roundtables/invitations/{row.id}").status_code == 200
    for role in ROLES:
        client = client_as(role_users[role])
        response = client.get(f"/roundtables/invitations/{row.id}")
        expected = (302,) if role == "anonymous" else (404,)  # even organisers and admins: it is the owner's page
        assert response.status_code in expected, (role, response.status_code)
