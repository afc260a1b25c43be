"""/api/v1/roundtables: organisers list and create roundtables (the list is generated on creation), regenerate the
list, read its invitees and send the invitations; invitees read their invitations and answer them. The services of
/roundtables (roundtables.services, .pages, .invitations, .rsvp)."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask.views import MethodView
from flask_babel import gettext as _

from learning_hub.api.common import CONFLICT, EmptySchema, actor, paginated, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.roundtables import (
    InvitationPageSchema,
    InvitationSchema,
    InviteePageSchema,
    InviteeQuerySchema,
    RoundtableInSchema,
    RoundtablePageSchema,
    RoundtableSchema,
    RsvpSchema,
)
from learning_hub.errors import ValidationError
from learning_hub.roundtables import invitations, pages, rsvp, services, times
from learning_hub.roundtables import quotas as q
from learning_hub.roundtables.generate import ListRules
from learning_hub.roundtables.services import Details

blp = api_blueprint("api_roundtables", __name__, "/roundtables", "Roundtables, their invitees and invitations.")

PLANNING_ONLY = CONFLICT + " Invitations are out: the list can no longer change."
# The services name the roundtable form's fields; the API's are called differently.
FIELD_NAMES = {
    "start_date": "starts_at",
    "start_time": "starts_at",
    "deadline_date": "invitation_deadline",
    "deadline_time": "invitation_deadline",
}


def _local(instant, zone: str) -> str:
    return times.to_local(instant, zone).isoformat()


def summary_body(rt) -> dict:
    return {
        "id": rt.id,
        "title": rt.title,
        "status": rt.status,
        "starts_at": rt.starts_at,
        "starts_local": _local(rt.starts_at, rt.time_zone),
        "time_zone": rt.time_zone,
        "seats": rt.seats,
        "seats_taken": rt.seats_taken,
    }


def detail_body(rt) -> dict:
    view = pages.overview(rt)
    body = summary_body(rt)
    body.update(
        {
            name: getattr(rt, name)
            for name in (
                "topic",
                "duration_minutes",
                "format",
                "location",
                "invitation_deadline",
                "max_per_country",
                "generated_at",
                "invitations_sent_at",
            )
        }
    )
    body.update(
        quotas=list(rt.quotas or []),
        quota_words=view.quota_words,
        pins=list(rt.pins or []),
        excludes=list(rt.excludes or []),
        answers=view.answers,
        free_seats=view.free_seats,
        report=dict(rt.report or {}),
    )
    return body


def line_body(line: pages.Line) -> dict:
    row, profile = line.row, line.profile
    return {
        "id": row.id,
        "profile_id": row.profile_id,
        "display_name": line.name or None,
        "country": (profile.country if profile else row.country) or None,
        "sector": (profile.sector if profile else row.sector) or None,
        "list_role": row.list_role,
        "rank": row.rank,
        "relevance": row.relevance,
        "pinned": row.pinned,
        "excerpt": row.excerpt or "",
        "terms": list(row.terms or []),
        "rsvp": row.rsvp,
        "counts_toward": line.counts_toward,
    }


def invitation_body(invitee) -> dict:
    rt = invitee.roundtable
    return {
        "id": invitee.id,
        "rsvp": invitee.rsvp,
        "open": not rt.deadline_passed(),
        "invited_at": invitee.invited_at,
        "responded_at": invitee.responded_at,
        "roundtable": {
            "id": rt.id,
            "title": rt.title,
            "topic": rt.topic,
            "starts_at": rt.starts_at,
            "starts_local": _local(rt.starts_at, rt.time_zone),
            "time_zone": rt.time_zone,
            "duration_minutes": rt.duration_minutes,
            "format": rt.format,
            "location": rt.location,
            "invitation_deadline": rt.invitation_deadline,
        },
    }


def _utc(moment, zone: str, field: str):
    """Naive UTC, as the roundtables store times: an instant with an offset as it is (it must exist in `zone` too,
    where pages show it), a wall-clock time in `zone` (refused when the clocks skip it)."""
    try:
        if moment.tzinfo is not None:
            moment.astimezone(ZoneInfo(zone))
            return moment.astimezone(UTC).replace(tzinfo=None)
        return times.to_utc(moment.date(), moment.time(), zone)
    except OverflowError:  # an offset at the calendar's edge (year 1 or 9999)
        raise ValidationError(_("Choose a date between the years 2 and 9998."), field=field) from None
    except times.TimeProblem as exc:
        raise ValidationError(str(exc), field=field) from None


def _quota_rows(data: dict) -> list[q.QuotaRow]:
    """The quota rows, checked as the roundtable form checks them (bounds, values, seats, duplicates)."""
    rows, seen = [], set()
    for item in data["quotas"]:
        try:
            row = q.QuotaRow(
                item["kind"],
                item["value"] if item["kind"] != "partner" else "",
                q.clean_bound(item["min"]),
                q.clean_bound(item["max"]),
            )
            q.check_row(row, data["seats"])
        except q.QuotaProblem as exc:
            raise ValidationError(str(exc), field="quotas") from None
        if (row.kind, row.value) in seen:
            raise ValidationError(_("Two quotas are for the same people; merge them."), field="quotas")
        seen.add((row.kind, row.value))
        rows.append(row)
    return rows


def details_and_rules(data: dict) -> tuple[Details, ListRules]:
    zone = data["time_zone"]
    location = (data.get("location") or "").strip() or None
    details = Details(
        title=data["title"].strip(),
        topic=data["topic"].strip(),
        starts_at=_utc(data["starts_at"], zone, "starts_at"),
        time_zone=zone,
        duration_minutes=data["duration_minutes"],
        format=data["format"],
        location=location,
        invitation_deadline=_utc(data["invitation_deadline"], zone, "invitation_deadline"),
    )
    rules = ListRules(
        title=details.title,
        topic=details.topic,
        seats=data["seats"],
        quotas=_quota_rows(data),
        max_per_country=data["max_per_country"],
        pins=list(dict.fromkeys(data["pins"])),
        excludes=list(dict.fromkeys(data["excludes"])),
    )
    return details, rules


@blp.route("", endpoint="roundtables")
class Roundtables(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, RoundtablePageSchema)
    def get(self, args):
        """Roundtables.

        The latest start first.
        """
        page = paginated(services.list_roundtables(actor(), args["page"], per_page=args["per_page"]))
        page["items"] = [summary_body(rt) for rt in page["items"]]
        return page

    @blp.arguments(RoundtableInSchema)
    @blp.response(201, RoundtableSchema)
    def post(self, data):
        """Create a roundtable and generate its list.

        Exactly `seats` invitees, the most relevant to the topic under every quota, pin and exclusion, and a
        waiting list. Refused (422, nothing saved) when the details or the quotas allow no list; the message says
        which rules conflict and what to relax.
        """
        details, rules = details_and_rules(data)
        try:
            created = services.create(actor(), details, rules)
        except ValidationError as exc:
            exc.field = FIELD_NAMES.get(exc.field, exc.field)
            raise
        return detail_body(created)


@blp.route("/<id:roundtable_id>", endpoint="roundtable")
@blp.response(200, RoundtableSchema)
def get_roundtable(roundtable_id: int):
    """A roundtable.

    Details, quotas in plain words, answers so far, free seats and the engine's figures.
    """
    return detail_body(services.get(actor(), roundtable_id))


@blp.route("/<id:roundtable_id>/generate", endpoint="generate", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(200, RoundtableSchema)
@refusal(blp, 409, PLANNING_ONLY)
def generate(_data, roundtable_id: int):
    """Generate the list again.

    Under the roundtable's rules, keeping its pins and exclusions; only before the invitations are sent.
    """
    return detail_body(services.regenerate(actor(), roundtable_id))


@blp.route("/<id:roundtable_id>/invitees", endpoint="invitees")
@blp.arguments(InviteeQuerySchema, location="query")
@blp.response(200, InviteePageSchema)
def list_invitees(args, roundtable_id: int):
    """A roundtable's list.

    Invitees in rank order, then the waiting list in order of promotion, each with why they were chosen and their
    answer.
    """
    view = pages.overview(services.get(actor(), roundtable_id))
    lines = {"invitee": view.invitees, "substitute": view.substitutes}
    chosen = lines[args["role"]] if "role" in args else view.invitees + view.substitutes
    page = slice_page(chosen, args["page"], args["per_page"])
    page["items"] = [line_body(line) for line in page["items"]]
    return page


@blp.route("/<id:roundtable_id>/invitations", endpoint="send_invitations", methods=["POST"])
@blp.arguments(EmptySchema)
@blp.response(202, RoundtableSchema)
@refusal(blp, 409, CONFLICT + " Everyone has been invited already, or the deadline has passed.")
def send(_data, roundtable_id: int):
    """Send the invitations.

    Invites everyone on the list not invited yet; the emails go out from a background job (202). The first sending
    fixes the list.
    """
    invitations.send_invitations(actor(), roundtable_id)
    return detail_body(services.get(actor(), roundtable_id))


@blp.route("/invitations", endpoint="my_invitations")
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, InvitationPageSchema)
def my_invitations(args):
    """My roundtable invitations.

    The latest roundtable first.
    """
    page = slice_page(rsvp.my_invitations(actor()), args["page"], args["per_page"])
    page["items"] = [invitation_body(item) for item in page["items"]]
    return page


@blp.route("/invitations/<id:invitee_id>", endpoint="invitation")
@blp.response(200, InvitationSchema)
def get_invitation(invitee_id: int):
    """One of my invitations.

    Anyone else's is 404.
    """
    return invitation_body(rsvp.own_invitation(actor(), invitee_id))


@blp.route("/invitations/<id:invitee_id>/rsvp", endpoint="rsvp", methods=["POST"])
@blp.arguments(RsvpSchema)
@blp.response(200, InvitationSchema)
@refusal(blp, 409, CONFLICT + " The deadline has passed, or every seat is taken.")
def answer(data, invitee_id: int):
    """Answer one of my invitations.

    Accepting takes a seat atomically (refused when all are taken); declining invites a substitute who keeps every
    quota. I may change my answer until the deadline.
    """
    user = actor()
    rsvp.respond(rsvp.own_invitation(user, invitee_id).id, data["answer"])
    return invitation_body(rsvp.own_invitation(user, invitee_id))
