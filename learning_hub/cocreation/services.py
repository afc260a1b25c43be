"""Co-creation rules, each taking the acting user explicitly.

Who may do what is decided here, on the plan: `visible_plan` (members, admins, and anyone for a public plan),
`editable_plan` (facilitators and members), `facilitated_plan` (facilitators). Objects a user may not see are 404.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    ActionPlan,
    CommitmentDraft,
    DraftComment,
    DraftVersion,
    ForumMember,
    User,
    utcnow,
)
from learning_hub.models.cocreation import COMMENT_GROUPS, FORUM_GROUPS, RESPONSES

DRAFT_FIELDS = (
    "title",
    "problem",
    "status_quo",
    "commitment",
    "values",
    "values_text",
    "stakeholders",
    "areas",
    "milestones",
)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _is_admin(user) -> bool:
    return _signed_in(user) and bool(user.is_admin)


# --- reading and permissions


def visible_plans(user) -> list[ActionPlan]:
    """The plans the user can see: their forums' plans, then public ones (admins see all)."""
    query = select(ActionPlan).order_by(ActionPlan.period_start.desc(), ActionPlan.id.desc())
    if not _is_admin(user):
        if _signed_in(user):
            mine = select(ForumMember.plan_id).where(ForumMember.user_id == user.id)
            query = query.where(or_(ActionPlan.is_public.is_(True), ActionPlan.id.in_(mine)))
        else:
            query = query.where(ActionPlan.is_public.is_(True))
    return list(db.session.scalars(query))


def visible_plan(user, plan_id: int) -> ActionPlan:
    plan = db.session.get(ActionPlan, plan_id)
    if plan is None or not (plan.is_public or plan.member_for(user) or _is_admin(user)):
        raise NotFound(_("No such action plan."))
    return plan


def can_edit(user, plan: ActionPlan) -> bool:
    member = plan.member_for(user)
    return bool(member and member.can_edit)


def is_facilitator(user, plan: ActionPlan) -> bool:
    member = plan.member_for(user)
    return bool(member and member.role == "facilitator")


def can_comment(user, plan: ActionPlan) -> bool:
    """Forum members always; other signed-in users only while a public plan is in consultation."""
    if plan.member_for(user):
        return True
    return _signed_in(user) and plan.is_public and plan.status == "consultation"


def editable_plan(user, plan_id: int) -> ActionPlan:
    plan = visible_plan(user, plan_id)
    if not can_edit(user, plan):
        raise NotFound(_("No such action plan."))
    return plan


def facilitated_plan(user, plan_id: int) -> ActionPlan:
    plan = visible_plan(user, plan_id)
    if not is_facilitator(user, plan):
        raise NotFound(_("No such action plan."))
    return plan


def visible_draft(user, draft_id: int) -> CommitmentDraft:
    draft = db.session.get(CommitmentDraft, draft_id)
    if draft is None:
        raise NotFound(_("No such commitment."))
    visible_plan(user, draft.plan_id)
    return draft


def editable_draft(user, draft_id: int) -> CommitmentDraft:
    draft = visible_draft(user, draft_id)
    if not can_edit(user, draft.plan):
        raise NotFound(_("No such commitment."))
    return draft


# --- plans and forum


@dataclass
class PlanDetails:
    title: str
    country: str
    level: str
    institution: str | None
    period_start: date
    period_end: date
    is_public: bool
    stakeholder_group: str = "government"  # the creator's group (they become the facilitator)


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError(_("The period must end after it starts."), field="period_end")


def create_plan(user, details: PlanDetails) -> ActionPlan:
    _check_period(details.period_start, details.period_end)
    if details.stakeholder_group not in FORUM_GROUPS:
        raise ValidationError(_("Choose a stakeholder group."), field="stakeholder_group")
    plan = ActionPlan(
        title=details.title.strip(),
        country=details.country,
        level=details.level,
        institution=(details.institution or "").strip() or None,
        period_start=details.period_start,
        period_end=details.period_end,
        is_public=details.is_public,
        created_by_id=user.id,
    )
    plan.members.append(ForumMember(user_id=user.id, stakeholder_group=details.stakeholder_group, role="facilitator"))
    db.session.add(plan)
    db.session.commit()
    return plan


