"""Partner organisations, offers, support requests and connections."""

from __future__ import annotations

import marshmallow as ma

from learning_hub import vocab
from learning_hub.api.common import Strict
from learning_hub.api.schemas import UtcDateTime, plain_text, single_line
from learning_hub.models import ConnectionState, OrgType, SupportKind
from learning_hub.partners.vocab import TEXT_LANGUAGES

KINDS = [k.value for k in SupportKind]
AREAS = list(vocab.POLICY_AREAS)
COUNTRIES = ma.fields.List(
    ma.fields.String(validate=ma.validate.Length(min=1, max=2)),
    metadata={"description": 'ISO 3166-1 alpha-2 codes, or ["*"] for any country'},
)


def _line(max_length: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=[ma.validate.Length(max=max_length), single_line], **kwargs)


class PartnerOrganisationInSchema(Strict):
    name = _line(200, required=True)
    org_type = ma.fields.String(required=True, validate=ma.validate.OneOf([t.value for t in OrgType]))
    description = plain_text(0, 4000, load_default="")
    website = _line(500, load_default=None, allow_none=True)
    countries = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=2)), required=True)
    regions = _line(300, load_default=None, allow_none=True)
    areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(AREAS)), load_default=list)
    languages = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(TEXT_LANGUAGES)), load_default=list)


class PartnerOfferInSchema(Strict):
    title = _line(200, required=True)
    description = plain_text(1, 4000, required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(AREAS)), required=True)
    countries = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=2)), required=True)
    size_range = _line(200, load_default=None, allow_none=True)
    how_to_apply = plain_text(0, 4000, load_default="")
    language = ma.fields.String(load_default="en", validate=ma.validate.OneOf(TEXT_LANGUAGES))
    valid_until = ma.fields.Date(load_default=None, allow_none=True)
    active = ma.fields.Boolean(load_default=True)


class PartnerOfferSchema(ma.Schema):
    id = ma.fields.Integer()
    organisation_id = ma.fields.Integer()
    organisation = ma.fields.String()
    verified = ma.fields.Boolean(metadata={"description": "whether coordinators verified the organisation"})
    title = ma.fields.String()
    description = ma.fields.String()
    kind = ma.fields.String()
    areas = ma.fields.List(ma.fields.String())
    countries = COUNTRIES
    size_range = ma.fields.String(allow_none=True)
    how_to_apply = ma.fields.String()
    language = ma.fields.String()
    valid_until = ma.fields.Date(allow_none=True)
    active = ma.fields.Boolean()
    expired = ma.fields.Boolean()


class PartnerOrganisationSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    org_type = ma.fields.String()
    description = ma.fields.String()
    website = ma.fields.String(allow_none=True)
    countries = COUNTRIES
    regions = ma.fields.String(allow_none=True)
    areas = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    verified = ma.fields.Boolean()
    offers = ma.fields.List(ma.fields.Nested(PartnerOfferSchema))


class PartnerOrganisationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PartnerOrganisationSchema))


class PartnerOfferQuerySchema(ma.Schema):
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(KINDS))
    area = ma.fields.String(load_default=None, validate=ma.validate.OneOf(AREAS))
    country = ma.fields.String(load_default=None, validate=ma.validate.Length(equal=2))
    verified = ma.fields.Boolean(load_default=False)


class PartnerOfferListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PartnerOfferSchema))


class SupportNeedInSchema(Strict):
    title = _line(200, required=True)
    need = plain_text(1, 4000, required=True, metadata={"description": "what is needed"})
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    country = ma.fields.String(required=True, validate=ma.validate.Length(equal=2))
    areas = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(AREAS)), load_default=list)
    needed_by = ma.fields.Date(load_default=None, allow_none=True)
    size = _line(200, load_default=None, allow_none=True)
    others_involved = plain_text(0, 4000, load_default=None, allow_none=True)
    language = ma.fields.String(load_default="en", validate=ma.validate.OneOf(TEXT_LANGUAGES))
    rapid = ma.fields.Boolean(load_default=False, metadata={"description": "needs a needed_by within 30 days"})
    reform_id = ma.fields.Integer(load_default=None, allow_none=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    draft_id = ma.fields.Integer(load_default=None, allow_none=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    share_with_partners = ma.fields.Boolean(load_default=True)


class SupportNeedSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    need = ma.fields.String()
    kind = ma.fields.String()
    country = ma.fields.String()
    areas = ma.fields.List(ma.fields.String())
    needed_by = ma.fields.Date(allow_none=True)
    size = ma.fields.String(allow_none=True)
    others_involved = ma.fields.String(allow_none=True)
    language = ma.fields.String()
    rapid = ma.fields.Boolean()
    share_with_partners = ma.fields.Boolean()
    state = ma.fields.String()
    outcome = ma.fields.String(allow_none=True)
    created_at = UtcDateTime()
    first_response_at = UtcDateTime(allow_none=True)


class SupportNeedListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SupportNeedSchema))


class PartnerOfferFitSchema(ma.Schema):
    offer = ma.fields.Nested(PartnerOfferSchema)
    score = ma.fields.Float()
    need_sentence = ma.fields.String()
    offer_sentence = ma.fields.String()
    areas = ma.fields.List(ma.fields.String(), metadata={"description": "the need's areas the offer covers"})
    country = ma.fields.String(metadata={"description": 'the need\'s country, or "*" when the offer serves any'})


class PartnerOfferFitListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PartnerOfferFitSchema))


class SupportConnectionInSchema(Strict):
    need_id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    offer_id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    reason = plain_text(0, 500, load_default=None, allow_none=True)


class SupportConnectionSchema(ma.Schema):
    id = ma.fields.Integer()
    need_id = ma.fields.Integer()
    need_title = ma.fields.String()
    offer_id = ma.fields.Integer()
    offer_title = ma.fields.String()
    organisation = ma.fields.String()
    state = ma.fields.String(metadata={"description": ", ".join(s.value for s in ConnectionState)})
    reason = ma.fields.String(allow_none=True)
    decline_reason = ma.fields.String(allow_none=True)
    requester_accepted_at = UtcDateTime(allow_none=True)
    partner_accepted_at = UtcDateTime(allow_none=True)
    introduction_id = ma.fields.Integer(allow_none=True)


class SupportConnectionListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(SupportConnectionSchema))


class SupportDeclineSchema(Strict):
    reason = plain_text(1, 500, required=True)


class SupportAdvanceSchema(Strict):
    to = ma.fields.String(required=True, validate=ma.validate.OneOf(["in_discussion", "support_agreed", "delivered"]))
