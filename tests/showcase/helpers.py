"""Stories for the showcase tests, made through the services as the pages make them."""

from __future__ import annotations

from datetime import date

from learning_hub.showcase import services
from tests.factories import make_user


def story_input(title: str, *, country: str = "KE", areas=("accountability",), language: str = "en", **overrides):
    fields = {
        "title": title,
        "summary": f"{title}: the summary.",
        "problem": "Procurement records were scattered and nobody could follow a tender.",
        "actions": "We published every tender as open data and trained monitors to read it.",
        "results": "Single-bidder tenders fell from 31 to 24 per cent in two years.",
        "country": country,
        "level": "national",
        "language": language,
        "areas": list(areas),
        "policy_areas": ["open_contracting"],
        "started_on": date(2021, 3, 1),
        "evidence": [("dataset", "Open procurement data", "https://data.example.org/tenders")],
    }
    fields.update(overrides)
    return services.StoryInput(**fields)


def coordinator():
    return make_user(email="coord@showcase.example.org", roles=("coordinator",), display_name="Cora Coordinator")


def published_story(proposer, coord, title: str, *, colleagues=(), name_me: bool = True, **overrides):
    """Proposed by `proposer` (named, consenting unless name_me is False) with `colleagues` pending, then
    published by `coord` (which needs one confirmed name)."""
    story = services.propose(
        proposer,
        story_input(title, people=[(c.profile.id, "Colleague") for c in colleagues], **overrides),
        my_role="Lead",
        name_me=name_me,
    )
    services.publish(coord, story.id)
    return story
