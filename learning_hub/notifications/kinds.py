"""The kinds of notification: each has a label for the settings page, a title written in the reader's language when
shown (from the notification's stored parameters), and a default channel. No kind emails each event by default
except the check-ins, which ask for an answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy string
    default: str  # a channel: email, daily, weekly, app
    title: Callable[[dict], str]


def _p(params: dict, key: str) -> str:
    return str(params.get(key) or "")


def _mentoring_answer(params: dict) -> str:
    if params.get("what") == "accepted":
        return _("%(name)s accepted to mentor you", name=_p(params, "name"))
    if params.get("what") == "passed_on":
        return _("Your mentoring request has moved on")
    return _("News about your mentoring request")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "mentoring_request",
            _l("Mentoring requests for me"),
            "daily",
            lambda p: _("%(name)s asked you to mentor them", name=_p(p, "name")),
        ),
        Kind(
            "mentoring_answer",
            _l("Answers to my mentoring requests"),
            "daily",
            lambda p: _mentoring_answer(p),
        ),
        Kind(
            "roundtable_invitation",
            _l("Roundtable invitations"),
            "daily",
            lambda p: _("You are invited to the roundtable %(title)s", title=_p(p, "title")),
        ),
        Kind(
            "peer_suggestions",
            _l("Published peer suggestions"),
            "daily",
            lambda p: _("New peer suggestion: %(name)s", name=_p(p, "name")),
        ),
        Kind(
            "checkin",
            _l("Follow-up check-ins"),
            "email",
            lambda p: _(
                "%(days)s days on: how did it go with %(with)s?", days=_p(p, "days"), **{"with": _p(p, "with")}
            ),
        ),
        Kind(
            "introduction_request",
            _l("Introduction requests"),
            "daily",
            lambda p: _("%(name)s asks for an introduction", name=_p(p, "name")),
        ),
        Kind(
            "introduction_answer",
            _l("Answers to my introduction requests"),
            "daily",
            lambda p: _("%(name)s answered your introduction request", name=_p(p, "name")),
        ),
        Kind(
            "showcase_named",
            _l("Being named on a showcase story"),
            "email",  # it asks for an answer: the person's consent
            lambda p: _(
                "%(name)s named you on the story %(title)s: say whether you agree to be named",
                name=_p(p, "name"),
                title=_p(p, "title"),
            ),
        ),
        Kind(
            "call_outcome",
            _l("Outcomes of my applications to calls for experts"),
            "app",
            lambda p: (
                _("You were selected: %(title)s", title=_p(p, "title"))
                if p.get("awarded")
                else _("Outcome of your application: %(title)s", title=_p(p, "title"))
            ),
        ),
        Kind(
            "message",
            _l("New messages"),
            "daily",
            lambda p: _("New message from %(name)s", name=_p(p, "name")),
        ),
        Kind(
            "support_rapid_alert",
            _l("Rapid-response support requests nobody has acted on"),
            "email",
            lambda p: _("Nobody has acted on the rapid-response request %(title)s", title=_p(p, "title")),
        ),
        Kind(
            "support_connection",
            _l("News about support connections"),
            "daily",
            lambda p: _("News about the support connection %(title)s", title=_p(p, "title")),
        ),
    )
}

CHANNEL_LABELS = {
    "email": _l("Email each time"),
    "daily": _l("Daily digest"),
    "weekly": _l("Weekly digest"),
    "app": _l("In the app only"),
}


def title_of(kind: str, params: dict) -> str:
    entry = KINDS.get(kind)
    return entry.title(params or {}) if entry else kind
