"""The scored review panel shared by recognition rounds and calls for experts: criteria with weights, the
reviewers a coordinator picked, items, conflicts of interest, the assignment of reviewers to items (solved by
`matching.assign_reviewers`), each reviewer's scores and the aggregate with its spread (`matching.aggregate_scores`).

The owners (learning_hub/recognition, learning_hub/calls) check their own states and who may act, then call these
functions inside their own transaction: nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    ConflictSource,
    PanelReviewer,
    ReviewAssignmentRow,
    ReviewConflict,
    ReviewCriterion,
    ReviewItem,
    ReviewPanel,
    ReviewScore,
    User,
    utcnow,
)
from matching import InfeasibleError, ItemResult, aggregate_scores, assign_reviewers

SCORE_MAX = 10


def new_panel(kind, criteria: list[tuple[str, int]], reviewer_ids, per_item: int) -> ReviewPanel:
    """A panel with its criteria and reviewers, added to the session."""
    criteria = [(label.strip(), weight) for label, weight in criteria if label and label.strip()]
    if not criteria:
        raise ValidationError(_("Give at least one criterion."), field="criteria")
    if any(not isinstance(w, int) or w < 1 or w > 100 for _, w in criteria):
        raise ValidationError(_("Each weight is a whole number from 1 to 100."), field="criteria")
    ids = sorted(set(reviewer_ids))
    found = set(db.session.scalars(select(User.id).where(User.id.in_(ids), User.active.is_(True)))) if ids else set()
    if found != set(ids):
        raise ValidationError(_("Choose reviewers among registered people."), field="reviewers")
    if len(ids) < per_item:
        raise ValidationError(
            _("Choose at least %(count)s reviewers: each item is read by that many.", count=per_item),
            field="reviewers",
        )
    panel = ReviewPanel(kind=kind, per_item=per_item)
    for position, (label, weight) in enumerate(criteria):
        panel.criteria.append(ReviewCriterion(label=label[:200], weight=weight, position=position))
    for user_id in ids:
        panel.reviewers.append(PanelReviewer(user_id=user_id))
    db.session.add(panel)
    return panel


def new_item(panel: ReviewPanel, prefix: str) -> ReviewItem:
    """An item with a code reviewers see instead of any name ("N-3": the third item of this panel)."""
    count = db.session.scalar(select(db.func.count(ReviewItem.id)).where(ReviewItem.panel_id == panel.id)) or 0
    item = ReviewItem(panel_id=panel.id, code=f"{prefix}-{count + 1}")
    db.session.add(item)
    db.session.flush()
    return item


def is_reviewer(actor, panel: ReviewPanel) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.id in panel.reviewer_ids


def declared_conflicts(panel: ReviewPanel) -> set[tuple[int, int]]:
    """(item id, user id) of every conflict recorded on the panel's items."""
    rows = db.session.execute(
        select(ReviewConflict.item_id, ReviewConflict.user_id)
        .join(ReviewItem, ReviewItem.id == ReviewConflict.item_id)
        .where(ReviewItem.panel_id == panel.id)
    )
    return {(item_id, user_id) for item_id, user_id in rows}


def declare_conflict(actor, item: ReviewItem, reason: str, source=ConflictSource.DECLARED) -> None:
    exists = db.session.scalar(
        select(ReviewConflict.id).where(ReviewConflict.item_id == item.id, ReviewConflict.user_id == actor.id)
    )
    if not exists:
        db.session.add(ReviewConflict(item_id=item.id, user_id=actor.id, source=source, reason=(reason or "")[:300]))


def withdraw_conflict(actor, item: ReviewItem) -> None:
    row = db.session.scalar(
        select(ReviewConflict).where(
            ReviewConflict.item_id == item.id,
            ReviewConflict.user_id == actor.id,
            ReviewConflict.source == ConflictSource.DECLARED,
        )
    )
    if row is not None:
        db.session.delete(row)


def assign(panel: ReviewPanel, detected: set[tuple[int, int]] = frozenset()) -> dict[int, int]:
    """Assign the panel's reviewers to its items: `per_item` each, never a recorded or `detected` conflict (the
    detected ones are recorded too), loads as even as the conflicts allow. Returns reviewer id -> load.
    Refuses (Conflict) with the reason when no assignment can respect the conflicts."""
    if panel.assigned_at is not None:
        raise Conflict(_("Reviewers are already assigned."))
    items = list(db.session.scalars(select(ReviewItem).where(ReviewItem.panel_id == panel.id).order_by(ReviewItem.id)))
    if not items:
        raise Conflict(_("There is nothing to review yet."))
    for item_id, user_id in sorted(detected - declared_conflicts(panel)):
        db.session.add(ReviewConflict(item_id=item_id, user_id=user_id, source=ConflictSource.DETECTED))
    db.session.flush()
    barred = {(str(i), str(u)) for i, u in declared_conflicts(panel)}
    codes = {str(item.id): item.code for item in items}
    try:
        result = assign_reviewers(
            [str(item.id) for item in items], [str(u) for u in panel.reviewer_ids], panel.per_item, barred
        )
    except InfeasibleError as exc:
        short = ", ".join(codes.get(c, c) for c in exc.conflicts if c in codes)
        if short:
            raise Conflict(
                _(
                    "No assignment is possible: %(items)s would have fewer than %(count)s reviewers free of "
                    "conflicts of interest. Add reviewers to the panel.",
                    items=short,
                    count=panel.per_item,
                )
            ) from exc
        raise Conflict(
            _("No assignment is possible: each item needs %(count)s reviewers.", count=panel.per_item)
        ) from exc
    for item_id, reviewer_id in result.pairs():
        db.session.add(ReviewAssignmentRow(item_id=int(item_id), reviewer_id=int(reviewer_id)))
    panel.assigned_at = utcnow()
    return {int(k): v for k, v in result.loads.items()}


