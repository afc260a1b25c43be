"""Coordinators' cohort assignment: every queued request at once, through matching.assign_mentors.

A background job (learning_hub.jobs; inline in tests) embeds what is missing, solves the assignment under each
mentor's free places (capacity minus active mentorships minus offers awaiting an answer), and stores a proposal.
The coordinator reviews it (drops rows they disagree with) and publishes: each kept row becomes an offer to that
mentor, who accepts or declines as with any request (a decline puts the request back in the queue). Publishing
never makes anyone a mentor without their own "yes", so capacity is still enforced at accept time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select

from learning_hub import audit, computations, engine, jobs, ledger
from learning_hub.computations import Status
from learning_hub.database import slow_work
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.mentoring import cascade, pool
from learning_hub.mentoring.notify import send_all
from learning_hub.mentoring.states import move_request
from learning_hub.models import (
    MentorAssignment,
    MentorAssignmentRow,
    MentoringRequest,
    MentorOffer,
    RequestState,
    User,
    utcnow,
)
from matching import MatchingError, TextVectors, assign_mentors

JOB = "mentoring.assign"
EMBED_CHUNK = 256
# A computation still "running" after this long lost its worker (a restart): it no longer blocks a new one.
STALE_AFTER = timedelta(hours=1)


def queued_requests() -> list[MentoringRequest]:
    return list(
        db.session.scalars(
            select(MentoringRequest)
            .where(MentoringRequest.state == RequestState.QUEUED.value)
            .order_by(MentoringRequest.queued_at, MentoringRequest.id)
        )
    )


def list_assignments(limit: int = 20) -> list[MentorAssignment]:
    return list(db.session.scalars(select(MentorAssignment).order_by(MentorAssignment.id.desc()).limit(limit)))


def get_assignment(actor: User, assignment_id: int) -> MentorAssignment:
    assignment = db.session.get(MentorAssignment, assignment_id)
    if assignment is None:
        raise NotFound(_("There is no such assignment."))
    return assignment


def start(actor: User) -> MentorAssignment:
    """Queue the job for the requests in the queue now."""
    if not db.session.scalar(
        select(func.count(MentoringRequest.id)).where(MentoringRequest.state == RequestState.QUEUED.value)
    ):
        raise ValidationError(_("The queue is empty: there is nothing to assign."))
    running = db.session.scalar(
        select(MentorAssignment.id).where(
            MentorAssignment.status.in_((Status.PENDING, Status.RUNNING)),
            MentorAssignment.created_at > utcnow() - STALE_AFTER,
        )
    )
    if running:
        raise Conflict(_("An assignment is already being computed."))
    assignment = MentorAssignment(status=Status.PENDING.value, created_by_id=actor.id)
    db.session.add(assignment)
    db.session.flush()
    # the assignment and its job commit together
    job = jobs.enqueue(JOB, subject=f"mentoring-assignment:{assignment.id}", actor=actor, assignment_id=assignment.id)
    assignment = db.session.get(MentorAssignment, assignment.id)
    assignment.job_id = job.id
    db.session.commit()
    return assignment


def _requeue_assignment(job) -> None:
    """The job goes back to the queue (its worker died, or someone retries it): the assignment starts over."""
    computations.requeue(MentorAssignment, (job.payload or {}).get("assignment_id"))


def _interrupt_assignment(job) -> None:
    computations.interrupt(
        MentorAssignment,
        (job.payload or {}).get("assignment_id"),
        "Interrupted: the worker stopped before it finished.",
    )


def assign_task(job, progress, assignment_id: int) -> dict:
    """Compute one cohort assignment (see compute)."""
    compute(assignment_id, progress)
    assignment = db.session.get(MentorAssignment, assignment_id)
    return {"assignment_id": assignment_id, "status": assignment.status if assignment else None}


def _embed(texts: list[str], progress: Callable, low: int, high: int) -> dict[str, np.ndarray]:
    lookup: dict[str, np.ndarray] = {}
    for start_at in range(0, len(texts), EMBED_CHUNK):
        chunk = texts[start_at : start_at + EMBED_CHUNK]
        lookup.update(zip(chunk, engine.embed_texts(chunk), strict=False))
        progress(low + int((high - low) * min(len(texts), start_at + EMBED_CHUNK) / len(texts)))
    return lookup


def compute(assignment_id: int, progress: Callable | None = None) -> None:
    computations.run(
        MentorAssignment, assignment_id, _compute, progress or (lambda pct, msg=None: None), expected=(MatchingError,)
    )


def _compute(assignment: MentorAssignment, progress: Callable) -> None:
    requests = queued_requests()
    cards = pool.mentor_cards()
    texts = list(dict.fromkeys([r.need for r in requests] + [t for c in cards for t in c.reforms]))
    lookup = _embed(texts, progress, 5, 70) if texts else {}
    report: dict = {"requests": len(requests), "mentors": len(cards), "free_places": sum(c.free for c in cards)}
    rows = []
    if requests and cards and lookup:
        dim = int(next(iter(lookup.values())).shape[0])
        mentors, experience = pool.engine_mentors(cards, lookup, dim)
        needs = TextVectors.from_lists([lookup[r.need].reshape(1, dim) for r in requests], dim=dim)

        def embed(items: list[str]) -> np.ndarray:
            absent = [t for t in dict.fromkeys(items) if t not in lookup]
            if absent:
                lookup.update(zip(absent, engine.embed_texts(absent), strict=False))
            return np.vstack([lookup[t] for t in items])

        progress(75)
        engine_requests = [pool.engine_request(r) for r in requests]
        load = ledger.engine_load(c.profile_id for c in cards)  # read before the solver's slow_work
        with slow_work("mentor assignment"):
            result = assign_mentors(
                engine_requests, mentors, needs, experience, embed=embed, load=load, max_load=ledger.cap()
            )
        report.update(result.report)
        rows = [
            MentorAssignmentRow(
                assignment_id=assignment.id,
                request_id=int(a.request_id),
                mentor_id=int(a.mentor_id),
                score=float(a.score),
                need_excerpt=a.need_excerpt,
                experience_excerpt=a.experience_excerpt,
                terms=list(a.terms),
            )
            for a in result.assignments
        ]
    else:
        report.update({"assigned_requests": 0, "capacity_violations": 0})
    db.session.add_all(rows)
    assignment.report = report
    computations.finish(assignment)
    db.session.commit()


def drop_row(actor: User, assignment_id: int, row_id: int) -> MentorAssignmentRow:
    """Take one proposed pairing out before publishing (the request stays in the queue)."""
    assignment = get_assignment(actor, assignment_id)
    row = db.session.get(MentorAssignmentRow, row_id)
    if row is None or row.assignment_id != assignment.id:
        raise NotFound(_("There is no such row in this assignment."))
    changed = db.session.execute(
        db.update(MentorAssignmentRow)
        .where(MentorAssignmentRow.id == row.id, MentorAssignmentRow.state == "proposed")
        .values(state="dropped")
    )
    if changed.rowcount != 1 or assignment.status != Status.READY:
        db.session.rollback()
        raise Conflict(_("Only a proposal that is not published yet can change."))
    db.session.commit()
    db.session.refresh(row)
    return row


def publish(actor: User, assignment_id: int) -> dict:
    """Offer each kept request to its assigned mentor. Rows whose request left the queue meanwhile are "stale"."""
    assignment = get_assignment(actor, assignment_id)
    if not computations.publish(MentorAssignment, assignment.id, actor):
        db.session.rollback()
        raise Conflict(_("Only a finished, unpublished assignment can be published."))
    now, mails, counts = utcnow(), [], {"offered": 0, "stale": 0, "skipped": 0}
    for row in db.session.scalars(
        select(MentorAssignmentRow)
        .where(MentorAssignmentRow.assignment_id == assignment.id, MentorAssignmentRow.state == "proposed")
        .order_by(MentorAssignmentRow.id)
    ):
        request = db.session.get(MentoringRequest, row.request_id)
        asked = db.session.scalar(
            select(MentorOffer.id).where(
                MentorOffer.request_id == row.request_id, MentorOffer.mentor_id == row.mentor_id
            )
        )
        if request is None or request.state != RequestState.QUEUED.value or asked is not None:
            row.state = "stale"
            counts["stale"] += 1
            continue
        position = (
            db.session.scalar(select(func.max(MentorOffer.position)).where(MentorOffer.request_id == request.id)) or 0
        ) + 1
        move_request(request.id, "offer")
        db.session.add(
            MentorOffer(
                request_id=request.id,
                mentor_id=row.mentor_id,
                position=position,
                origin="coordinator",
                state="waiting",
                score=row.score,
                terms=list(row.terms),
                experience_excerpt=row.experience_excerpt,
                need_excerpt=row.need_excerpt,
            )
        )
        db.session.flush()
        opened = cascade.open_next(request.id, now, mails)
        row.state = "published"
        counts["offered" if opened else "skipped"] += 1
    audit.record(
        actor, "mentoring.assignment_published", target_type="mentor_assignment", target_id=assignment.id, **counts
    )
    db.session.commit()
    send_all(mails)
    return counts
