"""Redis stopped (the app pointed at a closed loopback port): sign-in, registration, password reset and anonymous
search used to answer 500 while /healthz said ok; with the RQ backend, adding a challenge committed it and then
answered 500, leaving its job queued for ever (and a retry duplicated the challenge). Now the rate limits fall back to
memory, the job waits in the table for the reaper, and /healthz answers 503 naming Redis."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning_hub import jobs
from learning_hub.extensions import limiter
from learning_hub.models import Challenge, Job, JobStatus, utcnow
from learning_hub.models.user import PendingRegistration
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.faults.redis_helpers import closed_port
from tests.helpers import login

CHALLENGE = "Our procurement agency publishes no contract data, so nobody can follow the money spent."


@pytest.fixture(autouse=True)
def _limiter_revived():
    """The Limiter is module-level: after these tests its storage (put back by make_app) is alive again."""
    yield
    limiter._storage_dead = False


def _redis_down_app(make_app):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    app = make_app(REDIS_URL=url, RATELIMIT_STORAGE_URI=url, JOBS_BACKEND="rq", REDIS_TIMEOUT_SECONDS=0.5)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error handlers answer
    return app


def test_public_pages_work_with_redis_down(make_app, db):
    app = _redis_down_app(make_app)
    make_user(email="known@example.org")
    db.session.commit()
    client = app.test_client()
    statuses = {
        "sign-in, wrong password": client.post(
            "/login", data={"email": "known@example.org", "password": "wrong password here"}
        ).status_code,
        "sign-in": client.post("/login", data={"email": "known@example.org", "password": DEFAULT_PASSWORD}).status_code,
        "registration": app.test_client()
        .post(
            "/register",
            data={
                "display_name": "Ama Mensah",
                "email": "ama@example.org",
                "country": "GH",
                "password": "a long enough secret",
                "confirm": "a long enough secret",
            },
        )
        .status_code,
        "password reset": app.test_client().post("/forgot-password", data={"email": "known@example.org"}).status_code,
        "anonymous semantic search": app.test_client().get("/directory?q=open+contracting").status_code,
    }
    print(f"\nRedis down: {statuses}")
    assert statuses == {
        "sign-in, wrong password": 422,
        "sign-in": 302,
        "registration": 302,
        "password reset": 302,
        "anonymous semantic search": 200,
    }
    # Registration waits for its emailed confirmation: the pending row is there, and its email job waits for the reaper.
    pending = db.select(PendingRegistration).where(PendingRegistration.email == "ama@example.org")
    assert db.session.scalar(pending) is not None
    # The limits still count, in this process's memory.
    assert limiter._storage_dead


def test_adding_a_challenge_with_redis_down_queues_its_job_for_the_reaper(make_app, db):
    app = _redis_down_app(make_app)
    user = make_user(challenges=())
    client = login(app.test_client(), user)

    response = client.post("/profile/challenges", data={"challenge-text": CHALLENGE})
    assert response.status_code == 302  # the old code committed, then answered 500
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Challenge.id)).where(Challenge.profile_id == user.profile.id)) == 1
    job = db.session.scalars(db.select(Job).where(Job.kind == "directory.embed_profile")).one()
    assert job.status == JobStatus.QUEUED.value
    assert job.dispatched_at is None

    health = app.test_client().get("/healthz")
    body = health.get_json()
    print(f"\n/healthz with Redis down: {health.status_code} {body}")
    assert health.status_code == 503
    assert "redis" in body["failing"]
    assert body["redis"]["ok"] is False
    assert body["database"]["ok"] is True
    assert body["queue"]["queued"] == 1

    with app.app_context():
        later = utcnow() + timedelta(seconds=app.config["JOB_DISPATCH_GRACE_SECONDS"] + 1)
        still_down = jobs.reap(now=later)
        print(f"reaper, Redis still down: {still_down}")
        assert (still_down.dispatched, still_down.undispatchable) == (0, 1)
        app.config["JOBS_BACKEND"] = "sync"  # Redis is back (a worker would take the job): run it inline
        back = jobs.reap(now=later)
        print(f"reaper, Redis back: {back}")
        assert back.dispatched == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE.value


def test_a_redis_failure_inside_a_page_answers_a_readable_503(make_app, db, monkeypatch):
    """Whatever still reaches Redis directly and finds it down gets the 503 page, in the visitor's language."""
    app = _redis_down_app(make_app)
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1. Connection refused.")

    monkeypatch.setattr("learning_hub.main.services.landing_figures", down)
    response = app.test_client().get("/", headers={"Accept-Language": "es"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Internal Server Error" not in page
    assert "<h1>" in page
