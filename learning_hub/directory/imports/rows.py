"""Row validation for the two imports: each row becomes a normalised dict or a list of problems naming the column.

Profile import columns (docs/IMPORT.md): email, display_name, country (required); sector, organisation, role_title,
languages, policy_areas, mentor_capacity, challenges, reform_title, reform_description, reform_status,
reform_start_year, reform_link, locale (optional). Lists inside a cell are separated by "|".
OGP commitments: id, country, title, text, source_url (other columns of an OGP export are ignored).
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from learning_hub import vocab
from learning_hub.directory.imports import countries
from learning_hub.directory.imports.csvread import Problem

PROFILE_REQUIRED = ["email", "display_name", "country"]
PROFILE_OPTIONAL = [
    "sector",
    "organisation",
    "role_title",
    "languages",
    "policy_areas",
    "mentor_capacity",
    "challenges",
    "reform_title",
    "reform_description",
    "reform_status",
    "reform_start_year",
    "reform_link",
    "locale",
]
COMMITMENT_REQUIRED = ["id", "country", "title", "text", "source_url"]
MAX_CHALLENGES = 10
TEXT_MIN, TEXT_MAX = 20, 2000


def _by_label(value: str, mapping: dict) -> str | None:
    """A vocabulary key from its key or its English label, case-insensitively."""
    wanted = value.strip().casefold().replace(" ", "_")
    for key, label in mapping.items():
        if wanted in (key, str(label).casefold().replace(" ", "_")):
            return key
    return None


def _language(value: str) -> str | None:
    value = value.strip()
    if value.lower() in vocab.PROFILE_LANGUAGES:
        return value.lower()
    for code in vocab.PROFILE_LANGUAGES:
        if vocab.language_name(code).casefold() == value.casefold():
            return code
    return None


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _url(value: str) -> bool:
    return value.lower().startswith(("https://", "http://")) and len(value) <= 500 and " " not in value


def _country(row: int, value: str, problems: list, notices: list, *, profile_form: bool) -> str | None:
    code, guessed = countries.resolve(value)
    if code is None or (profile_form and not vocab.is_country(code)):
        problems.append(
            Problem(
                row,
                "country",
                _(
                    "unknown country “%(value)s”. Use a country name or its ISO code (for example KE or Kenya).",
                    value=value[:60],
                ),
            )
        )
        return None
    if guessed:
        notices.append(
            Problem(
                row,
                "country",
                _(
                    "“%(value)s” read as %(name)s (%(code)s).",
                    value=value[:60],
                    name=vocab.country_name(code),
                    code=code,
                ),
            )
        )
    return code


def profile_row(row: int, cells: dict, problems: list, notices: list) -> dict | None:
    before = len(problems)

    def problem(column, message):
        problems.append(Problem(row, column, message))

    out = {"row": row}
    for column in PROFILE_REQUIRED:
        if not cells.get(column):
            problem(column, _("this value is required."))
    email = cells.get("email", "")
    if email:
        try:
            out["email"] = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            problem("email", _("“%(value)s” is not a valid email address.", value=email[:80]))
        if len(email) > 254:
            problem("email", _("is longer than 254 characters."))
    name = cells.get("display_name", "")
    if len(name) > 120:
        problem("display_name", _("is longer than 120 characters."))
    out["display_name"] = name
    if cells.get("country"):
        out["country"] = _country(row, cells["country"], problems, notices, profile_form=True)
    sector = cells.get("sector", "")
    out["sector"] = _by_label(sector, vocab.SECTORS) if sector else None
    if sector and out["sector"] is None:
        problem(
            "sector",
            _("unknown sector “%(value)s”. Use one of: %(keys)s.", value=sector[:60], keys=", ".join(vocab.SECTORS)),
        )
    for column in ("organisation", "role_title"):
        if len(cells.get(column, "")) > 200:
            problem(column, _("is longer than 200 characters."))
        out[column] = cells.get(column) or None
    out["languages"] = []
    for value in _list(cells.get("languages", "")):
        code = _language(value)
        if code is None:
            problem(
                "languages", _("unknown language “%(value)s”. Use ISO 639-1 codes such as en|es|fr.", value=value[:40])
            )
        elif code not in out["languages"]:
            out["languages"].append(code)
    out["policy_areas"] = []
    for value in _list(cells.get("policy_areas", "")):
        key = _by_label(value, vocab.POLICY_AREAS)
        if key is None:
            problem(
                "policy_areas",
                _(
                    "unknown policy area “%(value)s”. Use one of: %(keys)s.",
                    value=value[:60],
                    keys=", ".join(vocab.POLICY_AREAS),
                ),
            )
        elif key not in out["policy_areas"]:
            out["policy_areas"].append(key)
    capacity = cells.get("mentor_capacity", "")
    out["mentor_capacity"] = 0
    if capacity:
        if capacity.isdigit() and 0 <= int(capacity) <= 20:
            out["mentor_capacity"] = int(capacity)
        else:
            problem("mentor_capacity", _("use a whole number from 0 to 20, not “%(value)s”.", value=capacity[:20]))
    out["challenges"] = _list(cells.get("challenges", ""))
    if len(out["challenges"]) > MAX_CHALLENGES:
        problem("challenges", _("at most %(n)s challenges per person.", n=MAX_CHALLENGES))
    for text in out["challenges"]:
        if not TEXT_MIN <= len(text) <= TEXT_MAX:
            problem(
                "challenges",
                _(
                    "each challenge needs %(lo)s to %(hi)s characters (“%(start)s…” has %(n)s).",
                    lo=TEXT_MIN,
                    hi=TEXT_MAX,
                    start=text[:30],
                    n=len(text),
                ),
            )
    out["reform"] = _reform(cells, problem)
    locale = cells.get("locale", "").lower()
    if locale and locale not in current_app.config["LANGUAGES"]:
        problem("locale", _("use one of %(codes)s.", codes=", ".join(current_app.config["LANGUAGES"])))
    out["locale"] = locale or None
    return out if len(problems) == before else None


def _reform(cells: dict, problem) -> dict | None:
    fields = {key: cells.get(f"reform_{key}", "") for key in ("title", "description", "status", "start_year", "link")}
    if not any(fields.values()):
        return None
    if not fields["title"]:
        problem("reform_title", _("a reform needs a title."))
    elif len(fields["title"]) > 200:
        problem("reform_title", _("is longer than 200 characters."))
    if not TEXT_MIN <= len(fields["description"]) <= TEXT_MAX:
        problem(
            "reform_description",
            _("a reform needs a description of %(lo)s to %(hi)s characters.", lo=TEXT_MIN, hi=TEXT_MAX),
        )
    status = _by_label(fields["status"], vocab.REFORM_STATUSES) if fields["status"] else "in_progress"
    if status is None:
        problem("reform_status", _("use one of: %(keys)s.", keys=", ".join(vocab.REFORM_STATUSES)))
    year = None
    if fields["start_year"]:
        if fields["start_year"].isdigit() and 1950 <= int(fields["start_year"]) <= 2100:
            year = int(fields["start_year"])
        else:
            problem("reform_start_year", _("use a year from 1950 to 2100."))
    if fields["link"] and not _url(fields["link"]):
        problem("reform_link", _("use a web address starting with https://"))
    return {
        "title": fields["title"],
        "description": fields["description"],
        "status": status,
        "start_year": year,
        "link": fields["link"] or None,
    }


def commitment_row(row: int, cells: dict, problems: list, notices: list) -> dict | None:
    before = len(problems)
    for column in ("id", "country", "title", "text"):
        if not cells.get(column):
            problems.append(Problem(row, column, _("this value is required.")))
    if len(cells.get("id", "")) > 64:
        problems.append(Problem(row, "id", _("is longer than 64 characters.")))
    if len(cells.get("title", "")) > 1000:
        problems.append(Problem(row, "title", _("is longer than 1000 characters.")))
    url = cells.get("source_url", "")
    if url and not _url(url):
        problems.append(Problem(row, "source_url", _("use a web address starting with https://")))
    code = _country(row, cells["country"], problems, notices, profile_form=False) if cells.get("country") else None
    if len(problems) != before:
        return None
    return {
        "row": row,
        "id": cells["id"],
        "country": code,
        "title": cells["title"],
        "text": cells["text"],
        "source_url": url or None,
    }
