"""Coordinators through HTTP: the queue, a cohort assignment (job, review, drop, publish), the report."""

from __future__ import annotations

import re

from learning_hub.models import AuditEvent, MentorAssignment, MentoringRequest, MentorOffer
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot
from tests.mentoring.helpers import TOPICS, new_draft, pending_offer, send_request


def _queue(client_as, topic: str, languages=("en",)) -> MentoringRequest:
    """A request sent with no choice, so it lands in the coordinators' queue."""
    client = client_as(make_user())
    request_id = new_draft(client, TOPICS[topic][0], languages)
    client.post(f"/mentoring/requests/{request_id}/submit", data={})
    from learning_hub.extensions import db

    return db.session.get(MentoringRequest, request_id)


def _start(client) -> int:
    response = client.post("/mentoring/assignments")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"/assignments/(\d+)$", response.headers["Location"]).group(1))


def test_assignment_proposes_publishes_and_offers(client_as, mentors, coordinator, outbox, db):
    """Queued requests get the best-fitting mentors under capacity; publishing sends each request to its mentor."""
    contracts = _queue(client_as, "contracts")
    ownership = _queue(client_as, "ownership")
    budget = _queue(client_as, "budget", languages=("id",))
    cora = client_as(coordinator)
    queue_page = cora.get("/mentoring/queue").get_data(as_text=True)
    assert "Assign all 3 requests" in queue_page
    assert TOPICS["budget"][0][:60] in queue_page
    assignment_id = _start(cora)
    page = cora.get(f"/mentoring/assignments/{assignment_id}").get_data(as_text=True)
    assert "Capacity violations</dt><dd>0" in page
    assert "Requests assigned</dt><dd>3" in page
    rows = {r.request_id: r for r in db.session.get(MentorAssignment, assignment_id).rows}
    assert rows[contracts.id].mentor_id in (mentors["Olga"].profile.id, mentors["Nadia"].profile.id)
    assert rows[ownership.id].mentor_id == mentors["Peter"].profile.id
    assert rows[budget.id].mentor_id == mentors["Sari"].profile.id
    assert "Shared key terms" in page
    outbox.clear()
    assert cora.post(f"/mentoring/assignments/{assignment_id}/publish").status_code == 302
    for request in (contracts, ownership, budget):
        db.session.refresh(request)
        assert request.state == "pending"
        assert pending_offer(request.id).origin == "coordinator"
    assert len([m for m in outbox if "/mentoring/respond/" in m.text]) == 3
    assert "programme coordinators suggest you" in outbox[0].text
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "mentoring.assignment_published"))
    assert event.target_id == str(assignment_id)
    assert event.details["offered"] == 3
    before = snapshot()
    again = cora.post(f"/mentoring/assignments/{assignment_id}/publish", follow_redirects=True)
    assert "Only a finished, unpublished assignment" in again.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []


def test_dropped_and_stale_rows_are_not_published(client_as, mentors, coordinator, db):
    """A dropped row stays in the queue; a request withdrawn after the proposal is marked stale."""
    keep = _queue(client_as, "contracts")
    drop = _queue(client_as, "ownership")
    cora = client_as(coordinator)
    assignment_id = _start(cora)
    rows = {r.request_id: r.id for r in db.session.get(MentorAssignment, assignment_id).rows}
    assert cora.post(f"/mentoring/assignments/{assignment_id}/rows/{rows[drop.id]}/drop").status_code == 302
    withdrawn = _queue(client_as, "budget", languages=("id",))  # joins after the proposal: not in it
    assert withdrawn.id not in rows
    requester = db.session.get(MentoringRequest, keep.id).requester.user
    client_as(requester).post(f"/mentoring/requests/{keep.id}/withdraw")
    cora.post(f"/mentoring/assignments/{assignment_id}/publish")
    states = {r.request_id: r.state for r in db.session.get(MentorAssignment, assignment_id).rows}
    assert states == {keep.id: "stale", drop.id: "dropped"}
    assert db.session.get(MentoringRequest, drop.id).state == "queued"
    assert cora.post(f"/mentoring/assignments/{assignment_id}/rows/{rows[drop.id]}/drop").status_code == 302
    assert (
        db.session.scalar(
            db.select(db.func.count(MentorOffer.id)).where(MentorOffer.request_id.in_([keep.id, drop.id]))
        )
        == 0
    )


