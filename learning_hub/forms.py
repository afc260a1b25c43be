"""Form helpers shared by the features: validators and choices from the fixed vocabularies."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from learning_hub import vocab


class NoControlChars:
    """Reject NUL and other control characters (PostgreSQL refuses NUL; SQLite would store it): docs/SECURITY.md §9."""

    def __init__(self, message=None):
        self.message = message or _l("Remove the invisible control characters from this field.")

    def __call__(self, form, field):
        value = field.data
        if isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            raise ValidationError(self.message)


def has_control_chars(value: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value)


def collation_key(text: str) -> str:
    """Alphabetical order that ignores accents and case ("Bélgica" between "Belarús" and "Belice")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def country_choices(blank: bool = True) -> list[tuple[str, str]]:
    """The programme's focus countries first, then every other country by name, in the reader's language."""
    focus = [(code, vocab.country_name(code)) for code in vocab.FOCUS_COUNTRIES]
    others = sorted(
        ((code, vocab.country_name(code)) for code in vocab.countries() if code not in vocab.FOCUS_COUNTRIES),
        key=lambda item: collation_key(item[1]),
    )
    return ([("", str(_l("Choose a country")))] if blank else []) + focus + others
