"""The JSON API's plumbing: flask-smorest for the OpenAPI document, our own error shape, bearer tokens, scopes.

Rules for every /api/v1 request (a before_request hook on each API blueprint):
- Writes (POST, PUT, PATCH, DELETE) need a JSON body (`Content-Type: application/json`): 415 otherwise.
- A bearer token must carry the scope the request needs: `read` for GET, `write` for writes, and `coordinate`
  as well on coordinator and organiser endpoints (the role is still checked by the policy table).
- Signed in with the browser session instead of a token, writes need the CSRF token in an `X-CSRFToken` header.
"""

from __future__ import annotations

import json
from copy import deepcopy

import marshmallow as ma
from flask import current_app, g, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import BadRequest

from learning_hub.authz import POLICY
from learning_hub.errors import json_error
from learning_hub.extensions import csrf

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_PREFIX = "/api/v1"
# Request bodies are small, flat objects: deeper nesting or longer numbers are hostile, not data.
MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 40


class ErrorSchema(ma.Schema):
    """Every API error: a stable machine code and a sentence for people."""

    error = ma.fields.String(required=True, metadata={"description": "machine-readable code, e.g. not_found"})
    message = ma.fields.String(required=True, metadata={"description": "what went wrong, in words"})
    errors = ma.fields.Dict(metadata={"description": "field-by-field validation messages (422 only)"})


class LearningHubApi(Api):
    ERROR_SCHEMA = ErrorSchema
    # No catch-all "default" response: each operation lists the errors it can return (ApiBlueprint), so a response
    # with an undocumented status is a finding for the fuzzer, not something "default" quietly covers.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self):
        """learning_hub.errors already answers JSON under /api with {"error", "message"}."""


class PageQuerySchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The envelope of a paginated list: items plus page, per_page, total and pages."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
            "total": ma.fields.Integer(required=True),
            "pages": ma.fields.Integer(required=True),
        },
        name=name,
    )


def page_body(pagination) -> dict:
    return {
        "items": list(pagination.items),
        "page": pagination.page,
        "per_page": pagination.per_page,
        "total": pagination.total,
        "pages": pagination.pages,
    }


def _number(kind):
    def parse(text: str):
        if len(text) > MAX_NUMBER_CHARS:
            raise BadRequest(f"A number in the body is too long (at most {MAX_NUMBER_CHARS} characters).")
        value = kind(text)
        if value in (float("inf"), float("-inf")):
            raise BadRequest("A number in the body is too large.")
        return value

    return parse


def _no_constant(name: str):
    raise BadRequest(f"{name} is not a number JSON allows.")


def _check_json_value(value) -> None:
    """Nesting at most MAX_JSON_DEPTH deep, and every key and string valid Unicode (JSON's \\uXXXX escapes can
    spell a lone surrogate, which no database or email can store)."""
    stack = [(value, "body", 1)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(f"The body is nested too deeply (at most {MAX_JSON_DEPTH} levels).")
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, f"a field name in {where}")
                stack.append((child, key if where == "body" else f"{where}.{key}", depth + 1))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{index}]", depth + 1) for index, child in enumerate(item))
        elif isinstance(item, str):
            _check_text(item, f"`{where}`")


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise BadRequest(
            f"Text in {where} is not valid Unicode: it contains a lone surrogate (\\u{code:04x})."
        ) from None


def load_json_body(data: bytes):
    """The request body as JSON, refusing with 400 (never a server error) what json.loads would take or choke on:
    nesting deep enough to exhaust the recursion limit, numbers of thousands of digits, NaN and Infinity, lone
    surrogates. Malformed JSON raises JSONDecodeError, which webargs answers with 400."""
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_no_constant,
        )
    except RecursionError:
        raise BadRequest(f"The body is nested too deeply (at most {MAX_JSON_DEPTH} levels).") from None
    except UnicodeDecodeError as exc:
        raise BadRequest("The body is not valid UTF-8.") from exc
    _check_json_value(value)
    return value


