"""Form helpers shared by the features: validators and choices from the fixed vocabularies."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from learning_hub import vocab


class NoControlChars:
    """Reject NUL and other control characters (PostgreSQL refuses NUL; SQLite would store it): SECURITY.md 9."""

    def __init__(self, message=None):
        self.message = message or _l("Remove the invisible control characters from this field.")

    def __call__(self, form, field):
        value = field.data
        if isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
            raise ValidationError(self.message)


def has_control_chars(value: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value)


def breaks_single_line(value: str) -> bool:
    """True when a one-line value (a name, a title, a subject-to-be) holds a line break or another invisible control
    or format character: Unicode categories Cc (CR, LF, tab, NUL...), Cf (zero-width characters, bidirectional
    overrides), Zl and Zp (the line and paragraph separators). The ordinary space is allowed. Used by the forms
    (`SingleLine`) and the API schemas."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value)


class SingleLine:
    """The validator of every single-line text field: refuses line breaks and other control or format characters
    (a line break in a name reaches email headers and breaks them after the action is recorded)."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        value = field.data
        if not isinstance(value, str):
            return
        if has_control_chars(value):  # NUL and the like: the message every text field gives
            raise ValidationError(self.message or _l("Remove the invisible control characters from this field."))
        if breaks_single_line(value):
            raise ValidationError(self.message or _l("Use a single line, without line breaks or invisible characters."))


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
