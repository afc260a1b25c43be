"""Marshmallow schemas of the JSON API, one module per resource; fields shared by several live here."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma

from learning_hub import vocab
from learning_hub.forms import breaks_single_line, has_control_chars


def country_field(**kwargs) -> ma.fields.String:
    """An ISO 3166-1 alpha-2 code (upper case), as the directory stores it."""
    known = ma.validate.OneOf(list(vocab.countries()), error="Use a known ISO 3166-1 alpha-2 code, e.g. KE.")
    return ma.fields.String(validate=known, **kwargs)


def choice_field(mapping, **kwargs) -> ma.fields.String:
    """A key of one of the fixed vocabularies (sectors, policy areas, ...)."""
    return ma.fields.String(validate=ma.validate.OneOf(list(mapping)), **kwargs)


def text_field(max_length: int, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=ma.validate.Length(max=max_length), **kwargs)


def no_control_chars(value: str) -> None:
    """The HTML forms' NoControlChars, for text that services store as given: PostgreSQL refuses NUL bytes where
    SQLite keeps them (docs/SECURITY.md §9), and the other control characters have no place in a title or a search."""
    if has_control_chars(value):
        raise ma.ValidationError("Remove the invisible control characters from this field.")


def plain_text(min_length: int = 0, max_length: int | None = None, **kwargs) -> ma.fields.String:
    return ma.fields.String(validate=[ma.validate.Length(min=min_length, max=max_length), no_control_chars], **kwargs)


def single_line(value: str) -> None:
    """The HTML forms' SingleLine: a name or a title holds no line break and no other control or format character."""
    if isinstance(value, str) and has_control_chars(value):
        raise ma.ValidationError("Remove the invisible control characters from this field.")
    if isinstance(value, str) and breaks_single_line(value):
        raise ma.ValidationError("Use a single line, without line breaks or invisible characters.")


def line_field(min_length: int = 0, max_length: int | None = None, **kwargs) -> ma.fields.String:
    """A single-line text: names, titles, locations, search words."""
    return ma.fields.String(validate=[ma.validate.Length(min=min_length, max=max_length), single_line], **kwargs)


class UtcDateTime(ma.fields.DateTime):
    """The database stores naive UTC times; RFC 3339 (OpenAPI's date-time) needs the offset, so it is added."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
