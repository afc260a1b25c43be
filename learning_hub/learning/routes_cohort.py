"""The coordinators' cohort dashboard and its CSV export."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_login import current_user

from learning_hub import audit, vocab
from learning_hub.forms import country_choices
from learning_hub.learning import bp, charts, cohort, item_analysis
from learning_hub.learning.routes import reading_language


def _rows():
    filters, notes = cohort.clean_filters(
        request.args.get("country", ""), request.args.get("sector", ""), request.args.get("course", "")
    )
    return filters, notes, cohort.learner_rows(filters, reading_language())


@bp.route("/learning/cohort")
def cohort_dashboard():
    filters, notes, rows = _rows()
    completion = cohort.completion_by_course(rows)
    scores = cohort.score_distribution(rows)
    return render_template(
        "learning/cohort.html",
        filters=filters,
        notes=notes,
        rows=rows,
        completion=completion,
        scores=scores,
        completion_chart=charts.completion_chart(completion),
        score_chart=charts.score_chart(scores),
        countries=country_choices(blank=False),
        sectors=vocab.choices(vocab.SECTORS),
        courses=cohort.course_choices(reading_language()),
        unlisted=sum(1 for row in rows if not row.listed),
        quizzes=item_analysis.quiz_figures(filters, reading_language()),
        min_attempts=item_analysis.MIN_ATTEMPTS,
    )


@bp.route("/learning/cohort.csv")
def cohort_export():
    _filters, _notes, rows = _rows()
    audit.record_read(current_user, "export.personal_data", target_type="cohort", what="learning cohort", format="csv")
    return Response(
        "\ufeff" + cohort.to_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="learning-cohort.csv"', "Cache-Control": "no-store"},
    )
