"""Browsing and search through HTTP: who sees which profile, filters, keyword and semantic search with the
sentence that matched, pagination, "reformers abroad" suggestions, and gender never shown to others."""

from __future__ import annotations

import re

from learning_hub.directory.tasks import embed_all
from learning_hub.models import Profile
from tests.directory.helpers import text_of
from tests.factories import make_user

BO_CHALLENGE = (
    "Nobody verifies our beneficial ownership register. Shell companies hide who really owns the firms "
    "that win contracts."
)
BO_REFORM = {
    "title": "A verified beneficial ownership register",
    "description": "We set up a public register of the "
    "real owners of companies. Every filing is cross-checked with tax records and false declarations are "
    "sanctioned.",
}
BUDGET_REFORM = {
    "title": "Citizens' budget",
    "description": "We publish a plain-language budget every year with quarterly spending data for each ministry.",
}


def _names(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/directory/\d+">([^<]+)</a>', page)


def _public(user):
    """make_user lists people as members; some tests need a public profile."""
    user.profile.visibility = "public"
    from learning_hub.extensions import db

    db.session.commit()
    return user


def _people(db):
    people = {
        "public": _public(
            make_user(display_name="Pat Public", country="CO", gender="woman", challenges=[BO_CHALLENGE])
        ),
        "members": make_user(
            display_name="Mo Members",
            country="KE",
            reforms=[BO_REFORM],
            gender="man",
            sector="oversight_audit",
            languages=("en", "sw"),
            policy_areas=("beneficial_ownership",),
        ),
        "mentor": make_user(
            display_name="Meg Mentor",
            country="GH",
            mentor_capacity=2,
            reforms=[BUDGET_REFORM],
            policy_areas=("fiscal_openness",),
        ),
        "private": make_user(display_name="Priv Private", country="KE", listed=False, reforms=[BO_REFORM]),
        "unconsented": make_user(display_name="Una Unconsented", country="KE", reforms=[BO_REFORM]),
    }
    profile = people["unconsented"].profile
    profile.consented_at = None  # visibility "members" but no consent: still unlisted
    db.session.commit()
    embed_all()
    return people


def test_who_sees_whom(client, client_as, db):
    people = _people(db)
    assert _names(text_of(client.get("/directory"))) == ["Pat Public"]
    member = client_as(make_user(display_name="Viewer", listed=False))
    assert _names(text_of(member.get("/directory"))) == ["Meg Mentor", "Mo Members", "Pat Public"]
    for key in ("private", "unconsented"):
        pid = people[key].profile.id
        assert member.get(f"/directory/{pid}").status_code == 404
        assert client_as(people[key]).get(f"/directory/{pid}").status_code == 200  # the owner always
    assert client.get(f"/directory/{people['members'].profile.id}").status_code == 404
    assert client.get(f"/directory/{people['public'].profile.id}").status_code == 200
    people["public"].active = False  # a deactivated account disappears from the directory
    db.session.commit()
    assert _names(text_of(client.get("/directory"))) == []


def test_gender_is_never_shown_to_others(client_as, db):
    people = _people(db)
    viewer = client_as(make_user(listed=False))
    pages = [
        text_of(viewer.get("/directory")),
        text_of(viewer.get("/directory?q=beneficial+ownership")),
        text_of(viewer.get(f"/directory/{people['public'].profile.id}")),
        text_of(viewer.get(f"/directory/{people['members'].profile.id}")),
        text_of(client_as(people["public"]).get(f"/directory/{people['public'].profile.id}")),
    ]
    for page in pages:
        page = re.sub(r"<select.*?</select>", "", page, flags=re.DOTALL)  # country pickers list the Isle of Man
        assert not re.search(r"\b(woman|Woman|man|Man|gender|Gender)\b", page)


def test_filters_and_keyword_search(client_as, db):
    _people(db)
    viewer = client_as(make_user(listed=False))
    cases = {
        "?country=KE": ["Mo Members"],
        "?sector=oversight_audit": ["Mo Members"],
        "?area=fiscal_openness": ["Meg Mentor"],
        "?language=sw": ["Mo Members"],
        "?mentor=1": ["Meg Mentor"],
        "?q=SHELL+companies&mode=words": ["Pat Public"],
        "?q=register+tax&mode=words": ["Mo Members"],
        "?q=publica&mode=words": [],
        "?country=KE&area=fiscal_openness": [],
        "?q=own+REGIST&mode=words": ["Mo Members", "Pat Public"],
    }  # word beginnings: owners, register
    for query, expected in cases.items():
        assert _names(text_of(viewer.get("/directory" + query))) == expected, query


def test_keyword_search_ignores_accents_and_case(client_as, db):
    make_user(display_name="Ana", country="CO", challenges=["La contratación PÚBLICA no es transparente en Bogotá."])
    embed_all()
    viewer = client_as(make_user(listed=False))
    assert _names(text_of(viewer.get("/directory?q=publica+bogota&mode=words"))) == ["Ana"]


def test_bad_filter_values_are_ignored_with_a_message(client_as, db):
    _people(db)
    viewer = client_as(make_user(listed=False))
    for query in (
        "?country=XX",
        "?sector=%00",
        "?area=space",
        "?language=tlh",
        "?page=-5",
        "?page=abc",
        "?page=99999999999999999999",
        "?q=" + "x" * 5000,
        "?q=%00%01",
        "?mode=nonsense&q=budget",
    ):
        response = viewer.get("/directory" + query)
        assert response.status_code == 200, query
        response.close()
    assert "Unknown country" in text_of(viewer.get("/directory?country=XX"))


def test_semantic_search_shows_the_sentence_that_matched(client_as, db):
    _people(db)
    viewer = client_as(make_user(listed=False))
    page = text_of(viewer.get("/directory?q=who+has+set+up+a+beneficial+ownership+register+checked+against+tax"))
    names = _names(page)
    assert names[0] == "Mo Members"
    assert "Meg Mentor" not in names
    marks = re.findall(r"<mark>(.*?)</mark>", page)
    assert (
        "Every filing is cross-checked with tax records and false declarations are sanctioned." in marks[0]
        or "A verified beneficial ownership register." in marks[0]
    )
    assert "Reform that matched" in page
    assert "best first" in page


def test_semantic_search_for_anonymous_visitors_is_rate_limited(make_app, db):
    _people(db)
    limited = make_app(DIRECTORY_ANONYMOUS_SEARCH_LIMIT="2 per minute").test_client()
    codes = []
    for _ in range(3):
        response = limited.get("/directory?q=beneficial+ownership")
        codes.append(response.status_code)
        response.close()
    assert codes == [200, 200, 429]
    response = limited.get("/directory?q=beneficial&mode=words")  # keyword search embeds nothing: not limited
    assert response.status_code == 200
    response.close()


def test_pagination(client_as, db):
    for n in range(45):
        make_user(display_name=f"Person {n:02d}", country="KE")
    viewer = client_as(make_user(listed=False))
    first, third = text_of(viewer.get("/directory")), text_of(viewer.get("/directory?page=3"))
    assert len(_names(first)) == 20
    assert _names(first)[0] == "Person 00"
    assert _names(third) == [f"Person {n}" for n in range(40, 45)]
    assert "Page 1 of 3" in first
    assert 'rel="next"' in first
    assert "page=2" in first
    assert _names(text_of(viewer.get("/directory?page=50"))) == _names(third)  # clamped to the last page


def test_profile_page_suggests_reformers_abroad(client_as, db):
    people = _people(db)
    same_country = make_user(display_name="Kim Samecountry", country="CO", reforms=[BO_REFORM])
    embed_all()
    page = text_of(client_as(people["public"]).get(f"/directory/{people['public'].profile.id}"))
    answers = page.split("whose reforms answer", 1)[1]
    assert "Mo Members" in answers  # their reform answers Pat's challenge, from another country
    assert "Kim Samecountry" not in page  # same country: never suggested as "abroad"
    assert "Priv Private" not in page
    assert "Una Unconsented" not in page
    assert same_country.profile.id


def test_index_follows_edits_without_restart(client_as, db):
    """The per-process index notices a new listing, a withdrawn consent and new vectors."""
    viewer = client_as(make_user(listed=False))
    assert _names(text_of(viewer.get("/directory"))) == []
    user = make_user(display_name="Late Comer", country="PH", listed=False)
    owner = client_as(user)
    owner.post("/profile/listing", data={"listing-visibility": "members", "listing-consent": "y"})
    assert _names(text_of(viewer.get("/directory"))) == ["Late Comer"]
    assert _names(text_of(viewer.get("/directory?q=procurement+portals"))) == []
    owner.post("/profile/challenges", data={"challenge-text": "Procurement data is scattered across portals."})
    assert _names(text_of(viewer.get("/directory?q=procurement+portals"))) == ["Late Comer"]
    owner.post("/profile/listing", data={"listing-visibility": "members"})
    assert _names(text_of(viewer.get("/directory"))) == []
    assert db.session.get(Profile, user.profile.id).consented_at is None


def test_directory_is_in_the_navigation_for_everyone(client):
    assert 'href="/directory"' in text_of(client.get("/"))


def test_dashboard_panel_shows_listing_and_peers_abroad(client_as, db):
    me = make_user(display_name="Me", country="CO", challenges=[BO_CHALLENGE])
    peer_challenge = "Shell companies hide who owns the firms that win contracts; the register is not verified."
    make_user(display_name="Kenyan Peer", country="KE", challenges=[peer_challenge])
    hidden = make_user(display_name="Hidden Peer", country="GH", listed=False, challenges=[BO_CHALLENGE])
    embed_all()
    page = text_of(client_as(me).get("/dashboard"))
    assert "Your directory profile" in page
    assert "Peers can find you" in page
    assert "Kenyan Peer" in page
    assert "Hidden Peer" not in page
    assert "Not listed" in text_of(client_as(hidden).get("/dashboard"))
