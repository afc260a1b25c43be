"""Cross-lingual runs: with the engine's default encoder a Spanish challenge meets the English
reform that answers it, and the explanation quotes both."""

from __future__ import annotations

import pytest

from learning_hub.extensions import db
from learning_hub.models import MatchPair
from tests.factories import make_user
from tests.helpers import login

REFORMS = {
    "PH": (
        "Climate budget tagging",
        "Every municipality tags climate adaptation spending in its budget and publishes "
        "a report that communities can follow.",
    ),
    "KE": ("Open procurement portal", "All public tenders and contract awards are published as open data."),
    "ID": ("Village information boards", "Village heads post the village budget and land records on public boards."),
}


@pytest.mark.slow
def test_spanish_challenge_meets_english_reform(make_app):
    """Honduras' Spanish challenge about tagging climate spending pairs with the Philippine climate-tagging reform."""
    other = make_app(MATCHING_ENCODER="default")
    with other.app_context():
        coordinator = make_user(roles=("coordinator",), country="GB")
        spanish = make_user(
            display_name="Óscar",
            country="HN",
            languages=("es",),
            challenges=(
                "Los municipios no pueden mostrar a las comunidades cuánto del presupuesto se gasta en la adaptación "
                "al cambio climático.",
            ),
            reforms=(
                {
                    "title": "Mesas de diálogo",
                    "description": "Mesas de diálogo con organizaciones de mujeres rurales sobre el presupuesto.",
                },
            ),
        )
        for country, (title, description) in REFORMS.items():
            make_user(
                display_name=f"Reformer {country}",
                country=country,
                reforms=({"title": title, "description": description},),
                challenges=("We struggle to keep citizens engaged after the consultation ends.",),
            )
        client = login(other.test_client(), coordinator)
        response = client.post("/peers/runs/new", data={"per_person": "1", "cross_country": "y", "exclude_held": "y"})
        assert response.status_code == 302
        pair = db.session.scalars(
            db.select(MatchPair).where(
                (MatchPair.a_profile_id == spanish.profile.id) | (MatchPair.b_profile_id == spanish.profile.id)
            )
        ).one()
        peer = pair.b_profile if pair.a_profile_id == spanish.profile.id else pair.a_profile
        assert peer.country == "PH"
        assert "presupuesto" in pair.a_excerpt
        assert "climate" in pair.b_excerpt.lower()
        db.session.remove()
