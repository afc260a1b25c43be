"""Calls for experts over HTTP: publishing, applying, conflicts of interest, assignment of at least two reviewers,
scores, the ranking with each reviewer's scores, the award with its reason and the applicants told."""

from __future__ import annotations

from datetime import timedelta

from learning_hub.email import outbox
from learning_hub.extensions import db
from learning_hub.models import (
    ApplicationState,
    CallApplication,
    CallState,
    ExpertCall,
    Notification,
    ReviewAssignmentRow,
    utcnow,
)
from tests.factories import make_user
from tests.helpers import login

PROPOSAL = "We would review the data model field by field, design the verification workflow and train analysts."


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _publish(app, coord, reviewers, **overrides):
    form = {
        "title": "Ownership register review",
        "terms": "Review the draft data model and design a verification workflow.",
        "deliverables": "A review, a workflow, two days of training.",
        "languages": ["es", "en"],
        "budget_ceiling": "18000",
        "currency": "USD",
        "deadline": (utcnow().date() + timedelta(days=20)).isoformat(),
        "criteria-0-label": "Experience",
        "criteria-0-weight": "3",
        "criteria-1-label": "Workplan",
        "criteria-1-weight": "1",
        "reviewers": [str(r.id) for r in reviewers],
        "per_item": "2",
    }
    form.update(overrides)
    response = _client(app, coord).post("/support/calls/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(db.select(ExpertCall).order_by(ExpertCall.id.desc())).first()


def _apply(app, user, call, fee="15000", organisation=""):
    return _client(app, user).post(
        f"/support/calls/{call.id}/apply", data={"proposal": PROPOSAL, "fee": fee, "organisation": organisation}
    )


def test_a_call_from_publication_to_award(app):
    coord = make_user(roles=("coordinator",), display_name="Cora Coordinator")
    reviewers = [make_user(display_name=f"Reviewer {n}") for n in range(3)]
    call = _publish(app, coord, reviewers)
    assert call.state == CallState.OPEN
    applicants = [make_user(display_name=f"Expert {n}", locale=loc) for n, loc in enumerate(("en", "es", "fr"))]
    assert _apply(app, applicants[0], call, organisation="Centre for Open Data").status_code == 302
    assert _apply(app, applicants[1], call).status_code == 302
    assert _apply(app, applicants[2], call).status_code == 302
    # above the budget ceiling: refused on the form
    late = make_user()
    response = _apply(app, late, call, fee="18001")
    assert response.status_code == 422
    assert "above the call" in response.get_data(as_text=True)
    # a reviewer cannot apply
    assert _apply(app, reviewers[0], call).status_code == 409
    apps = list(db.session.scalars(db.select(CallApplication).order_by(CallApplication.id)))
    # Reviewer 0 declares a conflict with the first application over HTTP
    response = _client(app, reviewers[0]).post(
        f"/support/calls/{call.id}/conflicts/{apps[0].id}", data={"reason": "Former colleague"}
    )
    assert response.status_code == 302
    # someone who is not on the panel cannot
    assert _client(app, late).post(f"/support/calls/{call.id}/conflicts/{apps[1].id}", data={}).status_code == 404
    response = _client(app, coord).post(f"/support/calls/{call.id}/assign", follow_redirects=True)
    assert "each reads between 2 and 2" in response.get_data(as_text=True)  # 6 reviews over 3 reviewers
    rows = list(db.session.scalars(db.select(ReviewAssignmentRow)))
    by_item = {}
    for row in rows:
        by_item.setdefault(row.item_id, set()).add(row.reviewer_id)
    assert all(len(v) == 2 for v in by_item.values())
    assert by_item[apps[0].item_id] == {reviewers[1].id, reviewers[2].id}  # never the conflicted reviewer
    # each reviewer scores: experience x3, workplan x1
    marks = {reviewers[0].id: (9, 5), reviewers[1].id: (6, 6), reviewers[2].id: (3, 7)}
    criteria = [c.id for c in db.session.get(ExpertCall, call.id).panel.criteria]
    for row in rows:
        experience, workplan = marks[row.reviewer_id]
        reviewer = db.session.get(type(coord), row.reviewer_id)
        response = _client(app, reviewer).post(
            f"/support/calls/reviews/{row.id}",
            data={f"c{criteria[0]}": str(experience), f"c{criteria[1]}": str(workplan)},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    # by hand, weighted totals: R0 (27 + 5) / 4 = 8.0, R1 (18 + 6) / 4 = 6.0, R2 (9 + 7) / 4 = 4.0;
    # application 0 got R1 and R2: mean 5.0 (4.0-6.0, sd 1.0)
    body = _client(app, coord).get(f"/support/calls/{call.id}/ranking").get_data(as_text=True)
    assert "(4.0–6.0, sd 1.0)" in body
    assert "Reviewer 1" in body  # each reviewer's scores are shown by name to the coordinator
    response = _client(app, coord).post(
        f"/support/calls/{call.id}/ranking",
        data={"application": str(apps[1].id), "reason": "Strongest experience with ownership data, within budget."},
    )
    assert response.status_code == 302
    found = db.session.get(ExpertCall, call.id)
    assert found.state == CallState.DECIDED
    assert found.decision_reason.startswith("Strongest experience")
    assert [a.state for a in found.applications] == [
        ApplicationState.NOT_AWARDED,
        ApplicationState.AWARDED,
        ApplicationState.NOT_AWARDED,
    ]
    mails = {m.to: m for m in outbox()}
    assert set(mails) == {a.email for a in applicants}
    assert "Strongest experience" in mails[applicants[1].email].text
    assert "Strongest experience" not in mails[applicants[0].email].text
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.kind == "call_outcome")) == 3
    # the applicant sees the outcome, in her own language (Spanish: "Seleccionada")
    assert "Seleccionada" in _client(app, applicants[1]).get("/support/calls/mine").get_data(as_text=True)


def test_conflicts_leaving_too_few_reviewers_are_refused_with_the_reason(app):
    coord = make_user(roles=("coordinator",))
    reviewers = [make_user() for _ in range(2)]
    call = _publish(app, coord, reviewers)
    _apply(app, make_user(), call)
    application = db.session.scalars(db.select(CallApplication)).one()
    _client(app, reviewers[0]).post(f"/support/calls/{call.id}/conflicts/{application.id}", data={})
    body = _client(app, coord).post(f"/support/calls/{call.id}/assign", follow_redirects=True).get_data(as_text=True)
    assert "No assignment is possible: A-1 would have fewer than 2 reviewers free of conflicts of interest" in body
    assert db.session.get(ExpertCall, call.id).state == CallState.OPEN


def test_a_call_needs_two_reviewers_per_application(app):
    coord = make_user(roles=("coordinator",))
    response = _client(app, coord).post(
        "/support/calls/new",
        data={
            "title": "x",
            "terms": "t",
            "deliverables": "d",
            "languages": ["en"],
            "budget_ceiling": "10",
            "currency": "USD",
            "deadline": (utcnow().date() + timedelta(days=2)).isoformat(),
            "criteria-0-label": "Experience",
            "criteria-0-weight": "1",
            "reviewers": [str(make_user().id), str(make_user().id)],
            "per_item": "1",
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ExpertCall.id))) == 0
    assert _client(app, make_user()).get("/support/calls/new").status_code == 403
