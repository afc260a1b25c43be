"""Pages. Public (no sign-in): /showcase with its filters, /showcase/<slug>, /showcase/areas/<area>,
/showcase/countries/<code>, /showcase/feed.atom and /sitemap.xml, all built from public.py on every request.
Signed in: proposing, my stories and my consent, editing; coordinators: the editorial queue and its actions."""

from __future__ import annotations

import hashlib

from flask import abort, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning_hub import vocab
from learning_hub.errors import Conflict, ValidationError
from learning_hub.models import utcnow
from learning_hub.showcase import bp, public, search, services, similar
from learning_hub.showcase import vocab as showcase_vocab
from learning_hub.showcase.forms import ChangesForm, EmptyForm, StoryForm, TranslationForm

REFUSALS = (Conflict, ValidationError)
LATEST = 30
FEED_SIZE = 50


def _filters() -> dict:
    """The listing's filters from the query string; unknown values are ignored."""
    args = request.args
    found = {
        "area": args.get("area") if args.get("area") in showcase_vocab.PROGRAMME_AREAS else None,
        "country": args.get("country", "").upper() if vocab.is_country(args.get("country")) else None,
        "level": args.get("level") if args.get("level") in showcase_vocab.LEVELS else None,
        "language": args.get("language") if args.get("language") in showcase_vocab.STORY_LANGUAGES else None,
    }
    return {key: value for key, value in found.items() if value}


def _listing(template_title: str, heading: str, stories, **extra):
    return _page(
        "showcase/index.html",
        title=template_title,
        heading=heading,
        stories=stories,
        names=public.public_names(stories),
        countries=public.public_countries(),
        areas=showcase_vocab.PROGRAMME_AREAS,
        levels=showcase_vocab.LEVELS,
        languages=showcase_vocab.STORY_LANGUAGES,
        **extra,
    )


def _page(template: str, **context):
    """A public page: revalidated for anonymous readers; a signed-in page is personal (the no-store rule)."""
    response = make_response(render_template(template, **context))
    return response if current_user.is_authenticated else _revalidated(response)


@bp.route("/showcase")
def index():
    filters = _filters()
    q = request.args.get("q", "").strip()
    if q:
        vector = search.query_vector(q)  # before any story is read: no transaction is open during inference
        stories = search.rank(q, vector, public.public_stories(**filters))[:LATEST]
        featured = []
    elif filters:
        stories, featured = public.public_stories(**filters, limit=LATEST), []
    else:  # the home: the featured stories, then the latest of the others
        featured = public.public_stories(featured=True)
        stories = public.public_stories(featured=False, limit=LATEST)
    return _listing(
        _("Reform showcase"),
        _("Reforms that worked, and the people behind them"),
        stories,
        filters=filters,
        q=q,
        featured=featured,
        featured_names=public.public_names(featured),
    )


@bp.route("/showcase/areas/<area>")
def area(area: str):
    if area not in showcase_vocab.PROGRAMME_AREAS:
        abort(404)
    label = str(showcase_vocab.PROGRAMME_AREAS[area])
    return _listing(label, label, public.public_stories(area=area), filters={"area": area})


@bp.route("/showcase/countries/<country_code>")
def country(country_code: str):
    if not vocab.is_country(country_code) or country_code != country_code.upper():
        abort(404)
    name = vocab.country_name(country_code)
    return _listing(
        name,
        _("Reforms in %(country)s", country=name),
        public.public_stories(country=country_code),
        filters={"country": country_code},
    )


@bp.route("/showcase/<story_slug>")
def story(story_slug: str):
    found = public.public_story(story_slug)
    if found is None:
        abort(404)
    shown = next((t for t in found.translations if t.language == request.args.get("lang")), None)
    return _page(
        "showcase/story.html",
        story=found,
        text=shown or found,  # the texts shown: the original, or the translation asked for
        translation=shown,
        names=public.public_names([found])[found.id],
        similar=similar.similar_elsewhere(found),
        evidence_kinds=showcase_vocab.EVIDENCE_KINDS,
    )


def _revalidated(response):
    """An ETag on the body and Last-Modified, and caches must ask again every time: a reader's feed client or a
    returning phone saves the download when nothing changed, and a withdrawal still shows on the very next request
    (the body, hence the tag, changes).

    The tag leaves out the page's CSRF token, which is signed afresh each second, and stands instead for the session's
    CSRF secret: the token a cached copy holds stays valid as long as that secret (WTF_CSRF_TIME_LIMIT is None)."""
    body = response.get_data()
    token = g.get("csrf_token")
    if token:
        body = body.replace(token.encode(), b"")
    secret = str(session.get("csrf_token", "")).encode()
    response.set_etag(hashlib.sha1(body + b"\0" + secret, usedforsecurity=False).hexdigest())
    response.last_modified = public.last_change()
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


@bp.route("/showcase/feed.atom")
def feed():
    stories = public.public_stories(limit=FEED_SIZE)
    response = make_response(
        render_template("showcase/feed.atom.xml", stories=stories, names=public.public_names(stories))
    )
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return _revalidated(response)


@bp.route("/sitemap.xml")
def sitemap():
    stories = public.public_stories()
    response = make_response(
        render_template(
            "showcase/sitemap.xml",
            stories=stories,
            areas=public.public_areas(),
            countries=public.public_countries(),
        )
    )
    response.headers["Content-Type"] = "application/xml; charset=utf-8"
    return _revalidated(response)


# --- signed in: proposing, my stories, consent, editing


def _story_form(story=None) -> StoryForm:
    return StoryForm(people_choices=services.people_choices(current_user, story))


