"""The interface catalogues: complete (every string in the code is translated), nothing fuzzy, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("es", "fr", "id")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
    "npgettext": ((1, "c"), 2, 3),
}
METHODS = [
    ("learning_hub/**.py", "python"),
    ("learning_hub/templates/**.html", "jinja2"),
    ("learning_hub/templates/**.txt", "jinja2"),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _source_ids() -> set:
    ids = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map=METHODS,
        keywords=KEYWORDS,
        options_map={"learning_hub/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        msgid = message[0] if isinstance(message, (tuple, list)) else message
        ids.add((context, msgid))
    return ids


def _catalogue(locale):
    with open(ROOT / "learning_hub" / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def source_ids():
    return _source_ids()


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete_and_clean(locale, source_ids):
    catalogue = _catalogue(locale)
    problems = []
    present = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        present.add((message.context, ids[0]))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) not in (wanted, sorted(PLACEHOLDER.findall(ids[0]))):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    missing = sorted(msgid for ctx, msgid in source_ids - present)
    problems += [f"missing from the catalogue (run make i18n-update): {msgid!r}" for msgid in missing]
    print(f"\n{locale}: {len(present)} entries checked, {len(problems)} problems")
    assert not problems, "\n".join(problems[:40])
