"""Commitment workshops: a roundtable held for an action plan, with the plan's drafts to be worked on attached.

The event is an ordinary roundtable (roundtables/services.py makes its list through the engine, under the quotas;
invitations, answers and attendance are the roundtable's own). A workshop's list balances government and civil
society with two "side" quotas (roundtables/quotas.py) next to the organiser's other quotas, gender included.

Who may start one: the plan's facilitators, and organisers (and admins) who can see the plan; the drafts attached
must be the plan's own. Who may see one: the plan's forum and those who may start one; attendees are named only to
the latter (the forum sees the counts). Anyone else gets a 404, as for a plan they cannot see.

The summary, once the workshop has started: who attended (accepted their invitation) by sector and by side, and for
each attached draft the versions saved since the start and the changes between the version current at the start
and the latest (cocreation/compare.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub import vocab
from learning_hub.cocreation import compare
from learning_hub.cocreation.services import DRAFT_FIELDS, draft_content, is_facilitator, visible_plan
from learning_hub.errors import NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    ActionPlan,
    CommitmentDraft,
    CommitmentWorkshop,
    DraftVersion,
    Roundtable,
    WorkshopDraft,
    utcnow,
)
from learning_hub.roundtables import exports
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables import services as roundtables
from learning_hub.roundtables.generate import ListRules

DEFAULT_SIDE_SHARE = "40%"


def organiser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_admin or user.has_role("organiser"))


def can_start(user, plan: ActionPlan) -> bool:
    return organiser(user) or is_facilitator(user, plan)


def can_see(user, plan: ActionPlan) -> bool:
    return can_start(user, plan) or plan.member_for(user) is not None


def plan_for_workshop(user, plan_id: int) -> ActionPlan:
    """The plan, if the user may start a workshop for it (otherwise 404, like a plan they cannot see)."""
    plan = visible_plan(user, plan_id)
    if not can_start(user, plan):
        raise NotFound(_("No such action plan."))
    return plan


def side_quotas(government: str, civil_society: str) -> list[q.QuotaRow]:
    """The balance between government and civil society as two quota rows (minimum shares or counts)."""
    return [
        q.QuotaRow("side", side, bound)
        for side, bound in (("government", government), ("civil_society", civil_society))
        if bound
    ]


def start(
    user, plan_id: int, details: roundtables.Details, rules: ListRules, draft_ids: list[int]
) -> CommitmentWorkshop:
    """A workshop for the plan: the roundtable with its list, and the drafts attached, saved together."""
    plan = plan_for_workshop(user, plan_id)
    wanted = list(dict.fromkeys(draft_ids))
    if not wanted:
        raise ValidationError(_("Choose at least one draft to work on."), field="drafts")
    own = set(db.session.scalars(select(CommitmentDraft.id).where(CommitmentDraft.plan_id == plan.id)))
    if any(draft_id not in own for draft_id in wanted):
        raise NotFound(_("No such commitment."))
    plan_id, user_id = plan.id, user.id
    made: list[CommitmentWorkshop] = []

    def attach(roundtable: Roundtable) -> None:
        workshop = CommitmentWorkshop(roundtable_id=roundtable.id, plan_id=plan_id, created_by_id=user_id)
        db.session.add(workshop)
        db.session.flush()
        db.session.add_all(WorkshopDraft(workshop_id=workshop.id, draft_id=draft_id) for draft_id in wanted)
        made.append(workshop)

    roundtables.create(user, details, rules, attach=attach)
    return made[0]


def visible_workshop(user, workshop_id: int) -> CommitmentWorkshop:
    workshop = db.session.get(CommitmentWorkshop, workshop_id)
    if workshop is None:
        raise NotFound(_("No such workshop."))
    plan = visible_plan(user, workshop.plan_id)
    if not can_see(user, plan):
        raise NotFound(_("No such workshop."))
    return workshop


def plan_workshops(user, plan: ActionPlan) -> list[CommitmentWorkshop]:
    """The plan's workshops, latest first, for those who may see them."""
    if not can_see(user, plan):
        return []
    return list(
        db.session.scalars(
            select(CommitmentWorkshop)
            .join(Roundtable, Roundtable.id == CommitmentWorkshop.roundtable_id)
            .where(CommitmentWorkshop.plan_id == plan.id)
            .order_by(Roundtable.starts_at.desc(), CommitmentWorkshop.id.desc())
        )
    )


def workshop_of(user, roundtable_id: int) -> CommitmentWorkshop | None:
    """The workshop this roundtable is held as, if any and if the user may see it (the plan's title is not shown
    to an organiser who cannot see the plan)."""
    workshop = db.session.scalar(select(CommitmentWorkshop).where(CommitmentWorkshop.roundtable_id == roundtable_id))
    if workshop is None:
        return None
    try:
        return visible_workshop(user, workshop.id)
    except NotFound:
        return None


# --- the summary


@dataclass(frozen=True)
class DraftChanges:
    draft: CommitmentDraft
    at_start: int | None  # the version current when the workshop started (None: the draft is newer)
    latest: int
    versions_since: int  # versions saved since the start
    diffs: list  # compare.FieldDiff, only the fields that changed

    @property
    def changed(self) -> bool:
        return self.versions_since > 0


@dataclass(frozen=True)
class Summary:
    started: bool
    attended: int
    by_side: list[tuple[str, int]]  # (government | civil_society | other, count)
    by_sector: list[tuple[str, int]]  # (sector key or "", count), largest first
    names: list[tuple[str, str]]  # (name, sector key) of the attendees, for those who may start a workshop
    drafts: list[DraftChanges]


def draft_changes(draft: CommitmentDraft, since) -> DraftChanges:
    """The versions saved after `since`, and the changes from the version current then to the latest."""
    versions = list(
        db.session.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft.id).order_by(DraftVersion.number))
    )
    before = [v for v in versions if v.created_at <= since]
    after = [v for v in versions if v.created_at > since]
    baseline = before[-1] if before else None
    latest = versions[-1] if versions else None
    diffs = []
    if after and latest is not None:
        old = baseline.content if baseline is not None else {}
        diffs = [d for d in compare.compare(old, latest.content or draft_content(draft), DRAFT_FIELDS) if d.changed]
    return DraftChanges(
        draft,
        baseline.number if baseline is not None else None,
        latest.number if latest is not None else draft.version,
        len(after),
        diffs,
    )


def summary(user, workshop: CommitmentWorkshop, now=None) -> Summary:
    roundtable = workshop.roundtable
    started = roundtable.is_past(now or utcnow())
    came = exports.attendees(roundtable) if started else []
    sectors = [((a.profile.sector if a.profile else a.invitee.sector) or "") for a in came]
    sides = Counter(q.side_of(sector) or "other" for sector in sectors)
    return Summary(
        started=started,
        attended=len(came),
        by_side=[(side, sides[side]) for side in ("government", "civil_society", "other")],
        by_sector=sorted(Counter(sectors).items(), key=lambda item: (-item[1], item[0])),
        names=[(a.name, sector) for a, sector in zip(came, sectors, strict=True)]
        if can_start(user, workshop.plan)
        else [],
        drafts=[draft_changes(draft, roundtable.starts_at) for draft in workshop.drafts] if started else [],
    )


def sector_label(key: str) -> str:
    return str(vocab.SECTORS.get(key, _("Not given"))) if key else _("Not given")
