"""The per-person limits (10 challenges, 10 reforms, 20 live tokens) hold when many requests of the same person
arrive at once, and concurrent language edits never fail with a unique violation. Real threads, each with its own
app context, session and database connection, released together by a barrier; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from learning_hub.api import tokens
from learning_hub.directory.profiles import services as profiles
from learning_hub.errors import DomainError
from learning_hub.extensions import db
from learning_hub.models import Challenge, PersonalAccessToken, Profile, Reform, User
from tests.factories import make_user

THREADS = 12


def _race(app, user_id: int, action) -> dict[str, int]:
    """Run `action(user)` in THREADS threads at once; count outcomes by kind."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                _ = user.profile  # loaded before the race, as a request would
                db.session.commit()
                barrier.wait(timeout=30)
                action(user, n)
                outcome = "ok"
            except DomainError:
                db.session.rollback()
                outcome = "refused"
            except Exception as exc:  # a server error in a request
                db.session.rollback()
                outcome = f"error {type(exc).__name__}: {str(exc)[:200]}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    db.session.commit()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


TEXT = "Procurement data is published too late for citizens to follow contracts ({n})."


@pytest.mark.parametrize(
    ("model", "action", "limit"),
    [
        (Challenge, lambda user, n: profiles.add_challenge(user, TEXT.format(n=n)), profiles.MAX_CHALLENGES),
        (
            Reform,
            lambda user, n: profiles.add_reform(
                user, title=f"Reform {n}", description=TEXT.format(n=n), status="in_progress"
            ),
            profiles.MAX_REFORMS,
        ),
    ],
    ids=["challenges", "reforms"],
)
def test_profile_limits_hold_under_concurrent_additions(app, db, model, action, limit):
    user = make_user("racer@example.org")
    profile_id = user.profile.id
    existing = limit - 3
    for n in range(existing):
        action(user, 100 + n)
    counts = _race(app, user.id, action)
    total = db.session.scalar(db.select(db.func.count(model.id)).where(model.profile_id == profile_id))
    print(f"\n{model.__tablename__}: {existing} before, {THREADS} concurrent additions -> {counts}, total {total}")
    assert total == limit
    assert counts == {"ok": 3, "refused": THREADS - 3}


def test_token_limit_holds_under_concurrent_creations(app, db):
    user = make_user("tokens@example.org")
    for n in range(tokens.MAX_TOKENS_PER_USER - 2):
        tokens.create_token(user, f"script {n}", ["read"], 30)
    counts = _race(app, user.id, lambda user, n: tokens.create_token(user, f"race {n}", ["read"], 30))
    live = db.session.scalar(
        db.select(db.func.count(PersonalAccessToken.id)).where(
            PersonalAccessToken.user_id == user.id, PersonalAccessToken.revoked_at.is_(None)
        )
    )
    print(f"\ntokens: {tokens.MAX_TOKENS_PER_USER - 2} before, {THREADS} concurrent creations -> {counts}, live {live}")
    assert live == tokens.MAX_TOKENS_PER_USER
    assert counts == {"ok": 2, "refused": THREADS - 2}


LANGUAGE_SETS = [["en"], ["es", "en"], ["fr"], ["id", "es"], ["en", "fr", "id"], ["pt"]]


def test_concurrent_language_edits_never_fail(app, db):
    user = make_user("polyglot@example.org", languages=())
    profile_id = user.profile.id

    def edit(user, n):
        profile = user.profile
        profiles.update_details(
            user,
            display_name=profile.display_name,
            country=profile.country,
            sector=profile.sector,
            organisation=None,
            role_title=None,
            bio=None,
            languages=LANGUAGE_SETS[n % len(LANGUAGE_SETS)],
            policy_areas=["anti_corruption", "open_contracting"][: 1 + n % 2],
            gender=None,
        )

    for round_ in range(3):
        counts = _race(app, user.id, edit)
        print(f"\nlanguage edits, round {round_ + 1}: {counts}")
        assert counts == {"ok": THREADS}
    final = db.session.get(Profile, profile_id)
    db.session.refresh(final)
    assert final.languages in LANGUAGE_SETS
