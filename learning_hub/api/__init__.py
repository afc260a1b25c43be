"""The JSON API under /api/v1: the same service functions as the HTML pages, documented by OpenAPI 3.

One flask-smorest Api per app (it keeps its spec on the instance), created by `register_api`.
"""

from __future__ import annotations

from flask import Blueprint

from learning_hub.api.core import API_PREFIX, LearningHubApi

docs_bp = Blueprint("api_docs", __name__, url_prefix=API_PREFIX)

# The resource blueprints, in the order the documentation lists them.
RESOURCE_MODULES = (
    "learning_hub.api.me",
    "learning_hub.api.directory",
    "learning_hub.api.profile",
    "learning_hub.api.courses",
    "learning_hub.api.peers",
    "learning_hub.api.mentoring",
    "learning_hub.api.roundtables",
    "learning_hub.api.notifications",
    "learning_hub.api.introductions",
    "learning_hub.api.cocreation",
    "learning_hub.api.showcase",
    "learning_hub.api.partners",
)


def register_api(app) -> LearningHubApi:
    import importlib

    from learning_hub.api import docs  # noqa: F401  (routes on docs_bp)

    app.config.setdefault("API_TITLE", "Learning Hub API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = LearningHubApi(
        app,
        spec_kwargs={
            "info": {
                "description": "Read the reformer directory, your profile and courses; coordinators run match "
                "lists; participants request mentors; organisers build roundtables. Authenticate "
                "with a personal access token (`Authorization: Bearer lhp_...`, created on your "
                "account page) or the browser session plus an `X-CSRFToken` header for writes. "
                'Every error is `{"error": code, "message": text}`.'
            },
            "security": [{"bearerAuth": []}, {"sessionCookie": []}],
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "A personal access token (lhp_...)."}
    )
    api.spec.components.security_scheme("sessionCookie", {"type": "apiKey", "in": "cookie", "name": "lh_session"})
    for name in RESOURCE_MODULES:
        api.register_blueprint(importlib.import_module(name).blp)
    app.register_blueprint(docs_bp)
    app.extensions["learning_hub_api"] = api
    return api
