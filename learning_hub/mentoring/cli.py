"""`flask mentoring ...`: the scheduler's expiry sweep, and a check that mentor loads agree with the mentorships."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from learning_hub.models.mentoring import RequestState

mentoring_cli = AppGroup("mentoring", help="Mentoring requests and mentorships.")


@mentoring_cli.command("expire")
def expire_command() -> None:
    """Pass on requests whose mentor did not answer within MENTORING_RESPONSE_DAYS; delete old unsent drafts."""
    from learning_hub.mentoring.sweep import expire_overdue

    result = expire_overdue()
    click.echo(
        f"{result.expired} overdue offers expired: {result.passed_on} passed to the next choice, "
        f"{result.queued} to the coordinators' queue; {result.drafts_deleted} old drafts deleted; "
        f"{result.emails} emails sent."
    )


@mentoring_cli.command("check-loads")
def check_loads_command() -> None:
    """Compare every mentor's load counter with their active mentorships (exit code 1 on any difference)."""
    from learning_hub.extensions import db
    from learning_hub.mentoring import seats
    from learning_hub.models import MentoringRequest, MentorLoad

    counters = dict(db.session.execute(db.select(MentorLoad.profile_id, MentorLoad.active)).all())
    mentors = set(counters) | set(
        db.session.scalars(
            db.select(MentoringRequest.mentor_id).where(
                MentoringRequest.state == RequestState.ACTIVE, MentoringRequest.mentor_id.is_not(None)
            )
        )
    )
    bad = [
        (pid, counters.get(pid, 0), seats.active_count(pid))
        for pid in sorted(mentors)
        if counters.get(pid, 0) != seats.active_count(pid)
    ]
    for pid, counter, actual in bad:
        click.echo(f"profile {pid}: counter {counter}, active mentorships {actual}")
    click.echo(f"{len(mentors)} mentor loads checked, {len(bad)} differ")
    if bad:
        raise SystemExit(1)


def register(app) -> None:
    app.cli.add_command(mentoring_cli)
