"""Peer exchange: match runs and their pairs (coordinators), suggested peers (participants)."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.core import PageQuerySchema, page_schema
from learning_hub.api.schemas import UtcDateTime, choice_field, country_field, line_field
from learning_hub.models.peer_exchange import PAIR_STATES, RUN_STATUSES
from learning_hub.peer_exchange.forms import MAX_PER_PERSON

SCORE = ma.validate.Range(min=-1, max=1)


class RunCreateSchema(Strict):
    """The cohort filter (empty lists: everyone listed) and the pairing settings of the new-run page."""

    name = line_field(max_length=120, allow_none=True, metadata={"example": "Cohort 3, March exchange"})
    countries = ma.fields.List(country_field(), load_default=list, validate=ma.validate.Length(max=300))
    sectors = ma.fields.List(
        choice_field(vocab.SECTORS), load_default=list, validate=ma.validate.Length(max=len(vocab.SECTORS))
    )
    policy_areas = ma.fields.List(
        choice_field(vocab.POLICY_AREAS), load_default=list, validate=ma.validate.Length(max=len(vocab.POLICY_AREAS))
    )
    joined_since = ma.fields.Date(
        allow_none=True, load_default=None, metadata={"description": "only people who joined on or after this day"}
    )
    per_person = ma.fields.Integer(
        load_default=2,
        validate=ma.validate.Range(min=1, max=MAX_PER_PERSON),
        metadata={"description": "pairs per person"},
    )
    cross_country = ma.fields.Boolean(load_default=True, metadata={"description": "pair across countries only"})
    min_score = ma.fields.Float(
        allow_none=True,
        load_default=None,
        allow_nan=False,
        validate=SCORE,
        metadata={"description": "pairs scoring below it are not suggested"},
    )
    exclude_held = ma.fields.Boolean(load_default=True, metadata={"description": "skip pairs that already met"})


class JobSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    progress = ma.fields.Integer(required=True)
    message = ma.fields.String(allow_none=True)


class ReportSchema(ma.Schema):
    """The engine's figures for a finished run."""

    people = ma.fields.Integer(allow_none=True, metadata={"description": "people in the cohort"})
    matchable_people = ma.fields.Integer(allow_none=True, metadata={"description": "with an eligible candidate"})
    matched_people = ma.fields.Integer(allow_none=True)
    full_people = ma.fields.Integer(allow_none=True, metadata={"description": "with per_person pairs"})
    objective = ma.fields.Float(allow_none=True)
    upper_bound = ma.fields.Float(allow_none=True)
    greedy_objective = ma.fields.Float(allow_none=True)
    min_pair_score = ma.fields.Float(allow_none=True)
    violations = ma.fields.Integer(allow_none=True)
    seconds = ma.fields.Float(allow_none=True)
    engine_version = ma.fields.String(allow_none=True)
    encoder = ma.fields.String(allow_none=True)


class RunSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(allow_none=True)
    status = ma.fields.String(required=True, metadata={"description": ", ".join(RUN_STATUSES)})
    parent_id = ma.fields.Integer(allow_none=True, metadata={"description": "the run this one re-ran"})
    created_at = UtcDateTime(required=True)
    finished_at = UtcDateTime(allow_none=True)
    published_at = UtcDateTime(allow_none=True)
    people = ma.fields.Integer(allow_none=True)
    matched_people = ma.fields.Integer(allow_none=True)


RunPageSchema = page_schema(RunSummarySchema, "RunPage")


class RunSchema(RunSummarySchema):
    params = ma.fields.Dict(required=True, metadata={"description": "the cohort filter and settings"})
    error = ma.fields.String(allow_none=True, metadata={"description": "why a failed run failed"})
    job = ma.fields.Nested(JobSchema, allow_none=True, required=True)
    report = ma.fields.Nested(ReportSchema, required=True)
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "pairs by state: " + ", ".join(PAIR_STATES)},
    )


class PairQuerySchema(PageQuerySchema):
    country = country_field(metadata={"description": "pairs with a person from this country"})
    state = ma.fields.String(validate=ma.validate.OneOf(PAIR_STATES))
    score_min = ma.fields.Float(allow_nan=False, validate=SCORE)
    score_max = ma.fields.Float(allow_nan=False, validate=SCORE)


class PersonSchema(ma.Schema):
    profile_id = ma.fields.Integer(allow_none=True, metadata={"description": "null once the person left"})
    display_name = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    excerpt = ma.fields.String(required=True, metadata={"description": "the sentence that matched"})
    response = ma.fields.String(allow_none=True, metadata={"description": "accepted or declined, once published"})


class PairSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    state = ma.fields.String(required=True)
    origin = ma.fields.String(required=True, metadata={"description": "engine or swap"})
    score = ma.fields.Float(required=True)
    a_to_b = ma.fields.Float(allow_none=True, metadata={"description": "a's challenges against b's reforms"})
    b_to_a = ma.fields.Float(allow_none=True)
    a = ma.fields.Nested(PersonSchema, required=True, metadata={"description": "the side whose challenge matched"})
    b = ma.fields.Nested(PersonSchema, required=True, metadata={"description": "the side whose reform matched"})
    terms = ma.fields.List(ma.fields.String(), required=True)
    introduced_at = UtcDateTime(allow_none=True)


PairPageSchema = page_schema(PairSchema, "PairPage")


class PeerSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "the peer's profile id"})
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    role_title = ma.fields.String(allow_none=True)
    bio = ma.fields.String(allow_none=True)


class SuggestionSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "the pair id"})
    status = ma.fields.String(
        required=True, metadata={"description": "open, waiting_peer, introduced, declined (by me) or closed"}
    )
    my_response = ma.fields.String(allow_none=True)
    answerable = ma.fields.Boolean(required=True)
    peer = ma.fields.Nested(PeerSchema, required=True)
    my_text = ma.fields.String(required=True, metadata={"description": "my sentence that matched"})
    peer_text = ma.fields.String(required=True, metadata={"description": "their sentence that matched"})
    terms = ma.fields.List(ma.fields.String(), required=True)
    introduced_at = UtcDateTime(allow_none=True)


SuggestionPageSchema = page_schema(SuggestionSchema, "SuggestionPage")


class AnswerSchema(Strict):
    answer = ma.fields.String(required=True, validate=ma.validate.OneOf(("accept", "decline")))


class PublishSchema(Strict):
    earlier = ma.fields.String(
        load_default="keep_new",
        validate=ma.validate.OneOf(("replace", "keep_new")),
        metadata={
            "description": "what happens to earlier published suggestions for the same people: replace "
            "(withdraw those nobody has answered) or keep_new (keep them, add only new pairs); a pair already "
            "suggested is never shown twice"
        },
    )
