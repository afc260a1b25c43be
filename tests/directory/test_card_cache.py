"""Directory cards are kept rendered per card and language; what depends on the reader (the "You" badge, the "ask"
link, hidden on one's own card) is decided per request."""

from __future__ import annotations

from learning_hub.directory.tasks import embed_all
from tests.factories import make_user


def _card_of(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start : page.index("</article>", start)]


def test_defect_15_cached_cards_still_follow_the_reader(client_as):
    ana = make_user(display_name="Ana Reyes", country="CO", challenges=["Contracts are signed behind closed doors."])
    ben = make_user(display_name="Ben Otieno", country="KE", challenges=["Budgets are published too late to debate."])
    embed_all()
    as_ana, as_ben = client_as(ana), client_as(ben)
    for _round in range(2):  # the second round is served from the cache
        seen_by_ana = as_ana.get("/directory").get_data(as_text=True)
        seen_by_ben = as_ben.get("/directory").get_data(as_text=True)
        assert "Ask for an introduction" not in _card_of(seen_by_ana, "Ana Reyes")
        assert "Ask for an introduction" in _card_of(seen_by_ana, "Ben Otieno")
        assert "Ask for an introduction" in _card_of(seen_by_ben, "Ana Reyes")
        assert "Ask for an introduction" not in _card_of(seen_by_ben, "Ben Otieno")
        assert ">You<" in _card_of(seen_by_ana, "Ana Reyes")
        assert ">You<" not in _card_of(seen_by_ben, "Ana Reyes")


def test_defect_15_cached_cards_follow_the_language(client_as):
    make_user(display_name="Ana Reyes", country="CO", mentor_capacity=2)
    embed_all()
    english = client_as(make_user(locale="en")).get("/directory").get_data(as_text=True)
    spanish = client_as(make_user(locale="es")).get("/directory").get_data(as_text=True)
    assert "Ask for an introduction" in _card_of(english, "Ana Reyes")
    assert "Ask for an introduction" not in _card_of(spanish, "Ana Reyes")
    assert "Mentor" in _card_of(english, "Ana Reyes")
