"""The directory as other people see it: cards, search hits and profile pages. Never the gender, never the email."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.core import PageQuerySchema, page_schema
from learning_hub.api.schemas import choice_field, country_field
from learning_hub.directory.browse.search import MAX_QUERY_LENGTH, MODES


class DirectoryQuerySchema(PageQuerySchema):
    q = ma.fields.String(
        validate=ma.validate.Length(max=MAX_QUERY_LENGTH),
        metadata={"description": "search text: by meaning (semantic) or, with mode=words, keywords"},
    )
    mode = ma.fields.String(
        load_default="meaning",
        validate=ma.validate.OneOf(MODES),
        metadata={"description": "`meaning` (semantic search) or `words` (every word must occur)"},
    )
    country = country_field(metadata={"description": "ISO 3166-1 alpha-2 code"})
    sector = choice_field(vocab.SECTORS)
    area = choice_field(vocab.POLICY_AREAS, metadata={"description": "a policy area the person works on"})
    language = ma.fields.String(
        validate=ma.validate.OneOf(vocab.PROFILE_LANGUAGES),
        metadata={"description": "a language the person works in (ISO 639-1)"},
    )
    mentor = ma.fields.Boolean(load_default=False, metadata={"description": "only people offering mentoring"})


class CardSchema(ma.Schema):
    id = ma.fields.Integer(required=True, attribute="profile_id", metadata={"description": "the profile id"})
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    role_title = ma.fields.String(allow_none=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    policy_areas = ma.fields.List(ma.fields.String(), required=True)
    mentor_available = ma.fields.Boolean(required=True)
    public = ma.fields.Boolean(required=True, metadata={"description": "visible to anonymous visitors too"})
    challenge_count = ma.fields.Integer(required=True)
    reform_count = ma.fields.Integer(required=True)
    first_challenge = ma.fields.String(allow_none=True)


class MatchSchema(ma.Schema):
    score = ma.fields.Float(allow_none=True, metadata={"description": "similarity to the query, -1 to 1"})
    kind = ma.fields.String(allow_none=True, metadata={"description": "`challenge` or `reform`: what matched"})
    text = ma.fields.String(allow_none=True, metadata={"description": "the text that matched best"})
    sentence = ma.fields.String(allow_none=True, metadata={"description": "its sentence closest to the query"})
    anchor = ma.fields.String(
        allow_none=True, metadata={"description": "on a profile: the profile's own challenge this answers"}
    )


class HitSchema(ma.Schema):
    profile = ma.fields.Nested(CardSchema, required=True, attribute="card")
    match = ma.fields.Nested(
        MatchSchema, allow_none=True, required=True, metadata={"description": "what matched (semantic search only)"}
    )


DirectoryPageSchema = page_schema(HitSchema, "DirectoryPage")


class ChallengeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    language = ma.fields.String(allow_none=True, metadata={"description": "detected language (ISO 639-1)"})


class ReformSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"description": ", ".join(vocab.REFORM_STATUSES)})
    start_year = ma.fields.Integer(allow_none=True)
    link = ma.fields.String(allow_none=True)
    language = ma.fields.String(allow_none=True)


class AbroadSchema(ma.Schema):
    similar = ma.fields.List(
        ma.fields.Nested(HitSchema),
        required=True,
        metadata={"description": "reformers abroad facing similar challenges"},
    )
    answers = ma.fields.List(
        ma.fields.Nested(HitSchema),
        required=True,
        metadata={"description": "reformers abroad whose reforms answer these challenges"},
    )


class PublicProfileSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    role_title = ma.fields.String(allow_none=True)
    bio = ma.fields.String(allow_none=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    policy_areas = ma.fields.List(ma.fields.String(), required=True)
    mentor_available = ma.fields.Boolean(required=True)
    listed = ma.fields.Boolean(
        required=True, metadata={"description": "false only when owners look at their own unlisted profile"}
    )
    challenges = ma.fields.List(ma.fields.Nested(ChallengeSchema), required=True)
    reforms = ma.fields.List(ma.fields.Nested(ReformSchema), required=True)
    abroad = ma.fields.Nested(AbroadSchema, required=True)
