"""Coordinators' view of the re-ranker: its state and versions, retraining by the job, what it changes in a run."""

from __future__ import annotations

import pytest

from learning_hub.decisions import services
from learning_hub.models import ActorRole, Judgement, JudgementKind, MatchPair, MatchRun, RerankerModel
from tests.factories import make_user

SHARED = "open contracting portal publishes every contract and payment"


@pytest.fixture
def coordinator(app):
    return make_user(email="coord@decisions.example.org", roles=("coordinator",), display_name="Coordinator")


def _judgements(db, lists: int = 10):
    """Lists of four: the two kept suggestions repeat the other text's words, the two dropped ones share none, and
    the dropped ones carry the higher scores, so the shown score orders every list wrongly."""
    for n in range(lists):
        for i, (kind, score, same) in enumerate(
            [
                (JudgementKind.PAIR_LOCK, 0.50 + n / 100, True),
                (JudgementKind.PAIR_LOCK, 0.52 + n / 100, True),
                (JudgementKind.PAIR_REJECT, 0.60 + n / 100, False),
                (JudgementKind.PAIR_REJECT, 0.62 + n / 100, False),
            ]
        ):
            services.record(
                kind,
                None,
                ActorRole.COORDINATOR,
                source_id=n * 4 + i,
                list_key=f"run:{n}",
                a_profile_id=None,
                b_profile_id=None,
                a_text=SHARED,
                b_text=SHARED if same else f"rural clinics lack medicine number {n}{i}",
                score=score,
            )
    db.session.commit()


def test_state_page_before_any_version(client_as, coordinator):
    page = client_as(coordinator).get("/decisions/").get_data(as_text=True)
    assert "No version has been fitted yet" in page
    assert "Minimum number of decisions" in page


def test_retrain_stores_a_version_with_its_figures_and_applies_it(client_as, coordinator, db):
    _judgements(db)
    client = client_as(coordinator)
    assert client.post("/decisions/retrain").status_code == 302  # the job runs at once in tests
    model = db.session.scalars(db.select(RerankerModel)).one()
    assert (model.version, model.judgements, model.kept) == (1, 40, 20)
    assert model.metrics["auc_shown_score"] == 0.0  # every held-out list: both dropped scored above both kept
    assert model.metrics["auc"] == 1.0
    assert model.useful
    assert model.params["weights"][2] > 0  # lexical
    assert services.applied_model().id == model.id
    page = client.get("/decisions/").get_data(as_text=True)
    assert "Version 1, fitted on 40 decisions" in page
    client.post("/decisions/retrain")
    assert [m.version for m in db.session.scalars(db.select(RerankerModel).order_by(RerankerModel.version))] == [1, 2]


def test_too_few_judgements_fit_nothing(db, app):
    _judgements(db, lists=2)  # 8 < 30
    assert services.retrain() is None
    assert db.session.scalar(db.select(db.func.count()).select_from(RerankerModel)) == 0


def _run_with_two_pairs(db, coordinator):
    a, b, c, d = (make_user(f"p{i}@decisions.example.org", country=cc) for i, cc in enumerate(("KE", "CO", "ID", "PH")))
    run = MatchRun(status="ready", created_by_id=coordinator.id, params={"per_person": 1})
    db.session.add(run)
    db.session.flush()
    high = MatchPair(
        run_id=run.id, pair_key="1", a_profile_id=a.profile.id, b_profile_id=b.profile.id, score=0.8,
        a_excerpt="rural clinics lack medicine", b_excerpt="judges publish court rulings online",
    )  # fmt: skip
    low = MatchPair(
        run_id=run.id, pair_key="2", a_profile_id=c.profile.id, b_profile_id=d.profile.id, score=0.6,
        a_excerpt=SHARED, b_excerpt=SHARED,
    )  # fmt: skip
    db.session.add_all([high, low])
    db.session.commit()
    return run, high, low


