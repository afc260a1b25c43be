"""My profile: everything its owner may read (gender included: only the owner sees it) and may change.

Update bodies are strict: a field they do not list (user id, roles, consented_at, email, ...) is a 422, never
silently dropped, so protected fields cannot be smuggled in.
"""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.schemas import UtcDateTime, choice_field, country_field, line_field, text_field
from learning_hub.api.schemas.directory import ChallengeSchema, ReformSchema
from learning_hub.directory.profiles.services import TEXT_MAX, TEXT_MIN

YEAR = ma.validate.Range(min=1950, max=2100)


class EmbeddingSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"description": "queued, running, done or failed"})
    progress = ma.fields.Integer(required=True)


class MyProfileSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(required=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    role_title = ma.fields.String(allow_none=True)
    bio = ma.fields.String(allow_none=True)
    languages = ma.fields.List(ma.fields.String(), required=True)
    policy_areas = ma.fields.List(ma.fields.String(), required=True)
    gender = ma.fields.String(allow_none=True, metadata={"description": "private: shown to its owner only"})
    visibility = ma.fields.String(required=True, metadata={"description": "private, members or public"})
    consented_at = UtcDateTime(allow_none=True, metadata={"description": "when you agreed to be listed"})
    listed = ma.fields.Boolean(required=True, metadata={"description": "others can find you in the directory"})
    mentor_available = ma.fields.Boolean(required=True)
    mentor_capacity = ma.fields.Integer(required=True)
    challenges = ma.fields.List(ma.fields.Nested(ChallengeSchema), required=True)
    reforms = ma.fields.List(ma.fields.Nested(ReformSchema), required=True)
    embedding = ma.fields.Nested(
        EmbeddingSchema,
        allow_none=True,
        required=True,
        metadata={"description": "the latest analysis of your texts for search"},
    )


class ProfileUpdateSchema(Strict):
    """Any subset of the fields; the others keep their values."""

    display_name = line_field(1, 120)
    country = country_field(allow_none=True)
    sector = choice_field(vocab.SECTORS, allow_none=True)
    organisation = line_field(max_length=200, allow_none=True)
    role_title = line_field(max_length=200, allow_none=True)
    bio = text_field(TEXT_MAX, allow_none=True)
    languages = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(vocab.PROFILE_LANGUAGES)),
        validate=ma.validate.Length(max=len(vocab.PROFILE_LANGUAGES)),
    )
    policy_areas = ma.fields.List(
        choice_field(vocab.POLICY_AREAS), validate=ma.validate.Length(max=len(vocab.POLICY_AREAS))
    )
    gender = choice_field(vocab.GENDERS, allow_none=True, metadata={"description": "private: only you see it"})
    visibility = choice_field(vocab.VISIBILITIES, metadata={"description": "who may see your profile"})
    consent = ma.fields.Boolean(metadata={"description": "agree to be listed (true) or withdraw (false)"})
    mentor_available = ma.fields.Boolean(metadata={"description": "offer mentoring (grants the mentor role)"})
    mentor_capacity = ma.fields.Integer(
        validate=ma.validate.Range(min=0, max=20), metadata={"description": "mentees at a time, 1-20 when offering"}
    )


class ChallengeInSchema(Strict):
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=TEXT_MIN, max=TEXT_MAX))


class ReformInSchema(Strict):
    title = line_field(1, 200, required=True)
    description = ma.fields.String(required=True, validate=ma.validate.Length(min=TEXT_MIN, max=TEXT_MAX))
    status = choice_field(vocab.REFORM_STATUSES, load_default="in_progress")
    start_year = ma.fields.Integer(allow_none=True, validate=YEAR)
    link = line_field(max_length=500, allow_none=True, metadata={"description": "a public page, https://..."})


class ReformPatchSchema(Strict):
    """Any subset of a reform's fields."""

    title = line_field(1, 200)
    description = ma.fields.String(validate=ma.validate.Length(min=TEXT_MIN, max=TEXT_MAX))
    status = choice_field(vocab.REFORM_STATUSES)
    start_year = ma.fields.Integer(allow_none=True, validate=YEAR)
    link = line_field(max_length=500, allow_none=True)
