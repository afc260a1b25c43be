"""/api/v1/partners and /api/v1/support: partner organisations and offers (every signed-in caller reads them; an
organisation's staff and coordinators write), support requests (the requester's own; coordinators read all and get
the offers the engine ranks), and connections (their two sides and coordinators). The services of /partners and
/support, with the same rules; other people's requests and connections are 404."""

from __future__ import annotations

from flask.views import MethodView

from learning_hub.api.common import CONFLICT, INVALID, EmptySchema, actor, refusal
from learning_hub.api.core import api_blueprint
from learning_hub.api.schemas.partners import (
    PartnerOfferFitListSchema,
    PartnerOfferInSchema,
    PartnerOfferListSchema,
    PartnerOfferQuerySchema,
    PartnerOfferSchema,
    PartnerOrganisationInSchema,
    PartnerOrganisationListSchema,
    PartnerOrganisationSchema,
    SupportAdvanceSchema,
    SupportConnectionInSchema,
    SupportConnectionListSchema,
    SupportConnectionSchema,
    SupportDeclineSchema,
    SupportNeedInSchema,
    SupportNeedListSchema,
    SupportNeedSchema,
)
from learning_hub.models import utcnow
from learning_hub.partners import services as partners
from learning_hub.support import brokering, connections, services

blp = api_blueprint(
    "api_partners", __name__, "", "Partner organisations and offers, support requests, and brokered connections."
)


def offer_body(offer) -> dict:
    return {
        "id": offer.id,
        "organisation_id": offer.organisation_id,
        "organisation": offer.organisation.name,
        "verified": offer.organisation.verified,
        "title": offer.title,
        "description": offer.description,
        "kind": offer.kind,
        "areas": offer.areas,
        "countries": offer.countries,
        "size_range": offer.size_range,
        "how_to_apply": offer.how_to_apply,
        "language": offer.language,
        "valid_until": offer.valid_until,
        "active": offer.active,
        "expired": offer.expired(utcnow().date()),
    }


def organisation_body(org) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "org_type": org.org_type,
        "description": org.description,
        "website": org.website,
        "countries": org.countries,
        "regions": org.regions,
        "areas": org.areas,
        "languages": org.languages,
        "verified": org.verified,
        "offers": [offer_body(o) for o in org.offers],
    }


def connection_body(row) -> dict:
    return {
        "id": row.id,
        "need_id": row.need_id,
        "need_title": row.need.title,
        "offer_id": row.offer_id,
        "offer_title": row.offer.title,
        "organisation": row.offer.organisation.name,
        "state": row.state,
        "reason": row.reason,
        "decline_reason": row.decline_reason,
        "requester_accepted_at": row.requester_accepted_at,
        "partner_accepted_at": row.partner_accepted_at,
        "introduction_id": row.introduction_id,
    }


@blp.route("/partners/organisations", endpoint="organisations")
class Organisations(MethodView):
    @blp.response(200, PartnerOrganisationListSchema)
    def get(self):
        """Every partner organisation with its offers (unverified ones say so)."""
        return {"items": [organisation_body(o) for o in partners.list_organisations()]}

    @blp.arguments(PartnerOrganisationInSchema)
    @blp.response(201, PartnerOrganisationSchema)
    @refusal(blp, 403, "Only partner staff and coordinators register organisations (`forbidden`).")
    @refusal(blp, 422, INVALID)
    def post(self, data):
        """Register an organisation; a partner becomes its first staff member."""
        return organisation_body(partners.create_organisation(actor(), partners.OrganisationInput(**data)))


@blp.route("/partners/organisations/<id:organisation_id>", endpoint="organisation")
@blp.response(200, PartnerOrganisationSchema)
def get_organisation(organisation_id: int):
    """One organisation with its offers."""
    return organisation_body(partners.get_organisation(organisation_id))


@blp.route("/partners/organisations/<id:organisation_id>/offers", endpoint="new_offer", methods=["POST"])
@blp.arguments(PartnerOfferInSchema)
@blp.response(201, PartnerOfferSchema)
@refusal(blp, 403, "Only the organisation's staff and coordinators add offers (`forbidden`).")
@refusal(blp, 422, INVALID)
def new_offer(data, organisation_id: int):
    """Add an offer to an organisation."""
    return offer_body(partners.create_offer(actor(), organisation_id, partners.OfferInput(**data)))


@blp.route("/partners/offers", endpoint="offers")
@blp.arguments(PartnerOfferQuerySchema, location="query")
@blp.response(200, PartnerOfferListSchema)
def list_offers(args):
    """Current offers, filtered by kind, area, country served and verification.

    Expired offers and offers closed to requests are left out.
    """
    filters = partners.Filters(
        kind=args["kind"],
        area=args["area"],
        country=(args["country"] or "").upper() or None,
        verified=args["verified"],
    )
    return {"items": [offer_body(o) for o in partners.list_offers(filters)]}


