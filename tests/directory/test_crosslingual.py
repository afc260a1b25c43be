"""Cross-lingual directory search: with the engine's default encoder, a question asked in Spanish
finds the reformer whose English reform answers it, and the page quotes the English sentence that matched."""

from __future__ import annotations

import re

import pytest

from learning_hub.extensions import db
from tests.factories import make_user
from tests.helpers import login

REFORMS = {
    "GB": (
        "Beneficial ownership register",
        "Companies must declare their real owners in a public register that "
        "journalists and procurement officers check before awarding contracts.",
    ),
    "KE": ("Open procurement portal", "All public tenders and contract awards are published as open data."),
    "ID": ("Village information boards", "Village heads post the village budget and land records on public boards."),
    "GH": ("Asset declarations online", "Senior officials file asset declarations that auditors verify each year."),
}


@pytest.mark.slow
def test_spanish_query_finds_english_reform(make_app):
    other = make_app(MATCHING_ENCODER="default")
    with other.app_context():
        searcher = make_user(country="HN", languages=("es",), locale="es")
        for country, (title, description) in REFORMS.items():
            make_user(
                display_name=f"Reformer {country}",
                country=country,
                reforms=({"title": title, "description": description},),
            )
        runner = other.test_cli_runner()
        result = runner.invoke(args=["directory", "embed"])
        assert result.exit_code == 0, result.output
        client = login(other.test_client(), searcher)
        page = client.get(
            "/directory?q=¿Quién creó un registro público de los dueños reales de las empresas?"
        ).get_data(as_text=True)
        names = re.findall(r"Reformer (GB|KE|ID|GH)", page)
        assert names, names
        assert names[0] == "GB", names
        assert "real owners" in page
        db.session.remove()
