"""Services behind the landing page, the dashboard and the health check."""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import func, text

from learning_hub import jobs
from learning_hub.errors import NotFound
from learning_hub.extensions import db
from learning_hub.models import Challenge, Job, Profile, Reform, User


def health() -> tuple[dict, bool]:
    """Each dependency with its state: the database, Redis (when configured), and the job queue (depth and the
    oldest queued job's age). Not ok when any of them fails; `failing` names them."""
    body: dict = {"status": "ok", "failing": []}
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
        database = {"ok": True}
    except Exception as exc:  # report, do not raise: operators need the JSON
        db.session.rollback()
        database = {"ok": False, "error": type(exc).__name__}
    database.update(backend=db.engine.dialect.name, latency_ms=round((time.perf_counter() - started) * 1000, 2))
    body["database"] = database

    cfg = current_app.config
    uses_redis = bool(cfg.get("REDIS_URL")) or str(cfg.get("RATELIMIT_STORAGE_URI", "")).startswith("redis")
    if uses_redis:
        body["redis"] = _redis_health(cfg)

    queue = {"ok": True, "backend": cfg["JOBS_BACKEND"]}
    if database["ok"]:
        try:
            queue.update(jobs.queue_figures())
        except Exception as exc:
            db.session.rollback()
            queue.update(ok=False, error=type(exc).__name__)
        if queue.get("queued") and queue["oldest_queued_seconds"] >= cfg["HEALTH_MAX_QUEUE_AGE_SECONDS"]:
            queue.update(ok=False, error="stalled: the oldest queued job waited too long")
    if cfg["JOBS_BACKEND"] == "rq" and body.get("redis", {}).get("ok"):
        try:
            queue["redis_queue_length"] = len(jobs._rq_queue())
        except Exception as exc:
            queue.update(ok=False, error=type(exc).__name__)
    body["queue"] = queue

    body["failing"] = [name for name in ("database", "redis", "queue") if name in body and not body[name]["ok"]]
    ok = not body["failing"]
    body["status"] = "ok" if ok else "error"
    return body, ok


def _redis_health(cfg) -> dict:
    from redis import Redis

    url = cfg.get("REDIS_URL") or cfg["RATELIMIT_STORAGE_URI"]
    started = time.perf_counter()
    try:
        Redis.from_url(
            url, socket_connect_timeout=cfg["REDIS_TIMEOUT_SECONDS"], socket_timeout=cfg["REDIS_TIMEOUT_SECONDS"]
        ).ping()
        result: dict = {"ok": True}
    except Exception as exc:
        result = {"ok": False, "error": type(exc).__name__}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def landing_figures() -> dict:
    """Public counts for the landing page (listed profiles only), cached per process for LANDING_FIGURES_TTL
    seconds: the landing page is the busiest page, and these counts change slowly."""
    holder = current_app.extensions.setdefault("landing_figures", {})
    ttl = current_app.config["LANDING_FIGURES_TTL"]
    if ttl and holder and time.monotonic() - holder["at"] < ttl:
        return holder["figures"]
    figures = _count_figures()
    holder.update(at=time.monotonic(), figures=figures)
    return figures


def _count_figures() -> dict:
    listed = Profile.is_listed
    return {
        "reformers": db.session.scalar(db.select(func.count(Profile.id)).where(listed)) or 0,
        "countries": db.session.scalar(db.select(func.count(func.distinct(Profile.country))).where(listed)) or 0,
        "reforms": db.session.scalar(db.select(func.count(Reform.id)).join(Profile).where(listed)) or 0,
    }


def profile_completeness(user: User) -> dict:
    profile = user.profile
    if profile is None:
        return {"percent": 0, "missing": ["profile"]}
    checks = {
        "country": bool(profile.country),
        "sector": bool(profile.sector),
        "organisation": bool(profile.organisation),
        "languages": bool(profile.languages),
        "policy_areas": bool(profile.policy_areas),
        "challenges": db.session.scalar(db.select(func.count(Challenge.id)).where(Challenge.profile_id == profile.id))
        > 0,
        "reforms": db.session.scalar(db.select(func.count(Reform.id)).where(Reform.profile_id == profile.id)) > 0,
        "listed": profile.is_listed,
    }
    done = sum(checks.values())
    return {"percent": round(100 * done / len(checks)), "missing": [k for k, v in checks.items() if not v]}


def job_role(kind: str) -> str:
    """The role whose work a job is: roundtable mailings are organisers'; match runs, mentoring assignments,
    imports and embeddings are coordinators'."""
    return "organiser" if kind.startswith("roundtables.") else "coordinator"


def job_for(actor: User, job_id: int) -> Job:
    """A job's status for the person who started it, for holders of the role whose work it is, and for admins."""
    job = db.session.get(Job, job_id)
    if job is None or not (job.created_by_id == actor.id or actor.has_role(job_role(job.kind)) or actor.is_admin):
        raise NotFound("No such job.")
    return job
