"""Coordinator pages: CSV imports (dry run, then confirm or discard the stored batch) and the CSV export."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import audit
from learning_hub.auth.forms import ConfirmForm
from learning_hub.directory import bp
from learning_hub.directory.forms import ImportForm
from learning_hub.directory.imports import services as imports
from learning_hub.directory.imports.export import export_csv
from learning_hub.errors import DomainError


@bp.route("/directory/import", methods=["GET", "POST"])
def imports_page():
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = imports.dry_run(current_user, form.kind.data, upload.filename, upload.read())
        except DomainError as exc:
            form.show_refusal(exc, "kind")
        else:
            if result.batch is not None:
                flash(_("The file is valid. Check the summary, then confirm the import."), "success")
                return redirect(url_for("directory.import_batch", batch_id=result.batch.id))
    status = 422 if form.errors or (result is not None and result.problems) else 200
    return render_template(
        "directory/imports.html", form=form, result=result, batches=imports.recent_batches(current_user)
    ), status


@bp.route("/directory/import/<id:batch_id>")
def import_batch(batch_id: int):
    batch = imports.get_batch(current_user, batch_id)
    job = imports.batch_job(batch)
    return render_template(
        "directory/import_batch.html", batch=batch, job=job, preview=batch.rows[: imports.PREVIEW_ROWS]
    )


@bp.route("/directory/import/<id:batch_id>/confirm", methods=["POST"])
def import_confirm(batch_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            batch = imports.confirm(current_user, batch_id)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            flash(exc.message, "error")
        else:
            flash(
                _(
                    "Imported: %(created)s new, %(updated)s updated, %(unchanged)s left unchanged.",
                    created=batch.summary.get("created", 0),
                    updated=batch.summary.get("updated", 0),
                    unchanged=batch.summary.get("unchanged", 0),
                ),
                "success",
            )
    return redirect(url_for("directory.import_batch", batch_id=batch_id))


@bp.route("/directory/import/<id:batch_id>/discard", methods=["POST"])
def import_discard(batch_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            imports.discard(current_user, batch_id)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            flash(exc.message, "error")
        else:
            flash(_("The import was discarded; nothing was changed."), "info")
    return redirect(url_for("directory.imports_page"))


@bp.route("/directory/export.csv")
def export():
    """`?personal=1` adds names, emails, organisations and texts; without it only non-personal columns."""
    personal = request.args.get("personal") == "1"
    name = "directory-personal.csv" if personal else "directory.csv"
    body = "".join(export_csv(current_user, personal))
    if personal:
        audit.record_read(current_user, "export.personal_data", target_type="directory", what="directory", format="csv")
    # Built whole (a few megabytes at 10,000 profiles) rather than streamed: a streamed body would keep the
    # database session and request context open for the whole download.
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"},
    )
