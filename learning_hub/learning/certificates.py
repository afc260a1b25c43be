"""Certificates: issued on completion, verified by anyone at /certificates/<code>, printable and downloadable as PDF.

The code carries 120 random bits (base32, six groups of four), so it cannot be guessed or enumerated; only the holder's
name, the course, the date and the state are shown to whoever has it.
"""

from __future__ import annotations

import base64
import re
import secrets

from flask_babel import format_date
from flask_babel import gettext as _

from learning_hub.errors import NotFound
from learning_hub.extensions import db
from learning_hub.models import Certificate, Course, User, utcnow
from learning_hub.pdf import new_document
from learning_hub.vocab import country_name

CODE_BYTES = 15  # 120 bits
_CODE_SHAPE = re.compile(r"^[A-Z2-7]{24}$")


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(code: str) -> str | None:
    """The canonical form of a code as typed (any case, with or without dashes and spaces), or None."""
    compact = re.sub(r"[\s-]", "", (code or "")[:80]).upper()
    if not _CODE_SHAPE.match(compact):
        return None
    return "-".join(compact[i : i + 4] for i in range(0, 24, 4))


def holder_name(user: User) -> str:
    """The name printed on the certificate: the profile's display name, never the email address."""
    if user.profile is not None and user.profile.display_name:
        return user.profile.display_name[:120]
    return _("Learning Hub member")


def issue(user: User, course: Course, course_title: str, language: str) -> Certificate:
    """Add the user's certificate for the course to the session (the caller commits); the existing one if any."""
    existing = db.session.scalar(
        db.select(Certificate).where(Certificate.user_id == user.id, Certificate.course_id == course.id)
    )
    if existing is not None:
        return existing
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        holder_name=holder_name(user),
        course_title=course_title[:200],
        language=language,
    )
    db.session.add(certificate)
    return certificate


def certificate_for(user: User, course: Course) -> Certificate | None:
    return db.session.scalar(
        db.select(Certificate).where(Certificate.user_id == user.id, Certificate.course_id == course.id)
    )


def lookup(code: str) -> tuple[Certificate | None, str | None]:
    """The certificate with this code (valid or revoked), or None and what is wrong with the code, in plain words."""
    canonical = normalise_code(code)
    if canonical is None:
        return None, _(
            "This is not a certificate code: a code has 24 letters and digits (A to Z and 2 to 7), printed in six "
            "groups of four. Check it against the certificate and try again."
        )
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.code == canonical))
    if certificate is None:
        return None, _("No certificate has this code. Check it against the certificate and try again.")
    return certificate, None


def verify(code: str) -> Certificate:
    """The certificate with this code, valid or revoked; NotFound for any other code."""
    certificate, problem = lookup(code)
    if certificate is None:
        raise NotFound(problem)
    return certificate


def revoke_certificate(code: str, reason: str = "revoked_by_admin") -> Certificate:
    certificate = verify(code)
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revoked_reason = utcnow(), reason
        db.session.commit()
    return certificate


def pdf_bytes(certificate: Certificate, verify_url: str, milestone=None) -> bytes:
    """An A4 landscape certificate. DejaVu Sans is embedded when installed (it covers accented Latin and more);
    otherwise the core Helvetica font with the text reduced to Latin-1."""
    pdf, family, clean = new_document("L", _("Certificate of completion"))
    pdf.set_author(_("Learning Hub"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(11, 92, 122)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)

    def line(text: str, size: int, style: str = "", height: float = 12, colour=(28, 36, 48)) -> None:
        pdf.set_font(family, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, height, clean(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(32)
    line(_("Learning Hub"), 14, "B", 8, (11, 92, 122))
    line(_("Certificate of completion"), 28, "B", 16)
    pdf.ln(6)
    line(_("This certifies that"), 13, "", 8, (79, 91, 107))
    line(certificate.holder_name or _("a former member"), 24, "B", 14)
    line(_("completed the course"), 13, "", 8, (79, 91, 107))
    line(certificate.course_title, 19, "B", 10)
    pdf.ln(4)
    line(_("on %(date)s", date=format_date(certificate.issued_at, "long")), 13, "", 8)
    if milestone is not None:  # milestones.CertifiedMilestone: its title and review, never the work itself here
        pdf.ln(2)
        line(_("Applied milestone: %(title)s", title=milestone.title), 11, "B", 6)
        line(
            _(
                "reviewed by a peer from %(country)s on %(date)s",
                country=country_name(milestone.reviewer_country),
                date=format_date(milestone.reviewed_at, "long"),
            ),
            10,
            "",
            6,
            (79, 91, 107),
        )
    if certificate.revoked_at is not None:
        pdf.ln(2)
        line(_("This certificate has been revoked."), 14, "B", 8, (161, 26, 26))
    pdf.set_y(168)
    line(_("Verification code: %(code)s", code=certificate.code), 11, "B", 6)
    line(_("Check it at %(url)s", url=verify_url), 10, "", 6, (79, 91, 107))
    return bytes(pdf.output())
