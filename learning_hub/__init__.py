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
    register_features(app)
    register_api(app)
    register_errorhandlers(app)
    register_cli(app)
    register_platform(app)
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
    from learning_hub.weight import init_app as init_weight

    app.before_request(check_session_lifetime)
    app.before_request(enforce_policy)
    app.after_request(set_security_headers)
    init_weight(app)  # static URLs versioned and cached for a year; text responses compressed
    register_template_helpers(app)


def register_features(app: Flask) -> None:
    """Each feature package declares what it contributes in its `init_app` (learning_hub/features.py): blueprint,
    background and periodic tasks, dashboard panels, personal-data sections, demo steps, outcome sources."""
    from learning_hub.features import init_features

    init_features(app)


def register_platform(app: Flask) -> None:
    """The shared machinery's own contributions, after the features' (the housekeeping demo step runs after theirs)."""
    from learning_hub import audit, jobs, scheduler
    from learning_hub.email import erase_outgoing_email
    from learning_hub.privacy import register_section

    scheduler.init_app(app)  # the demo data's first run of the housekeeping tasks
    jobs.init_app(app)  # jobs.reap, email.retry
    audit.init_app(app)  # audit.prune
    register_section(app, "email", erase=erase_outgoing_email)


def register_api(app: Flask) -> None:
    from learning_hub.api import register_api as _register_api
    from learning_hub.api.core import load_user_from_bearer
    from learning_hub.extensions import login_manager

    _register_api(app)
    login_manager.request_loader(load_user_from_bearer)


def register_errorhandlers(app: Flask) -> None:
    from learning_hub.errors import register_error_handlers

    register_error_handlers(app)


def register_cli(app: Flask) -> None:
    from learning_hub.cli import register_commands

    register_commands(app)


def _check_policy_covers_every_endpoint(app: Flask) -> None:
    from learning_hub.authz import missing_endpoints

    missing = missing_endpoints(app)
    if missing:
        raise RuntimeError(f"Endpoints without an access policy in learning_hub/authz.py: {', '.join(missing)}")
