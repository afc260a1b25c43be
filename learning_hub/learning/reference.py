"""Read side of the "OGP rules at a glance" page (loaded from courses/_reference/ by `flask courses sync`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from learning_hub.extensions import db
from learning_hub.models import ReferencePage, ReferenceRule

ORIGINAL_LANGUAGE = "en"


@dataclass
class ReferenceView:
    """The page in one language: `topics` is [(topic, [(rule row, its words)])] in page order."""

    language: str
    title: str
    intro: str
    topics: list[tuple[str, list[tuple[ReferenceRule, dict]]]] = field(default_factory=list)


def reference_view(language: str) -> ReferenceView | None:
    """The page in `language` if it has that translation, else in English; None before the first sync."""
    pages = {page.language: page for page in db.session.scalars(db.select(ReferencePage))}
    if not pages:
        return None
    chosen = language if language in pages else ORIGINAL_LANGUAGE
    page = pages.get(chosen) or next(iter(pages.values()))
    view = ReferenceView(language=page.language, title=page.title, intro=page.intro)
    rules = db.session.scalars(db.select(ReferenceRule).order_by(ReferenceRule.position))
    for rule in rules:
        words = rule.texts.get(page.language) or rule.texts[ORIGINAL_LANGUAGE]
        if not view.topics or view.topics[-1][0] != words["topic"]:
            view.topics.append((words["topic"], []))
        view.topics[-1][1].append((rule, words))
    return view
