"""The showcase's own vocabularies: the programme's three areas, levels of government and kinds of evidence. Policy
areas, countries and languages come from learning_hub/vocab.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PROGRAMME_AREAS = {
    "accountability": _l("Accountability and anti-corruption"),
    "gender_inclusion": _l("Gender and inclusion"),
    "participation": _l("Participation and civic space"),
}

LEVELS = {
    "national": _l("National"),
    "subnational": _l("Subnational"),
    "legislative": _l("Legislative"),
    "judicial": _l("Judicial"),
    "oversight": _l("Oversight"),
}

EVIDENCE_KINDS = {
    "ogp_commitment": _l("OGP commitment"),
    "independent_assessment": _l("Independent assessment"),
    "law": _l("Law"),
    "dataset": _l("Dataset"),
    "press_article": _l("Press article"),
}

# The languages a story may be written in: the interface's four.
STORY_LANGUAGES = ("en", "es", "fr", "id")

STATE_LABELS = {
    "submitted": _l("Waiting for a coordinator"),
    "changes_requested": _l("Changes requested"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
}

CONSENT_LABELS = {
    "pending": _l("Has not confirmed yet"),
    "confirmed": _l("Confirmed"),
    "withdrawn": _l("Withdrew"),
}

EVENT_LABELS = {
    "proposed": _l("Proposed"),
    "edited": _l("Edited"),
    "changes_requested": _l("Asked for changes"),
    "resubmitted": _l("Sent back after changes"),
    "published": _l("Published"),
    "unpublished": _l("Unpublished"),
    "consent_confirmed": _l("Confirmed being named"),
    "consent_withdrawn": _l("Withdrew their name"),
}
