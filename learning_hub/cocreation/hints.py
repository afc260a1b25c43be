"""Quality hints a facilitator can act on, each explained in plain words. Hints only: nothing here blocks a save or
the finalisation of a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from learning_hub.models import CommitmentDraft

# Words that signal a verifiable deliverable (something one can point at) or a change sought, per language.
_VERIFIABLE = re.compile(
    r"\b(publish|published|report|portal|register|law|decree|regulation|platform|dataset|database|guide|manual|"
    r"training|standard|audit|hearing|published|publicar|informe|portal|registro|ley|decreto|plataforma|guía|"
    r"capacitación|auditoría|audiencia|publier|rapport|registre|loi|décret|plateforme|guide|formation|audit|"
    r"laporan|portal|peraturan|platform|panduan|pelatihan|terbit|daftar|undang)\w*",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(will|shall|so that|in order to|reduce|increase|ensure|enable|improve|require|"
    r"(se )?(reducir|aumentar|garantizar|permitir|mejorar|exigir)\w*|para que|"
    r"réduire|augmenter|garantir|permettre|améliorer|exiger|afin que|"
    r"akan|mengurangi|meningkatkan|menjamin|memastikan|agar|sehingga|"
    r"\w{3,}(?:rán|remos|ront|rons))\b",  # Spanish and French future tenses: "publicarán", "publieront"
    re.IGNORECASE,
)
_AFFECTED = re.compile(
    r"\b(citizens?|residents?|people|women|girls|youth|users|patients|farmers|communities|households|families|"
    r"ciudadan\w*|habitantes|personas|mujeres|jóvenes|usuari\w*|pacientes|comunidades|familias|vecin\w*|"
    r"citoyen\w*|habitants|personnes|femmes|jeunes|usagers|patients|communautés|ménages|"
    r"warga|masyarakat|penduduk|perempuan|pemuda|pengguna|pasien|petani|keluarga)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hint:
    key: str
    message: str


def _parse(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def hints(draft: CommitmentDraft) -> list[Hint]:
    plan = draft.plan
    found: list[Hint] = []
    if not draft.milestones:
        found.append(Hint("milestones", _l("Add milestones: each with a deliverable, a lead institution and dates.")))
    for number, milestone in enumerate(draft.milestones, start=1):
        deliverable = (milestone.get("deliverable") or "").strip()
        if not deliverable or not _VERIFIABLE.search(deliverable):
            found.append(
                Hint(
                    "deliverable",
                    _l(
                        "Milestone %(n)d: say what will exist at the end (a published report, a law, a portal...) so "
                        "that anyone can verify it.",
                        n=number,
                    ),
                )
            )
        if not (milestone.get("lead") or "").strip():
            found.append(Hint("lead", _l("Milestone %(n)d: name the lead institution.", n=number)))
        end = _parse(milestone.get("end"))
        if end is None:
            found.append(Hint("end", _l("Milestone %(n)d: give an end date.", n=number)))
        elif not plan.period_start <= end <= plan.period_end:
            found.append(Hint("period", _l("Milestone %(n)d ends outside the action plan's period.", n=number)))
    if not _CHANGE.search(draft.commitment or ""):
        found.append(
            Hint("change", _l("State the change the commitment seeks: what will be different, for whom, by when."))
        )
    if not draft.values or not (draft.values_text or "").strip():
        found.append(
            Hint(
                "values",
                _l(
                    "Argue at least one open-government value: how it advances transparency, participation or "
                    "accountability."
                ),
            )
        )
    if not _AFFECTED.search(draft.problem or ""):
        found.append(Hint("affected", _l("Say in the problem who is affected and how.")))
    return found
