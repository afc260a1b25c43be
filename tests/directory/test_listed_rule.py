"""One definition of "listed": the SQL and Python forms of Profile.is_listed agree with a reviewed table.

The expected column is written out by hand from the product rule (listed = the person consented, chose a visibility
other than private, and their account is active), not computed by the code under test.
"""

from __future__ import annotations

import itertools

import pytest

from learning_hub.extensions import db
from learning_hub.main import services as main_services
from learning_hub.models import Profile, User, utcnow
from tests.factories import make_user

# (consented, visibility, active) -> listed: all twelve combinations, reviewed by hand.
EXPECTED = {
    (True, "public", True): True,
    (True, "members", True): True,
    (True, "private", True): False,
    (True, "public", False): False,
    (True, "members", False): False,
    (True, "private", False): False,
    (False, "public", True): False,
    (False, "members", True): False,
    (False, "private", True): False,
    (False, "public", False): False,
    (False, "members", False): False,
    (False, "private", False): False,
}


def _make(consented: bool, visibility: str, active: bool) -> int:
    user = make_user(display_name=f"{consented}-{visibility}-{active}", reforms=["Open budget portal"])
    user.active = active
    user.profile.visibility = visibility
    user.profile.consented_at = utcnow() if consented else None
    db.session.commit()
    return user.profile.id


def test_every_combination_agrees_in_sql_and_python(app):
    assert set(EXPECTED) == set(itertools.product((True, False), ("public", "members", "private"), (True, False)))
    ids = {combo: _make(*combo) for combo in EXPECTED}
    in_sql = set(db.session.scalars(db.select(Profile.id).where(Profile.is_listed)))
    # A query that already joins the account table (as the directory's do) must give the same answer.
    joined = set(
        db.session.scalars(db.select(Profile.id).join(User, User.id == Profile.user_id).where(Profile.is_listed))
    )
    db.session.expire_all()
    for combo, expected in EXPECTED.items():
        profile = db.session.get(Profile, ids[combo])
        assert profile.is_listed is expected, combo
        assert (ids[combo] in in_sql) is expected, combo
        assert (ids[combo] in joined) is expected, combo
    print(f"{len(EXPECTED)} combinations of consent x visibility x active agree in SQL, joined SQL and Python")


@pytest.mark.parametrize("ttl", [0])
def test_landing_count_leaves_out_deactivated_people(app, ttl):
    """The landing page counted deactivated people whom the directory hides."""
    app.config["LANDING_FIGURES_TTL"] = ttl
    _make(True, "members", True)
    _make(True, "public", False)  # listed by consent, but the account is deactivated
    figures = main_services.landing_figures()
    assert figures["reformers"] == 1
    assert figures["reforms"] == 1
