"""/api/v1/cocreation: action plans (the ones the caller can see), their commitment drafts, comments and reasoned
responses. The services of /cocreation (cocreation.services): forum facilitators and members edit, a non-member reads
only public plans and comments only during their public consultation; others' objects are 404."""

from __future__ import annotations

from flask.views import MethodView

from learning_hub.api.common import CONFLICT, EmptySchema, actor, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.cocreation import (
    CommentInSchema,
    CommentPageSchema,
    CommentSchema,
    DraftInSchema,
    DraftPageSchema,
    DraftSchema,
    PlanInSchema,
    PlanPageSchema,
    PlanSchema,
    ResponseInSchema,
)
from learning_hub.cocreation import services, tasks

blp = api_blueprint(
    "api_cocreation", __name__, "/cocreation", "Co-creation: action plans, commitment drafts, comments and responses."
)


def plan_body(plan) -> dict:
    return {
        **{
            name: getattr(plan, name)
            for name in ("id", "title", "country", "level", "institution", "period_start", "period_end", "status")
        },
        "is_public": plan.is_public,
        "members": [
            {
                "id": m.id,
                "user_id": m.user_id,
                "display_name": m.user.display_name,
                "stakeholder_group": m.stakeholder_group,
                "role": m.role,
            }
            for m in plan.members
        ],
        "draft_ids": [d.id for d in plan.drafts],
        "comments": [vars(row) for row in services.comment_counts(plan)],
    }


def draft_body(draft) -> dict:
    body = {"id": draft.id, "plan_id": draft.plan_id, **services.draft_content(draft)}
    body.update(
        language=draft.language,
        status=draft.status,
        version=draft.version,
        unanswered_comments=len(services.unanswered(draft)),
        updated_at=draft.updated_at,
    )
    return body


def comment_body(comment) -> dict:
    return {
        name: getattr(comment, name)
        for name in (
            "id",
            "draft_id",
            "author_name",
            "author_group",
            "body",
            "moderation",
            "response",
            "response_reason",
            "responded_at",
            "created_at",
        )
    }


def _content(data: dict) -> services.DraftContent:
    return services.DraftContent(**data)


@blp.route("/plans", endpoint="plans")
class Plans(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, PlanPageSchema)
    def get(self, args):
        """Action plans I can see.

        My forums' plans and the public ones, the latest period first.
        """
        page = slice_page(services.visible_plans(actor()), args["page"], args["per_page"])
        page["items"] = [plan_body(plan) for plan in page["items"]]
        return page

    @blp.arguments(PlanInSchema)
    @blp.response(201, PlanSchema)
    def post(self, data):
        """Create an action plan.

        The caller becomes the facilitator of its forum.
        """
        return plan_body(services.create_plan(actor(), services.PlanDetails(**data)))


@blp.route("/plans/<id:plan_id>", endpoint="plan")
@blp.response(200, PlanSchema)
def get_plan(plan_id: int):
    """An action plan, its forum and its comment counts by stakeholder group."""
    return plan_body(services.visible_plan(actor(), plan_id))


@blp.route("/plans/<id:plan_id>/drafts", endpoint="drafts")
class Drafts(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, DraftPageSchema)
    def get(self, args, plan_id: int):
        """A plan's commitment drafts."""
        plan = services.visible_plan(actor(), plan_id)
        page = slice_page(list(plan.drafts), args["page"], args["per_page"])
        page["items"] = [draft_body(d) for d in page["items"]]
        return page

    @blp.arguments(DraftInSchema)
    @blp.response(201, DraftSchema)
    def post(self, data, plan_id: int):
        """Draft a commitment (forum facilitators and members)."""
        draft = services.create_draft(actor(), plan_id, _content(data))
        tasks.schedule_embedding(draft, actor())
        return draft_body(draft)


@blp.route("/drafts/<id:draft_id>", endpoint="draft")
@blp.response(200, DraftSchema)
def get_draft(draft_id: int):
    """A commitment draft."""
    return draft_body(services.visible_draft(actor(), draft_id))


@blp.route("/drafts/<id:draft_id>/save", endpoint="save_draft", methods=["POST"])
@blp.arguments(DraftInSchema)
@blp.response(200, DraftSchema)
@refusal(blp, 409, CONFLICT + " The draft is final.")
def save_draft(data, draft_id: int):
    """Save a draft (the whole content); a change keeps a new version."""
    before = services.editable_draft(actor(), draft_id).version
    draft = services.save_draft(actor(), draft_id, _content(data))
    if draft.version != before:
        tasks.schedule_embedding(draft, actor())
    return draft_body(draft)


@blp.route("/drafts/<id:draft_id>/finalise", endpoint="finalise", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, DraftSchema)
@refusal(blp, 409, CONFLICT + " A comment still needs a recorded response.")
def finalise(_data, draft_id: int):
    """Mark a draft final: refused while any comment has no recorded response."""
    return draft_body(services.finalise(actor(), draft_id))


@blp.route("/drafts/<id:draft_id>/comments", endpoint="comments")
class Comments(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, CommentPageSchema)
    def get(self, args, draft_id: int):
        """A draft's comments (pending public ones only to the editors and their authors)."""
        draft = services.visible_draft(actor(), draft_id)
        page = slice_page(services.visible_comments(actor(), draft), args["page"], args["per_page"])
        page["items"] = [comment_body(c) for c in page["items"]]
        return page

    @blp.arguments(CommentInSchema)
    @blp.response(201, CommentSchema)
    @refusal(blp, 409, CONFLICT + " The draft is final.")
    def post(self, data, draft_id: int):
        """Comment on a draft.

        Forum members' comments are published at once; other signed-in users may comment on a public plan during its
        consultation, and their comments wait for a facilitator's moderation.
        """
        return comment_body(services.add_comment(actor(), draft_id, data["body"]))


@blp.route("/comments/<id:comment_id>/response", endpoint="respond", methods=["POST"])
@blp.arguments(ResponseInSchema)
@blp.response(200, CommentSchema)
@refusal(blp, 409, CONFLICT + " The comment awaits moderation.")
def respond(data, comment_id: int):
    """Record the forum's reasoned response to a comment (facilitators and members)."""
    return comment_body(services.respond(actor(), comment_id, data["response"], data["reason"]))
