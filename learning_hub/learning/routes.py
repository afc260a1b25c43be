"""Learner pages: catalogue, course, lessons, quiz. Thin: read the request, call one service, flash, redirect or render.

Coordinator and certificate pages are in routes_cohort.py and routes_certificates.py.
"""

from __future__ import annotations

import re

from flask import Response, current_app, flash, get_template_attribute, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub.errors import Forbidden, NotFound, ValidationError
from learning_hub.learning import bp, catalogue, milestones, reference, render, services, template_files
from learning_hub.learning.certificates import certificate_for
from learning_hub.learning.forms import LEVEL_LABELS, ActionForm, CatalogueFilterForm, MilestoneForm, VisibilityForm

_LANGUAGE = re.compile(r"^[a-z]{2}$")


def reading_language() -> str:
    """`?lang=xx` to read a given translation; otherwise the interface language."""
    wanted = request.args.get("lang", "")
    return wanted if _LANGUAGE.match(wanted) else str(get_locale() or "en")


@bp.context_processor
def _reading_args() -> dict:
    """`lang_arg`: the ?lang= choice to carry on links between a course's pages."""
    wanted = request.args.get("lang", "")
    return {"lang_arg": {"lang": wanted} if _LANGUAGE.match(wanted) else {}}


@bp.app_template_filter("course_level")
def course_level(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def _actor():
    return current_user if current_user.is_authenticated else None


COURSE_CARD_CACHE_SIZE = 1_000


@bp.app_template_global("course_card_head")
def course_card_head(card: catalogue.CourseCard):
    """A catalogue card's fixed part, rendered once per card and language and kept in this process (a card is a
    plain immutable value: an edited course is another card)."""
    key = (str(get_locale()), card)
    cache = current_app.extensions.setdefault("learning_cards", {})
    html = cache.get(key)
    if html is None:
        html = get_template_attribute("learning/_course_card_head.html", "card_head")(card)
        if len(cache) >= COURSE_CARD_CACHE_SIZE:
            cache.clear()
        cache[key] = html
    return html


FILTER_CACHE_SIZE = 256


@bp.app_template_global("catalogue_filters")
def catalogue_filters(form, filtered: bool):
    """The catalogue's filter form, rendered once per interface language, filters asked (the query string, from which
    the form's values and errors come) and courses' languages, and kept in this process: rendering its four fields
    and their options was a fifth of the page."""
    key = (
        str(get_locale()),
        request.script_root,
        tuple(request.args.items(multi=True)),
        tuple(code for code, _label in form.language.choices),
        filtered,
    )
    cache = current_app.extensions.setdefault("learning_filters", {})
    html = cache.get(key)
    if html is None:
        html = get_template_attribute("learning/_catalogue_filters.html", "filters")(form, filtered)
        if len(cache) >= FILTER_CACHE_SIZE:
            cache.clear()
        cache[key] = html
    return html


@bp.route("/courses", endpoint="catalogue")
def catalogue_page():
    language = reading_language()
    form = CatalogueFilterForm(request.args)
    form.fill_choices(catalogue.cached_catalogue_languages())  # checks the courses' version for this request
    filters = form.cleaned()
    views = catalogue.catalogue_cards(language=language, **filters)
    progress, continuing = catalogue.learner_overview(_actor(), views, language)
    return render_template(
        "learning/catalogue.html",
        form=form,
        views=views,
        progress_by_course=progress,
        continuing=continuing,
        filtered=any(filters.values()),
    )


@bp.route("/courses/reference")
def reference_page():
    """ "OGP rules at a glance": the dated rules lessons link to, in the reader's language."""
    view = reference.reference_view(reading_language())
    if view is None:
        return render_template("learning/reference.html", view=None), 404
    return render_template("learning/reference.html", view=view)


@bp.route("/courses/<slug>/templates/<template_slug>.<fmt>")
def course_template(slug: str, template_slug: str, fmt: str):
    """A course template to download, in the reader's language: Markdown as written (.md), or a Word document
    (.docx)."""
    course = catalogue.get_course(slug, _actor())
    if fmt not in ("md", "docx"):
        raise NotFound(_("This course has no template at this address."))
    template = catalogue.template_of(course, template_slug, reading_language())
    extension = fmt
    if extension == "md":
        data, mimetype = template_files.markdown_file(template.title, template.body), template_files.MARKDOWN_TYPE
    else:
        data, mimetype = template_files.docx_file(template.title, template.body), template_files.DOCX_TYPE
    filename = f"{template.slug}-{template.language}.{extension}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/courses/<slug>")
def course(slug: str):
    language = reading_language()
    course = catalogue.get_course(slug, _actor())
    enrolment = catalogue.enrolment_of(_actor(), course)
    missing = [catalogue.localise(item, language) for item in catalogue.missing_prerequisites(_actor(), course)]
    submission = milestones.submission_of(_actor(), course)
    return render_template(
        "learning/course.html",
        view=catalogue.localise(course, language),
        enrolment=enrolment,
        progress=catalogue.progress_of(course, enrolment),
        missing=missing,
        certificate=certificate_for(current_user, course) if enrolment else None,
        form=ActionForm(),
        milestone=milestones.milestone_of(course, language),
        submission=submission,
        milestone_form=MilestoneForm(),
        visibility_form=VisibilityForm(show_on_certificate=submission.show_on_certificate if submission else False),
        rubric_levels=milestones.LEVEL_LABELS,
    )


