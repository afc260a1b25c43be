"""Domain errors raised by services, and the HTTP error pages (HTML, or JSON under /api)."""

from __future__ import annotations

import logging

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from jinja2.filters import do_filesizeformat
from werkzeug.exceptions import HTTPException

from learning_hub.database import read_only_from_here

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule refused the action. Routes flash the message; the API returns it as JSON."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    status_code = 422
    code = "validation_error"


class NotFound(DomainError):
    """Also used for objects the actor may not see, so that their existence does not leak."""

    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class Conflict(DomainError):
    """The state changed under the actor (seat taken, capacity full, already answered)."""

    status_code = 409
    code = "conflict"


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int, **extra):
    body = {"error": code, "message": message}
    body.update(extra)
    return jsonify(body), status


_TITLES = {
    400: _l("Bad request"),
    401: _l("Please sign in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("This changed in the meantime"),
    413: _l("That file is too large"),
    415: _l("Unsupported content type"),
    422: _l("Please check what you entered"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("Temporarily unavailable"),
}


def _is_dependency_outage(exc: Exception) -> bool:
    """Redis (rate limits, the job queue) unreachable: a 503 with a readable page, not a 500."""
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    from limits.errors import StorageError

    return isinstance(exc, RedisConnectionError | RedisTimeoutError | StorageError)


def _too_large_message() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return str(_TITLES[413])
    return str(_l("The limit is %(size)s; send a smaller file.", size=do_filesizeformat(limit, binary=True)))


def _render(status: int, message: str | None = None, code: str | None = None):
    title = str(_TITLES.get(status, _l("Error")))
    if wants_json():
        return json_error(code or "error", message or title, status)
    template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/generic.html"
    return render_template(template, status=status, title=title, message=message), status


def register_error_handlers(app) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        if wants_json() and exc.field:  # the API names the field a service refused, like webargs does
            return json_error(exc.code, exc.message, exc.status_code, errors={exc.field: [exc.message]})
        return _render(exc.status_code, exc.message, exc.code)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code_names = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
            415: "unsupported_media_type",
            429: "rate_limited",
            400: "bad_request",
        }
        message = exc.description if exc.code in (400, 415, 429) else None
        if exc.code == 413:
            message = _too_large_message()
        data = getattr(exc, "data", None) or {}
        if wants_json() and exc.code == 422 and data.get("messages"):
            # webargs (the API's request parsing): say which fields are wrong.
            return json_error(
                "validation_error",
                "Some fields are missing or invalid.",
                422,
                errors=data["messages"].get("json", data["messages"]),
            )
        response = _render(exc.code or 500, message, code_names.get(exc.code))
        if exc.code == 429 and getattr(exc, "retry_after", None):
            response = (response[0], response[1], {"Retry-After": str(exc.retry_after)})
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        if _is_dependency_outage(exc):
            log.warning("A dependency is unreachable on %s %s: %s", request.method, request.path, exc)
            return _render(
                503,
                str(_l("A service this page needs is unreachable for a moment. Please try again in a few minutes.")),
                "service_unavailable",
            )
        log.exception("Unhandled error on %s %s", request.method, request.path)
        try:
            from learning_hub.extensions import db

            db.session.rollback()
        except Exception:  # pragma: no cover - the session itself is broken
            log.exception("Rollback after an unhandled error failed")
        read_only_from_here()  # the page loads the person and their language even if the write lock is taken
        return _render(500, code="server_error")
