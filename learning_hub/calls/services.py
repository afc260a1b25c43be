"""Calls for experts: a coordinator publishes a call for technical assistance with scoring criteria and a panel of
reviewers; registered people apply with a proposal and a fee (optionally for a partner organisation, named in free
text); reviewers declare their conflicts of interest; when the call closes, each application gets at least two
reviewers, never a conflicted one (learning_hub/reviewing.py, `matching.assign_reviewers`); the coordinator reads the
ranking with every reviewer's scores and records the award and its reason; every applicant is told the outcome by
email and in the app, once the decision is committed. Nothing is paid through the platform: the fee is what the
applicant proposes to charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub import reviewing
from learning_hub.email import absolute_url, send_email
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    ApplicationState,
    CallApplication,
    CallState,
    ExpertCall,
    PanelKind,
    User,
    utcnow,
)
from learning_hub.vocab import PROFILE_LANGUAGES

MIN_REVIEWERS = 2


def is_coordinator(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and (actor.is_admin or actor.has_role("coordinator"))


@dataclass
class CallInput:
    title: str
    terms: str
    deliverables: str
    languages: list[str]
    budget_ceiling: int
    currency: str
    deadline: date
    criteria: list[tuple[str, int]]
    reviewer_ids: list[int]
    per_item: int = MIN_REVIEWERS


def publish_call(actor: User, data: CallInput) -> ExpertCall:
    if not is_coordinator(actor):
        raise NotFound(_("No such page."))
    for name in ("title", "terms", "deliverables"):
        if not (getattr(data, name) or "").strip():
            raise ValidationError(_("Fill in this field."), field=name)
    if not data.languages or not all(code in PROFILE_LANGUAGES for code in data.languages):
        raise ValidationError(_("Choose at least one language."), field="languages")
    if data.budget_ceiling is None or data.budget_ceiling <= 0:
        raise ValidationError(_("Give a budget ceiling above zero."), field="budget_ceiling")
    if data.deadline < utcnow().date():
        raise ValidationError(_("The deadline is in the past."), field="deadline")
    if data.per_item < MIN_REVIEWERS:
        raise ValidationError(
            _("Each application needs at least %(count)s reviewers.", count=MIN_REVIEWERS), field="per_item"
        )
    panel = reviewing.new_panel(PanelKind.CALL, data.criteria, data.reviewer_ids, data.per_item)
    call = ExpertCall(
        panel=panel,
        title=data.title.strip(),
        terms=data.terms.strip(),
        deliverables=data.deliverables.strip(),
        languages=list(data.languages),
        budget_ceiling=data.budget_ceiling,
        currency=(data.currency or "USD").upper()[:3],
        deadline=data.deadline,
        state=CallState.OPEN,
        created_by_id=actor.id,
    )
    db.session.add(call)
    db.session.commit()
    return call


def calls() -> list[ExpertCall]:
    return list(db.session.scalars(select(ExpertCall).order_by(ExpertCall.deadline.desc(), ExpertCall.id.desc())))


def get_call(call_id: int) -> ExpertCall:
    call = db.session.get(ExpertCall, call_id)
    if call is None:
        raise NotFound(_("No such call."))
    return call


def accepts_applications(call: ExpertCall, today: date | None = None) -> bool:
    return call.state == CallState.OPEN and (today or utcnow().date()) <= call.deadline


def my_application(actor, call: ExpertCall) -> CallApplication | None:
    return next((a for a in call.applications if a.applicant_id == getattr(actor, "id", None)), None)


def apply(actor: User, call_id: int, *, proposal: str, fee: int, organisation: str = "") -> CallApplication:
    call = get_call(call_id)
    if not accepts_applications(call):
        raise Conflict(_("This call is closed."))
    if reviewing.is_reviewer(actor, call.panel):
        raise Conflict(_("You review this call, so you cannot apply to it."))
    if my_application(actor, call) is not None:
        raise Conflict(_("You have already applied to this call."))
    if len((proposal or "").strip()) < 50:
        raise ValidationError(_("Describe your proposal in a few paragraphs."), field="proposal")
    if fee is None or fee < 0:
        raise ValidationError(_("Give your fee as a whole number."), field="fee")
    if fee > call.budget_ceiling:
        raise ValidationError(
            _("Your fee is above the call's budget ceiling of %(ceiling)s.", ceiling=call.budget_ceiling), field="fee"
        )
    item = reviewing.new_item(call.panel, "A")
    application = CallApplication(
        call_id=call.id,
        applicant_id=actor.id,
        item_id=item.id,
        organisation=(organisation or "").strip()[:200] or None,
        proposal=proposal.strip(),
        fee=fee,
        state=ApplicationState.SUBMITTED,
    )
    db.session.add(application)
    db.session.commit()
    return application


def my_applications(actor: User) -> list[CallApplication]:
    return list(
        db.session.scalars(
            select(CallApplication).where(CallApplication.applicant_id == actor.id).order_by(CallApplication.id.desc())
        )
    )


# --- reviewers: conflicts of interest, scores


def _reviewer_call(actor, call_id: int) -> ExpertCall:
    call = get_call(call_id)
    if not reviewing.is_reviewer(actor, call.panel):
        raise NotFound(_("No such call."))
    return call


def _application(call: ExpertCall, application_id: int) -> CallApplication:
    found = next((a for a in call.applications if a.id == application_id), None)
    if found is None:
        raise NotFound(_("No such application."))
    return found


def my_conflicts(actor, call: ExpertCall) -> set[int]:
    """The application ids the actor declared a conflict of interest with."""
    item_ids = {a.item_id: a.id for a in call.applications}
    return {item_ids[i] for i, u in reviewing.declared_conflicts(call.panel) if u == actor.id and i in item_ids}


def set_conflict(actor: User, call_id: int, application_id: int, *, conflicted: bool, reason: str = "") -> None:
    """A reviewer declares (or withdraws) a conflict of interest with one application, before assignment."""
    call = _reviewer_call(actor, call_id)
    if call.panel.assigned_at is not None:
        raise Conflict(_("Reviewers are already assigned: tell the coordinator about the conflict."))
    application = _application(call, application_id)
    if conflicted:
        reviewing.declare_conflict(actor, application.item, reason)
    else:
        reviewing.withdraw_conflict(actor, application.item)
    db.session.commit()


def start_review(actor: User, call_id: int) -> dict[int, int]:
    """Close the call to applications and assign the reviewers; refused with the reason when the declared
    conflicts leave an application fewer reviewers than needed."""
    call = get_call(call_id)
    if not is_coordinator(actor):
        raise NotFound(_("No such call."))
    if call.state != CallState.OPEN:
        raise Conflict(_("This call is already closed."))
    applicants = {(a.item_id, a.applicant_id) for a in call.applications}  # nobody reviews their own application
    try:
        loads = reviewing.assign(call.panel, applicants)
    except Conflict:
        db.session.rollback()
        raise
    call.state = CallState.REVIEWING
    db.session.commit()
    return loads


def my_reviews(actor: User, call_id: int):
    call = _reviewer_call(actor, call_id)
    by_item = {a.item_id: a for a in call.applications}
    return call, [(row, by_item[row.item_id]) for row in reviewing.my_assignments(actor, call.panel)]


def review(actor: User, assignment_id: int):
    row = reviewing.assignment_of(actor, assignment_id)
    application = db.session.scalar(select(CallApplication).where(CallApplication.item_id == row.item_id))
    if application is None:
        raise NotFound(_("No such review."))
    return application.call, row, application


def submit_review(actor: User, assignment_id: int, scores: dict[int, int], comment: str) -> None:
    call, row, _application_row = review(actor, assignment_id)
    if call.state != CallState.REVIEWING:
        raise Conflict(_("This call is not being reviewed."))
    reviewing.record_scores(row, call.panel, scores, comment)
    db.session.commit()


# --- coordinators: ranking and award


def ranking(actor: User, call_id: int):
    call = get_call(call_id)
    if not is_coordinator(actor):
        raise NotFound(_("No such call."))
    ranked, unscored = reviewing.results(call.panel)
    by_item = {a.item_id: a for a in call.applications}
    return call, [(r, by_item[r.item.id]) for r in ranked], [by_item[i.id] for i in unscored]


def award(actor: User, call_id: int, application_id: int, reason: str) -> ExpertCall:
    """Record the award and its reason, then tell every applicant the outcome (email and notification), in a
    second short transaction once the decision itself is committed."""
    call = get_call(call_id)
    if not is_coordinator(actor):
        raise NotFound(_("No such call."))
    if call.state != CallState.REVIEWING:
        raise Conflict(_("This call is not being reviewed."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(_("Say why this application is chosen."), field="reason")
    chosen = _application(call, application_id)
    for application in call.applications:
        application.state = ApplicationState.AWARDED if application is chosen else ApplicationState.NOT_AWARDED
    call.decision_reason = reason
    call.decided_at = utcnow()
    call.decided_by_id = actor.id
    call.state = CallState.DECIDED
    db.session.commit()
    _tell_applicants(call)
    return call


def _tell_applicants(call: ExpertCall) -> None:
    from learning_hub.notifications import services as notifications

    for application in call.applications:
        user = application.applicant
        if user is None or not user.active:
            continue
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        awarded = application.state == ApplicationState.AWARDED
        with force_locale(locale):
            subject = str(
                _("You were selected: %(title)s", title=call.title)
                if awarded
                else _("Outcome of your application: %(title)s", title=call.title)
            )
        send_email(
            user.email,
            subject,
            "call_outcome",
            locale=locale,
            dedupe_key=f"call-outcome-{application.id}",
            name=user.display_name,
            title=call.title,
            awarded=awarded,
            reason=call.decision_reason if awarded else "",
            link=absolute_url("calls.mine"),
        )
        with current_app.test_request_context():
            path = url_for("calls.mine")
        notifications.add(user, "call_outcome", {"title": call.title, "awarded": awarded}, path, told_by_email=True)
    db.session.commit()
