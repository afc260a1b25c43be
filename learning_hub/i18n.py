"""Locale selection: the signed-in user's choice, then the visitor's picker choice, then Accept-Language.

Outside a request (background jobs, CLI, threads) it is the default locale; code that writes to a particular
person (emails) uses flask_babel.force_locale with that person's locale.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    if session.get("locale") in supported:
        return session["locale"]
    return request.accept_languages.best_match(supported) or default