def set_plan_status(user, plan_id: int, status: str, is_public: bool) -> ActionPlan:
    plan = facilitated_plan(user, plan_id)
    if status == "consultation" and not is_public:
        raise ValidationError(_("A public consultation needs a public plan."), field="status")
    plan.status, plan.is_public = status, is_public
    db.session.commit()
    return plan


def add_member(user, plan_id: int, email: str, group: str, role: str) -> ForumMember:
    plan = facilitated_plan(user, plan_id)
    person = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if person is None or not person.active:
        raise ValidationError(_("No active account has this email address."), field="email")
    existing = plan.member_for(person)
    if existing is not None:
        existing.stakeholder_group, existing.role = group, role
        member = existing
    else:
        member = ForumMember(user_id=person.id, stakeholder_group=group, role=role)
        plan.members.append(member)
    db.session.commit()
    return member


def remove_member(user, plan_id: int, member_id: int) -> None:
    plan = facilitated_plan(user, plan_id)
    member = next((m for m in plan.members if m.id == member_id), None)
    if member is None:
        raise NotFound(_("No such forum member."))
    facilitators = [m for m in plan.members if m.role == "facilitator"]
    if member.role == "facilitator" and len(facilitators) == 1:
        raise Conflict(_("The forum needs at least one facilitator."))
    plan.members.remove(member)
    db.session.commit()


# --- drafts and versions


@dataclass
class DraftContent:
    title: str
    problem: str = ""
    status_quo: str = ""
    commitment: str = ""
    values: list[str] = field(default_factory=list)
    values_text: str = ""
    stakeholders: str = ""
    areas: list[str] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in DRAFT_FIELDS}


def draft_content(draft: CommitmentDraft) -> dict:
    return {name: getattr(draft, name) for name in DRAFT_FIELDS}


def _apply(draft: CommitmentDraft, content: DraftContent, user) -> None:
    from matching import detect_language

    for name, value in content.as_dict().items():
        setattr(draft, name, value.strip() if isinstance(value, str) else value)
    draft.language = detect_language(draft.text)
    draft.updated_by_id = user.id


def create_draft(user, plan_id: int, content: DraftContent) -> CommitmentDraft:
    plan = editable_plan(user, plan_id)
    draft = CommitmentDraft(plan=plan, version=1)
    _apply(draft, content, user)
    draft.versions.append(DraftVersion(number=1, content=content.as_dict(), author_id=user.id))
    db.session.add(draft)
    db.session.commit()
    return draft


def save_draft(user, draft_id: int, content: DraftContent) -> CommitmentDraft:
    """Every save keeps a version (an unchanged save keeps none: there is nothing to compare)."""
    draft = editable_draft(user, draft_id)
    if draft.status == "final":
        raise Conflict(_("This commitment is final; reopen it to change it."))
    if content.as_dict() == draft_content(draft):
        return draft
    _apply(draft, content, user)
    draft.version += 1
    draft.versions.append(DraftVersion(number=draft.version, content=content.as_dict(), author_id=user.id))
    db.session.commit()
    return draft


def version(draft: CommitmentDraft, number: int) -> DraftVersion:
    found = next((v for v in draft.versions if v.number == number), None)
    if found is None:
        raise NotFound(_("No such version."))
    return found


# --- comments and responses


def unanswered(draft: CommitmentDraft) -> list[DraftComment]:
    """Comments still waiting for a response (pending public ones too: they are answered once moderated)."""
    return [c for c in draft.comments if c.needs_response]


