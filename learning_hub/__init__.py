"""Learning Hub: the Flask application factory."""

from __future__ import annotations

import logging
import os

from flask import Flask

from config import CONFIGS, Config
from learning_hub.converters import register_converters


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    register_converters(app)
    config_class = config_class or CONFIGS[os.environ.get("LEARNING_HUB_CONFIG", "development")]
    app.config.from_object(config_class)
    config_class.init_app(app)
    _prepare_database_url(app)
    _trust_proxies(app)

    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_api(app)
    register_errorhandlers(app)
    register_cli(app)
    register_periodic_tasks(app)
    _check_policy_covers_every_endpoint(app)
    logging.basicConfig(level=logging.INFO if not app.testing else logging.WARNING)
    return app


def _prepare_database_url(app: Flask) -> None:
    from learning_hub.database import normalise_database_url

    url = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        raise RuntimeError("No database configured: set DATABASE_URL.")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if url.startswith("sqlite:///") and "instance" in url:
        os.makedirs(app.instance_path, exist_ok=True)


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, read the client's address, scheme and host from the headers they
    set (X-Forwarded-For/-Proto/-Host), so that per-address limits count clients, not the proxy."""
    count = int(app.config.get("TRUSTED_PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from learning_hub import audit, models  # noqa: F401  (every table known to Alembic; the audit log's guard)
    from learning_hub.database import init_database
    from learning_hub.email import init_email
    from learning_hub.extensions import babel, csrf, db, limiter, login_manager, migrate
    from learning_hub.i18n import select_locale

    db.init_app(app)
    init_database(app, db)
    init_email(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from learning_hub.auth.services import load_session_user

        return load_session_user(token)


def register_request_hooks(app: Flask) -> None:
    from learning_hub.authz import enforce_policy
    from learning_hub.security import check_session_lifetime, set_security_headers
    from learning_hub.templating import register_template_helpers

    app.before_request(check_session_lifetime)
    app.before_request(enforce_policy)
    app.after_request(set_security_headers)
    register_template_helpers(app)


def register_blueprints(app: Flask) -> None:
    from learning_hub.admin import bp as admin_bp
    from learning_hub.auth import bp as auth_bp
    from learning_hub.cocreation import bp as cocreation_bp
    from learning_hub.directory import bp as directory_bp
    from learning_hub.introductions import bp as introductions_bp
    from learning_hub.learning import bp as learning_bp
    from learning_hub.main import bp as main_bp
    from learning_hub.mentoring import bp as mentoring_bp
    from learning_hub.notifications import bp as notifications_bp
    from learning_hub.peer_exchange import bp as peer_exchange_bp
    from learning_hub.roundtables import bp as roundtables_bp
    from learning_hub.showcase import bp as showcase_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(directory_bp)  # /directory/... and /profile/... (paths spelled out in its routes)
    app.register_blueprint(learning_bp)  # /courses, /certificates, /learning/cohort
    app.register_blueprint(peer_exchange_bp)  # /peers/runs... (coordinators), /peers/suggestions/... (participants)
    app.register_blueprint(roundtables_bp)  # /roundtables
    app.register_blueprint(mentoring_bp)  # /mentoring
    app.register_blueprint(notifications_bp)  # /notifications, /checkins, /outcomes
    app.register_blueprint(introductions_bp)  # /introductions, /conversations
    app.register_blueprint(cocreation_bp)  # /cocreation
    app.register_blueprint(showcase_bp)  # /showcase, /sitemap.xml


def register_api(app: Flask) -> None:
    from learning_hub.api import register_api as _register_api
    from learning_hub.api.core import load_user_from_bearer
    from learning_hub.extensions import login_manager

    _register_api(app)
    login_manager.request_loader(load_user_from_bearer)


def register_errorhandlers(app: Flask) -> None:
    from learning_hub.errors import register_error_handlers

    register_error_handlers(app)


def register_periodic_tasks(app: Flask) -> None:
    """Each feature declares its periodic tasks in its init_app (learning_hub/scheduler.py; run by
    `flask schedule run-due`). A new feature adds its init_app call here."""
    from learning_hub import audit, auth, jobs, learning, mentoring, notifications, roundtables, scheduler

    scheduler.init_app(app)  # the demo data's first run of the housekeeping tasks
    jobs.init_app(app)  # jobs.reap, email.retry
    auth.init_app(app)  # auth.purge_tokens
    mentoring.init_app(app)  # mentoring.expire
    roundtables.init_app(app)  # roundtables.remind
    notifications.init_app(app)  # notifications.checkins, .emails, .daily_digest, .weekly_digest
    learning.init_app(app)  # learning.review_reminders
    audit.init_app(app)  # audit.prune


def register_cli(app: Flask) -> None:
    from learning_hub.cli import register_commands

    register_commands(app)


def _check_policy_covers_every_endpoint(app: Flask) -> None:
    from learning_hub.authz import missing_endpoints

    missing = missing_endpoints(app)
    if missing:
        raise RuntimeError(f"Endpoints without an access policy in learning_hub/authz.py: {', '.join(missing)}")
