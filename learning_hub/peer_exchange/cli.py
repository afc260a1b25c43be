"""`flask peers run`: a match run from the command line, computed now, with its figures printed."""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask.cli import AppGroup

peers_cli = AppGroup("peers", help="Peer exchange: match runs.")


def _check(values, known, what: str) -> list[str]:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise click.UsageError(f"unknown {what}: {', '.join(unknown)}")
    return sorted(values)


@peers_cli.command("run")
@click.option("--name", default=None, help="A name for the run.")
@click.option("--country", "countries", multiple=True, help="ISO country code to include (repeat for several).")
@click.option("--sector", "sectors", multiple=True, help="Sector key to include (repeat for several).")
@click.option("--policy-area", "policy_areas", multiple=True, help="Policy area key to include (repeat).")
@click.option(
    "--joined-since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only people who joined on or after this day (YYYY-MM-DD).",
)
@click.option("--per-person", type=click.IntRange(1, 10), default=2, show_default=True, help="Pairs per person.")
@click.option("--min-score", type=click.FloatRange(-1, 1), default=None, help="No pair below this score.")
@click.option("--allow-same-country", is_flag=True, help="Allow pairs within one country.")
@click.option("--include-held", is_flag=True, help="Allow pairs that were already introduced.")
@click.option("--as", "email", default=None, help="Record the run as started by this coordinator (email).")
def run_command(
    name, countries, sectors, policy_areas, joined_since, per_person, min_score, allow_same_country, include_held, email
) -> None:
    """Pair the listed people now (embedding only texts not cached yet) and print the engine's figures."""
    from flask_babel import force_locale

    from learning_hub import vocab
    from learning_hub.computations import Status
    from learning_hub.errors import DomainError
    from learning_hub.extensions import db
    from learning_hub.models import MatchRun, User
    from learning_hub.peer_exchange.runner import execute_run
    from learning_hub.peer_exchange.services import record_run

    actor = None
    if email:
        actor = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
        if actor is None or not (actor.is_admin or actor.has_role("coordinator")):
            raise click.UsageError(f"{email} is not a coordinator's account")
    params = {
        "countries": _check([c.upper() for c in countries], set(vocab.countries()), "country"),
        "sectors": _check(list(sectors), set(vocab.SECTORS), "sector"),
        "policy_areas": _check(list(policy_areas), set(vocab.POLICY_AREAS), "policy area"),
        "joined_since": date.isoformat(joined_since.date()) if joined_since else None,
        "per_person": per_person,
        "cross_country": not allow_same_country,
        "min_score": min_score,
        "exclude_held": not include_held,
    }
    try:
        with force_locale("en"):  # no request here to choose a language from
            run = record_run(actor, params, name=name)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    with click.progressbar(length=100, label=f"Run #{run.id}", file=sys.stderr) as bar:
        seen = [0]

        def progress(percent, message=None):
            bar.update(max(0, percent - seen[0]))
            seen[0] = max(seen[0], percent)

        execute_run(run.id, progress)
    run = db.session.get(MatchRun, run.id)
    if run.status != Status.READY:
        raise click.ClickException(f"run #{run.id} failed: {run.error}")
    figures = {
        key: getattr(run, key)
        for key in (
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
        )
    }
    figures.update(
        run=run.id,
        encoder=run.encoder,
        engine_version=run.engine_version,
        texts_embedded=run.details.get("texts_embedded"),
        texts=run.details.get("texts"),
        objective_share_of_bound=round(run.objective / run.upper_bound, 6) if run.upper_bound else None,
    )
    click.echo(json.dumps(figures, indent=2))


def register(app) -> None:
    app.cli.add_command(peers_cli)
