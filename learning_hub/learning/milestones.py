"""The applied milestone and its peer review: submit, assign a reviewer, review, remind, show on the certificate.

- A learner who completed a course submits its milestone once (text, an optional https link, and whether the work may
  appear on the public certificate). The engine assigns a reviewer at once (review_match.choose); when nobody may
  review it yet, the submission waits and `sweep` tries again.
- The reviewer scores each rubric criterion (not met / partly / met) and writes a comment within REVIEW_DAYS days.
- `sweep(now)` is the scheduler's daily task, also `flask courses review-reminders`: it assigns waiting submissions,
  reminds reviewers once when REMIND_DAYS_BEFORE days are left, and hands an overdue review to another reviewer. It is
  idempotent: a second run at the same moment changes nothing and sends nothing.
- The certificate states the milestone and its review (the reviewer's country, the date and the rubric levels), never
  the reviewer's name, and the work itself only if its author chose so.

Services take the actor, raise domain errors and commit; emails go after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from learning_hub.email import absolute_url as _link
from learning_hub.email import send_email
from learning_hub.errors import Forbidden, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.learning import review_match
from learning_hub.learning.catalogue import enrolment_of, get_course, localise
from learning_hub.learning.lesson_rules import count_words
from learning_hub.models import (
    RUBRIC_LEVELS,
    Certificate,
    Course,
    MilestoneReview,
    MilestoneSubmission,
    Profile,
    User,
    utcnow,
)

REVIEW_DAYS = 14
REMIND_DAYS_BEFORE = 4
MIN_WORDS, MAX_WORDS = 40, 3000
MAX_COMMENT = 5000
LEVEL_LABELS = {"not_met": _l("Not met"), "partly": _l("Partly met"), "met": _l("Met")}


@dataclass(frozen=True)
class MilestoneView:
    """The milestone's words in one language, with the rubric in course order."""

    title: str
    prompt: str
    template: str | None
    rubric: list[tuple[str, str]]
    language: str


def milestone_of(course: Course, language: str | None) -> MilestoneView | None:
    text = localise(course, language).text
    words = text.milestone or {}
    if not words or not course.milestone:
        return None
    criteria = words.get("rubric", {})
    return MilestoneView(
        title=words.get("title", ""),
        prompt=words.get("prompt", ""),
        template=course.milestone.get("template"),
        rubric=[(cid, criteria.get(cid, cid)) for cid in course.milestone.get("rubric", [])],
        language=text.language,
    )


def submission_of(user: User | None, course: Course) -> MilestoneSubmission | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        db.select(MilestoneSubmission).where(
            MilestoneSubmission.user_id == user.id, MilestoneSubmission.course_id == course.id
        )
    )


