"""The queue dropped (Redis flushed or restarted without persistence) after a job was handed over: the job used to
stay "queued" for ever. Now /healthz names the stalled queue, and the reaper hands the job over again; a job handed
over twice still runs once."""

from __future__ import annotations

from datetime import timedelta

from redis import Redis
from rq import Queue

from learning_hub import jobs
from learning_hub.models import Job, JobStatus, utcnow
from tests.factories import make_user
from tests.faults.redis_helpers import redis_server
from tests.helpers import login

CHALLENGE = "Our procurement agency publishes no contract data, so nobody can follow the money spent."


def test_a_dropped_queue_is_noticed_and_refilled_by_the_reaper(make_app, db):
    with redis_server() as url:
        app = make_app(REDIS_URL=url, RATELIMIT_STORAGE_URI="memory://", JOBS_BACKEND="rq")
        queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(url))
        user = make_user(challenges=())
        client = login(app.test_client(), user)
        assert client.post("/profile/challenges", data={"challenge-text": CHALLENGE}).status_code == 302
        db.session.expire_all()
        job = db.session.scalars(db.select(Job).where(Job.kind == "directory.embed_profile")).one()
        assert job.dispatched_at is not None
        job_id = job.id
        db.session.commit()  # outside a request every transaction takes SQLite's write lock: end the test's
        assert len(queue) == 1

        Redis.from_url(url).flushall()  # the queue is dropped before any worker took the job
        assert len(queue) == 0

        app.config["HEALTH_MAX_QUEUE_AGE_SECONDS"] = 0
        health = app.test_client().get("/healthz")
        body = health.get_json()
        print(f"\n/healthz after the queue was dropped: {health.status_code} failing={body['failing']} {body['queue']}")
        assert health.status_code == 503
        assert body["failing"] == ["queue"]
        assert body["queue"]["queued"] == 1
        assert body["queue"]["redis_queue_length"] == 0

        with app.app_context():
            figures = jobs.reap(now=utcnow() + timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1))
            print(f"reaper after the queue was dropped: {figures}")
            assert figures.dispatched == 1
            assert len(queue) == 1
            jobs.dispatch(job_id)  # handed over twice (a reaper racing a late worker)
            assert len(queue) == 2
            for rq_job in queue.jobs:  # what `flask worker` does with each
                assert rq_job.func_name == "learning_hub.jobs.run_job_in_app"
                jobs.run_job(*rq_job.args)
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.DONE.value
        assert job.attempts == 1  # claimed once
