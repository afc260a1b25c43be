"""Public certificate verification and the PDF download (anyone holding the code sees what the page shows)."""

from __future__ import annotations

from flask import Response, current_app, redirect, render_template, request, url_for

from learning_hub.learning import bp, certificates, milestones


def _verify_url(code: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("learning.verify_certificate", code=code)


@bp.route("/certificates")
def check_certificate():
    """Where a verifier types the code printed on a certificate."""
    typed = request.args.get("code", "")[:80]
    if not typed.strip():
        return render_template("learning/certificate_check.html", code="", problem=None)
    return verify_certificate(typed)


@bp.route("/certificates/<code>")
def verify_certificate(code: str):
    certificate, problem = certificates.lookup(code)
    if certificate is None:  # the check page again, with the code as typed and what is wrong with it
        return render_template("learning/certificate_check.html", code=code, problem=problem), 404
    if request.endpoint == "learning.check_certificate":
        return redirect(url_for("learning.verify_certificate", code=certificate.code))
    return render_template(
        "learning/certificate.html",
        certificate=certificate,
        verify_url=_verify_url(certificate.code),
        milestone=milestones.certified_milestone(certificate),
        levels=milestones.LEVEL_LABELS,
    )


@bp.route("/certificates/<code>/pdf")
def certificate_pdf(code: str):
    certificate = certificates.verify(code)
    body = certificates.pdf_bytes(
        certificate, _verify_url(certificate.code), milestones.certified_milestone(certificate)
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{certificate.code}.pdf"',
            "Cache-Control": "no-store",
        },
    )