def _clean_link(link: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    if not link.startswith("https://") or len(link) > 500 or any(ch.isspace() for ch in link):
        raise ValidationError(_("The link must be a public https:// address of at most 500 characters."))
    return link


def _author_country(user: User) -> str | None:
    return user.profile.country if user.profile is not None else None


# --- submitting ---


def submit(actor: User, slug: str, text: str, link: str | None, show_on_certificate: bool, language: str):
    """Record the actor's milestone for a completed course and assign a reviewer; (submission, assigned review or
    None)."""
    course = get_course(slug, actor)
    enrolment = enrolment_of(actor, course)
    if enrolment is None or enrolment.completed_at is None:
        raise Forbidden(_("Complete the course first: the applied milestone comes after the lessons and the quiz."))
    if milestone_of(course, language) is None:
        raise NotFound(_("This course has no applied milestone."))
    if submission_of(actor, course) is not None:
        raise ValidationError(_("You have already submitted this milestone."))
    text = (text or "").strip()
    words = count_words(text)
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise ValidationError(
            _(
                "Your milestone has %(words)s words; write between %(low)s and %(high)s.",
                words=words,
                low=MIN_WORDS,
                high=MAX_WORDS,
            )
        )
    if not _author_country(actor):
        raise ValidationError(
            _("Add your country to your profile first: your reviewer is chosen from another country.")
        )
    submission = MilestoneSubmission(
        user_id=actor.id,
        course_id=course.id,
        language=localise(course, language).text.language,
        text=text,
        link=_clean_link(link),
        show_on_certificate=bool(show_on_certificate),
    )
    db.session.add(submission)
    try:
        db.session.commit()
    except IntegrityError:  # submitted in another tab at the same moment
        db.session.rollback()
        raise ValidationError(_("You have already submitted this milestone.")) from None
    review = assign(submission)
    return submission, review


def set_visibility(actor: User, slug: str, show: bool) -> MilestoneSubmission:
    course = get_course(slug, actor)
    submission = submission_of(actor, course)
    if submission is None:
        raise NotFound(_("You have not submitted this milestone yet."))
    submission.show_on_certificate = bool(show)
    db.session.commit()
    return submission


def assign(submission: MilestoneSubmission, now: datetime | None = None) -> MilestoneReview | None:
    """Give the submission to the best-fitting eligible reviewer (none: it waits); commits and emails the reviewer."""
    author = db.session.get(User, submission.user_id)
    country = _author_country(author) if author else None
    if not country:
        return None
    excluded = {review.reviewer_id for review in submission.reviews if review.reviewer_id is not None}
    submission_id = submission.id
    choice = review_match.choose(submission, country, excluded)  # ends the read transaction while it computes
    if choice is None:
        return None
    submission = db.session.get(MilestoneSubmission, submission_id)
    if submission.open_review is not None or submission.completed_review is not None:
        return None  # another run assigned it meanwhile
    now = now or utcnow()
    review = MilestoneReview(
        submission_id=submission.id,
        reviewer_id=choice.reviewer_id,
        reviewer_country=choice.country,
        fit=round(choice.fit, 4),
        fit_reason=choice.reason[:1000],
        assigned_at=now,
        due_at=now + timedelta(days=REVIEW_DAYS),
    )
    db.session.add(review)
    db.session.commit()
    _mail(review.reviewer, _l("A milestone to review"), "milestone_review_assigned", review=review)
    return review


# --- reviewing ---


def reviews_of(actor: User) -> tuple[list[MilestoneReview], list[MilestoneReview]]:
    """(open reviews, completed reviews) assigned to the actor, newest first."""
    reviews = db.session.scalars(
        db.select(MilestoneReview)
        .where(MilestoneReview.reviewer_id == actor.id, MilestoneReview.released_at.is_(None))
        .order_by(MilestoneReview.assigned_at.desc(), MilestoneReview.id.desc())
    ).all()
    return [r for r in reviews if r.is_open], [r for r in reviews if r.completed_at is not None]


def review_for(actor: User, review_id: int) -> MilestoneReview:
    """A review assigned to the actor (a released one is no longer theirs); NotFound otherwise."""
    review = db.session.get(MilestoneReview, review_id)
    if review is None or review.reviewer_id != actor.id or review.released_at is not None:
        raise NotFound(_("There is no review at this address."))
    return review


def complete_review(actor: User, review_id: int, scores: dict[str, str], comment: str) -> MilestoneReview:
    review = review_for(actor, review_id)
    if review.completed_at is not None:
        raise ValidationError(_("You have already completed this review."))
    rubric = review.submission.course.milestone.get("rubric", [])
    missing = [cid for cid in rubric if scores.get(cid) not in RUBRIC_LEVELS]
    if missing:
        raise ValidationError(_("Score every criterion of the rubric."))
    comment = (comment or "").strip()
    if not 20 <= len(comment) <= MAX_COMMENT:
        raise ValidationError(
            _("Write a comment of %(low)s to %(high)s characters for the author.", low=20, high=MAX_COMMENT)
        )
    now = utcnow()
    review.scores = {cid: scores[cid] for cid in rubric}
    review.comment = comment
    review.completed_at = now
    review.submission.reviewed_at = now
    db.session.commit()
    _mail(review.submission.user, _l("Your milestone has been reviewed"), "milestone_reviewed", review=review)
    return review


# --- the scheduler's task ---


@dataclass
class SweepReport:
    assigned: list[int] = field(default_factory=list)  # submission ids
    reminded: list[int] = field(default_factory=list)  # review ids
    released: list[int] = field(default_factory=list)  # review ids handed to someone else
    waiting: int = 0  # submissions still without a reviewer


def sweep(now: datetime | None = None) -> SweepReport:
    """Remind, release overdue reviews and (re)assign; idempotent for a given `now`."""
    now = now or utcnow()
    report = SweepReport()
    for review in db.session.scalars(
        db.select(MilestoneReview).where(
            MilestoneReview.completed_at.is_(None),
            MilestoneReview.released_at.is_(None),
            MilestoneReview.due_at <= now,
        )
    ).all():
        review.released_at = now
        report.released.append(review.id)
    db.session.commit()
    due_soon = db.session.scalars(
        db.select(MilestoneReview).where(
            MilestoneReview.completed_at.is_(None),
            MilestoneReview.released_at.is_(None),
            MilestoneReview.reminded_at.is_(None),
            MilestoneReview.due_at <= now + timedelta(days=REMIND_DAYS_BEFORE),
        )
    ).all()
    for review in due_soon:
        review.reminded_at = now
    db.session.commit()
    for review in due_soon:
        _mail(
            review.reviewer, _l("Reminder: a milestone review is due soon"), "milestone_review_reminder", review=review
        )
        report.reminded.append(review.id)
    waiting = db.session.scalars(
        db.select(MilestoneSubmission).where(MilestoneSubmission.reviewed_at.is_(None)).order_by(MilestoneSubmission.id)
    ).all()
    for submission_id in [s.id for s in waiting if s.open_review is None]:
        submission = db.session.get(MilestoneSubmission, submission_id)
        if assign(submission, now) is not None:
            report.assigned.append(submission_id)
        else:
            report.waiting += 1
    return report


# --- what the certificate states ---


@dataclass(frozen=True)
class CertifiedMilestone:
    title: str
    reviewed_at: datetime
    reviewer_country: str
    levels: list[tuple[str, str]]  # (criterion, level key) in rubric order
    text: str | None  # only when the author chose to show the work
    link: str | None
    language: str


def certified_milestone(certificate: Certificate) -> CertifiedMilestone | None:
    """The reviewed milestone of the certificate's holder for its course, in the certificate's language."""
    if certificate.user_id is None:
        return None
    submission = db.session.scalar(
        db.select(MilestoneSubmission).where(
            MilestoneSubmission.user_id == certificate.user_id,
            MilestoneSubmission.course_id == certificate.course_id,
        )
    )
    review = submission.completed_review if submission else None
    if review is None:
        return None
    view = milestone_of(submission.course, certificate.language)
    if view is None:
        return None
    criteria = dict(view.rubric)
    return CertifiedMilestone(
        title=view.title,
        reviewed_at=review.completed_at,
        reviewer_country=review.reviewer_country,
        levels=[(criteria.get(cid, cid), level) for cid, level in review.scores.items()],
        text=submission.text if submission.show_on_certificate else None,
        link=submission.link if submission.show_on_certificate else None,
        language=submission.language,
    )


# --- email ---


def _mail(user: User | None, subject, template: str, review: MilestoneReview) -> None:
    if user is None or not user.active:
        return
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    profile: Profile | None = user.profile
    course = review.submission.course
    with force_locale(locale):
        subject_text = str(subject)
        title = localise(course, locale).text.title
    send_email(
        user.email,
        subject_text,
        template,
        locale=locale,
        name=profile.display_name if profile else "",
        course_title=title,
        due_at=review.due_at,
        review_url=_link("learning.review", review_id=review.id),
        course_url=_link("learning.course", slug=course.slug),
    )
    db.session.commit()  # the outbox row: the email leaves after this commit
