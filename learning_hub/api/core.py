"""The JSON API's plumbing: flask-smorest for the OpenAPI document, our own error shape, bearer tokens, scopes.

Rules for every /api/v1 request (a before_request hook on each API blueprint):
- Writes (POST, PUT, PATCH, DELETE) need a JSON body (`Content-Type: application/json`): 415 otherwise.
- A bearer token must carry the scope the request needs: `read` for GET, `write` for writes, and `coordinate`
  as well on coordinator and organiser endpoints (the role is still checked by the policy table).
- Signed in with the browser session instead of a token, writes need the CSRF token in an `X-CSRFToken` header.
"""
from __future__ import annotations

import marshmallow as ma
from flask import g, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint

from learning_hub.authz import POLICY
from learning_hub.errors import json_error
from learning_hub.extensions import csrf

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/v1"


class ErrorSchema(ma.Schema):
    """Every API error: a stable machine code and a sentence for people."""

    error = ma.fields.String(required=True, metadata={"description": "machine-readable code, e.g. not_found"})
    message = ma.fields.String(required=True, metadata={"description": "what went wrong, in words"})
    errors = ma.fields.Dict(metadata={"description": "field-by-field validation messages (422 only)"})


class LearningHubApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """learning_hub.errors already answers JSON under /api with {"error", "message"}."""


class PageQuerySchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The envelope of a paginated list: items plus page, per_page, total and pages."""
    return ma.Schema.from_dict({
        "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
        "page": ma.fields.Integer(required=True),
        "per_page": ma.fields.Integer(required=True),
        "total": ma.fields.Integer(required=True),
        "pages": ma.fields.Integer(required=True),
    }, name=name)


def page_body(pagination) -> dict:
    return {"items": list(pagination.items), "page": pagination.page, "per_page": pagination.per_page,
            "total": pagination.total, "pages": pagination.pages}


def required_scopes(endpoint: str, method: str) -> set[str]:
    scopes = {"write" if method in WRITE_METHODS else "read"}
    policy = POLICY.get(endpoint)
    if policy is not None and policy.kind == "roles" and policy.roles & {"coordinator", "organiser", "admin"}:
        scopes.add("coordinate")
    return scopes


def _check_api_request():
    if request.method in WRITE_METHODS and not request.is_json:
        return json_error("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).", 415)
    token = g.get("api_token")
    if token is not None:
        missing = required_scopes(request.endpoint, request.method) - set(token.scopes)
        if missing:
            return json_error("insufficient_scope",
                              f"This token lacks the scope(s): {', '.join(sorted(missing))}.", 403)
    elif request.method in WRITE_METHODS:
        csrf.protect()  # a browser session: the same CSRF rule as the HTML forms
    return None


def api_blueprint(name: str, import_name: str, url_prefix: str, description: str) -> SmorestBlueprint:
    """A flask-smorest blueprint under /api/v1 with the API's request rules."""
    blp = SmorestBlueprint(name, import_name, url_prefix=API_PREFIX + url_prefix, description=description)
    csrf.exempt(blp)  # bearer tokens need no CSRF; session writes are checked in _check_api_request
    blp.before_request(_check_api_request)
    return blp


def load_user_from_bearer(req):
    """Flask-Login request loader: `Authorization: Bearer lhp_...`."""
    header = req.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    from learning_hub.api.tokens import user_for_token

    found = user_for_token(header[7:].strip())
    if found is None:
        return None
    user, token = found
    g.api_token = token
    return user
