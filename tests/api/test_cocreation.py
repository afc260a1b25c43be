"""/api/v1/cocreation: plans, drafts, comments and responses through the same services as the pages; others' plans
404, observers cannot edit, finalising refused while a comment is unanswered, anonymous writes refused."""

from __future__ import annotations

from learning_hub.extensions import db
from learning_hub.models import DraftComment
from tests.factories import make_user

PLAN = {
    "title": "Kenya action plan 2026-2028",
    "country": "KE",
    "period_start": "2026-09-01",
    "period_end": "2028-08-31",
    "stakeholder_group": "civil_society",
}
DRAFT = {
    "title": "Open contracting for county projects",
    "problem": "Residents cannot find out who the contractor is.",
    "commitment": "The county will publish all contracts.",
    "values": ["transparency"],
    "areas": ["open_contracting"],
    "milestones": [{"deliverable": "Publish contracts", "lead": "County treasury", "end": "2027-06-30"}],
}


def test_plans_drafts_comments_and_responses(api, app):
    facilitator, observer, outsider = make_user(), make_user(), make_user()
    response = api("POST", "/api/v1/cocreation/plans", facilitator, json=PLAN)
    assert response.status_code == 201, response.json
    plan = response.json
    assert [m["role"] for m in plan["members"]] == ["facilitator"]
    from learning_hub.cocreation import services

    services.add_member(facilitator, plan["id"], observer.email, "oversight", "observer")

    assert api("GET", f"/api/v1/cocreation/plans/{plan['id']}", outsider).status_code == 404
    assert api("GET", "/api/v1/cocreation/plans", outsider).json["total"] == 0
    assert api("GET", "/api/v1/cocreation/plans", observer).json["total"] == 1

    assert api("POST", f"/api/v1/cocreation/plans/{plan['id']}/drafts", observer, json=DRAFT).status_code == 404
    response = api("POST", f"/api/v1/cocreation/plans/{plan['id']}/drafts", facilitator, json=DRAFT)
    assert response.status_code == 201, response.json
    draft = response.json
    assert (draft["version"], draft["milestones"][0]["start"]) == (1, "")

    changed = {**DRAFT, "commitment": "The county will publish all contracts and payments."}
    assert api("POST", f"/api/v1/cocreation/drafts/{draft['id']}/save", facilitator, json=changed).json["version"] == 2

    response = api("POST", f"/api/v1/cocreation/drafts/{draft['id']}/comments", observer, json={"body": "Deadline?"})
    assert response.status_code == 201
    comment = response.json
    assert (comment["author_group"], comment["moderation"]) == ("oversight", "approved")
    assert api("POST", f"/api/v1/cocreation/drafts/{draft['id']}/finalise", facilitator, json={}).status_code == 409
    assert (
        api(
            "POST",
            f"/api/v1/cocreation/comments/{comment['id']}/response",
            observer,
            json={"response": "accepted", "reason": "x"},
        ).status_code
        == 404
    )
    response = api(
        "POST",
        f"/api/v1/cocreation/comments/{comment['id']}/response",
        facilitator,
        json={"response": "partly", "reason": "Added for phase one."},
    )
    assert response.json["response"] == "partly"
    assert (
        api("POST", f"/api/v1/cocreation/drafts/{draft['id']}/finalise", facilitator, json={}).json["status"] == "final"
    )
    counts = api("GET", f"/api/v1/cocreation/plans/{plan['id']}", observer).json["comments"]
    assert counts == [{"group": "oversight", "made": 1, "answered": 1}]


def test_anonymous_writes_are_refused(api, app):
    assert api("POST", "/api/v1/cocreation/plans", json=PLAN).status_code == 401
    assert db.session.scalar(db.select(db.func.count(DraftComment.id))) == 0


def test_the_openapi_document_lists_the_resources(api, app):
    paths = api("GET", "/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/cocreation/plans", "/api/v1/cocreation/drafts/{draft_id}/comments"} <= set(paths)
