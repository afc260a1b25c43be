"""Roundtables: organisers' roundtables with their generated lists; invitees' invitations and answers. Gender is
never shown per person (quotas on it are reported in aggregate only, as on the pages)."""

from __future__ import annotations

import marshmallow as ma

from learning_hub.api.common import Strict
from learning_hub.api.core import PageQuerySchema, page_schema
from learning_hub.api.schemas import UtcDateTime, line_field, plain_text
from learning_hub.models.roundtable import FORMATS, LIST_ROLES, RSVP_STATES
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables import times
from learning_hub.roundtables.forms import MAX_QUOTAS, MAX_SEATS, MIN_SEATS

ID = ma.validate.Range(min=1, max=2**31 - 1)
BOUND = ma.validate.Regexp(r"^(\d{1,3}%?)?$", error="A number of seats such as 2, or a share such as 40%.")


class QuotaSchema(Strict):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(q.KINDS))
    value = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=60),
        metadata={"description": "a country code, a sector, or woman/man/non_binary; empty for partner"},
    )
    min = ma.fields.String(load_default="", validate=BOUND)
    max = ma.fields.String(load_default="", validate=BOUND)


class RoundtableInSchema(Strict):
    title = line_field(3, 200, required=True, metadata={"example": "Beneficial ownership in procurement"})
    topic = plain_text(
        20,
        4000,
        required=True,
        metadata={
            "description": "people are ranked by how well their texts meet it",
            "example": "Beneficial ownership registers: verifying who owns companies that win public contracts.",
        },
    )
    starts_at = ma.fields.DateTime(
        required=True,
        metadata={
            "description": "with an offset, or without one for a wall-clock time in `time_zone`",
            "example": "2099-05-14T14:00:00+03:00",
        },
    )
    time_zone = ma.fields.String(
        load_default="UTC", validate=ma.validate.OneOf(times.zone_names()), metadata={"example": "Africa/Nairobi"}
    )
    duration_minutes = ma.fields.Integer(load_default=90, validate=ma.validate.Range(min=15, max=720))
    format = ma.fields.String(load_default="virtual", validate=ma.validate.OneOf(FORMATS))
    location = line_field(
        max_length=300, allow_none=True, metadata={"description": "the venue (required in person) or a meeting link"}
    )
    seats = ma.fields.Integer(
        load_default=12, validate=ma.validate.Range(min=MIN_SEATS, max=MAX_SEATS), metadata={"example": 4}
    )
    invitation_deadline = ma.fields.DateTime(
        required=True,
        metadata={
            "description": "answers are taken until then (an offset, or a wall-clock time in `time_zone`)",
            "example": "2099-05-04T17:00:00+03:00",
        },
    )
    quotas = ma.fields.List(
        ma.fields.Nested(QuotaSchema),
        load_default=list,
        validate=ma.validate.Length(max=MAX_QUOTAS),
        metadata={"example": [{"kind": "country", "value": "KE", "min": "1", "max": "50%"}]},
    )
    max_per_country = ma.fields.Integer(
        allow_none=True, load_default=None, validate=ma.validate.Range(min=1, max=MAX_SEATS)
    )
    pins = ma.fields.List(
        ma.fields.Integer(validate=ID),
        load_default=list,
        validate=ma.validate.Length(max=MAX_SEATS),
        metadata={"description": "profile ids always invited"},
    )
    excludes = ma.fields.List(
        ma.fields.Integer(validate=ID),
        load_default=list,
        validate=ma.validate.Length(max=1000),
        metadata={"description": "never listed"},
    )


class RoundtableSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"description": "planning (the list may change) or inviting"})
    starts_at = UtcDateTime(required=True)
    starts_local = ma.fields.String(
        required=True, metadata={"description": "the start in the roundtable's zone, ISO 8601 with its offset"}
    )
    time_zone = ma.fields.String(required=True)
    seats = ma.fields.Integer(required=True)
    seats_taken = ma.fields.Integer(required=True, metadata={"description": "accepted invitations"})


RoundtablePageSchema = page_schema(RoundtableSummarySchema, "RoundtablePage")


class RoundtableSchema(RoundtableSummarySchema):
    topic = ma.fields.String(required=True)
    duration_minutes = ma.fields.Integer(required=True)
    format = ma.fields.String(required=True)
    location = ma.fields.String(allow_none=True)
    invitation_deadline = UtcDateTime(required=True)
    quotas = ma.fields.List(ma.fields.Nested(QuotaSchema), required=True)
    quota_words = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "in plain words"})
    max_per_country = ma.fields.Integer(allow_none=True)
    pins = ma.fields.List(ma.fields.Integer(), required=True)
    excludes = ma.fields.List(ma.fields.Integer(), required=True)
    answers = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "invitees by answer: " + ", ".join(RSVP_STATES)},
    )
    free_seats = ma.fields.Integer(required=True)
    report = ma.fields.Dict(required=True, metadata={"description": "the engine's figures for the current list"})
    generated_at = UtcDateTime(allow_none=True)
    invitations_sent_at = UtcDateTime(allow_none=True)


class InviteeQuerySchema(PageQuerySchema):
    role = ma.fields.String(
        validate=ma.validate.OneOf(LIST_ROLES),
        metadata={"description": "invitee or substitute (the waiting list); both by default"},
    )


class InviteeSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "the list entry's id"})
    profile_id = ma.fields.Integer(allow_none=True, metadata={"description": "null once the person left"})
    display_name = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)
    sector = ma.fields.String(allow_none=True)
    list_role = ma.fields.String(required=True)
    rank = ma.fields.Integer(required=True)
    relevance = ma.fields.Float(required=True)
    pinned = ma.fields.Boolean(required=True)
    excerpt = ma.fields.String(required=True, metadata={"description": "the sentence that matched the topic"})
    terms = ma.fields.List(ma.fields.String(), required=True)
    rsvp = ma.fields.String(required=True)
    counts_toward = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "the country, sector and partner quotas it counts for"},
    )


InviteePageSchema = page_schema(InviteeSchema, "InviteePage")


class InvitedRoundtableSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    topic = ma.fields.String(required=True)
    starts_at = UtcDateTime(required=True)
    starts_local = ma.fields.String(required=True)
    time_zone = ma.fields.String(required=True)
    duration_minutes = ma.fields.Integer(required=True)
    format = ma.fields.String(required=True)
    location = ma.fields.String(allow_none=True)
    invitation_deadline = UtcDateTime(required=True)


class InvitationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    rsvp = ma.fields.String(required=True, metadata={"description": "pending, accepted or declined"})
    open = ma.fields.Boolean(required=True, metadata={"description": "answers are still taken"})
    invited_at = UtcDateTime(allow_none=True)
    responded_at = UtcDateTime(allow_none=True)
    roundtable = ma.fields.Nested(InvitedRoundtableSchema, required=True)


InvitationPageSchema = page_schema(InvitationSchema, "InvitationPage")


class RsvpSchema(Strict):
    answer = ma.fields.String(required=True, validate=ma.validate.OneOf(("accept", "decline")))
