"""What a profile page asks the database: a fixed handful of queries, however many challenges and reforms the person
lists (each list comes in one query) and whoever looks at it."""

from __future__ import annotations

from learning_hub.directory.tasks import embed_all
from learning_hub.extensions import db
from tests.factories import make_user
from tests.helpers import recorded_statements

CHALLENGE = "Contracts are signed behind closed doors, so citizens cannot follow public spending on roads number {}."
REFORM = {
    "title": "Open contracting portal {}",
    "description": "We publish every contract, its amendments and its payments, and citizens can flag problems.",
}


def _reformer(n: int, country: str):
    return make_user(
        country=country,
        challenges=[CHALLENGE.format(i) for i in range(n)],
        reforms=[{key: value.format(i) for key, value in REFORM.items()} for i in range(n)],
    )


def test_defect_15_profile_page_queries_do_not_grow_with_reforms(client_as):
    """A member opening a listed profile: the page once checked whether the person had asked the viewer (the viewer's
    profile with its languages and areas, then two queries) before the free "listed" check, loaded the viewer's whole
    profile again for the header's badges, and the viewed account's roles. Counted by hand, the page now needs: the
    session's account with its roles and profile id (1); the profile with its account (1), its languages and areas
    (2), its challenges (1), their cached vectors for the suggestions from abroad and for the library (2), the
    library's version (1), its reforms (1); the header's unread notifications, messages and introductions waiting
    (3)."""
    small, large = _reformer(1, "KE"), _reformer(8, "KE")
    make_user(country="CO", reforms=[{key: value.format("abroad") for key, value in REFORM.items()}])
    embed_all()
    viewer = client_as(make_user(country="PE"))
    counts = {}
    for name, person in (("one reform", small), ("eight reforms", large)):
        path = f"/directory/{person.profile.id}"
        assert viewer.get(path).status_code == 200  # the first view builds the per-process indexes
        db.session.expire_all()
        with recorded_statements() as statements:
            page = viewer.get(path).get_data(as_text=True)
        assert page.count("Open contracting portal") >= (1 if name == "one reform" else 8)
        counts[name] = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    print({name: len(found) for name, found in counts.items()})
    assert len(counts["one reform"]) == len(counts["eight reforms"]), counts["eight reforms"]
    assert len(counts["eight reforms"]) <= 12, counts["eight reforms"]
