"""Form helpers shared by the features: validators and choices from the fixed vocabularies."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form as WtfForm
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


# WTForms' built-in messages, each replaced by the house wording of its rule (the wording our own validators use),
# so that every rule reads one way and is translated by the app's catalogues in every language (WTForms ships no
# Indonesian catalogue, and its English wordings differ from ours). Messages WTForms formats itself keep their
# placeholders.
_HOUSE_WORDING = {
    "This field is required.": _l("Fill in this field."),
    "Invalid input.": _l("Fill in this field."),
    "Field must be equal to %(other_name)s.": _l("The two entries differ."),
    "Field must be between %(min)d and %(max)d characters long.": _l("Use %(min)d to %(max)d characters."),
    "Number must be at least %(min)s.": _l("Enter a number of at least %(min)s."),
    "Number must be at most %(max)s.": _l("Enter a number of at most %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Enter a number between %(min)s and %(max)s."),
    "Invalid email address.": _l("Enter an email address like name@example.org."),
    "Invalid URL.": _l("Enter a web address starting with https://."),
    "Not a valid choice.": _l("Choose one of the options."),
    "Invalid Choice: could not coerce.": _l("Choose one of the options."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Choose among the options."),
    "Not a valid datetime value.": _l("Enter a date and time."),
    "Not a valid date value.": _l("Enter a date."),
    "Not a valid time value.": _l("Enter a time."),
    "Not a valid integer value.": _l("Enter a whole number."),
    "Not a valid decimal value.": _l("Enter a number."),
    "Not a valid float value.": _l("Enter a number."),
    "Invalid value, must be one of: %(values)s.": _l("Choose one of the options."),
    "Invalid CSRF Token.": _l("The form expired. Please submit it again."),
    "CSRF token missing.": _l("The form expired. Please submit it again."),
    "CSRF failed.": _l("The form expired. Please submit it again."),
    "CSRF token expired.": _l("The form expired. Please submit it again."),
}
_HOUSE_PLURALS = {
    "Field must be at least %(min)d character long.": (
        "Use at least %(min)d character.",
        "Use at least %(min)d characters.",
    ),
    "Field cannot be longer than %(max)d character.": (
        "Use at most %(max)d character.",
        "Use at most %(max)d characters.",
    ),
    "Field must be exactly %(max)d character long.": (
        "Use exactly %(max)d character.",
        "Use exactly %(max)d characters.",
    ),
    "'%(value)s' is not a valid choice for this field.": (
        "Choose among the options.",
        "Choose among the options.",
    ),
}


def _plural_catalogue_entries() -> None:  # never called: marks the plural wordings for extraction
    from flask_babel import ngettext

    ngettext("Use at least %(min)d character.", "Use at least %(min)d characters.", 1)
    ngettext("Use at most %(max)d character.", "Use at most %(max)d characters.", 1)
    ngettext("Use exactly %(max)d character.", "Use exactly %(max)d characters.", 1)
    ngettext("Choose among the options.", "Choose among the options.", 1)


class Form(FlaskForm):
    """The base of every form: WTForms' own messages in the house wording and the reader's language."""

    class Meta:
        def get_translations(self, form):
            return HOUSE_TRANSLATIONS

    def show_refusal(self, error, fallback: str | None = None) -> None:
        """Show a service's refusal (a DomainError) on this form: next to the field it names, else next to
        `fallback`, else above the form (the error summary lists form-level errors)."""
        field = self._fields.get(error.field) if error.field else None
        if field is None and fallback is not None:
            field = self._fields.get(fallback)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), error.message]
        else:
            self.form_errors.append(error.message)


class SubForm(WtfForm):
    """A form nested in another (FormField): the same wording and language, no CSRF token of its own."""

    class Meta:
        def get_translations(self, form):
            return HOUSE_TRANSLATIONS


class HouseTranslations:
    """What WTForms asks to translate its own messages with: the house wording, through the app's catalogue."""

    # The catalogue is read directly: flask_babel's gettext would fill the placeholders WTForms fills itself.
    def gettext(self, string: str) -> str:
        from flask_babel import get_translations

        wording = _HOUSE_WORDING.get(string)
        return str(wording) if wording is not None else get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        from flask_babel import get_translations

        singular, plural = _HOUSE_PLURALS.get(singular, (singular, plural))
        return get_translations().ungettext(singular, plural, n)


HOUSE_TRANSLATIONS = HouseTranslations()
