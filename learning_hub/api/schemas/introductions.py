"""Introductions (double opt-in) and conversations."""

from __future__ import annotations

import marshmallow as ma

from learning_hub.api.common import Strict
from learning_hub.api.core import page_schema
from learning_hub.api.schemas import UtcDateTime, plain_text
from learning_hub.introductions.conversations import BODY_MAX
from learning_hub.introductions.services import MESSAGE_MAX, MESSAGE_MIN, REASON_MAX
from learning_hub.models.introduction import CONVERSATION_KINDS, PURPOSES


class IntroductionInSchema(Strict):
    recipient_id = ma.fields.Integer(
        required=True,
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "the profile id of the person to ask"},
    )
    purpose = ma.fields.String(required=True, validate=ma.validate.OneOf(PURPOSES))
    message = plain_text(MESSAGE_MIN, MESSAGE_MAX, required=True, metadata={"description": "in your own words"})


class IntroductionAnswerSchema(Strict):
    answer = ma.fields.String(required=True, validate=ma.validate.OneOf(("accept", "decline")))
    reason = plain_text(0, REASON_MAX, load_default=None, allow_none=True, metadata={"description": "when declining"})


class SettingsSchema(Strict):
    open = ma.fields.Boolean(required=True, metadata={"description": "whether people may ask me"})
    purposes = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(PURPOSES)), required=True)


class IntroPersonSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True, metadata={"description": "profile id (null once the person left)"})
    display_name = ma.fields.String(allow_none=True)
    organisation = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)
    languages = ma.fields.List(ma.fields.String())
    email = ma.fields.String(
        allow_none=True, metadata={"description": "only once the introduction is accepted; null before"}
    )


class IntroductionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    direction = ma.fields.String(required=True, metadata={"description": "sent or received"})
    state = ma.fields.String(required=True, metadata={"description": "pending, accepted, declined or withdrawn"})
    purpose = ma.fields.String(required=True, metadata={"description": ", ".join(PURPOSES)})
    message = ma.fields.String(required=True)
    decline_reason = ma.fields.String(allow_none=True)
    other = ma.fields.Nested(IntroPersonSchema, required=True)
    created_at = UtcDateTime(required=True)
    answered_at = UtcDateTime(allow_none=True)


IntroductionPageSchema = page_schema(IntroductionSchema, "IntroductionPage")


class ThreadSchema(ma.Schema):
    kind = ma.fields.String(required=True, metadata={"description": ", ".join(CONVERSATION_KINDS)})
    source_id = ma.fields.Integer(required=True)
    other = ma.fields.Nested(IntroPersonSchema, required=True)
    unread = ma.fields.Integer(required=True)
    last_at = UtcDateTime(allow_none=True)


class ThreadListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ThreadSchema), required=True)
    unread = ma.fields.Integer(required=True, metadata={"description": "unread messages across all threads"})


class MessageSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    mine = ma.fields.Boolean(required=True)
    sender = ma.fields.String(allow_none=True, metadata={"description": "the author's display name"})
    body = ma.fields.String(required=True, metadata={"description": "plain text"})
    created_at = UtcDateTime(required=True)


class MessageListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MessageSchema), required=True)
    unread = ma.fields.Integer(required=True, metadata={"description": "unread in this thread before this read"})


class MessageInSchema(Strict):
    body = plain_text(1, BODY_MAX, required=True)
