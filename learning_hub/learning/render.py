"""Lesson Markdown to safe HTML: Python-Markdown renders, nh3 (ammonia) sanitises, and the result is cached per
lesson version, so a lesson is rendered once per process until its text changes."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
    "br",
    "abbr",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["tables", "sane_lists", "smarty"]
_CACHE_SIZE = 256

# `[text](ref:RULE-ID)` in a lesson links to that rule's anchor on the reference page ("OGP rules at a glance").
_REF_LINK = re.compile(r"\]\(ref:([a-z0-9-]+)\)")

_cache: OrderedDict[tuple, Markup] = OrderedDict()
_lock = threading.Lock()


def resolve_references(text: str, reference_url: str) -> str:
    """Markdown with every `ref:` link pointing at `reference_url#RULE-ID`."""
    return _REF_LINK.sub(lambda match: f"]({reference_url}#{match.group(1)})", text)


def scrollable_tables(html: Markup, label: str) -> Markup:
    """Each table inside a keyboard-focusable region that scrolls sideways on a narrow screen. Applied after
    sanitising: only fixed markup and the escaped label are added."""
    opening = str(Markup('<div class="table-scroll" role="region" tabindex="0" aria-label="{}">').format(label))
    return Markup(str(html).replace("<table>", opening + "<table>").replace("</table>", "</table></div>"))


def markdown_to_html(text: str, reference_url: str | None = None) -> Markup:
    """Sanitised HTML for a lesson body. Raw HTML, images, scripts and inline styles do not survive (CSP forbids
    style attributes anyway; the tables extension's alignment styles are dropped with them)."""
    if reference_url is not None:
        text = resolve_references(text, reference_url)
    html = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)


def lesson_html(lesson_text, reference_url: str = "") -> Markup:
    """The rendered body of a LessonText, cached by (row, version, body hash, reference page address)."""
    key = (lesson_text.id, lesson_text.version, lesson_text.body_hash, reference_url)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    html = markdown_to_html(lesson_text.body, reference_url)
    with _lock:
        _cache[key] = html
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return html


def cache_info() -> int:
    return len(_cache)
