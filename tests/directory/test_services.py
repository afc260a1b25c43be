"""Directory services below HTTP: the index reuses unchanged vectors and answers with each owner's best text,
countries resolve as people write them, and the synthetic generator and CLI commands work."""

from __future__ import annotations

import numpy as np

from learning_hub import engine
from learning_hub.directory.browse.index import TextSet, current_index
from learning_hub.directory.imports import countries
from learning_hub.directory.tasks import embed_all
from learning_hub.models import Challenge, LibraryReform, Profile, User
from matching import Index
from tests.directory.test_import_routes import EXAMPLE
from tests.factories import make_user


def test_index_reuses_unchanged_vectors(app, db, monkeypatch):
    for n in range(3):
        make_user(display_name=f"P{n}", challenges=[f"Challenge {n} about open contracting portals."])
    embed_all()
    first = current_index()
    assert len(first) == 3
    assert first.challenges.present.all()
    fetched = []
    real = engine.cached_vectors
    monkeypatch.setattr(engine, "cached_vectors", lambda texts: fetched.extend(texts) or real(texts))
    user = make_user(display_name="P3", challenges=["A brand new challenge about budgets."])
    embed_all()
    second = current_index()
    assert second is not first
    assert len(second) == 4
    assert fetched == ["A brand new challenge about budgets."]  # the three others were reused from memory
    assert current_index() is second  # nothing changed: no rebuild
    assert user.profile.id in second.row_of
    # the reused rows are the vectors the cache holds for those texts
    texts = second.challenges.texts
    np.testing.assert_allclose(
        second.challenges.index.vectors_at(np.arange(len(texts))), real(texts)[0], rtol=1e-6, atol=1e-7
    )


def test_country_resolution():
    cases = {
        "KE": "KE",
        "ke": "KE",
        "Kenya": "KE",
        "Republic of Korea": "KR",
        "Korea, Republic of": "KR",
        "Cote d'Ivoire": "CI",
        "Côte d’Ivoire": "CI",
        "Kyrgyz Republic": "KG",
        "Kosovo": "XK",
        "Estados Unidos": "US",
        "Filipinas": "PH",
        "Colombie": "CO",
        "Brasil": "BR",
        "Keyna": "KE",
        "Atlantis": None,
        "XX": None,
        "": None,
        "Korea": None,
    }
    for value, expected in cases.items():
        assert countries.resolve(value)[0] == expected, value
    assert countries.resolve("Keyna")[1] is True
    assert countries.resolve("Kenya")[1] is False


def test_synthesize_command(runner, db):
    result = runner.invoke(args=["directory", "synthesize", "120", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "120 profiles created" in result.output
    assert "embedded with hashing" in result.output
    profiles = db.session.scalars(db.select(Profile)).all()
    assert len(profiles) == 120
    assert len({p.country for p in profiles}) >= 10
    assert len({p.sector for p in profiles}) >= 8
    assert all(p.embedded_at for p in profiles)
    languages = set(db.session.scalars(db.select(Challenge.language)))
    assert {"en", "es"} <= languages
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.password_hash.is_not(None))) == 0
    again = runner.invoke(args=["directory", "synthesize", "5"])
    assert again.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Profile.id))) == 125


def test_synthesize_is_refused_where_demo_data_is(make_app):
    refusing = make_app(ALLOW_DEMO_SEED=False)
    with refusing.app_context():  # the CLI uses the app whose context is active
        result = refusing.test_cli_runner().invoke(args=["directory", "synthesize", "3"])
    assert result.exit_code != 0
    assert "refuses" in result.output


def test_import_and_embed_commands(runner, db, tmp_path, outbox):
    result = runner.invoke(args=["directory", "import", str(EXAMPLE), "--kind", "profiles"])
    assert result.exit_code == 0
    assert "dry run only" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    result = runner.invoke(args=["directory", "import", str(EXAMPLE), "--kind", "profiles", "--apply"])
    assert result.exit_code == 0
    assert "'created': 4" in result.output
    assert len(outbox) == 4
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"email;display_name;country\r\n")
    result = runner.invoke(args=["directory", "import", str(bad), "--kind", "profiles"])
    assert result.exit_code == 1
    assert "semicolons" in result.output
    commitments = tmp_path / "ogp.csv"
    commitments.write_text(
        "id,country,title,text,source_url\r\nKE1,Kenya,Open contracting,We publish all contracts.,\r\n",
        encoding="utf-8",
    )
    assert (
        runner.invoke(args=["directory", "import", str(commitments), "--kind", "commitments", "--apply"]).exit_code == 0
    )
    result = runner.invoke(args=["directory", "embed", "--library"])
    assert result.exit_code == 0
    assert "1 reforms embedded" in result.output
    assert db.session.scalar(db.select(LibraryReform.language)) == "en"
    result = runner.invoke(args=["directory", "embed"])
    assert result.exit_code == 0
    assert "4 profiles embedded" in result.output


def test_background_rebuild_keeps_serving_the_previous_index(make_app, db):
    """With DIRECTORY_INDEX_BACKGROUND on (the default outside tests), a change is picked up by a thread while
    requests keep the previous index; the new one replaces it when ready."""
    import re
    import time

    from tests.helpers import login

    background = make_app(DIRECTORY_INDEX_BACKGROUND=True)
    client = login(background.test_client(), make_user(listed=False))
    make_user(display_name="First")

    def names():
        response = client.get("/directory")
        page = response.get_data(as_text=True)
        response.close()
        return re.findall(r'<h3><a href="/directory/\d+">([^<]+)</a>', page)

    assert names() == ["First"]  # the first index is built in the request
    make_user(display_name="Second")
    seen = names()
    assert seen in (["First"], ["First", "Second"])
    deadline = time.monotonic() + 10
    while seen != ["First", "Second"] and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = names()
    assert seen == ["First", "Second"]
    assert not background.extensions["directory"].get("rebuilding")


def test_best_per_owner_picks_each_owners_best_text():
    # Six 1-d texts; owners 1 and 4 have none. The query [1] scores each text as its own value.
    owners = np.array([0, 0, 0, 2, 2, 3])
    values = np.array([[0.1], [0.5], [0.5], [-0.2], [0.3], [0.0]], dtype=np.float32)
    texts = TextSet(
        ids=np.arange(6),
        owners=owners,
        texts=[""] * 6,
        stamps={},
        present=np.ones(6, dtype=bool),
        index=Index(values, owners, n_owners=5),
    )
    best, where = texts.best_per_owner(np.array([1.0], dtype=np.float32))
    np.testing.assert_allclose(best, [0.5, -np.inf, 0.3, 0.0, -np.inf])
    assert where.tolist() == [1, -1, 4, 5, -1]  # ties go to the first text
