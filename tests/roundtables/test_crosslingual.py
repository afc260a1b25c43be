"""Cross-lingual roundtable lists: with the engine's default encoder, a topic written in Spanish
ranks first the people whose English texts are about it."""

from __future__ import annotations

import pytest

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import Profile
from tests.factories import make_user
from tests.helpers import login
from tests.roundtables.helpers import create, rows

TEXTS = {
    "KE": "Our county publishes every public contract and tender award as open data that citizens monitor.",
    "NG": "We run a beneficial ownership register that lists the real owners of companies bidding for contracts.",
    "PH": "Village health workers report medicine stock-outs through a text-message hotline.",
    "GH": "School meals reach rural districts late because trucks break down in the rainy season.",
}
TOPIC_ES = (
    "Registros de beneficiarios finales: saber quiénes son los dueños reales de las empresas que "
    "contratan con el Estado."
)


@pytest.mark.slow
def test_spanish_topic_ranks_english_texts_by_meaning(make_app):
    other = make_app(MATCHING_ENCODER="default")
    with other.app_context():
        organiser = make_user(roles=("organiser",), listed=False)
        for country, text in TEXTS.items():
            make_user(display_name=f"Reformer {country}", country=country, challenges=[text])
        engine.embed_texts(list(TEXTS.values()))
        client = login(other.test_client(), organiser)
        rt = create(client, topic=TOPIC_ES, seats="2")
        invited = rows(rt.id, "invitee")
        first = db.session.get(Profile, invited[0].profile_id)
        assert first.country == "NG", [(r.profile_id, r.relevance) for r in invited]
        assert "beneficial ownership" in invited[0].excerpt.lower()
        db.session.remove()
