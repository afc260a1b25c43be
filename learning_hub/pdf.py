"""PDF documents (certificates, sign-in sheets) with fpdf2 and one font choice for all of them."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
# fpdf2 subsets embedded fonts with fontTools, which logs a dozen INFO lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def latin1(text: str) -> str:
    """For the core PDF fonts (Latin-1 only): plain quotes and dashes, accents that Latin-1 lacks decomposed to their
    base letter, anything else dropped."""
    out = []
    for ch in text.translate(_TYPOGRAPHY):
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1"))
    return "".join(out)


def new_document(orientation: str, title: str) -> tuple[object, str, Callable[[str], str]]:
    """An A4 FPDF, the font family to use, and a function that makes text printable in it.

    DejaVu Sans is embedded when installed (accented Latin, Cyrillic, Greek); otherwise the core Helvetica font,
    with text reduced to Latin-1 so that nothing fails on a name the font cannot draw.
    """
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_creator("Learning Hub")
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return pdf, "DejaVu", (lambda text: text)
    return pdf, "Helvetica", latin1
