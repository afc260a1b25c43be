"""/api/v1/mentoring: a requester's requests (draft, ranked suggestions, submit to up to three mentors in order,
withdraw, discard) and a mentor's inbox (accept or decline). The services of /mentoring (mentoring.requests, .suggest,
.inbox); other people's requests and offers are 404."""

from __future__ import annotations

from flask.views import MethodView

from learning_hub.api.common import CONFLICT, EmptySchema, actor, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.mentoring import (
    InboxSchema,
    MentoringRequestPageSchema,
    MentoringRequestSchema,
    OfferAnswerSchema,
    OfferSchema,
    RequestInSchema,
    SubmitSchema,
    SuggestionListSchema,
)
from learning_hub.mentoring import inbox, requests, suggest
from learning_hub.models.mentoring import RequestState

blp = api_blueprint("api_mentoring", __name__, "/mentoring", "Mentor requests and the mentor's inbox.")

NOT_NOW = CONFLICT + " The request was already sent, or already answered, or the mentor is full."


def _person(profile) -> dict | None:
    if profile is None:
        return None
    return {"id": profile.id, "display_name": profile.display_name, "country": profile.country}


def request_body(item) -> dict:
    return {
        "id": item.id,
        "state": item.state,
        "need": item.need,
        "languages": list(item.languages or []),
        "preferred_countries": list(item.preferred_countries or []),
        "excluded_countries": list(item.excluded_countries or []),
        "mentor": _person(item.mentor),
        "choices": [
            {"position": o.position, "mentor": _person(o.mentor), "origin": o.origin, "state": o.state}
            for o in item.offers
        ],
        "created_at": item.created_at,
        "submitted_at": item.submitted_at,
        "accepted_at": item.accepted_at,
        "closed_at": item.closed_at,
    }


def offer_body(offer) -> dict:
    item = offer.request
    return {
        "id": offer.id,
        "state": offer.state,
        "request_id": offer.request_id,
        "requester": _person(item.requester),
        "need": item.need,
        "languages": list(item.languages or []),
        "position": offer.position,
        "origin": offer.origin,
        "due_at": offer.due_at,
        "score": offer.score,
        "experience_excerpt": offer.experience_excerpt,
        "terms": list(offer.terms or []),
    }


@blp.route("/requests", endpoint="requests")
class Requests(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, MentoringRequestPageSchema)
    def get(self, args):
        """My mentoring requests.

        Requests and mentorships in which I am the mentee, newest first.
        """
        page = slice_page(requests.my_requests(actor()), args["page"], args["per_page"])
        page["items"] = [request_body(item) for item in page["items"]]
        return page

    @blp.arguments(RequestInSchema)
    @blp.response(201, MentoringRequestSchema)
    @refusal(blp, 409, CONFLICT + " Three requests are open already.")
    def post(self, data):
        """Write a mentoring request (a draft).

        It replaces an earlier unsent draft; read its suggestions next, then submit it.
        """
        return request_body(requests.create_draft(actor(), **data))


@blp.route("/requests/<id:request_id>", endpoint="request")
class Request(MethodView):
    @blp.response(200, MentoringRequestSchema)
    def get(self, request_id: int):
        """One of my mentoring requests.

        Its state and the mentors asked, in order.
        """
        return request_body(requests.get_request(actor(), request_id))

    @blp.arguments(EmptySchema)
    @blp.response(204)
    @refusal(blp, 409, CONFLICT + " Only an unsent draft can be deleted.")
    def delete(self, _data, request_id: int):
        """Delete an unsent draft.

        Send `{}` as the body (writes are JSON).
        """
        requests.discard(actor(), request_id)


@blp.route("/requests/<id:request_id>/suggestions", endpoint="suggestions")
@blp.response(200, SuggestionListSchema)
def list_suggestions(request_id: int):
    """Mentors ranked for my draft.

    Best first, with the sentence of their experience that answers my need. Computed now: the list changes as
    mentors fill up, and it is empty once the request is sent.
    """
    item = requests.get_request(actor(), request_id)
    found = suggest.suggestions_for(item) if item.state == RequestState.DRAFT else []
    return {
        "items": [
            {
                "id": s.mentor.profile_id,
                "display_name": s.mentor.name,
                "country": s.mentor.country or None,
                "languages": list(s.mentor.languages),
                "free_places": s.mentor.free,
                "rank": s.rank,
                "score": s.score,
                "preferred": s.preferred,
                "need_excerpt": s.need_excerpt,
                "experience_excerpt": s.experience_excerpt,
                "terms": list(s.terms),
            }
            for s in found
        ]
    }


@blp.route("/requests/<id:request_id>/submit", endpoint="submit", methods=["POST"])
@blp.arguments(SubmitSchema)
@blp.response(200, MentoringRequestSchema)
@refusal(blp, 409, CONFLICT + " The request was already sent.")
def submit(data, request_id: int):
    """Send my draft to the mentors I choose.

    Up to three suggested mentors, asked in turn; with no choice, the programme coordinators look for a mentor.
    """
    return request_body(requests.submit(actor(), request_id, data["choices"]))


@blp.route("/requests/<id:request_id>/withdraw", endpoint="withdraw", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, MentoringRequestSchema)
@refusal(blp, 409, CONFLICT + " Only a request nobody has accepted yet can be withdrawn.")
def withdraw(_data, request_id: int):
    """Withdraw a request.

    Only while nobody has accepted it; a mentor who was asked is told.
    """
    return request_body(requests.withdraw(actor(), request_id))


@blp.route("/inbox", endpoint="inbox")
@blp.response(200, InboxSchema)
def get_inbox():
    """My mentor inbox.

    Requests waiting for my answer, the latest answered ones, my capacity and load.
    """
    box = inbox.inbox(actor())
    return {
        "pending": [offer_body(o) for o in box.pending],
        "answered": [offer_body(o) for o in box.answered],
        "capacity": box.capacity,
        "active": box.active,
        "available": box.available,
    }


@blp.route("/offers/<id:offer_id>/answer", endpoint="answer", methods=["POST"])
@blp.arguments(OfferAnswerSchema)
@blp.response(200, OfferSchema)
@refusal(blp, 409, NOT_NOW)
def answer(data, offer_id: int):
    """Accept or decline a request in my inbox.

    Accepting takes a seat (refused when I am full); declining passes the request to the requester's next choice.
    """
    user = actor()
    inbox.get_offer(user, offer_id)  # others' offers are 404 before anything else
    if data["answer"] == "accept":
        inbox.accept(user, offer_id)
    else:
        inbox.decline(user, offer_id, data.get("reason"))
    return offer_body(inbox.get_offer(user, offer_id))
