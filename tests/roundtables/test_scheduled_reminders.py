"""The scheduler's roundtable reminders: once, two days before the answer deadline, to invitees who have not answered;
running the task twice (or `flask schedule run-due --force` twice) sends nobody a second reminder."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.models import Roundtable, RoundtableInvitee, ScheduledTaskRun
from learning_hub.roundtables.mailing import auto_remind
from learning_hub.scheduler import registered, run_task
from tests.roundtables.helpers import create, rows


def test_reminders_go_once_before_the_deadline(client_as, directory, organiser, db, outbox, app):
    client = client_as(organiser)
    rt = create(client)
    assert client.post(f"/roundtables/{rt.id}/invite").status_code == 302
    invited = len(outbox)
    assert invited == 6
    rt = db.session.get(Roundtable, rt.id)
    first = rows(rt.id, "invitee")[0]
    first.rsvp = "declined"  # one answered: no reminder for them
    db.session.commit()
    deadline = rt.invitation_deadline
    too_early = deadline - timedelta(days=5)
    assert auto_remind(now=too_early) == {"candidates": 0, "reminded": 0}

    in_window = deadline - timedelta(days=1)
    spec = next(t for t in registered(app) if t.name == "roundtables.remind")
    spec_at = type(spec)(spec.name, spec.every, lambda: auto_remind(now=in_window), spec.description)
    once = run_task(spec_at, force=True)
    twice = run_task(spec_at, force=True)
    print(f"\nroundtables.remind run twice: {once} then {twice}")
    assert once["reminded"] == 5
    assert twice["reminded"] == 0
    reminders = outbox[invited:]
    assert len(reminders) == 5
    assert len({m.to for m in reminders}) == 5
    assert all(m.subject.startswith("Reminder: ") for m in reminders)
    db.session.expire_all()
    assert all(r.reminder_count == 1 for r in rows(rt.id, "invitee") if r.rsvp == "pending")
    record = db.session.get(ScheduledTaskRun, "roundtables.remind")
    assert record.runs == 2
    assert record.last_status == "ok"
    assert record.last_result == {"candidates": 0, "reminded": 0}
    assert db.session.scalar(db.select(db.func.count(RoundtableInvitee.id))) > 0
    # Admins see the task and its last run.
    page = client_as(_admin(db)).get("/admin/schedule").get_data(as_text=True)
    assert "roundtables.remind" in page
    assert "reminded: 0" in page


def _admin(db):
    from tests.factories import make_user

    return make_user(roles=("admin",), listed=False)
