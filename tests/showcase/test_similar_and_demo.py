"""Similar reforms elsewhere (from cached vectors, other countries, public stories only) and the demo stories."""

from __future__ import annotations

from collections import Counter

from learning_hub.models import ShowcaseStory
from learning_hub.seed import _create_user, load_demo_people
from learning_hub.showcase import public, services
from learning_hub.showcase.demo import DEMO_STORIES, WAITING_STORY, seed_showcase
from tests.factories import make_user
from tests.showcase.helpers import coordinator, published_story

PROBLEM = "Nobody could see who owned the companies winning public contracts."
ACTIONS = "We linked the beneficial ownership register to the procurement portal and flagged conflicts of interest."


def test_similar_reforms_come_from_other_countries_and_public_stories_only(app, db):
    coord = coordinator()
    people = {
        c: make_user(email=f"{c}@similar.example.org", display_name=f"Person {c}", country=c)
        for c in ("KE", "NG", "GH")
    }
    kenya = published_story(people["KE"], coord, "Ownership checks in Kenya", problem=PROBLEM, actions=ACTIONS)
    nigeria = published_story(
        people["NG"], coord, "Ownership checks in Nigeria", country="NG", problem=PROBLEM, actions=ACTIONS
    )
    second_kenya = published_story(
        make_user(email="k2@similar.example.org", display_name="Kenyan Two", country="KE"),
        coord,
        "Ownership checks in Kenya again",
        problem=PROBLEM,
        actions=ACTIONS,
    )
    ghana = published_story(
        people["GH"],
        coord,
        "Ownership checks in Ghana",
        country="GH",
        problem=PROBLEM,
        actions=ACTIONS,
    )
    page = app.test_client().get(f"/showcase/{kenya.slug}").get_data(as_text=True)
    section = page[page.index("Similar reforms elsewhere") :]
    assert "Ownership checks in Nigeria" in section
    assert "Ownership checks in Ghana" in section
    assert second_kenya.title not in section  # same country
    assert "The sentence that matched:" in section
    services.withdraw_consent(people["GH"], ghana.id)
    page = app.test_client().get(f"/showcase/{kenya.slug}").get_data(as_text=True)
    assert "Ownership checks in Ghana" not in page[page.index("Similar reforms elsewhere") :]
    assert nigeria.id


def test_demo_stories_two_per_focus_country_across_the_three_areas(app, db):
    emails = {e["proposer"] for e in [*DEMO_STORIES, WAITING_STORY]} | {"coordinator@example.org"}
    emails |= {email for e in DEMO_STORIES for email, _r, _c in e["colleagues"]}
    for entry in load_demo_people():
        if entry["email"] in emails:
            db.session.add(_create_user(entry, "demo-password"))
    db.session.commit()
    assert seed_showcase(print) == "14 published stories, 1 waiting for a coordinator"
    stories = public.public_stories()
    assert Counter(s.country for s in stories) == {c: 2 for c in ("CO", "GH", "HN", "ID", "KE", "NG", "PH")}
    assert {a for s in stories for a in s.areas} == {"accountability", "gender_inclusion", "participation"}
    languages = Counter(s.language for s in stories)
    assert languages["es"] >= 3
    assert languages["id"] >= 2
    assert all(s.evidence for s in stories)
    # the Indonesian colleague who never confirmed is not named
    names = public.public_names(stories)
    assert "Rina Kusumawati" not in {n.name for ns in names.values() for n in ns}
    assert seed_showcase(print) is None  # idempotent
    assert db.session.scalar(db.select(db.func.count(ShowcaseStory.id))) == 15
    client = app.test_client()
    for story in stories:
        assert client.get(f"/showcase/{story.slug}").status_code == 200


def test_search_in_plain_words_in_the_story_language(app, db):
    coord = coordinator()
    sri = make_user(email="sri@search.example.org", display_name="Sri Wahyuni", country="ID")
    published_story(
        sri,
        coord,
        "Papan informasi dana desa di Kulon Progo",
        country="ID",
        language="id",
        summary="Semua desa memasang baliho anggaran dana desa setiap semester.",
        problem="Warga tidak tahu berapa dana desa yang diterima.",
        actions="Kami melatih perangkat desa dan membuka forum musyawarah.",
    )
    published_story(make_user(email="k@search.example.org", country="KE"), coord, "Open tenders in Kisumu county")
    client = app.test_client()

    def titles(query):
        page = client.get("/showcase", query_string={"q": query}).get_data(as_text=True)
        return [t for t in ("Papan informasi dana desa di Kulon Progo", "Open tenders in Kisumu county") if t in page]

    assert titles("laporan dana desa") == ["Papan informasi dana desa di Kulon Progo"]
    assert titles("tenders published as open data") == ["Open tenders in Kisumu county"]
    assert titles("the") == []  # function words only: no search by meaning
    services.withdraw_consent(sri, public.public_stories(language="id")[0].id)
    assert titles("laporan dana desa") == []
