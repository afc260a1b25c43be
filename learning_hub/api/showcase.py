"""/api/v1/showcase: the published reform stories (public, no credentials needed: the same definition of "public" as
the pages, so a withdrawal shows on the next request), the coordinators' editorial queue and decisions (a token with
the coordinate scope), and a named person's own consent. The services of /showcase (showcase.services, .public)."""

from __future__ import annotations

from flask import url_for

from learning_hub.api.common import CONFLICT, EmptySchema, actor, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.showcase import (
    ChangesInSchema,
    ConsentInSchema,
    ConsentSchema,
    QueueItemSchema,
    QueuePageSchema,
    StoryPageSchema,
    StoryQuerySchema,
    StorySchema,
)
from learning_hub.errors import NotFound
from learning_hub.showcase import public, services

blp = api_blueprint(
    "api_showcase", __name__, "/showcase", "The reform showcase: published stories, editorial decisions, consent."
)

STORY_FIELDS = (
    "slug",
    "title",
    "summary",
    "problem",
    "actions",
    "results",
    "country",
    "level",
    "language",
    "started_on",
    "ended_on",
    "published_at",
    "featured",
)
TRANSLATION_FIELDS = ("language", "title", "summary", "problem", "actions", "results")


def story_body(story, names: list[public.PublicName]) -> dict:
    """A public story: its texts, evidence and public names (display name, country, organisation, role) only."""
    body = {name: getattr(story, name) for name in STORY_FIELDS}
    body.update(
        url=url_for("showcase.story", story_slug=story.slug, _external=True),
        areas=list(story.areas),
        policy_areas=list(story.policy_areas),
        evidence=[{"kind": e.kind, "label": e.label, "url": e.url} for e in story.evidence],
        translations=[{name: getattr(t, name) for name in TRANSLATION_FIELDS} for t in story.translations],
        people=[
            {"display_name": n.name, "country": n.country, "organisation": n.organisation, "role": n.role}
            for n in names
        ],
    )
    return body


def queue_body(story) -> dict:
    body = {
        name: getattr(story, name)
        for name in ("id", "slug", "title", "country", "language", "state", "change_request", "updated_at")
    }
    body.update(
        confirmed=sum(1 for p in story.people if p.consent == "confirmed"),
        named=len(story.people),
    )
    return body


@blp.route("/stories", endpoint="stories")
@blp.arguments(StoryQuerySchema, location="query")
@blp.response(200, StoryPageSchema)
def list_stories(args):
    """Published stories, newest first, filtered like /showcase.

    Only public stories (published, with at least one person who confirmed being named) and only public names.
    """
    filters = {key: args.get(key) for key in ("area", "country", "level", "language")}
    stories = public.public_stories(**filters)
    page = slice_page(stories, args["page"], args["per_page"])
    names = public.public_names(page["items"])
    page["items"] = [story_body(story, names[story.id]) for story in page["items"]]
    return page


@blp.route("/stories/<string(maxlength=120):story_slug>", endpoint="story")
@blp.response(200, StorySchema)
def get_story(story_slug: str):
    """One published story, as its public page shows it.

    404 once it is unpublished, or once nobody named on it is left.
    """
    story = public.public_story(story_slug)
    if story is None:
        raise NotFound("No such story.")
    return story_body(story, public.public_names([story])[story.id])


@blp.route("/editorial", endpoint="queue")
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, QueuePageSchema)
def editorial_queue(args):
    """Coordinators: every story, waiting ones first.

    Each with its state and how many of the people named on it confirmed.
    """
    stories = services.editorial_queue(actor())
    page = slice_page(stories, args["page"], args["per_page"])
    page["items"] = [queue_body(story) for story in page["items"]]
    return page


@blp.route("/editorial/<id:story_id>/publish", methods=["POST"], endpoint="publish")
@blp.arguments(EmptySchema)
@blp.response(200, QueueItemSchema)
@refusal(blp, 409, CONFLICT + " Already published, or nobody named has confirmed yet.")
def publish(_body, story_id: int):
    """Coordinators: publish a story (it needs one named person who confirmed)."""
    return queue_body(services.publish(actor(), story_id))


@blp.route("/editorial/<id:story_id>/unpublish", methods=["POST"], endpoint="unpublish")
@blp.arguments(EmptySchema)
@blp.response(200, QueueItemSchema)
@refusal(blp, 409, CONFLICT + " The story is not published.")
def unpublish(_body, story_id: int):
    """Coordinators: take a published story off every public surface."""
    return queue_body(services.unpublish(actor(), story_id))


@blp.route("/editorial/<id:story_id>/request-changes", methods=["POST"], endpoint="request_changes")
@blp.arguments(ChangesInSchema)
@blp.response(200, QueueItemSchema)
@refusal(blp, 409, CONFLICT + " Unpublish the story first.")
def request_changes(body, story_id: int):
    """Coordinators: send a story back to its proposer with a note."""
    return queue_body(services.request_changes(actor(), story_id, body["note"]))


@blp.route("/stories/<id:story_id>/consent", methods=["POST"], endpoint="consent")
@blp.arguments(ConsentInSchema)
@blp.response(200, ConsentSchema)
def consent(body, story_id: int):
    """A person named on a story confirms or withdraws their consent.

    Only their own (others: 404). A withdrawal shows on the next request to any public surface.
    """
    answer = services.confirm_consent if body["decision"] == "confirm" else services.withdraw_consent
    row = answer(actor(), story_id)
    return {
        "story_id": row.story_id,
        "consent": row.consent,
        "confirmed_at": row.confirmed_at,
        "withdrawn_at": row.withdrawn_at,
    }
