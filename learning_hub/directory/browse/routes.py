"""Browsing: the directory list and search, a profile page, the reform library. Policy PUBLIC: the services show
anonymous visitors only public profiles and signed-in members the members-only ones too."""

from __future__ import annotations

import os

from flask import current_app, render_template, request
from flask_login import current_user

from learning_hub.directory import bp
from learning_hub.directory.browse import library, search
from learning_hub.extensions import limiter


def _anonymous_search_limit() -> str:
    """Per address, for visitors who are not signed in (config, or the environment variable of the same name)."""
    return (
        current_app.config.get("DIRECTORY_ANONYMOUS_SEARCH_LIMIT")
        or os.environ.get("DIRECTORY_ANONYMOUS_SEARCH_LIMIT")
        or "30 per minute"
    )


def _not_anonymous_semantic() -> bool:
    """Only semantic searches by anonymous visitors count: each embeds a query, which costs CPU."""
    return current_user.is_authenticated or not request.args.get("q") or request.args.get("mode") == "words"


@bp.route("/directory")
@limiter.limit(_anonymous_search_limit, exempt_when=_not_anonymous_semantic)
def index():
    filters, problems = search.parse_filters(request.args)
    page = search.search(current_user, filters, request.args.get("page", 1, type=int))
    return render_template(
        "directory/index.html",
        page=page,
        filters=filters,
        problems=problems,
        my_profile_id=search.own_profile_id(current_user),
    )


@bp.route("/directory/<id:profile_id>")
def profile(profile_id: int):
    item = search.visible_profile(current_user, profile_id)
    return render_template(
        "directory/profile.html",
        profile=item,
        abroad=search.abroad(current_user, item),
        library_answers=library.answers_for(item),
        is_owner=current_user.is_authenticated and item.user_id == current_user.id,
    )


@bp.route("/directory/library")
def library_index():
    country = (request.args.get("country") or "").upper()
    country = country if len(country) == 2 and country.isalpha() else ""
    words = " ".join((request.args.get("q") or "").split())[:200]
    page = library.browse(country or None, words, request.args.get("page", 1, type=int))
    return render_template(
        "directory/library.html", page=page, country=country, words=words, countries=library.library_countries()
    )
