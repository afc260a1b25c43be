"""Outcome follow-up: check-ins at 30/90/180 days (the clock moved by the `now` parameter), idempotent; the one-page
form; the coordinators' funnel with small cells suppressed in aggregates and the named view on purpose."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from learning_hub.models import CheckIn, Connection, Notification
from learning_hub.notifications import funnel, tasks
from tests.factories import make_user
from tests.helpers import login
from tests.notifications.helpers import T0, make_introduced_pair


def _checkins(db):
    return db.session.scalars(db.select(CheckIn).order_by(CheckIn.id)).all()


def test_checkins_appear_at_30_days_not_before_and_only_once(app, db, outbox):
    ana = make_user(display_name="Ana", locale="es", country="CO")
    ben = make_user(display_name="Ben", locale="en", country="KE")
    make_introduced_pair(ana, ben)

    assert tasks.checkins_due(T0 + timedelta(days=29, hours=23)) == 0
    assert _checkins(db) == []

    assert tasks.checkins_due(T0 + timedelta(days=30)) == 2
    rows = _checkins(db)
    assert sorted((c.profile_id, c.day) for c in rows) == sorted([(ana.profile.id, 30), (ben.profile.id, 30)])
    titles = {n.user_id: n for n in db.session.scalars(db.select(Notification))}
    assert set(titles) == {ana.id, ben.id}
    # check-ins are emailed at once by default, each in its person's language, with the one-click headers
    assert sorted(m.to for m in outbox) == sorted([ana.email, ben.email])
    spanish = next(m for m in outbox if m.to == ana.email)
    assert spanish.subject == "30 días después: ¿cómo le fue con Ben?"
    assert spanish.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/checkins/{rows[0].id}" in "".join(m.text for m in outbox)

    assert tasks.checkins_due(T0 + timedelta(days=31)) == 0  # idempotent
    assert tasks.run_due(T0 + timedelta(days=31))["notifications.checkins"] == 0
    assert len(outbox) == 2

    assert tasks.checkins_due(T0 + timedelta(days=90)) == 2
    assert tasks.checkins_due(T0 + timedelta(days=180)) == 2
    assert sorted({c.day for c in _checkins(db)}) == [30, 90, 180]
    assert db.session.scalar(db.select(db.func.count(Connection.id))) == 1


def test_a_late_start_sends_only_the_latest_due_checkin(app, db):
    ana, ben = make_user(), make_user()
    make_introduced_pair(ana, ben)
    assert tasks.checkins_due(T0 + timedelta(days=100)) == 2
    assert {c.day for c in _checkins(db)} == {90}


def test_run_due_cli(app, db, runner):
    ana, ben = make_user(), make_user()
    make_introduced_pair(ana, ben)
    first = runner.invoke(args=["notifications", "run-due", "--now", (T0 + timedelta(days=30)).isoformat()])
    assert first.exit_code == 0, first.output
    assert "notifications.checkins: 2" in first.output
    again = runner.invoke(args=["notifications", "run-due", "--now", (T0 + timedelta(days=30)).isoformat()])
    assert "notifications.checkins: 0" in again.output


def test_checkin_form_requires_an_artefact_for_a_reform(app, db, client):
    ana, ben = make_user(), make_user()
    make_introduced_pair(ana, ben)
    tasks.checkins_due(T0 + timedelta(days=30))
    mine = next(c for c in _checkins(db) if c.profile_id == ana.profile.id)
    theirs = next(c for c in _checkins(db) if c.profile_id == ben.profile.id)
    login(client, ana)
    assert client.get(f"/checkins/{theirs.id}").status_code == 404
    assert client.get(f"/checkins/{mine.id}").status_code == 200
    refused = client.post(f"/checkins/{mine.id}", data={"met": "yes", "outcome": "reform", "story": "We did it."})
    assert refused.status_code == 200
    db.session.refresh(mine)
    assert mine.answered_at is None
    done = client.post(
        f"/checkins/{mine.id}",
        data={
            "met": "yes",
            "outcome": "reform",
            "artefact_url": "https://www.opengovpartnership.org/commitments/KE0026/",
            "story": "Our county adopted open contracting.",
            "showcase_consent": "y",
        },
    )
    assert done.status_code == 302
    db.session.refresh(mine)
    assert (mine.met, mine.outcome, mine.showcase_consent) == (True, "reform", True)


def _answer(checkin, *, met=True, outcome="ideas", artefact=None):
    checkin.met, checkin.outcome, checkin.artefact_url = met, outcome, artefact
    checkin.answered_at = T0 + timedelta(days=31)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_funnel_suppresses_cells_under_five_except_in_the_named_view(app, db, client):
    coordinator = make_user(roles=("coordinator",))
    kenyans = [make_user(display_name=f"Kenyan {i}", country="KE") for i in range(6)]
    colombians = [make_user(display_name=f"Colombian {i}", country="CO") for i in range(6)]
    # six pairs, each a Kenyan with a Colombian: 12 people suggested and accepted
    for kenyan, colombian in zip(kenyans, colombians, strict=True):
        make_introduced_pair(kenyan, colombian, run_name=f"Run {kenyan.id}")
    tasks.checkins_due(T0 + timedelta(days=30))
    by_profile = {c.profile_id: c for c in _checkins(db)}
    # Kenya: 5 met, 3 recorded an outcome, 1 adopted a reform; Colombia: 2 met
    for i, person in enumerate(kenyans[:5]):
        outcome = "nothing" if i >= 3 else ("reform" if i == 0 else "ideas")
        _answer(
            by_profile[person.profile.id], outcome=outcome, artefact="https://example.gov/decree" if i == 0 else None
        )
    for person in colombians[:2]:
        _answer(by_profile[person.profile.id], outcome="nothing")
    db.session.commit()

    result = funnel.funnel("country", now=T0 + timedelta(days=31))
    # hand-counted: suggested 12, accepted 12, met 7, outcome 3, reform 1
    assert result.totals == {"suggested": 12, "accepted": 12, "met": 7, "outcome": 3, "reform": 1}
    assert dict(result.groups)["KE"] == {"suggested": 6, "accepted": 6, "met": 5, "outcome": 3, "reform": 1}

    login(client, coordinator)
    rows = _csv(client.get("/outcomes/export.csv?by=country"))
    assert rows[0] == ["country", "suggested", "accepted", "met", "outcome", "reform"]
    assert rows[1] == ["CO", "6", "6", "<5", "0", "0"]
    assert rows[2] == ["KE", "6", "6", "5", "<5", "<5"]
    assert rows[3] == ["total", "12", "12", "7", "<5", "<5"]
    for row in rows[1:]:
        for cell in row[1:]:
            assert cell in ("<5", "0") or int(cell) >= 5
    by_cohort = _csv(client.get("/outcomes/export.csv?by=cohort"))  # cohorts of 2 people each: all suppressed
    assert all(cell in ("<5", "0") for row in by_cohort[1:-1] for cell in row[1:])
    page = client.get("/outcomes").get_data(as_text=True)
    assert "&lt;5" in page
    assert "Kenyan 0" not in page
    assert "<svg" in page

    named = client.get("/outcomes/named").get_data(as_text=True)
    assert "Kenyan 0" in named
    assert "https://example.gov/decree" in named
    named_rows = _csv(client.get("/outcomes/named.csv"))
    assert len(named_rows) == 1 + 7


def test_only_coordinators_see_the_funnel(app, client):
    login(client, make_user())
    assert client.get("/outcomes").status_code == 403
    assert client.get("/outcomes/named.csv").status_code == 403


def test_mentorship_and_attended_roundtable_are_connections(app, db):
    from learning_hub.models import MentoringRequest, Roundtable, RoundtableInvitee

    mentee, mentor, guest = make_user(), make_user(mentor_capacity=2), make_user()
    db.session.add(
        MentoringRequest(
            requester_id=mentee.profile.id, mentor_id=mentor.profile.id, state="active", accepted_at=T0, submitted_at=T0
        )
    )
    roundtable = Roundtable(
        title="Open budgets",
        topic="budgets",
        starts_at=T0,
        time_zone="UTC",
        seats=5,
        invitation_deadline=T0 - timedelta(days=5),
        status="inviting",
    )
    db.session.add(roundtable)
    db.session.flush()
    db.session.add(
        RoundtableInvitee(
            roundtable_id=roundtable.id,
            profile_id=guest.profile.id,
            list_role="invitee",
            rank=1,
            rsvp="accepted",
            invited_at=T0 - timedelta(days=10),
        )
    )
    db.session.commit()
    assert tasks.checkins_due(T0 + timedelta(days=31)) == 3
    kinds = {c.connection.kind for c in _checkins(db)}
    assert kinds == {"mentorship", "roundtable"}


def test_export_and_erasure(app, db):
    from learning_hub.auth.services import delete_account, export_my_data
    from tests.factories import DEFAULT_PASSWORD

    ana, ben = make_user(), make_user()
    make_introduced_pair(ana, ben)
    tasks.checkins_due(T0 + timedelta(days=30))
    services_checkin = next(c for c in _checkins(db) if c.profile_id == ana.profile.id)
    _answer(services_checkin, outcome="support")
    db.session.commit()
    data = export_my_data(ana)["notifications"]
    assert [c["outcome"] for c in data["checkins"]] == ["support"]
    assert len(data["notifications"]) == 1
    delete_account(ana, DEFAULT_PASSWORD)
    assert [c.profile_id for c in _checkins(db)] == [ben.profile.id]
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1  # Ben's
