"""Mentoring: a requester's requests and ranked mentor suggestions; a mentor's inbox and answers."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.core import page_schema
from learning_hub.api.schemas import UtcDateTime, country_field
from learning_hub.mentoring.inbox import REASON_MAX
from learning_hub.mentoring.requests import MAX_CHOICES, NEED_MAX, NEED_MIN
from learning_hub.models import OfferState, RequestState

ID = ma.validate.Range(min=1, max=2**31 - 1)


class RequestInSchema(Strict):
    need = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=NEED_MIN, max=NEED_MAX),
        metadata={"description": "what you need from a mentor"},
    )
    languages = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(vocab.PROFILE_LANGUAGES)),
        load_default=list,
        validate=ma.validate.Length(max=len(vocab.PROFILE_LANGUAGES)),
        metadata={"description": "languages you can work in (any when empty)"},
    )
    preferred_countries = ma.fields.List(country_field(), load_default=list, validate=ma.validate.Length(max=20))
    excluded_countries = ma.fields.List(country_field(), load_default=list, validate=ma.validate.Length(max=20))


class PersonRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "profile id"})
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)


class ChoiceSchema(ma.Schema):
    position = ma.fields.Integer(required=True)
    mentor = ma.fields.Nested(
        PersonRefSchema, allow_none=True, required=True, metadata={"description": "null once the person left"}
    )
    origin = ma.fields.String(required=True, metadata={"description": "requester or coordinator"})
    state = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in OfferState)})


class MentoringRequestSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    state = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in RequestState)})
    need = ma.fields.String(required=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    preferred_countries = ma.fields.List(ma.fields.String(), required=True)
    excluded_countries = ma.fields.List(ma.fields.String(), required=True)
    mentor = ma.fields.Nested(
        PersonRefSchema, allow_none=True, required=True, metadata={"description": "who accepted (a mentorship)"}
    )
    choices = ma.fields.List(
        ma.fields.Nested(ChoiceSchema), required=True, metadata={"description": "the mentors asked, in order"}
    )
    created_at = UtcDateTime(required=True)
    submitted_at = UtcDateTime(allow_none=True)
    accepted_at = UtcDateTime(allow_none=True)
    closed_at = UtcDateTime(allow_none=True)


MentoringRequestPageSchema = page_schema(MentoringRequestSchema, "MentoringRequestPage")


class SuggestedMentorSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "the mentor's profile id, to choose them"})
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    free_places = ma.fields.Integer(required=True)
    rank = ma.fields.Integer(required=True)
    score = ma.fields.Float(required=True)
    preferred = ma.fields.Boolean(required=True, metadata={"description": "from a country you prefer"})
    need_excerpt = ma.fields.String(required=True, metadata={"description": "your sentence that matched"})
    experience_excerpt = ma.fields.String(required=True, metadata={"description": "their reform that answers it"})
    terms = ma.fields.List(ma.fields.String(), required=True)


class SuggestionListSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(SuggestedMentorSchema),
        required=True,
        metadata={"description": "best first; empty once the request is sent"},
    )


class SubmitSchema(Strict):
    choices = ma.fields.List(
        ma.fields.Integer(validate=ID),
        load_default=list,
        validate=ma.validate.Length(max=MAX_CHOICES),
        metadata={
            "description": "up to three suggested mentors' ids, in order; empty: the coordinators look for a mentor"
        },
    )


class OfferSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    state = ma.fields.String(required=True, metadata={"description": ", ".join(s.value for s in OfferState)})
    request_id = ma.fields.Integer(required=True)
    requester = ma.fields.Nested(PersonRefSchema, allow_none=True, required=True)
    need = ma.fields.String(required=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    position = ma.fields.Integer(required=True, metadata={"description": "the requester's choice number"})
    origin = ma.fields.String(required=True)
    due_at = UtcDateTime(allow_none=True, metadata={"description": "answer by then, or it passes on"})
    score = ma.fields.Float(allow_none=True)
    experience_excerpt = ma.fields.String(allow_none=True)
    terms = ma.fields.List(ma.fields.String(), required=True)


class InboxSchema(ma.Schema):
    pending = ma.fields.List(ma.fields.Nested(OfferSchema), required=True)
    answered = ma.fields.List(ma.fields.Nested(OfferSchema), required=True, metadata={"description": "the latest"})
    capacity = ma.fields.Integer(required=True)
    active = ma.fields.Integer(required=True, metadata={"description": "mentorships under way"})
    available = ma.fields.Boolean(required=True)


class OfferAnswerSchema(Strict):
    answer = ma.fields.String(required=True, validate=ma.validate.OneOf(("accept", "decline")))
    reason = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=REASON_MAX),
        metadata={"description": "optional, when declining"},
    )
