"""What a profile page asks the database: a fixed handful of queries, however many challenges and reforms the person
lists (each list comes in one query) and whoever looks at it."""

from __future__ import annotations

import re

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
    (2), its challenges (1), the directory index's version (1), the challenges' cached vectors for the suggestions
    from abroad and for the library (1), the library's version (1), its reforms (1); the header's unread
    notifications, messages and introductions waiting, in one statement (1; it was three); the recognition badges of
    the stories the person confirmed being named on (1)."""
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
    assert len(counts["eight reforms"]) <= 11, counts["eight reforms"]


# The signed-in directory list, counted by hand: the session's account with its roles and profile id (1); the
# per-process index's version check (1); the header's three badges in one statement (1). The cards come from the
# index, the viewer's own profile id from the account's query (it was a query of its own, and the header's badges
# three): nothing else.
LIST_STATEMENTS = 3


def test_defect_15_directory_list_queries_stay_fixed(client_as):
    for i in range(6):
        _reformer(1, "KE" if i % 2 else "CO")
    embed_all()
    viewer = client_as(make_user(country="PE"))
    assert viewer.get("/directory").status_code == 200  # the first view builds the per-process index
    db.session.expire_all()
    with recorded_statements() as statements:
        page = viewer.get("/directory").get_data(as_text=True)
    assert page.count("Ask for an introduction") == 6  # everyone but the viewer, each with the link
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    print(len(selects), selects)
    assert len(selects) <= LIST_STATEMENTS, selects


def test_defect_15_header_badges_come_in_one_statement(client_as):
    """The header's unread notifications, unread messages and introductions waiting took three queries on every
    signed-in page; one statement now brings the three counts, and each still shows its own number."""
    from learning_hub.models.introduction import Introduction, IntroductionState
    from learning_hub.notifications import services as notifications

    me = make_user()
    notifications.notify(me, "roundtable_invitation", {"title": "Open data"})
    notifications.notify(me, "roundtable_invitation", {"title": "Budgets"})
    for n, state in enumerate([IntroductionState.PENDING] * 3 + [IntroductionState.DECLINED]):
        asker = make_user()
        db.session.add(
            Introduction(
                sender_id=asker.profile.id,
                recipient_id=me.profile.id,
                low_profile_id=min(asker.profile.id, me.profile.id),
                high_profile_id=max(asker.profile.id, me.profile.id),
                purpose="peer_exchange",
                message=f"Hello {n}",
                state=state.value,
            )
        )
    db.session.commit()
    browser = client_as(me)
    browser.get("/directory")
    db.session.expire_all()
    with recorded_statements() as statements:
        page = browser.get("/directory").get_data(as_text=True)
    assert '<span class="unread-count">2' in page
    assert '<span class="badge warn">3<span class="visually-hidden"> waiting for your answer' in page
    counting = [s for s in statements if re.search(r"\bFROM notification\b|\bFROM introduction\b", s)]
    assert len(counting) == 1, counting
