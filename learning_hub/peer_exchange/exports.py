"""A run as CSV or XLSX, with personal data (names, emails) or without it (pseudonymous ids).

Without personal data a row keeps what an analyst needs (country, sector, scores, the matched sentences and shared
terms) with emails and the two people's names taken out of the sentences. Pseudonyms are keyed on the app's secret and
the run, so they are stable within one export and cannot be joined across runs or reversed without the key. Every
text cell is neutralised against formula injection (docs/SECURITY.md §6); numbers stay numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re

from flask import current_app

from learning_hub.extensions import db
from learning_hub.models import MatchPair, MatchRun
from learning_hub.peer_exchange.services import pair_query
from learning_hub.spreadsheets import csv_text, neutralise

FORMER_MEMBER = "former member"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PERSONAL_COLUMNS = (
    "pair",
    "state",
    "score",
    "a_name",
    "a_email",
    "a_country",
    "a_sector",
    "b_name",
    "b_email",
    "b_country",
    "b_sector",
    "a_to_b",
    "b_to_a",
    "a_challenge_excerpt",
    "b_reform_excerpt",
    "shared_terms",
    "a_response",
    "b_response",
    "introduced_on",
)
ANONYMOUS_COLUMNS = (
    "pair",
    "state",
    "score",
    "a_id",
    "a_country",
    "a_sector",
    "b_id",
    "b_country",
    "b_sector",
    "a_to_b",
    "b_to_a",
    "a_challenge_excerpt",
    "b_reform_excerpt",
    "shared_terms",
)


def pseudonym(run_id: int, profile_id: int | None) -> str:
    if profile_id is None:
        return FORMER_MEMBER
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"peer-exchange:{run_id}:{profile_id}".encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:10]


def scrub(text: str, names: list[str]) -> str:
    """The sentence without email addresses and without the two people's names (whole name, then each part)."""
    text = _EMAIL.sub("[email]", text or "")
    parts = []
    for name in names:
        if name:
            parts.append(name)
            parts.extend(part for part in re.split(r"\s+", name) if len(part) >= 3)
    for part in sorted(set(parts), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    return text


def _number(value):
    return round(float(value), 4) if value is not None else None


def _person(profile):
    if profile is None:
        return FORMER_MEMBER, ""
    return profile.display_name, profile.user.email if profile.user else ""


def rows(run: MatchRun, personal: bool) -> list[list]:
    """Every pair of the run, best score first (rejected ones too, with their state)."""
    out = []
    for number, pair in enumerate(db.session.scalars(pair_query(run)), start=1):
        pair: MatchPair
        terms = "; ".join(pair.terms)
        if personal:
            a_name, a_email = _person(pair.a_profile)
            b_name, b_email = _person(pair.b_profile)
            out.append(
                [
                    number,
                    pair.state,
                    _number(pair.score),
                    a_name,
                    a_email,
                    pair.a_country,
                    pair.a_sector,
                    b_name,
                    b_email,
                    pair.b_country,
                    pair.b_sector,
                    _number(pair.a_to_b),
                    _number(pair.b_to_a),
                    pair.a_excerpt,
                    pair.b_excerpt,
                    terms,
                    pair.a_response,
                    pair.b_response,
                    pair.introduced_at.date().isoformat() if pair.introduced_at else None,
                ]
            )
        else:
            names = [p.display_name for p in (pair.a_profile, pair.b_profile) if p is not None]
            out.append(
                [
                    number,
                    pair.state,
                    _number(pair.score),
                    pseudonym(run.id, pair.a_profile_id),
                    pair.a_country,
                    pair.a_sector,
                    pseudonym(run.id, pair.b_profile_id),
                    pair.b_country,
                    pair.b_sector,
                    _number(pair.a_to_b),
                    _number(pair.b_to_a),
                    scrub(pair.a_excerpt, names),
                    scrub(pair.b_excerpt, names),
                    scrub(terms, names),
                ]
            )
    return out


def to_csv(run: MatchRun, personal: bool) -> str:
    return csv_text(PERSONAL_COLUMNS if personal else ANONYMOUS_COLUMNS, rows(run, personal))


def run_summary(run: MatchRun) -> list[tuple[str, object]]:
    """The run's parameters, engine version and figures, for the workbook's second sheet."""
    params = run.params or {}
    items = [
        ("run", run.id),
        ("name", run.name),
        ("parent_run", run.parent_id),
        ("status", run.status),
        ("created_at", run.created_at.isoformat(timespec="seconds") if run.created_at else None),
        ("engine_version", run.engine_version),
        ("encoder", run.encoder),
    ]
    for key in ("countries", "sectors", "policy_areas"):
        items.append((key, ", ".join(params.get(key) or [])))
    for key in ("joined_since", "per_person", "cross_country", "min_score", "exclude_held"):
        items.append((key, params.get(key)))
    for key in (
        "objective",
        "upper_bound",
        "greedy_objective",
        "people",
        "matchable_people",
        "matched_people",
        "full_people",
        "min_pair_score",
        "violations",
        "seconds",
    ):
        items.append((key, getattr(run, key)))
    return [(k, str(v) if isinstance(v, bool) else v) for k, v in items]


def to_xlsx(run: MatchRun, personal: bool) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("pairs")
    sheet.append(list(PERSONAL_COLUMNS if personal else ANONYMOUS_COLUMNS))
    for row in rows(run, personal):
        sheet.append([neutralise(v) for v in row])
    summary = book.create_sheet("run")
    for key, value in run_summary(run):
        summary.append([key, neutralise(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
