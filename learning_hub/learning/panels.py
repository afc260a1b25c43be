"""Dashboard panels: "continue where you left off" and course recommendations from the reformer's challenges."""

from __future__ import annotations

from flask_babel import get_locale

from learning_hub.learning import catalogue, recommend


def _language(user) -> str:
    return str(get_locale() or user.locale or "en")


def continue_learning(user):
    items = catalogue.continue_items(user, _language(user))
    completed = sum(1 for enrolment in catalogue.enrolments_of(user) if enrolment.completed_at is not None)
    if not items and not completed:
        return None
    return {"items": items, "completed": completed}


def course_recommendations(user):
    result = recommend.recommend(user, _language(user))
    if result["state"] == "ready" and not result["items"]:
        return None
    return result
