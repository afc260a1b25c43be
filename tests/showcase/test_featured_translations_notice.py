"""Featured stories, translations and telling the people a story names."""

from __future__ import annotations

import re

from learning_hub.email import outbox
from learning_hub.models import Notification
from learning_hub.showcase import services
from tests.factories import make_user
from tests.helpers import login
from tests.showcase.helpers import coordinator, published_story, story_input


def _titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/showcase/[^"]+">([^<]+)</a>', html)


def test_the_home_shows_featured_stories_first_then_the_latest(app, client, db):
    amina = make_user(email="amina@f.example.org", display_name="Amina Wanjiru", country="KE")
    coord = coordinator()
    older = published_story(amina, coord, "Older story in Kisumu")
    published_story(amina, coord, "Newer story in Nakuru")
    assert _titles(client.get("/showcase").get_data(as_text=True)) == ["Newer story in Nakuru", "Older story in Kisumu"]

    staff = login(app.test_client(), coord)
    assert staff.post(f"/showcase/stories/{older.id}/feature").status_code == 302
    page = client.get("/showcase").get_data(as_text=True)
    assert "Featured" in page
    assert _titles(page) == ["Older story in Kisumu", "Newer story in Nakuru"]
    # filters list stories without the featured block
    assert "Featured" not in client.get("/showcase?country=KE").get_data(as_text=True)
    # only coordinators feature
    other = login(app.test_client(), amina)
    assert other.post(f"/showcase/stories/{older.id}/unfeature").status_code == 403
    assert staff.post(f"/showcase/stories/{older.id}/unfeature").status_code == 302
    assert "Featured" not in client.get("/showcase").get_data(as_text=True)
    assert [e.action for e in older.events][-2:] == ["featured", "unfeatured"]


def test_the_author_adds_a_translation_shown_as_such_with_a_language_switch(app, client, db):
    amina = make_user(email="amina@t.example.org", display_name="Amina Wanjiru", country="KE")
    outsider = make_user(email="olga@t.example.org", display_name="Olga Outsider", country="KE")
    coord = coordinator()
    story = published_story(amina, coord, "Open tenders in Kisumu county")
    form = {
        "language": "fr",
        "title": "Marchés ouverts dans le comté de Kisumu",
        "summary": "Chaque appel d'offres publié en données ouvertes.",
        "problem": "Personne ne pouvait suivre un appel d'offres.",
        "actions": "Nous avons publié les appels d'offres.",
        "results": "Moins d'offres uniques.",
    }
    assert (
        login(app.test_client(), outsider).post(f"/showcase/stories/{story.id}/translate", data=form).status_code == 404
    )
    author = login(app.test_client(), amina)
    assert author.post(f"/showcase/stories/{story.id}/translate", data={**form, "language": "en"}).status_code == 422
    assert author.post(f"/showcase/stories/{story.id}/translate", data=form).status_code == 302

    original = client.get(f"/showcase/{story.slug}").get_data(as_text=True)
    assert "Originally written in English" in original
    assert f'href="/showcase/{story.slug}?lang=fr"' in original
    translated = client.get(f"/showcase/{story.slug}?lang=fr").get_data(as_text=True)
    assert "<h1>Marchés ouverts dans le comté de Kisumu</h1>" in translated
    assert "Translation into French of a story originally written in English." in translated
    assert '<article class="story" lang="fr">' in translated
    assert "Amina Wanjiru" in translated  # the names stay the original's
    # an unknown language shows the original
    assert "<h1>Open tenders in Kisumu county</h1>" in client.get(f"/showcase/{story.slug}?lang=id").get_data(
        as_text=True
    )
    # the coordinator corrects it: one translation per language
    staff = login(app.test_client(), coord)
    assert (
        staff.post(
            f"/showcase/stories/{story.id}/translate", data={**form, "title": "Marchés publics ouverts à Kisumu"}
        ).status_code
        == 302
    )
    assert [t.title for t in story.translations] == ["Marchés publics ouverts à Kisumu"]


def test_named_colleagues_are_told_with_the_link_to_answer(app, db):
    amina = make_user(email="amina@n.example.org", display_name="Amina Wanjiru", country="KE")
    baraka = make_user(email="baraka@n.example.org", display_name="Baraka Otieno", country="KE")
    chidi = make_user(email="chidi@n.example.org", display_name="Chidi Eze", country="KE")
    outbox().clear()
    story = services.propose(amina, story_input("Open tenders in Kisumu", people=[(baraka.profile.id, "Analyst")]))
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "showcase_named")).all()
    assert [(n.user_id, n.link) for n in notes] == [(baraka.id, "/showcase/mine")]
    mails = [m for m in outbox() if m.to == "baraka@n.example.org"]
    assert len(mails) == 1
    assert "Amina Wanjiru named you on the story Open tenders in Kisumu" in mails[0].subject
    assert "/showcase/mine" in mails[0].text
    assert not [m for m in outbox() if m.to == "amina@n.example.org"]  # the proposer is not told about herself

    # editing tells only the newly named
    data = story_input(
        "Open tenders in Kisumu", people=[(baraka.profile.id, "Analyst"), (chidi.profile.id, "Engineer")]
    )
    services.update(amina, story.id, data)
    assert len([m for m in outbox() if m.to == "baraka@n.example.org"]) == 1
    assert len([m for m in outbox() if m.to == "chidi@n.example.org"]) == 1


def test_search_finds_a_story_by_its_translation(app, db):
    amina = make_user(email="amina@s.example.org", display_name="Amina Wanjiru", country="KE")
    coord = coordinator()
    story = published_story(amina, coord, "Village budget boards in Sleman", country="ID")
    client = app.test_client()

    def found(query):
        return "Village budget boards in Sleman" in client.get("/showcase", query_string={"q": query}).get_data(
            as_text=True
        )

    assert not found("papan anggaran dana desa")
    services.save_translation(
        coord,
        story.id,
        services.TranslationInput(
            language="id",
            title="Papan anggaran desa di Sleman",
            summary="Setiap desa memasang papan anggaran dana desa.",
            problem="Warga tidak tahu bagaimana dana desa dibelanjakan.",
            actions="Setiap desa memasang papan anggaran dan mengadakan musyawarah.",
            results="Keluhan warga dijawab dalam sebulan.",
        ),
    )
    assert found("papan anggaran dana desa")
