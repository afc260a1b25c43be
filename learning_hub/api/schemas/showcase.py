"""The showcase: published reform stories as the public pages show them (public names only, never an email, a
gender or a private profile field), the coordinators' editorial queue and actions, a named person's consent."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.core import page_schema
from learning_hub.api.schemas import UtcDateTime, choice_field, country_field, plain_text
from learning_hub.models.showcase import CONSENT_STATES, STORY_STATES
from learning_hub.showcase import vocab as showcase_vocab


class StoryQuerySchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))
    area = choice_field(showcase_vocab.PROGRAMME_AREAS, metadata={"description": "a programme area"})
    country = country_field(metadata={"description": "ISO 3166-1 alpha-2, e.g. KE"})
    level = choice_field(showcase_vocab.LEVELS, metadata={"description": "level of government"})
    language = ma.fields.String(
        validate=ma.validate.OneOf(showcase_vocab.STORY_LANGUAGES),
        metadata={"description": "the language the story was written in"},
    )


class PublicNameSchema(ma.Schema):
    """A person who confirmed being named: their display name and what the story says of them, nothing else."""

    display_name = ma.fields.String()
    country = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    role = ma.fields.String(allow_none=True, metadata={"description": "their part in the reform"})


class EvidenceSchema(ma.Schema):
    kind = ma.fields.String(validate=ma.validate.OneOf(list(showcase_vocab.EVIDENCE_KINDS)))
    label = ma.fields.String()
    url = ma.fields.String()


class TranslationSchema(ma.Schema):
    language = ma.fields.String(validate=ma.validate.OneOf(showcase_vocab.STORY_LANGUAGES))
    title = ma.fields.String()
    summary = ma.fields.String()
    problem = ma.fields.String()
    actions = ma.fields.String()
    results = ma.fields.String()


class StorySchema(ma.Schema):
    slug = ma.fields.String()
    url = ma.fields.String(metadata={"description": "the story's public page"})
    title = ma.fields.String()
    summary = ma.fields.String()
    problem = ma.fields.String()
    actions = ma.fields.String(metadata={"description": "what was done"})
    results = ma.fields.String()
    country = ma.fields.String()
    level = ma.fields.String(validate=ma.validate.OneOf(list(showcase_vocab.LEVELS)))
    language = ma.fields.String(metadata={"description": "the language it was written in"})
    areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(list(showcase_vocab.PROGRAMME_AREAS))))
    policy_areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(list(vocab.POLICY_AREAS))))
    started_on = ma.fields.Date(allow_none=True)
    ended_on = ma.fields.Date(allow_none=True)
    published_at = UtcDateTime()
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema))
    people = ma.fields.List(ma.fields.Nested(PublicNameSchema), metadata={"description": "public names only"})
    featured = ma.fields.Boolean(metadata={"description": "featured by the coordinators on the showcase home"})
    translations = ma.fields.List(
        ma.fields.Nested(TranslationSchema), metadata={"description": "the story's texts in other languages"}
    )


StoryPageSchema = page_schema(StorySchema, "ShowcaseStoryPage")


class QueueItemSchema(ma.Schema):
    id = ma.fields.Integer()
    slug = ma.fields.String()
    title = ma.fields.String()
    country = ma.fields.String()
    language = ma.fields.String()
    state = ma.fields.String(validate=ma.validate.OneOf(STORY_STATES))
    change_request = ma.fields.String(allow_none=True)
    confirmed = ma.fields.Integer(metadata={"description": "named people who confirmed"})
    named = ma.fields.Integer(metadata={"description": "people named on the story"})
    updated_at = UtcDateTime()


QueuePageSchema = page_schema(QueueItemSchema, "ShowcaseQueuePage")


class ChangesInSchema(Strict):
    note = plain_text(1, 2000, required=True, metadata={"description": "what should change"})


class ConsentInSchema(Strict):
    decision = ma.fields.String(required=True, validate=ma.validate.OneOf(("confirm", "withdraw")))


class ConsentSchema(ma.Schema):
    story_id = ma.fields.Integer()
    consent = ma.fields.String(validate=ma.validate.OneOf(CONSENT_STATES))
    confirmed_at = UtcDateTime(allow_none=True)
    withdrawn_at = UtcDateTime(allow_none=True)
