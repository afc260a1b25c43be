"""/api/v1/peers: match runs for coordinators (list, start, read with pairs and report, publish) and a participant's
suggested peers (list, read, accept or decline). The services of /peers (peer_exchange.services, .participants)."""

from __future__ import annotations

from flask.views import MethodView

from learning_hub.api.common import CONFLICT, actor, paginated, refusal, slice_page
from learning_hub.api.core import PageQuerySchema, api_blueprint
from learning_hub.api.schemas.peers import (
    AnswerSchema,
    PairPageSchema,
    PairQuerySchema,
    PublishSchema,
    RunCreateSchema,
    RunPageSchema,
    RunSchema,
    SuggestionPageSchema,
    SuggestionSchema,
)
from learning_hub.peer_exchange import participants, services

blp = api_blueprint("api_peers", __name__, "/peers", "Peer-exchange match runs and suggested peers.")

REPORT = (
    "people",
    "matchable_people",
    "matched_people",
    "full_people",
    "objective",
    "upper_bound",
    "greedy_objective",
    "min_pair_score",
    "violations",
    "seconds",
    "engine_version",
    "encoder",
)


def run_body(run) -> dict:
    job = run.job
    return {
        "id": run.id,
        "name": run.name,
        "status": run.status,
        "parent_id": run.parent_id,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "people": run.people,
        "matched_people": run.matched_people,
        "params": run.params or {},
        "error": run.error,
        "report": {name: getattr(run, name) for name in REPORT},
        "counts": services.state_counts(run),
        "job": {"id": job.id, "status": job.status, "progress": job.progress, "message": job.message}
        if job is not None
        else None,
    }


def _person(pair, side: str) -> dict:
    profile = getattr(pair, f"{side}_profile")
    return {
        "profile_id": getattr(pair, f"{side}_profile_id"),
        "display_name": profile.display_name if profile is not None else None,
        "country": getattr(pair, f"{side}_country"),
        "sector": getattr(pair, f"{side}_sector"),
        "excerpt": getattr(pair, f"{side}_excerpt") or "",
        "response": getattr(pair, f"{side}_response"),
    }


def pair_body(pair) -> dict:
    return {
        "id": pair.id,
        "state": pair.state,
        "origin": pair.origin,
        "score": pair.score,
        "a_to_b": pair.a_to_b,
        "b_to_a": pair.b_to_a,
        "a": _person(pair, "a"),
        "b": _person(pair, "b"),
        "terms": list(pair.terms or []),
        "introduced_at": pair.introduced_at,
    }


def suggestion_body(suggestion: participants.Suggestion) -> dict:
    pair, peer = suggestion.pair, suggestion.peer
    mine, theirs = suggestion.my_quote, suggestion.peer_quote
    return {
        "id": pair.id,
        "status": suggestion.status,
        "my_response": suggestion.my_response,
        "answerable": suggestion.answerable and suggestion.status != "closed",
        "peer": {
            name: getattr(peer, name)
            for name in ("id", "display_name", "country", "sector", "organisation", "role_title", "bio")
        },
        "my_text": mine or "",
        "peer_text": theirs or "",
        "terms": suggestion.terms,
        "introduced_at": pair.introduced_at,
    }


@blp.route("/runs", endpoint="runs")
class Runs(MethodView):
    @blp.arguments(PageQuerySchema, location="query")
    @blp.response(200, RunPageSchema)
    def get(self, args):
        """Match runs, newest first."""
        return paginated(services.list_runs(actor(), args["page"], per_page=args["per_page"]))

    @blp.arguments(RunCreateSchema)
    @blp.response(202, RunSchema)
    def post(self, data):
        """Start a match run.

        Pairs the listed people the filter selects, in a background job (202). Read the run to follow its `job`
        and `status`; its pairs are ready when the status is `ready`. Refused (422) when the filter selects fewer
        than two people.
        """
        name = data.pop("name", None)
        params = dict(
            data,
            joined_since=data["joined_since"].isoformat() if data["joined_since"] else None,
            countries=sorted(data["countries"]),
            sectors=sorted(data["sectors"]),
            policy_areas=sorted(data["policy_areas"]),
        )
        return run_body(services.start_run(actor(), params, name=name))


@blp.route("/runs/<id:run_id>", endpoint="run")
@blp.response(200, RunSchema)
def get_run(run_id: int):
    """A match run with its report.

    Its settings, status and job progress, the engine's figures and its pairs counted by state.
    """
    return run_body(services.get_run(actor(), run_id))


@blp.route("/runs/<id:run_id>/pairs", endpoint="pairs")
@blp.arguments(PairQuerySchema, location="query")
@blp.response(200, PairPageSchema)
def list_pairs(args, run_id: int):
    """A run's pairs, best score first.

    With the sentences that matched; empty until the run has finished.
    """
    run = services.get_run(actor(), run_id)
    if not run.is_finished:
        return slice_page([], args["page"], args["per_page"])
    filters = services.PairFilters(
        args.get("country", ""), args.get("state", ""), args.get("score_min"), args.get("score_max")
    )
    page = paginated(services.review_page(run, filters, args["page"], per_page=args["per_page"]))
    page["items"] = [pair_body(pair) for pair in page["items"]]
    return page


@blp.route("/runs/<id:run_id>/publish", endpoint="publish", methods=["POST"])
@blp.arguments(PublishSchema)
@blp.response(200, RunSchema)
@refusal(blp, 409, CONFLICT + " Only a finished, unpublished run can be published.")
def publish(data, run_id: int):
    """Publish a finished run.

    Its participants then see their suggested peers. `earlier` says what happens to suggestions that earlier
    published runs already show to the same people.
    """
    return run_body(services.publish(actor(), run_id, data["earlier"]))


@blp.route("/suggestions", endpoint="suggestions")
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, SuggestionPageSchema)
def list_suggestions(args):
    """My suggested peers.

    From published runs, the newest run first.
    """
    page = slice_page(participants.suggestions_for(actor()), args["page"], args["per_page"])
    page["items"] = [suggestion_body(item) for item in page["items"]]
    return page


@blp.route("/suggestions/<id:pair_id>", endpoint="suggestion")
@blp.response(200, SuggestionSchema)
def get_suggestion(pair_id: int):
    """One of my suggested peers.

    Why we were matched, and our answers. Anyone else's pair is 404.
    """
    return suggestion_body(participants.get_suggestion(actor(), pair_id))


@blp.route("/suggestions/<id:pair_id>/respond", endpoint="respond", methods=["POST"])
@blp.arguments(AnswerSchema)
@blp.response(200, SuggestionSchema)
@refusal(blp, 409, CONFLICT + " We have already been introduced.")
def respond(data, pair_id: int):
    """Accept or decline a suggested peer.

    I may change my answer until we are introduced. When both accept, each gets an introduction email.
    """
    return suggestion_body(participants.respond(actor(), pair_id, data["answer"]))