@bp.route("/showcase/propose", methods=["GET", "POST"])
def propose():
    form = _story_form()
    status = 200
    if request.method == "GET" and request.args.get("checkin", "").isdigit():
        form.fill_from_checkin(services.checkin_draft(current_user, int(request.args["checkin"])))
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                created = services.propose(
                    current_user, form.to_input(), my_role=form.my_role.data or "", name_me=form.name_me.data
                )
            except REFUSALS as exc:
                flash(exc.message, "error")
                status = exc.status_code
            else:
                flash(_("Thank you. A coordinator will read your story before it is published."), "success")
                return redirect(url_for("showcase.manage", story_id=created.id))
        else:
            status = 422
    return render_template("showcase/edit.html", form=form, story=None), status


@bp.route("/showcase/mine")
def mine():
    proposed, named = services.my_stories(current_user)
    return render_template("showcase/mine.html", proposed=proposed, named=named, form=EmptyForm())


@bp.route("/showcase/stories/<id:story_id>")
def manage(story_id: int):
    found = services.editorial_story(current_user, story_id)
    return render_template(
        "showcase/manage.html",
        story=found,
        can_edit=services.can_edit(current_user, found),
        can_translate=services.can_translate(current_user, found),
        coordinator=services.is_coordinator(current_user),
        public_now=public.public_story(found.slug) is not None,
        form=EmptyForm(),
        changes_form=ChangesForm(),
        levels=showcase_vocab.LEVELS,
        evidence_kinds=showcase_vocab.EVIDENCE_KINDS,
    )


@bp.route("/showcase/stories/<id:story_id>/edit", methods=["GET", "POST"])
def edit(story_id: int):
    found = services.editable_story(current_user, story_id)
    form = _story_form(found)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.update(current_user, story_id, form.to_input())
            except REFUSALS as exc:
                flash(exc.message, "error")
                status = exc.status_code
            else:
                flash(_("Saved."), "success")
                return redirect(url_for("showcase.manage", story_id=story_id))
        else:
            status = 422
    else:
        form.fill_from(found)
    return render_template("showcase/edit.html", form=form, story=found), status


@bp.route("/showcase/stories/<id:story_id>/consent/<any(confirm, withdraw):choice>", methods=["POST"])
def consent(story_id: int, choice: str):
    if EmptyForm().validate_on_submit():
        if choice == "confirm":
            services.confirm_consent(current_user, story_id)
            flash(_("Thank you: you are named on this story."), "success")
        else:
            services.withdraw_consent(current_user, story_id)
            flash(_("Done: your name no longer appears on this story."), "success")
    return redirect(url_for("showcase.mine"))


@bp.route("/showcase/stories/<id:story_id>/translate", methods=["GET", "POST"])
def translate(story_id: int):
    found = services.editorial_story(current_user, story_id)
    if not services.can_translate(current_user, found):
        abort(404)
    form = TranslationForm(languages=services.translation_languages(found))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.save_translation(current_user, story_id, form.to_input())
            except REFUSALS as exc:
                form.show_refusal(exc)
                status = exc.status_code
            else:
                flash(_("Translation saved."), "success")
                return redirect(url_for("showcase.manage", story_id=story_id))
        else:
            status = 422
    else:
        existing = next((t for t in found.translations if t.language == request.args.get("language")), None)
        if existing is not None:
            form.fill_from(existing)
    return render_template("showcase/translate.html", form=form, story=found), status


@bp.route("/showcase/stories/<id:story_id>/resubmit", methods=["POST"])
def resubmit(story_id: int):
    if EmptyForm().validate_on_submit():
        try:
            services.resubmit(current_user, story_id)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("Sent back to the coordinators."), "success")
    return redirect(url_for("showcase.manage", story_id=story_id))


# --- coordinators


@bp.route("/showcase/editorial")
def editorial():
    return render_template("showcase/editorial.html", stories=services.editorial_queue(current_user))


@bp.route("/showcase/stories/<id:story_id>/<any(publish, unpublish, feature, unfeature):action>", methods=["POST"])
def decide(story_id: int, action: str):
    if EmptyForm().validate_on_submit():
        try:
            if action == "publish":
                services.publish(current_user, story_id)
                flash(_("Published."), "success")
            elif action == "unpublish":
                services.unpublish(current_user, story_id)
                flash(_("Unpublished."), "success")
            else:
                services.set_featured(current_user, story_id, action == "feature")
                flash(
                    _("Featured on the showcase home.") if action == "feature" else _("No longer featured."), "success"
                )
        except REFUSALS as exc:
            flash(exc.message, "error")
    return redirect(url_for("showcase.manage", story_id=story_id))


@bp.route("/showcase/stories/<id:story_id>/request-changes", methods=["POST"])
def request_changes(story_id: int):
    form = ChangesForm()
    if form.validate_on_submit():
        try:
            services.request_changes(current_user, story_id, form.note.data)
        except REFUSALS as exc:
            flash(exc.message, "error")
        else:
            flash(_("The proposer has been asked for changes."), "success")
    else:
        flash(_("Say what should change."), "error")
    return redirect(url_for("showcase.manage", story_id=story_id))


@bp.app_context_processor
def _showcase_helpers():
    def atom_time(value) -> str:
        """RFC 3339 in UTC, as Atom wants it (stored times are naive UTC)."""
        return (value or utcnow()).strftime("%Y-%m-%dT%H:%M:%SZ")

    return {
        "showcase_vocab": showcase_vocab,
        "atom_time": atom_time,
        "state_labels": showcase_vocab.STATE_LABELS,
        "consent_labels": showcase_vocab.CONSENT_LABELS,
        "event_labels": showcase_vocab.EVENT_LABELS,
    }