@bp.route("/courses/<slug>/enrol", methods=["POST"])
def enrol(slug: str):
    form = ActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("learning.course", slug=slug))
    try:
        enrolment, created = services.enrol(current_user, slug)
    except Forbidden as exc:
        flash(exc.message, "error")
        return redirect(url_for("learning.course", slug=slug))
    progress = catalogue.progress_of(enrolment.course, enrolment)
    flash(
        _("You are enrolled. Your progress is saved as you go.")
        if created
        else _("You are already enrolled in this course."),
        "success" if created else "info",
    )
    if progress.next_lesson is None:
        return redirect(url_for("learning.course", slug=slug))
    return redirect(url_for("learning.lesson", slug=slug, lesson_slug=progress.next_lesson.slug))


@bp.route("/courses/<slug>/lessons/<lesson_slug>")
def lesson(slug: str, lesson_slug: str):
    language = reading_language()
    course = catalogue.get_course(slug, current_user)
    lesson = catalogue.lesson_of(course, lesson_slug)
    try:
        enrolment = services.require_enrolment(current_user, course)
    except Forbidden as exc:
        flash(exc.message, "info")
        return redirect(url_for("learning.course", slug=slug))
    view = catalogue.localise(course, language)
    text = lesson.text_for(view.language)
    lessons = course.current_lessons
    index = lessons.index(lesson)
    return render_template(
        "learning/lesson.html",
        view=view,
        lesson=lesson,
        text=text,
        body=render.scrollable_tables(
            render.lesson_html(text, url_for("learning.reference_page", lang=text.language)),
            _("Table (scroll sideways to see all of it)"),
        ),
        lessons=lessons,
        index=index,
        previous=lessons[index - 1] if index > 0 else None,
        following=lessons[index + 1] if index + 1 < len(lessons) else None,
        done=lesson.id in enrolment.completed_lesson_ids,
        progress=catalogue.progress_of(course, enrolment),
        form=ActionForm(),
    )


@bp.route("/courses/<slug>/lessons/<lesson_slug>/complete", methods=["POST"])
def complete_lesson(slug: str, lesson_slug: str):
    form = ActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("learning.lesson", slug=slug, lesson_slug=lesson_slug))
    language = reading_language()
    try:
        enrolment, certificate = services.complete_lesson(current_user, slug, lesson_slug, language)
    except Forbidden as exc:
        flash(exc.message, "info")
        return redirect(url_for("learning.course", slug=slug))
    keep = _reading_args()["lang_arg"]  # stay in the translation the learner chose
    if certificate is not None:
        flash(_("You completed the course. Your certificate is ready."), "success")
        return redirect(url_for("learning.course", slug=slug, **keep))
    course = enrolment.course
    progress = catalogue.progress_of(course, enrolment)
    flash(_("Lesson marked as complete."), "success")
    following = catalogue.lesson_after(course, enrolment, catalogue.lesson_of(course, lesson_slug))
    if following is not None:
        return redirect(url_for("learning.lesson", slug=slug, lesson_slug=following.slug, **keep))
    if not progress.quiz_passed:
        return redirect(url_for("learning.quiz", slug=slug, **keep))
    return redirect(url_for("learning.course", slug=slug, **keep))  # the course page lists what is left


def _quiz_page(course, enrolment, language, answers=None, status=200):
    view = catalogue.localise(course, language)
    return render_template(
        "learning/quiz.html",
        view=view,
        quiz=course.quiz,
        words=view.text.quiz,
        enrolment=enrolment,
        answers=answers or {},
        form=ActionForm(),
        progress=catalogue.progress_of(course, enrolment),
    ), status


@bp.route("/courses/<slug>/quiz", methods=["GET", "POST"])
def quiz(slug: str):
    language = reading_language()
    course = catalogue.get_course(slug, current_user)
    try:
        enrolment = services.require_enrolment(current_user, course)
    except Forbidden as exc:
        flash(exc.message, "info")
        return redirect(url_for("learning.course", slug=slug))
    form = ActionForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _quiz_page(course, enrolment, language)
    answers = {question["id"]: request.form.getlist(f"q-{question['id']}")[:10] for question in course.quiz}
    try:
        attempt = services.submit_quiz(current_user, slug, answers, language)
    except ValidationError as exc:
        flash(exc.message, "error")
        return _quiz_page(course, enrolment, language, answers, 422)
    return redirect(url_for("learning.quiz_attempt", slug=slug, attempt_id=attempt.id, **_reading_args()["lang_arg"]))


@bp.route("/courses/<slug>/quiz/attempts/<id:attempt_id>")
def quiz_attempt(slug: str, attempt_id: int):
    language = reading_language()
    course, enrolment, attempt = services.attempt_of(current_user, slug, attempt_id)
    view = catalogue.localise(course, language)
    # Every option's explanation once the quiz is passed; before that, the explanations of the options chosen, so
    # that a retry still tests understanding rather than memory of the answer key.
    reveal = attempt.passed or enrolment.quiz_passed_at is not None
    return render_template(
        "learning/attempt.html",
        view=view,
        quiz=course.quiz,
        words=view.text.quiz,
        attempt=attempt,
        enrolment=enrolment,
        reveal=reveal,
        pass_mark=course.pass_mark,
        progress=catalogue.progress_of(course, enrolment),
        lessons_left=catalogue.lessons_left(course, enrolment),
        certificate=certificate_for(current_user, course),
    )
