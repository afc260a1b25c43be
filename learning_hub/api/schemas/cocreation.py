"""Co-creation: action plans with their forum, commitment drafts (versions kept on every save), comments and their
reasoned responses."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.core import page_schema
from learning_hub.api.schemas import UtcDateTime, plain_text
from learning_hub.models.cocreation import (
    COMMENT_GROUPS,
    DRAFT_STATUSES,
    FORUM_GROUPS,
    FORUM_ROLES,
    MODERATION_STATES,
    OGP_VALUES,
    PLAN_LEVELS,
    PLAN_STATUSES,
    RESPONSES,
)


class PlanInSchema(Strict):
    title = plain_text(3, 200, required=True, metadata={"example": "Kenya action plan 2026-2028"})
    country = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Z]{2}$"), metadata={"example": "KE"})
    level = ma.fields.String(load_default="national", validate=ma.validate.OneOf(PLAN_LEVELS))
    institution = plain_text(0, 200, load_default=None, allow_none=True)
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    is_public = ma.fields.Boolean(load_default=False)
    stakeholder_group = ma.fields.String(
        load_default="government",
        validate=ma.validate.OneOf(FORUM_GROUPS),
        metadata={"description": "the creator's group; the creator becomes the forum's facilitator"},
    )


class MemberSchema(ma.Schema):
    id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    display_name = ma.fields.String()
    stakeholder_group = ma.fields.String(validate=ma.validate.OneOf(FORUM_GROUPS))
    role = ma.fields.String(validate=ma.validate.OneOf(FORUM_ROLES))


class GroupCountSchema(ma.Schema):
    group = ma.fields.String(validate=ma.validate.OneOf(COMMENT_GROUPS))
    made = ma.fields.Integer()
    answered = ma.fields.Integer()


class PlanSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    country = ma.fields.String()
    level = ma.fields.String()
    institution = ma.fields.String(allow_none=True)
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    status = ma.fields.String(validate=ma.validate.OneOf(PLAN_STATUSES))
    is_public = ma.fields.Boolean()
    members = ma.fields.List(ma.fields.Nested(MemberSchema))
    draft_ids = ma.fields.List(ma.fields.Integer())
    comments = ma.fields.List(ma.fields.Nested(GroupCountSchema), metadata={"description": "made and answered"})


PlanPageSchema = page_schema(PlanSchema, "ActionPlanPage")


class MilestoneSchema(Strict):
    deliverable = plain_text(0, 500, load_default="")
    lead = plain_text(0, 200, load_default="")
    start = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^(\d{4}-\d{2}-\d{2})?$"))
    end = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^(\d{4}-\d{2}-\d{2})?$"))


class DraftInSchema(Strict):
    title = plain_text(1, 300, required=True)
    problem = plain_text(0, 5000, load_default="")
    status_quo = plain_text(0, 5000, load_default="")
    commitment = plain_text(0, 5000, load_default="")
    values = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(OGP_VALUES)), load_default=list)
    values_text = plain_text(0, 5000, load_default="")
    stakeholders = plain_text(0, 2000, load_default="")
    areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(list(vocab.POLICY_AREAS))), load_default=list)
    milestones = ma.fields.List(
        ma.fields.Nested(MilestoneSchema), load_default=list, validate=ma.validate.Length(max=20)
    )


class DraftSchema(ma.Schema):
    id = ma.fields.Integer()
    plan_id = ma.fields.Integer()
    title = ma.fields.String()
    problem = ma.fields.String()
    status_quo = ma.fields.String()
    commitment = ma.fields.String()
    values = ma.fields.List(ma.fields.String())
    values_text = ma.fields.String()
    stakeholders = ma.fields.String()
    areas = ma.fields.List(ma.fields.String())
    milestones = ma.fields.List(ma.fields.Nested(MilestoneSchema))
    language = ma.fields.String(allow_none=True)
    status = ma.fields.String(validate=ma.validate.OneOf(DRAFT_STATUSES))
    version = ma.fields.Integer(metadata={"description": "every save that changes the draft keeps a version"})
    unanswered_comments = ma.fields.Integer()
    updated_at = UtcDateTime()


DraftPageSchema = page_schema(DraftSchema, "CommitmentDraftPage")


class CommentInSchema(Strict):
    body = plain_text(1, 5000, required=True)


class CommentSchema(ma.Schema):
    id = ma.fields.Integer()
    draft_id = ma.fields.Integer()
    author_name = ma.fields.String(allow_none=True)
    author_group = ma.fields.String(validate=ma.validate.OneOf(COMMENT_GROUPS))
    body = ma.fields.String()
    moderation = ma.fields.String(validate=ma.validate.OneOf(MODERATION_STATES))
    response = ma.fields.String(allow_none=True, validate=ma.validate.OneOf(RESPONSES))
    response_reason = ma.fields.String(allow_none=True)
    responded_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


CommentPageSchema = page_schema(CommentSchema, "DraftCommentPage")


class ResponseInSchema(Strict):
    response = ma.fields.String(required=True, validate=ma.validate.OneOf(RESPONSES))
    reason = plain_text(1, 5000, required=True)