def test_assignment_respects_free_places(client_as, mentors, coordinator, db):
    """More contracts requests than the best-fitting mentors' places: nobody above capacity, 0 violations."""
    for _ in range(4):
        _queue(client_as, "contracts")
    cora = client_as(coordinator)
    assignment = db.session.get(MentorAssignment, _start(cora))
    load = {}
    for row in assignment.rows:
        load[row.mentor_id] = load.get(row.mentor_id, 0) + 1
    capacity = {m.profile.id: m.profile.mentor_capacity for m in mentors.values()}
    assert all(n <= capacity[mentor] for mentor, n in load.items())
    assert assignment.report["capacity_violations"] == 0
    assert assignment.report["assigned_requests"] == 4
    print(
        f"\nassignment: {assignment.report['assigned_requests']} of {assignment.report['requests']} assigned, "
        f"objective {assignment.report['objective']:.3f} (greedy {assignment.report['greedy_objective']:.3f}), "
        f"{assignment.report['capacity_violations']} capacity violations, {assignment.report['seconds']} s"
    )


def test_empty_queue_and_unknown_ids(client_as, coordinator):
    """Nothing to assign is refused with a message; unknown assignments and rows are 404."""
    cora = client_as(coordinator)
    before = snapshot()
    page = cora.post("/mentoring/assignments", follow_redirects=True).get_data(as_text=True)
    assert "The queue is empty" in page
    assert changed_tables(before, snapshot()) == []
    assert cora.get("/mentoring/assignments/2147483647").status_code == 404
    assert cora.post("/mentoring/assignments/1/publish").status_code == 404
    assert cora.post("/mentoring/assignments/1/rows/1/drop").status_code == 404


def test_coordinator_pages_are_for_coordinators(client_as, mentors, requester):
    """Reformers and mentors are forbidden from the queue, assignments and the report."""
    for user in (requester, mentors["Olga"]):
        client = client_as(user)
        for path in ("/mentoring/queue", "/mentoring/report"):
            assert client.get(path).status_code == 403
        assert client.post("/mentoring/assignments").status_code == 403


def test_report_without_javascript(client_as, mentors, requester, coordinator, db):
    """Unmatched requests, mentor load and satisfaction, as tables and SVG, with no script."""
    queued = _queue(client_as, "budget", languages=("fr",))
    request = send_request(client_as(requester), TOPICS["contracts"][0], mentors["Olga"])
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "accept"}
    )
    client_as(requester).post(
        f"/mentoring/mentorships/{request.id}/complete",
        data={"complete-rating": "4", "complete-comment": "Very useful."},
    )
    page = client_as(coordinator).get("/mentoring/report").get_data(as_text=True)
    assert "<script" not in page
    assert "<svg" in page
    assert f"#{queued.id}" in page
    assert "Olga" in page
    assert "Very useful." in page
    assert re.search(r"Mentees</th><td class=\"num\">1</td><td class=\"num\">4.0</td>", page)


def test_progress_page_offers_a_refresh_link_until_done(client_as, coordinator, db):
    """While the job runs the page shows its progress and a link to refresh it, never a self-reloading meta tag."""
    running = MentorAssignment(status="running", created_by_id=coordinator.id)
    db.session.add(running)
    db.session.commit()
    cora = client_as(coordinator)
    page = cora.get(f"/mentoring/assignments/{running.id}").get_data(as_text=True)
    assert "http-equiv" not in page
    assert ">Refresh to see the progress</a>" in page
    assert "Computing" in page


def test_start_waits_for_a_running_assignment(client_as, mentors, coordinator, db):
    """Only one assignment is computed at a time."""
    _queue(client_as, "contracts")
    db.session.add(MentorAssignment(status="running", created_by_id=coordinator.id))
    db.session.commit()
    cora = client_as(coordinator)
    before = snapshot()
    page = cora.post("/mentoring/assignments", follow_redirects=True).get_data(as_text=True)
    assert "already being computed" in page
    assert changed_tables(before, snapshot()) == []


def test_engine_error_fails_the_assignment_with_its_message(client_as, mentors, coordinator, db, monkeypatch):
    """An engine refusal ends the assignment as failed, and the page shows the engine's message."""
    from learning_hub.mentoring import assign
    from matching.errors import InputError

    def refuse(*args, **kwargs):
        raise InputError("need vectors must have one owner per request")

    monkeypatch.setattr(assign, "assign_mentors", refuse)
    _queue(client_as, "contracts")
    cora = client_as(coordinator)
    assignment_id = _start(cora)
    assert db.session.get(MentorAssignment, assignment_id).status == "failed"
    page = cora.get(f"/mentoring/assignments/{assignment_id}").get_data(as_text=True)
    assert "The assignment failed." in page
    assert "one owner per request" in page
