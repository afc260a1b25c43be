"""/api/v1/introductions and /api/v1/conversations: ask for an introduction, answer, withdraw, settings; threads,
reading and posting messages. The services of /introductions and /conversations, with the same limits (a message
of 20-1,000 characters, 10 requests a day, the 90-day rule) and the same privacy: the other person's email address
is null until the introduction is accepted. Other people's introductions and threads are 404."""

from __future__ import annotations

from flask.views import MethodView

from learning_hub.api.common import CONFLICT, EmptySchema, actor, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.introductions import (
    IntroductionAnswerSchema,
    IntroductionInSchema,
    IntroductionPageSchema,
    IntroductionSchema,
    MessageInSchema,
    MessageListSchema,
    MessageSchema,
    SettingsSchema,
    ThreadListSchema,
)
from learning_hub.introductions import conversations as talk
from learning_hub.introductions import services
from learning_hub.models.introduction import IntroductionState

blp = api_blueprint(
    "api_introductions", __name__, "", "Introductions by double opt-in, and conversations between two people."
)

KINDS = "string"  # introduction, mentorship or peer_pair: anything else is a NotFound from the service


def _person(profile, email=None) -> dict:
    if profile is None:
        return {"id": None, "display_name": None, "organisation": None, "country": None, "languages": [], "email": None}
    return {
        "id": profile.id,
        "display_name": profile.display_name,
        "organisation": profile.organisation,
        "country": profile.country,
        "languages": list(profile.languages),
        "email": email,
    }


def introduction_body(user, intro) -> dict:
    side = services.side_of(user, intro)
    state = services.shown_state(user, intro)
    return {
        "id": intro.id,
        "direction": "sent" if side == "sender" else "received",
        "state": state,
        "purpose": intro.purpose,
        "message": intro.message,
        "decline_reason": intro.decline_reason if state == IntroductionState.DECLINED else None,
        "other": _person(intro.recipient if side == "sender" else intro.sender, services.contact_email(user, intro)),
        "created_at": intro.created_at,
        "answered_at": intro.answered_at if intro.state != IntroductionState.MUTED else None,
    }


@blp.route("/introductions", endpoint="introductions")
class Introductions(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, IntroductionPageSchema)
    def get(self, args):
        """My introductions, received then sent.

        Newest first within each; the other person's email is null until accepted.
        """
        user = actor()
        box = services.my_introductions(user)
        page = slice_page(box.received + box.sent, args["page"], args["per_page"])
        page["items"] = [introduction_body(user, item) for item in page["items"]]
        return page

    @blp.arguments(IntroductionInSchema)
    @blp.response(201, IntroductionSchema)
    @refusal(blp, 404, "No listed profile has this id (`not_found`).")
    @refusal(
        blp,
        409,
        CONFLICT + " Not open to introductions or this purpose, already asked, within 90 days of an "
        "earlier request, or 10 requests in the last 24 hours.",
    )
    def post(self, data):
        """Ask someone for an introduction.

        A message of 20 to 1,000 characters in your own words and a purpose (peer_exchange, mentoring,
        implementation_support, other). The person is emailed and answers in the app or from the email.
        """
        user = actor()
        return introduction_body(user, services.ask(user, data["recipient_id"], data["purpose"], data["message"]))


@blp.route("/introductions/<id:intro_id>", endpoint="introduction")
@blp.response(200, IntroductionSchema)
def get_introduction(intro_id: int):
    """One of my introductions."""
    user = actor()
    return introduction_body(user, services.get_introduction(user, intro_id))


@blp.route("/introductions/<id:intro_id>/answer", endpoint="answer", methods=["POST"])
@blp.arguments(IntroductionAnswerSchema)
@blp.response(200, IntroductionSchema)
@refusal(blp, 409, CONFLICT + " Already answered or withdrawn.")
def answer(data, intro_id: int):
    """Accept or decline a request I received.

    Accepting emails both people each other's details; declining tells the sender kindly, with the optional reason.
    """
    user = actor()
    if data["answer"] == "accept":
        intro = services.accept(user, intro_id)
    else:
        intro = services.decline(user, intro_id, data.get("reason"))
    return introduction_body(user, intro)


@blp.route("/introductions/<id:intro_id>/withdraw", endpoint="withdraw", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, IntroductionSchema)
@refusal(blp, 409, CONFLICT + " Only a request still waiting can be withdrawn.")
def withdraw(_data, intro_id: int):
    """Withdraw a request I sent that is still waiting."""
    user = actor()
    return introduction_body(user, services.withdraw(user, intro_id))


@blp.route("/introductions/settings", endpoint="settings")
class Settings(MethodView):
    @blp.response(200, SettingsSchema)
    def get(self):
        """Whether people may ask me, and for which purposes."""
        user = actor()
        found = services.openness(user.profile.id) if user.profile else services.Openness(False, ())
        return {"open": found.open, "purposes": list(found.purposes)}

    @blp.arguments(SettingsSchema)
    @blp.response(200, SettingsSchema)
    def put(self, data):
        """Open or close my profile to introductions, and choose the purposes."""
        found = services.update_settings(actor(), open_=data["open"], purposes=data["purposes"])
        return {"open": found.open, "purposes": list(found.purposes)}


@blp.route("/conversations", endpoint="conversations")
@blp.response(200, ThreadListSchema)
def list_conversations():
    """My threads: accepted introductions, mentorships and peer pairs, with unread counts."""
    user = actor()
    threads = talk.my_threads(user)
    return {
        "items": [
            {
                "kind": t.kind,
                "source_id": t.source_id,
                "other": _person(t.other, t.other.user.email if t.other and t.other.user else None),
                "unread": t.unread,
                "last_at": t.last_at,
            }
            for t in threads
        ],
        "unread": talk.unread_total(user),
    }


def _message(user, m) -> dict:
    mine = user.profile is not None and m.sender_id == user.profile.id
    return {
        "id": m.id,
        "mine": mine,
        "sender": m.sender.display_name if m.sender else None,
        "body": m.body,
        "created_at": m.created_at,
    }


@blp.route(f"/conversations/<{KINDS}:kind>/<id:source_id>/messages", endpoint="messages")
class Messages(MethodView):
    @blp.response(200, MessageListSchema)
    def get(self, kind: str, source_id: int):
        """Messages of a thread.

        The latest 200, oldest first. Reading marks nothing; POST .../read does.
        """
        user = actor()
        page = talk.thread(user, kind, source_id)
        return {"items": [_message(user, m) for m in page.messages], "unread": page.unread}

    @blp.arguments(MessageInSchema)
    @blp.response(201, MessageSchema)
    def post(self, data, kind: str, source_id: int):
        """Write a message (plain text, up to 4,000 characters)."""
        user = actor()
        return _message(user, talk.post(user, kind, source_id, data["body"]))


@blp.route(f"/conversations/<{KINDS}:kind>/<id:source_id>/read", endpoint="read", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, MessageListSchema)
def mark_read(_data, kind: str, source_id: int):
    """Mark a thread read up to its latest message; returns it with the unread count left (0)."""
    user = actor()
    left = talk.mark_read(user, kind, source_id)
    page = talk.thread(user, kind, source_id)
    return {"items": [_message(user, m) for m in page.messages], "unread": left}