class ApiParser(FlaskParser):
    """webargs' Flask parser with the JSON body read by load_json_body."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return webargs_core.missing
        return load_json_body(req.get_data(cache=True))


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
            return json_error(
                "insufficient_scope", f"This token lacks the scope(s): {', '.join(sorted(missing))}.", 403
            )
    elif request.method in WRITE_METHODS:
        csrf.protect()  # a browser session: the same CSRF rule as the HTML forms
    return None


def standard_errors(endpoint: str, method: str, has_path_parameters: bool) -> dict[int, str]:
    """The errors the request rules above (and the policy gate) can return for one operation: {status: meaning}."""
    policy = POLICY.get(endpoint)
    public = policy is not None and policy.kind == "public"
    role_checked = policy is None or policy.kind == "roles"
    errors = {
        403: "The token lacks a scope this request needs (`insufficient_scope`)"
        + (", or the account lacks the role (`forbidden`)." if role_checked else ".")
    }
    if not public:
        errors[401] = "Not signed in: send a bearer token (`unauthorized`)."
    if method.upper() in WRITE_METHODS:
        errors[400] = (
            "The body is not valid JSON (or nests too deeply, has an over-long number or a lone surrogate), or a "
            "session request lacks its X-CSRFToken header (`bad_request`)."
        )
        errors[413] = "The body is too large (`too_large`)."
        errors[415] = "The body is not sent as `application/json` (`unsupported_media_type`)."
    if has_path_parameters:
        errors[404] = "No such object, or not one the caller may see (`not_found`)."
    return errors


# Public operations work without credentials ({}), and show more to a signed-in caller.
OPTIONAL_AUTH = [{}, {"bearerAuth": []}, {"sessionCookie": []}]


class ApiBlueprint(SmorestBlueprint):
    """Documents on every operation the errors the API's request rules can return (standard_errors), and marks
    public operations as usable without credentials."""

    ARGUMENTS_PARSER = ApiParser()

    def register_views_in_doc(self, api, app, spec, *, name, parameters):
        original = self._docs
        self._docs = deepcopy(original)  # the same blueprint is registered on every app the tests build
        try:
            for endpoint, info in self._docs.items():
                full = f"{name}.{endpoint}"
                has_arguments = bool(next(app.url_map.iter_rules(full)).arguments)
                for method, doc in info.items():
                    if method == "parameters":
                        continue
                    responses = doc.setdefault("response", {}).setdefault("responses", {})
                    errors = standard_errors(full, method, has_arguments)
                    if "arguments" in doc:  # webargs' refusals, with the fields named in `errors`
                        errors[422] = "A field is missing or invalid (`validation_error`; `errors` names the fields)."
                    for status, meaning in errors.items():
                        responses.setdefault(status, []).append(
                            {"schema": ErrorSchema, "description": meaning, "content_type": None}
                        )
                    if POLICY.get(full) is not None and POLICY[full].kind == "public":
                        doc.setdefault("manual_doc", {}).setdefault("security", OPTIONAL_AUTH)
            super().register_views_in_doc(api, app, spec, name=name, parameters=parameters)
        finally:
            self._docs = original


def api_blueprint(name: str, import_name: str, url_prefix: str, description: str) -> ApiBlueprint:
    """A flask-smorest blueprint under /api/v1 with the API's request rules."""
    blp = ApiBlueprint(name, import_name, url_prefix=API_PREFIX + url_prefix, description=description)
    csrf.exempt(blp)  # bearer tokens need no CSRF; session writes are checked in _check_api_request
    blp.before_request(_check_api_request)
    return blp


def load_user_from_bearer(req):
    """Flask-Login request loader: `Authorization: Bearer lhp_...`, accepted only by the API's own blueprints.

    Token scopes are enforced by `_check_api_request`, which runs on ApiBlueprint routes alone. Anywhere else (the
    HTML pages, their forms, the account page) a bearer header authenticates nobody: otherwise a read-only token
    would act with the owner's full powers there (post forms, mint new tokens, download exports).
    """
    header = req.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    if not isinstance(current_app.blueprints.get(req.blueprint or ""), ApiBlueprint):
        return None
    from learning_hub.api.tokens import user_for_token

    found = user_for_token(header[7:].strip())
    if found is None:
        return None
    user, token = found
    g.api_token = token
    return user
