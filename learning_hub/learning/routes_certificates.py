"""Public certificate verification and the PDF download (anyone holding the code sees what the page shows)."""

from __future__ import annotations

from flask import Response, current_app, render_template, url_for

from learning_hub.learning import bp, certificates


def _verify_url(code: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("learning.verify_certificate", code=code)


@bp.route("/certificates/<code>")
def verify_certificate(code: str):
    certificate = certificates.verify(code)
    return render_template(
        "learning/certificate.html", certificate=certificate, verify_url=_verify_url(certificate.code)
    )


@bp.route("/certificates/<code>/pdf")
def certificate_pdf(code: str):
    certificate = certificates.verify(code)
    body = certificates.pdf_bytes(certificate, _verify_url(certificate.code))
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{certificate.code}.pdf"',
            "Cache-Control": "no-store",
        },
    )