def add_comment(user, draft_id: int, body: str) -> DraftComment:
    draft = visible_draft(user, draft_id)
    plan = draft.plan
    if not can_comment(user, plan):
        raise NotFound(_("No such commitment."))
    if draft.status == "final":
        raise Conflict(_("This commitment is final; comments are closed."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment."), field="body")
    member = plan.member_for(user)
    comment = DraftComment(
        draft=draft,
        author_id=user.id,
        author_name=user.display_name[:120],
        author_group=member.stakeholder_group if member else "public",
        body=body,
        is_public=member is None,
        moderation="approved" if member else "pending",
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def comment_for(user, comment_id: int, facilitator_only: bool) -> DraftComment:
    comment = db.session.get(DraftComment, comment_id)
    if comment is None:
        raise NotFound(_("No such comment."))
    plan = visible_plan(user, comment.draft.plan_id)
    allowed = is_facilitator(user, plan) if facilitator_only else can_edit(user, plan)
    if not allowed:
        raise NotFound(_("No such comment."))
    return comment


def respond(user, comment_id: int, response: str, reason: str) -> DraftComment:
    comment = comment_for(user, comment_id, facilitator_only=False)
    if response not in RESPONSES:
        raise ValidationError(_("Choose a response."), field="response")
    if comment.moderation != "approved":
        raise Conflict(_("Moderate this comment before answering it."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the response."), field="reason")
    comment.response, comment.response_reason = response, reason
    comment.responded_by_id, comment.responded_at = user.id, utcnow()
    db.session.commit()
    return comment


def moderate(user, comment_id: int, decision: str) -> DraftComment:
    comment = comment_for(user, comment_id, facilitator_only=True)
    if decision not in ("approved", "rejected"):
        raise ValidationError(_("Choose a decision."), field="decision")
    if comment.moderation != "pending":
        raise Conflict(_("This comment was already moderated."))
    comment.moderation = decision
    db.session.commit()
    return comment


def moderation_queue(user, plan: ActionPlan) -> list[DraftComment]:
    if not is_facilitator(user, plan):
        return []
    draft_ids = [d.id for d in plan.drafts]
    if not draft_ids:
        return []
    return list(
        db.session.scalars(
            select(DraftComment)
            .where(DraftComment.draft_id.in_(draft_ids), DraftComment.moderation == "pending")
            .order_by(DraftComment.id)
        )
    )


def visible_comments(user, draft: CommitmentDraft) -> list[DraftComment]:
    """Approved comments for everyone who sees the draft; pending ones to their author and the editors."""
    editor = can_edit(user, draft.plan)
    return [
        c
        for c in draft.comments
        if c.moderation == "approved"
        or (c.moderation == "pending" and (editor or (_signed_in(user) and c.author_id == user.id)))
    ]


def finalise(user, draft_id: int) -> CommitmentDraft:
    draft = editable_draft(user, draft_id)
    waiting = unanswered(draft)
    if waiting:
        raise Conflict(
            _("%(count)d comment(s) still need a recorded response before this commitment can be final.")
            % {"count": len(waiting)}
        )
    draft.status = "final"
    db.session.commit()
    return draft


def reopen(user, draft_id: int) -> CommitmentDraft:
    draft = editable_draft(user, draft_id)
    draft.status = "draft"
    db.session.commit()
    return draft


@dataclass(frozen=True)
class GroupCount:
    group: str
    made: int
    answered: int


def comment_counts(plan: ActionPlan) -> list[GroupCount]:
    """Comments made and answered, per stakeholder group (rejected public comments are not counted)."""
    made: Counter = Counter()
    answered: Counter = Counter()
    draft_ids = [d.id for d in plan.drafts]
    if draft_ids:
        for group, response in db.session.execute(
            select(DraftComment.author_group, DraftComment.response).where(
                DraftComment.draft_id.in_(draft_ids), DraftComment.moderation != "rejected"
            )
        ):
            made[group] += 1
            answered[group] += response is not None
    return [GroupCount(g, made[g], answered[g]) for g in COMMENT_GROUPS if made[g]]
