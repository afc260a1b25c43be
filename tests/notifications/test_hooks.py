"""Existing events reach /notifications: a published match list, mentoring requests and answers, roundtable
invitations (those two keep their own emails with answer links, so the notification is not emailed again)."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.email import absolute_url as link
from learning_hub.mentoring.notify import Mail, send_all
from learning_hub.models import MatchPair, MatchRun, Notification, Roundtable, RoundtableInvitee, utcnow
from learning_hub.models.peer_exchange import pair_key
from learning_hub.notifications import services
from learning_hub.peer_exchange import services as peer_services
from tests.factories import make_user


def _notifications(db, user):
    return db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)).all()


def test_publishing_a_run_notifies_both_people_of_each_active_pair(app, db, outbox):
    coordinator = make_user(roles=("coordinator",))
    ana, ben, cy = make_user(display_name="Ana"), make_user(display_name="Ben"), make_user(display_name="Cy")
    run = MatchRun(name="Spring", status="ready", created_by_id=coordinator.id)
    db.session.add(run)
    db.session.flush()
    for a, b, state in ((ana, ben, "suggested"), (ana, cy, "rejected")):
        db.session.add(
            MatchPair(
                run_id=run.id,
                pair_key=pair_key(a.profile.id, b.profile.id),
                a_profile_id=a.profile.id,
                b_profile_id=b.profile.id,
                score=0.7,
                state=state,
            )
        )
    db.session.commit()
    services.set_channels(ben, {"peer_suggestions": "email"})
    peer_services.publish(coordinator, run.id)
    assert [services.title_of(n.kind, n.params) for n in _notifications(db, ana)] == ["New peer suggestion: Ben"]
    assert len(_notifications(db, ben)) == 1
    assert _notifications(db, cy) == []  # a rejected pair is not published
    assert [m.to for m in outbox] == [ben.email]  # Ben chose email; Ana gets it in her daily digest


def test_mentoring_offer_and_answer_are_notifications_not_second_emails(app, db, outbox):
    mentor, mentee = make_user(mentor_capacity=1), make_user(display_name="Mia")
    services.set_channels(mentor, {"mentoring_request": "email"})
    send_all(
        [
            Mail(
                mentor.profile.id,
                "offer",
                "A mentoring request for you",
                {
                    "requester": "Mia",
                    "requester_country": "KE",
                    "need": "help",
                    "languages": ["en"],
                    "excerpt": "",
                    "terms": [],
                    "due_at": utcnow(),
                    "origin": "requester",
                    "accept_link": "x",
                    "decline_link": "y",
                    "inbox_link": link("mentoring.inbox"),
                },
            ),
            Mail(mentee.profile.id, "accepted", "accepted", {"mentor": "Max", "mentor_email": "m@x", "link": "z"}),
        ]
    )
    assert len(outbox) == 2  # the two mentoring emails, no notification email on top
    (offer,) = _notifications(db, mentor)
    assert services.title_of(offer.kind, offer.params) == "Mia asked you to mentor them"
    assert offer.link == "/mentoring/inbox"
    (answer,) = _notifications(db, mentee)
    assert services.title_of(answer.kind, answer.params) == "Max accepted to mentor you"


def test_roundtable_invitation_is_a_notification(app, db, outbox):
    from learning_hub.roundtables.mailing import send_task

    organiser, guest = make_user(roles=("organiser",)), make_user()
    start = utcnow() + timedelta(days=30)
    roundtable = Roundtable(
        title="Open budgets",
        topic="budgets",
        starts_at=start,
        time_zone="UTC",
        seats=3,
        invitation_deadline=start - timedelta(days=5),
        status="inviting",
        created_by_id=organiser.id,
    )
    db.session.add(roundtable)
    db.session.flush()
    db.session.add(
        RoundtableInvitee(roundtable_id=roundtable.id, profile_id=guest.profile.id, list_role="invitee", rank=1)
    )
    db.session.commit()
    result = send_task(None, lambda *a: None, roundtable.id, "invite")
    assert result["sent"] == 1
    (notification,) = _notifications(db, guest)
    assert services.title_of(notification.kind, notification.params) == "You are invited to the roundtable Open budgets"
    assert notification.emailed_at is not None  # the invitation email told them
    assert len(outbox) == 1
