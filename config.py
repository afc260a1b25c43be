"""Configuration classes. Secrets and URLs come from environment variables (see README, "Configuration").

`create_app()` picks the class named by `LEARNING_HUB_CONFIG` (development, testing, production), defaulting to
development; tests pass a `TestingConfig` subclass directly.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    @staticmethod
    def init_app(app) -> None:
        """Hook for a configuration to check or complete itself once the app exists."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Sessions (docs/SECURITY.md §1-2): 30 minutes idle, 12 hours absolute; remember-me 14 days, never refreshed.
    SESSION_COOKIE_NAME = "lh_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12))
    SESSION_REFRESH_EACH_REQUEST = True
    REMEMBER_COOKIE_NAME = "lh_remember"
    REMEMBER_COOKIE_DURATION = timedelta(days=_env_int("REMEMBER_DAYS", 14))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_REFRESH_EACH_REQUEST = False

    # Password hashing (docs/SECURITY.md §7): scrypt N=2^17, r=8, p=1, set explicitly.
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)
    INVITATION_MAX_AGE = timedelta(days=14)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which has its own limits
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 5 * 1024 * 1024)

    # Login throttling: per account and per address; Redis makes it shared across processes.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis unreachable: the limits go on in this process's memory (Flask-Limiter logs the switch) instead of failing.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: ClassVar[dict] = {"socket_connect_timeout": 2, "socket_timeout": 2}
    REDIS_TIMEOUT_SECONDS = 2
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "50 per 15 minutes;300 per hour")
    # Per account, a slow-down rather than a lock-out (auth/throttle.py): a few free tries, then waits that double.
    LOGIN_FREE_FAILURES = _env_int("LOGIN_FREE_FAILURES", 5)
    LOGIN_DELAY_BASE_SECONDS = _env_int("LOGIN_DELAY_BASE_SECONDS", 2)
    LOGIN_DELAY_MAX_SECONDS = _env_int("LOGIN_DELAY_MAX_SECONDS", 15 * 60)
    LOGIN_NOTICE_AFTER = _env_int("LOGIN_NOTICE_AFTER", 10)  # wrong passwords in a row before the owner is told
    KNOWN_BROWSER_DAYS = _env_int("KNOWN_BROWSER_DAYS", 365)
    # Behind a reverse proxy: how many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none; the
    # client address is then the connection's). Never more than there are, or clients can forge their address.
    TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)
    REGISTRATION_MAX_AGE = timedelta(hours=24)
    # Audit log: rows older than this are removed by `flask audit prune`.
    AUDIT_RETENTION_DAYS = _env_int("AUDIT_RETENTION_DAYS", 730)

    # Email: "log" (the application log), "smtp", or "memory" (tests read app.extensions["outbox"]).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "log")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Learning Hub <no-reply@learninghub.example>")
    # Absolute links in emails (accept/decline, reset, certificates) are built on this base URL.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Background jobs: "thread" (in-process worker), "rq" (Redis queue; run `flask worker`), "sync" (inline, tests).
    JOBS_BACKEND = os.environ.get("JOBS_BACKEND") or ("rq" if REDIS_URL else "thread")
    # A running job with no heartbeat (progress report) for this long lost its worker: the reaper re-queues it (up to
    # JOB_MAX_ATTEMPTS starts) or ends it as interrupted. A queued job the backend has not taken after the grace period
    # is handed over again.
    JOB_STALE_SECONDS = _env_int("JOB_STALE_SECONDS", 900)
    JOB_MAX_ATTEMPTS = _env_int("JOB_MAX_ATTEMPTS", 3)
    JOB_DISPATCH_GRACE_SECONDS = _env_int("JOB_DISPATCH_GRACE_SECONDS", 60)
    # /healthz answers 503 ("queue") when the oldest queued job has waited longer than this.
    HEALTH_MAX_QUEUE_AGE_SECONDS = _env_int("HEALTH_MAX_QUEUE_AGE_SECONDS", 1800)
    # The email outbox: attempts before a message is marked failed (shown to the person who acted).
    EMAIL_MAX_ATTEMPTS = _env_int("EMAIL_MAX_ATTEMPTS", 5)

    # Matching engine: encoder name (see `python -m matching --help`) and an optional sentence-transformers model
    # name or path for the minilm/hybrid encoders.
    MATCHING_ENCODER = os.environ.get("MATCHING_ENCODER", "default")
    MATCHING_MODEL = os.environ.get("MATCHING_MODEL")
    # Learning from decisions (learning_hub/decisions): apply the re-ranker fitted on recorded decisions (off: every
    # list keeps the engine's order), and the fewest decisions a fitted version needs before it is applied.
    DECISIONS_RERANK = _env_bool("DECISIONS_RERANK", True)
    DECISIONS_MIN_JUDGEMENTS = _env_int("DECISIONS_MIN_JUDGEMENTS", 30)

    LANGUAGES = ("en", "es", "fr", "id")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "learning_hub" / "translations")

    # Mentoring: days a mentor has to answer before `flask mentoring expire` passes the request on.
    MENTORING_RESPONSE_DAYS = _env_int("MENTORING_RESPONSE_DAYS", 7)
    # The load ledger (learning_hub/ledger.py): the most pairs + mentorships + recent roundtable seats per person
    # that the optimisers may reach (0 switches the cap off), and the window of seats counted.
    LOAD_CAP = _env_int("LOAD_CAP", 4)
    LOAD_WINDOW_DAYS = _env_int("LOAD_WINDOW_DAYS", 90)
    # Fair lottery waiting lists: a group's no-show rate is measured from past invitations once it has this many
    # answered-or-expired invitations; below that it takes ROUNDTABLE_NO_SHOW_DEFAULT (a share, 0.2 = 20%).
    ROUNDTABLE_NO_SHOW_MIN_HISTORY = _env_int("ROUNDTABLE_NO_SHOW_MIN_HISTORY", 10)
    ROUNDTABLE_NO_SHOW_DEFAULT = float(os.environ.get("ROUNDTABLE_NO_SHOW_DEFAULT", "0.2"))

    LANDING_FIGURES_TTL = 60  # seconds the landing page's public counts are cached per process

    COURSES_DIR = os.environ.get("COURSES_DIR", str(BASE_DIR / "courses"))
    HSTS = False
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-password")
    ALLOW_DEMO_SEED = True


class DevelopmentConfig(Config):
    DEBUG = False  # `make run` serves without the debugger; set FLASK_DEBUG=1 to get it
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{BASE_DIR / 'instance' / 'learning_hub.sqlite3'}"
    )


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False  # the CSRF tests switch it back on
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # tests log in hundreds of times; production strength is tested on its own
    MAIL_BACKEND = "memory"
    JOBS_BACKEND = "sync"
    MATCHING_ENCODER = "hashing"
    LANDING_FIGURES_TTL = 0
    RATELIMIT_STORAGE_URI = "memory://"
    ALLOW_DEMO_SEED = True
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    ALLOW_DEMO_SEED = False
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")

    @staticmethod
    def init_app(app) -> None:
        """Refuse to start without the secrets a real deployment must set (read now, not at import)."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"ProductionConfig needs these environment variables: {', '.join(missing)}")
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