def _model(db, judgements: int, useful: bool = True):
    params = {
        "weights": [0.0, 0.0, 10.0, 0.0],  # only the shared words count
        "bias": 0.0,
        "feature_names": ["score", "weaker", "lexical", "same_language"],
        "judgements": judgements,
        "kept": judgements // 2,
        "metrics": {},
    }
    db.session.add(
        RerankerModel(version=1, judgements=judgements, kept=judgements // 2, params=params, metrics={}, useful=useful)
    )
    db.session.commit()


def test_run_page_shows_which_pairs_move_and_by_how_much(client_as, coordinator, db):
    run, high, low = _run_with_two_pairs(db, coordinator)
    _model(db, judgements=40)
    changes = services.run_changes(coordinator, run.id)
    # lexical: 1.0 for the pair with the same sentence (chance sigmoid(10) = 0.99995), about 0 for the other
    assert [(r.pair.id, r.shown_rank, r.learned_rank, r.move) for r in changes.rows] == [
        (low.id, 2, 1, 1),
        (high.id, 1, 2, -1),
    ]
    assert changes.rows[0].chance == pytest.approx(1 / (1 + 2.718281828459045**-10), abs=1e-6)
    page = client_as(coordinator).get(f"/decisions/runs/{run.id}").get_data(as_text=True)
    assert "Version 1, fitted on 40 decisions, re-orders this list: 2 of 2 pairs change place." in page
    assert "up 1" in page
    assert "down 1" in page


def test_switched_off_or_too_few_keeps_the_engine_order(client_as, coordinator, db, app):
    run, high, low = _run_with_two_pairs(db, coordinator)
    _model(db, judgements=10)  # below the minimum of 30
    assert [r.pair.id for r in services.run_changes(coordinator, run.id).rows] == [high.id, low.id]
    page = client_as(coordinator).get(f"/decisions/runs/{run.id}").get_data(as_text=True)
    assert "fewer judgements than the minimum (30)" in page
    db.session.get(RerankerModel, 1).judgements = 40
    db.session.commit()
    app.config["DECISIONS_RERANK"] = False
    try:
        assert services.applied_model() is None
        assert [r.move for r in services.run_changes(coordinator, run.id).rows] == [0, 0]
        assert "Switched off" in client_as(coordinator).get("/decisions/").get_data(as_text=True)
    finally:
        app.config["DECISIONS_RERANK"] = True


def test_only_coordinators_see_the_pages(client_as, db):
    reformer = make_user("someone@decisions.example.org")
    assert client_as(reformer).get("/decisions/").status_code == 403
    assert client_as(reformer).post("/decisions/retrain").status_code == 403


def test_erasure_deletes_judgements_made_by_or_about_the_person(app, db, coordinator):
    from learning_hub.decisions.privacy import erase_decisions, export_decisions

    subject = make_user("subject@decisions.example.org")
    other = make_user("other@decisions.example.org")
    for actor, about in ((coordinator, other), (other, subject), (other, other)):
        services.record(
            JudgementKind.PAIR_LOCK, actor, ActorRole.COORDINATOR, source_id=1, a_profile_id=about.profile.id,
            b_profile_id=None, score=0.5,
        )  # fmt: skip
    db.session.commit()
    exported = export_decisions(coordinator)
    assert [(j["kind"], j["label"], j["score_shown"]) for j in exported["judgements_made"]] == [
        ("pair_lock", "keep", 0.5)
    ]
    assert export_decisions(subject)["judgements_about_you"] == 1
    erase_decisions(coordinator)
    erase_decisions(subject)
    db.session.commit()
    left = db.session.scalars(db.select(Judgement)).all()
    assert [(j.actor_id, j.a_profile_id) for j in left] == [(other.id, other.profile.id)]


def test_the_run_page_links_to_what_the_reranker_changes(client_as, coordinator, db):
    run, _high, _low = _run_with_two_pairs(db, coordinator)
    page = client_as(coordinator).get(f"/peers/runs/{run.id}").get_data(as_text=True)
    assert f'href="/decisions/runs/{run.id}"' in page
