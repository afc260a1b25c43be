"""Undoing a publication: for ten minutes after publishing, and while nobody has answered a suggestion, the
coordinator can take the suggestions off the dashboards again; emails still in the outbox are cancelled and the
page says how many had already left."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from learning_hub.extensions import db
from learning_hub.models import (
    AuditEvent,
    EmailStatus,
    MatchRun,
    Notification,
    NotificationPreference,
    OutgoingEmailRow,
    utcnow,
)
from tests.peer_exchange.helpers import pairs_of


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="suggestion" aria-labelledby="suggestion-(\d+)"', page)


def _publish(client, run, **form):
    response = client.post(f"/peers/runs/{run.id}/publish", data=form, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _unpublish(client, run):
    response = client.post(f"/peers/runs/{run.id}/unpublish", follow_redirects=True)
    assert response.status_code == 200
    db.session.expire_all()
    return response.get_data(as_text=True)


def _suggestion_notifications() -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.kind == "peer_suggestions"))


def _listed(cohort):
    return [user for user in cohort.values() if user.profile is not None and user.profile.is_listed]


def test_defect_12_a_published_run_can_be_unpublished(cohort, start_run, as_coordinator, client_as):
    """Within the window, nobody having answered: the suggestions leave every dashboard, the notifications go,
    the run is "ready" again (reviewable and publishable) and the undo is in the audit log."""
    run = start_run()
    confirmation = as_coordinator.get(f"/peers/runs/{run.id}/publish").get_data(as_text=True)
    assert "For 10 minutes, and while nobody has answered a suggestion, you can unpublish it" in confirmation
    page = _publish(as_coordinator, run)
    assert "You can unpublish from this page for 10 minutes" in page
    assert f'action="/peers/runs/{run.id}/unpublish"' in page
    assert any(_cards(client_as(user).get("/dashboard").get_data(as_text=True)) for user in _listed(cohort))
    assert _suggestion_notifications() == 2 * len(pairs_of(run))

    page = _unpublish(as_coordinator, run)
    assert "Unpublished: participants no longer see this run" in page
    assert db.session.get(MatchRun, run.id).status == "ready"
    assert db.session.get(MatchRun, run.id).published_at is None
    for user in _listed(cohort):
        assert _cards(client_as(user).get("/dashboard").get_data(as_text=True)) == [], user.email
    pair = pairs_of(run)[0]
    by_profile = {user.profile.id: user for user in cohort.values()}
    assert client_as(by_profile[pair.a_profile_id]).get(f"/peers/suggestions/{pair.id}").status_code == 404
    assert _suggestion_notifications() == 0
    assert db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.action == "peer_exchange.unpublished"))
    # The run can be reviewed and published again.
    assert f'href="/peers/runs/{run.id}/publish"' in as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    _publish(as_coordinator, run)
    assert db.session.get(MatchRun, run.id).status == "published"


def test_defect_12_unpublishing_gives_back_what_the_publication_withdrew(cohort, start_run, as_coordinator):
    """Publishing a second run with "replace" withdrew the first run's unanswered suggestions; unpublishing the
    second shows them again, exactly as before."""
    first = start_run()
    _publish(as_coordinator, first)
    second = start_run()
    _publish(as_coordinator, second, mode="replace")
    db.session.expire_all()
    assert all(pair.withdrawn_at is not None for pair in pairs_of(first))

    _unpublish(as_coordinator, second)
    assert all(pair.withdrawn_at is None and pair.withdrawn_by_run_id is None for pair in pairs_of(first))
    assert all(pair.withdrawn_at is None for pair in pairs_of(second))
    assert db.session.get(MatchRun, first.id).status == "published"


def test_defect_12_no_undo_once_someone_answered(cohort, start_run, as_coordinator, client_as):
    run = start_run()
    _publish(as_coordinator, run)
    pair = pairs_of(run)[0]
    by_profile = {user.profile.id: user for user in cohort.values()}
    client_as(by_profile[pair.a_profile_id]).post(f"/peers/suggestions/{pair.id}/respond", data={"answer": "accept"})

    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert f'action="/peers/runs/{run.id}/unpublish"' not in page
    assert "Someone has already answered one of these suggestions" in page
    page = _unpublish(as_coordinator, run)
    assert "Someone has already answered one of these suggestions" in page
    assert db.session.get(MatchRun, run.id).status == "published"


def test_defect_12_no_undo_after_ten_minutes(cohort, start_run, as_coordinator):
    run = start_run()
    _publish(as_coordinator, run)
    db.session.execute(
        db.update(MatchRun).where(MatchRun.id == run.id).values(published_at=utcnow() - timedelta(minutes=11))
    )
    db.session.commit()
    assert f'action="/peers/runs/{run.id}/unpublish"' not in as_coordinator.get(f"/peers/runs/{run.id}").get_data(
        as_text=True
    )
    page = _unpublish(as_coordinator, run)
    assert "Publishing can be undone for 10 minutes only." in page
    assert db.session.get(MatchRun, run.id).status == "published"


def test_defect_12_no_undo_once_a_later_run_was_published(cohort, start_run, as_coordinator):
    """The later publication decided what to withdraw knowing this one: undoing the earlier one would leave the
    dashboards in a state neither publication described."""
    first = start_run()
    _publish(as_coordinator, first)
    second = start_run()
    _publish(as_coordinator, second, mode="keep_new")
    page = _unpublish(as_coordinator, first)
    assert "Another list was published after this one" in page
    assert db.session.get(MatchRun, first.id).status == "published"


@pytest.fixture
def email_channel(cohort):
    """Amina and Carla chose to get peer suggestions by email at once (the default is a daily digest)."""
    for name in ("Amina", "Carla"):
        db.session.add(NotificationPreference(user_id=cohort[name].id, kind="peer_suggestions", channel="email"))
    db.session.commit()
    return [cohort["Amina"], cohort["Carla"]]


def _suggestion_emails(users) -> dict[str, int]:
    rows = db.session.scalars(
        db.select(OutgoingEmailRow).where(
            OutgoingEmailRow.template == "notification",
            OutgoingEmailRow.to_address.in_([u.email for u in users]),
        )
    ).all()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts


def test_defect_12_unpublish_says_the_sent_emails_cannot_be_recalled(cohort, start_run, as_coordinator, email_channel):
    run = start_run()
    _publish(as_coordinator, run)
    sent = _suggestion_emails(email_channel)
    assert set(sent) == {EmailStatus.SENT.value}
    page = as_coordinator.get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert f"{sent['sent']} suggestion emails have already been sent and cannot be recalled" in page

    page = _unpublish(as_coordinator, run)
    assert f"{sent['sent']} suggestion email(s) had already been sent and cannot be recalled" in page
    assert "were cancelled" not in page


def test_defect_12_unpublish_cancels_the_emails_still_in_the_outbox(
    cohort, start_run, as_coordinator, email_channel, monkeypatch
):
    """The mail server is unreachable: the suggestion emails wait in the outbox for a retry. Unpublishing cancels
    them, so none leaves once the server is back."""

    def unreachable(message):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("learning_hub.email.deliver", unreachable)
    run = start_run()
    _publish(as_coordinator, run)
    waiting = _suggestion_emails(email_channel)
    assert set(waiting) == {EmailStatus.PENDING.value}

    page = _unpublish(as_coordinator, run)
    assert f"{waiting['pending']} suggestion email(s) had not left yet and were cancelled" in page
    assert "cannot be recalled" not in page
    assert _suggestion_emails(email_channel) == {}


def test_defect_12_only_coordinators_unpublish(cohort, start_run, as_coordinator, client_as):
    run = start_run()
    _publish(as_coordinator, run)
    response = client_as(cohort["Amina"]).post(f"/peers/runs/{run.id}/unpublish")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "published"
