"""Template helpers for the list pages, whose cost at 10,000 profiles is rendering rather than searching: a card's
fixed part is rendered once per language and reused (a Card is immutable, so a changed profile is a new key), and
the filters' options (250 countries) are built once per language."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache

from flask import current_app, g, get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape

from learning_hub import vocab
from learning_hub.directory import bp
from learning_hub.forms import country_choices

CARD_CACHE_SIZE = 120_000  # 10,000 cards, their bodies and "ask" links in four languages
_lock = threading.Lock()


@bp.app_template_global("directory_card_head")
def card_head(card) -> Markup:
    key = (str(get_locale()), card)
    cache: OrderedDict = current_app.extensions.setdefault("directory", {}).setdefault("cards", OrderedDict())
    with _lock:
        html = cache.get(key)
    if html is None:
        html = get_template_attribute("directory/_card.html", "card_head")(card)
        with _lock:
            cache[key] = html
            while len(cache) > CARD_CACHE_SIZE:
                cache.popitem(last=False)
    return html


@bp.app_template_global("directory_card_body")
def card_body(hit, show_score: bool = False, me: bool = False) -> Markup:
    """A card without its "ask" link (which depends on the reader), rendered once per hit, options and language: a
    hit is immutable (its card, score and matched texts), so a changed profile or another match is another key."""
    key = (str(get_locale()), "body", hit, bool(show_score), bool(me))
    cache: OrderedDict = current_app.extensions.setdefault("directory", {}).setdefault("cards", OrderedDict())
    with _lock:
        html = cache.get(key)
    if html is None:
        html = get_template_attribute("directory/_card.html", "card_body")(hit, show_score, me)
        with _lock:
            cache[key] = html
            while len(cache) > CARD_CACHE_SIZE:
                cache.popitem(last=False)
    return html


def _viewer_profile_id() -> int | None:
    """The reader's own profile id (the `my_profile_id` template global), asked once per request."""
    if "directory_viewer_profile_id" not in g:
        g.directory_viewer_profile_id = current_app.jinja_env.globals["my_profile_id"]()
    return g.directory_viewer_profile_id


@bp.app_template_global("directory_ask_link")
def ask_link(card) -> Markup:
    """A card's "Ask for an introduction" link (none on the reader's own card), rendered once per card and language
    like the card's head: the link depends on the profile id, the name and the language only."""
    if _viewer_profile_id() == card.profile_id:
        return Markup("")
    key = (str(get_locale()), "ask", card.profile_id, card.display_name)
    cache: OrderedDict = current_app.extensions.setdefault("directory", {}).setdefault("cards", OrderedDict())
    with _lock:
        html = cache.get(key)
    if html is None:
        html = get_template_attribute("introductions/_macros.html", "ask_button")(card.profile_id, card.display_name)
        with _lock:
            cache[key] = html
            while len(cache) > CARD_CACHE_SIZE:
                cache.popitem(last=False)
    return html


@lru_cache(maxsize=64)
def _options(kind: str, locale: str) -> str:
    if kind == "country":
        pairs = country_choices(blank=False)
    elif kind == "language":
        pairs = [(code, vocab.language_name(code)) for code in vocab.PROFILE_LANGUAGES]
    else:
        pairs = vocab.choices(vocab.SECTORS if kind == "sector" else vocab.POLICY_AREAS)
    return "".join(f'<option value="{escape(code)}">{escape(name)}</option>' for code, name in pairs)


@bp.app_template_global("directory_options")
def options(kind: str, selected: str | None = None) -> Markup:
    """The <option>s of a filter (country, sector, area, language) in the reader's language, one selected."""
    html = _options(kind, str(get_locale()))
    if selected:
        html = html.replace(f'<option value="{escape(selected)}">', f'<option value="{escape(selected)}" selected>', 1)
    return Markup(html)
