"""A worker killed mid-job (SIGKILL, as the OOM killer or `kill -9` does): the job used to stay "running" for ever,
and re-importing would have re-invited everyone. Now the job's heartbeat stops, the reaper re-queues it, and the
re-run sends only the invitations the killed run had not written: nobody gets two."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from learning_hub import jobs
from learning_hub.directory.imports.services import invitation_marker
from learning_hub.extensions import db as _db
from learning_hub.models import EmailStatus, ImportBatch, Job, JobStatus, OutgoingEmailRow, Profile, User, utcnow
from tests.factories import make_user

PEOPLE = 120
KILL_AFTER = 30  # invitations written when the worker is killed
ROOT = Path(__file__).resolve().parents[2]


def _imported_people(n: int) -> list[int]:
    ids = []
    for i in range(n):
        user = User(email=f"imported{i}@example.org", locale="en")
        user.profile = Profile(display_name=f"Imported {i}", visibility="members", consented_at=None)
        _db.session.add(user)
        _db.session.flush()
        ids.append(user.id)
    _db.session.commit()
    return ids


def _invitation_rows(batch_id: int) -> list[OutgoingEmailRow]:
    _db.session.expire_all()
    rows = _db.session.scalars(
        _db.select(OutgoingEmailRow).where(OutgoingEmailRow.dedupe_key.like(f"import:{batch_id}:invitation:%"))
    )
    result = list(rows)
    _db.session.commit()
    return result


def test_killed_import_job_is_reaped_and_resumed_without_a_second_email(app, db, outbox):
    coordinator = make_user(roles=("coordinator",))
    user_ids = _imported_people(PEOPLE)
    batch = ImportBatch(
        kind="profiles",
        status="applied",
        created_by_id=coordinator.id,
        sha256="0" * 64,
        summary={"invite_user_ids": user_ids, "profile_ids": []},
    )
    db.session.add(batch)
    db.session.commit()
    job = Job(kind="directory.finish_import", payload={"batch_id": batch.id}, created_by_id=coordinator.id)
    db.session.add(job)
    db.session.commit()
    job_id, batch_id = job.id, batch.id

    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill_target", app.config["SQLALCHEMY_DATABASE_URI"], str(job_id)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while len(_invitation_rows(batch_id)) < KILL_AFTER:
        if worker.poll() is not None:
            output = worker.stdout.read().decode()
            worker.stdout.close()
            raise AssertionError(f"the worker ended before it was killed:\n{output}")
        assert time.monotonic() < deadline, "the worker wrote too few invitations in time"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    worker.stdout.close()

    written_by_killed = _invitation_rows(batch_id)
    sent_before = {row.to_address for row in written_by_killed if row.status == EmailStatus.SENT.value}
    db.session.expire_all()
    assert db.session.get(Job, job_id).status == JobStatus.RUNNING.value  # what the old code left for ever
    assert KILL_AFTER <= len(written_by_killed) < PEOPLE

    # Not stale yet: a live worker's job is left alone.
    assert jobs.reap().stale == 0
    figures = jobs.reap(now=utcnow() + timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1))
    print(
        f"\nkilled worker: {len(written_by_killed)} of {PEOPLE} invitations written before SIGKILL; reaper: {figures}"
    )
    assert (figures.stale, figures.requeued, figures.failed) == (1, 1, 0)

    db.session.expire_all()
    job = db.session.get(Job, job_id)
    assert job.status == JobStatus.DONE.value, job.error
    assert job.attempts == 2
    rows = _invitation_rows(batch_id)
    keys = sorted(row.dedupe_key for row in rows)
    assert keys == sorted(invitation_marker(batch_id, uid) for uid in user_ids)  # everyone invited once
    delivered_now = [message.to for message in outbox]
    assert not sent_before & set(delivered_now), "an invitation went out twice"
    assert len(delivered_now) == len(set(delivered_now))
    # Sent by the killed worker, sent now, or (at most one) caught mid-send and left for a person to resend.
    in_doubt = [row for row in rows if row.status == EmailStatus.SENDING.value]
    assert len(in_doubt) <= 1
    assert len(sent_before) + len(delivered_now) + len(in_doubt) == PEOPLE
    print(
        f"killed worker: {len(sent_before)} sent before the kill, {len(delivered_now)} after the reaper, "
        f"{len(in_doubt)} caught mid-send, 0 twice"
    )


def test_a_job_out_of_attempts_is_interrupted_and_can_be_retried_from_its_page(app, db, client_as):
    coordinator = make_user(roles=("coordinator",))
    person = make_user(challenges=("Procurement data is not published anywhere in our country.",))
    long_ago = utcnow() - timedelta(hours=2)
    job = Job(
        kind="directory.embed_profile",
        payload={"profile_id": person.profile.id},
        created_by_id=coordinator.id,
        status=JobStatus.RUNNING.value,
        started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=app.config["JOB_MAX_ATTEMPTS"],
    )
    db.session.add(job)
    db.session.commit()

    figures = jobs.reap()
    print(f"\nreaper, a job out of attempts: {figures}")
    assert (figures.stale, figures.requeued, figures.failed) == (1, 0, 1)

    client = client_as(coordinator)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Interrupted" in page
    assert f'action="/jobs/{job.id}/retry"' in page
    assert client.get(f"/jobs/{job.id}?format=json").get_json()["status"] == "interrupted"

    response = client.post(f"/jobs/{job.id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == JobStatus.DONE.value
    # Someone else's job: not theirs to retry.
    assert client_as(person).post(f"/jobs/{job.id}/retry").status_code == 404
