"""Country names or codes, as people write them in spreadsheets, to ISO 3166-1 alpha-2 codes.

Order of attempts: an ISO code or exact name (pycountry), then a name in English, Spanish, French, Portuguese or
Indonesian (CLDR, via Babel), compared without accents, case or punctuation and in any word order ("Republic of
Korea" = "Korea, Republic of"), then a close spelling (difflib) when exactly one country is that close. pycountry's
own `search_fuzzy` is not used: it reads "Republic of Korea" as North Korea and "Kosovo" as a region of Serbia.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale

NAME_LOCALES = ("en", "es", "fr", "pt", "id")
EXTRA_CODES = ("XK",)  # Kosovo: not in ISO 3166-1, but CLDR, the EU and OGP use XK
FUZZY_CUTOFF = 0.8
_WORD = re.compile(r"[a-z0-9]+")


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name or "")
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(sorted(_WORD.findall(ascii_name.replace("&", " and "))))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Normalised name -> code, from pycountry's names and CLDR's names in several languages."""
    table: dict[str, str] = {}
    codes = {c.alpha_2 for c in pycountry.countries} | set(EXTRA_CODES)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), country.alpha_2)
    for locale in NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code in codes:
                table.setdefault(_key(name), code)
    return table


def valid_code(code: str | None) -> bool:
    code = (code or "").upper()
    return bool(pycountry.countries.get(alpha_2=code)) or code in EXTRA_CODES


@lru_cache(maxsize=2048)
def resolve(value: str) -> tuple[str | None, bool]:
    """(code, guessed): guessed is True when only a close spelling matched, so the dry run can say so."""
    value = (value or "").strip()
    if not value:
        return None, False
    if len(value) == 2 and value.isalpha():
        code = value.upper()
        return (code, False) if valid_code(code) else (None, False)
    try:
        return pycountry.countries.lookup(value).alpha_2, False
    except LookupError:
        pass
    table = _names()
    key = _key(value)
    if key in table:
        return table[key], False
    close = difflib.get_close_matches(key, list(table), n=5, cutoff=FUZZY_CUTOFF)
    codes = list(dict.fromkeys(table[name] for name in close))
    if len(codes) == 1:
        return codes[0], True
    return None, False