def my_assignments(actor, panel: ReviewPanel) -> list[ReviewAssignmentRow]:
    return list(
        db.session.scalars(
            select(ReviewAssignmentRow)
            .join(ReviewItem, ReviewItem.id == ReviewAssignmentRow.item_id)
            .where(ReviewItem.panel_id == panel.id, ReviewAssignmentRow.reviewer_id == actor.id)
            .order_by(ReviewItem.id)
        )
    )


def assignment_of(actor, assignment_id: int) -> ReviewAssignmentRow:
    """The actor's own assignment; anyone else's is 404."""
    row = db.session.get(ReviewAssignmentRow, assignment_id)
    if row is None or row.reviewer_id != getattr(actor, "id", None):
        raise NotFound(_("No such review."))
    return row


def panel_of(row: ReviewAssignmentRow) -> ReviewPanel:
    return db.session.get(ReviewPanel, row.item.panel_id)


def record_scores(row: ReviewAssignmentRow, panel: ReviewPanel, scores: dict[int, int], comment: str) -> None:
    """Save (or revise) a reviewer's scores: one whole number 0-10 for every criterion."""
    wanted = {c.id for c in panel.criteria}
    if set(scores) != wanted:
        raise ValidationError(_("Score every criterion."), field="scores")
    if any(not isinstance(v, int) or v < 0 or v > SCORE_MAX for v in scores.values()):
        raise ValidationError(_("Scores are whole numbers from 0 to 10."), field="scores")
    existing = {s.criterion_id: s for s in row.scores}
    for criterion_id, value in scores.items():
        if criterion_id in existing:
            existing[criterion_id].score = value
        else:
            row.scores.append(ReviewScore(criterion_id=criterion_id, score=value))
    row.comment = (comment or "").strip() or None
    row.submitted_at = utcnow()


def progress(panel: ReviewPanel) -> tuple[int, int]:
    """(reviews submitted, reviews assigned)."""
    rows = list(
        db.session.execute(
            select(ReviewAssignmentRow.submitted_at)
            .join(ReviewItem, ReviewItem.id == ReviewAssignmentRow.item_id)
            .where(ReviewItem.panel_id == panel.id)
        )
    )
    return sum(1 for (at,) in rows if at is not None), len(rows)


@dataclass(frozen=True)
class Ranked:
    """One item's aggregate for the results pages: the matching library's ItemResult with the item and each
    reviewer's scores by criterion (reviewer id -> criterion id -> score)."""

    item: ReviewItem
    result: ItemResult
    scores: dict[int, dict[int, int]]


def results(panel: ReviewPanel) -> tuple[list[Ranked], list[ReviewItem]]:
    """The items with at least one submitted review, ranked; and the items without any."""
    weights = {str(c.id): float(c.weight) for c in panel.criteria}
    rows = list(
        db.session.scalars(
            select(ReviewAssignmentRow)
            .join(ReviewItem, ReviewItem.id == ReviewAssignmentRow.item_id)
            .where(ReviewItem.panel_id == panel.id, ReviewAssignmentRow.submitted_at.is_not(None))
        )
    )
    marks: dict[tuple[str, str], dict[str, float]] = {}
    by_item: dict[int, dict[int, dict[int, int]]] = {}
    for row in rows:
        marks[(str(row.item_id), str(row.reviewer_id))] = {str(s.criterion_id): float(s.score) for s in row.scores}
        by_item.setdefault(row.item_id, {})[row.reviewer_id] = {s.criterion_id: s.score for s in row.scores}
    items = {
        item.id: item
        for item in db.session.scalars(
            select(ReviewItem).where(ReviewItem.panel_id == panel.id).order_by(ReviewItem.id)
        )
    }
    ranked = (
        [Ranked(items[int(r.item)], r, by_item[int(r.item)]) for r in aggregate_scores(marks, weights)] if marks else []
    )
    unscored = [item for item_id, item in items.items() if item_id not in by_item]
    return ranked, unscored


def reviewer_names(panel: ReviewPanel) -> dict[int, str]:
    return {r.user_id: r.user.display_name for r in panel.reviewers}


def reviewer_choices(exclude=()) -> list[tuple[int, str]]:
    """Active registered people a coordinator may pick as reviewers, by name."""
    users = db.session.scalars(select(User).where(User.active.is_(True)))
    return sorted(((u.id, f"{u.display_name}") for u in users if u.id not in set(exclude)), key=lambda c: c[1].lower())