@blp.route("/partners/offers/<id:partner_offer_id>", endpoint="offer")
class OfferResource(MethodView):
    @blp.response(200, PartnerOfferSchema)
    def get(self, partner_offer_id: int):
        """One offer."""
        return offer_body(partners.get_offer(partner_offer_id))

    @blp.arguments(PartnerOfferInSchema)
    @blp.response(200, PartnerOfferSchema)
    @refusal(blp, 403, "Only the organisation's staff and coordinators change offers (`forbidden`).")
    @refusal(blp, 422, INVALID)
    def put(self, data, partner_offer_id: int):
        """Replace an offer's fields."""
        return offer_body(partners.update_offer(actor(), partner_offer_id, partners.OfferInput(**data)))


def need_body(row) -> dict:
    return {
        name: getattr(row, name)
        for name in (
            "id",
            "title",
            "need",
            "kind",
            "country",
            "areas",
            "needed_by",
            "size",
            "others_involved",
            "language",
            "rapid",
            "share_with_partners",
            "state",
            "outcome",
            "created_at",
            "first_response_at",
        )
    }


@blp.route("/support/requests", endpoint="requests")
class Requests(MethodView):
    @blp.response(200, SupportNeedListSchema)
    def get(self):
        """My support requests, newest first."""
        return {"items": [need_body(r) for r in services.my_requests(actor())]}

    @blp.arguments(SupportNeedInSchema)
    @blp.response(201, SupportNeedSchema)
    @refusal(blp, 422, INVALID + " A rapid-response request needs a needed_by date within 30 days.")
    def post(self, data):
        """Ask for implementation support."""
        return need_body(services.create_request(actor(), services.NeedInput(**data)))


@blp.route("/support/requests/<id:need_id>", endpoint="request")
@blp.response(200, SupportNeedSchema)
def get_request(need_id: int):
    """One support request (the requester's, connected partner staff's and coordinators')."""
    return need_body(services.get_request(actor(), need_id))


@blp.route("/support/requests/<id:need_id>/offers", endpoint="request_offers")
@blp.response(200, PartnerOfferFitListSchema)
def request_offers(need_id: int):
    """Coordinators: the offers the engine ranks for this request.

    Current offers serving the request's country, best first, with the two sentences that matched.
    """
    user = actor()
    if not partners.is_coordinator(user):
        from learning_hub.errors import Forbidden

        raise Forbidden("Only coordinators broker support requests.")
    fits = brokering.offers_for_need(services.get_request(user, need_id))
    return {
        "items": [
            {
                "offer": offer_body(f.offer),
                "score": f.score,
                "need_sentence": f.need_sentence,
                "offer_sentence": f.offer_sentence,
                "areas": list(f.areas),
                "country": f.country,
            }
            for f in fits
        ]
    }


@blp.route("/support/connections", endpoint="connections")
class Connections(MethodView):
    @blp.response(200, SupportConnectionListSchema)
    def get(self):
        """Connections on my requests and on my organisations' offers."""
        return {"items": [connection_body(c) for c in connections.my_connections(actor())]}

    @blp.arguments(SupportConnectionInSchema)
    @blp.response(201, SupportConnectionSchema)
    @refusal(blp, 403, "Only coordinators propose connections (`forbidden`).")
    @refusal(blp, 404, "No support request or no offer has this id (`not_found`).")
    @refusal(blp, 409, CONFLICT + " Closed request, expired offer, country not served, or already proposed.")
    def post(self, data):
        """Coordinators: propose an offer for a request; both sides are asked to accept."""
        return connection_body(connections.propose(actor(), data["need_id"], data["offer_id"], data["reason"]))


@blp.route("/support/connections/<id:connection_id>", endpoint="connection")
@blp.response(200, SupportConnectionSchema)
def get_connection(connection_id: int):
    """One connection."""
    return connection_body(connections.get_connection(actor(), connection_id))


@blp.route("/support/connections/<id:connection_id>/accept", endpoint="accept", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, SupportConnectionSchema)
@refusal(blp, 409, CONFLICT + " Not waiting for your answer.")
def accept(_data, connection_id: int):
    """Accept a proposed connection (the requester's acceptance sends the introduction request)."""
    return connection_body(connections.accept(actor(), connection_id))


@blp.route("/support/connections/<id:connection_id>/decline", endpoint="decline", methods=["POST"])
@blp.arguments(SupportDeclineSchema)
@blp.response(200, SupportConnectionSchema)
@refusal(blp, 409, CONFLICT + " Already closed.")
def decline(data, connection_id: int):
    """Decline a connection, with a reason."""
    return connection_body(connections.decline(actor(), connection_id, data["reason"]))


@blp.route("/support/connections/<id:connection_id>/advance", endpoint="advance", methods=["POST"])
@blp.arguments(SupportAdvanceSchema)
@blp.response(200, SupportConnectionSchema)
@refusal(blp, 409, CONFLICT + " Not the next state.")
def advance(data, connection_id: int):
    """Move a connection to its next state."""
    return connection_body(connections.advance(actor(), connection_id, data["to"]))
