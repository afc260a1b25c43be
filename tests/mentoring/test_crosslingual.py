"""Cross-lingual suggestions: with the engine's default encoder a need written in Spanish finds the
mentor whose completed reform, written in English, answers it; the explanation quotes the English sentence."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db
from tests.factories import make_user
from tests.helpers import login
from tests.mentoring.helpers import embed_profiles

REFORMS = {
    "PH": (
        "Climate budget tagging",
        "Every municipality tags climate adaptation spending in its budget. It publishes "
        "a yearly report that communities can follow.",
    ),
    "KE": ("Open procurement portal", "All public tenders and contract awards are published as open data."),
    "ID": ("Village information boards", "Village heads post the village budget and land records on public boards."),
}


@pytest.mark.slow
def test_spanish_need_finds_english_mentor(make_app):
    """Honduras asks in Spanish about tracking climate spending; the Philippine climate-tagging mentor ranks first."""
    other = make_app(MATCHING_ENCODER="default")
    with other.app_context():
        mentors = [
            make_user(
                display_name=f"Mentor {country}",
                country=country,
                languages=("en", "es"),
                mentor_capacity=2,
                reforms=({"title": title, "description": description},),
            )
            for country, (title, description) in REFORMS.items()
        ]
        embed_profiles(*mentors)
        asker = make_user(display_name="Óscar", country="HN", languages=("es",))
        client = login(other.test_client(), asker)
        response = client.post(
            "/mentoring/requests/new",
            data={
                "need": "Los municipios no pueden mostrar a las comunidades cuánto del presupuesto se gasta en la "
                "adaptación al cambio climático.",
                "languages": ["es"],
            },
        )
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        ranked = [page.index(f"Mentor {c}") for c in REFORMS]
        assert ranked[0] == min(ranked), page[page.find("suggestions-heading") :][:1500]
        assert "climate adaptation spending" in page
        db.session.remove()
