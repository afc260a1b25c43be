"""Removing a challenge or reform: a confirmation that says what happens, then a short window to restore it."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.extensions import db
from learning_hub.models import Challenge, Reform, RemovedText
from tests.factories import make_user

CHALLENGE = "Our beneficial ownership register is never verified. Shell companies hide the real owners."


def test_defect_12_removing_a_challenge_asks_first_and_can_be_undone(client_as):
    user = make_user(challenges=(CHALLENGE,))
    challenge_id = user.profile.challenges[0].id
    client = client_as(user)
    page = client.get("/profile").get_data(as_text=True)
    # No one-click removal on the profile page: the button leads to a confirmation.
    assert f'action="/profile/challenges/{challenge_id}/delete"' not in page
    assert f'href="/profile/challenges/{challenge_id}/delete"' in page
    confirm = client.get(f"/profile/challenges/{challenge_id}/delete")
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "Remove this challenge?" in text
    assert "You can restore it from your profile for 10 minutes." in text
    assert db.session.get(Challenge, challenge_id) is not None  # GET changes nothing

    done = client.post(f"/profile/challenges/{challenge_id}/delete", follow_redirects=True)
    assert "You can restore it below for 10 minutes." in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Challenge, challenge_id) is None
    (removed,) = db.session.scalars(db.select(RemovedText)).all()
    page = client.get("/profile").get_data(as_text=True)
    assert "Recently removed" in page
    assert f'action="/profile/removed/{removed.id}/restore"' in page

    restored = client.post(f"/profile/removed/{removed.id}/restore", follow_redirects=True)
    assert "Restored." in restored.get_data(as_text=True)
    db.session.expire_all()
    assert [
        c.text for c in db.session.scalars(db.select(Challenge).where(Challenge.profile_id == user.profile.id))
    ] == [CHALLENGE]
    assert db.session.scalars(db.select(RemovedText)).all() == []


def test_defect_12_a_reform_cannot_be_restored_after_the_window_nor_by_someone_else(client_as):
    owner = make_user(reforms=({"title": "Open contracting portal", "description": "We publish every contract."},))
    other = make_user()
    reform_id = owner.profile.reforms[0].id
    client = client_as(owner)
    client.post(f"/profile/reforms/{reform_id}/delete")
    removed = db.session.scalars(db.select(RemovedText)).one()
    assert removed.fields["title"] == "Open contracting portal"
    client_as(other).post(f"/profile/removed/{removed.id}/restore")
    assert db.session.scalars(db.select(Reform)).all() == []
    removed.removed_at -= timedelta(minutes=11)
    db.session.commit()
    assert "Recently removed" not in client.get("/profile").get_data(as_text=True)
    late = client.post(f"/profile/removed/{removed.id}/restore", follow_redirects=True)
    assert "can no longer be undone" in late.get_data(as_text=True)
    assert db.session.scalars(db.select(Reform)).all() == []
