"""My profile: details, listing and consent, mentoring, challenges and reforms. Services take the actor, raise domain
errors and commit; after a text changes they queue the embedding job (only changed texts are embedded again)."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from learning_hub import jobs, vocab
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.forms import has_control_chars
from learning_hub.models import Challenge, Job, Profile, Reform, RemovedText, User, utcnow

EMBED_JOB = "directory.embed_profile"
MAX_CHALLENGES = 10
MAX_REFORMS = 10
UNDO_MINUTES = 10  # how long a removed challenge or reform can be restored
TEXT_MIN, TEXT_MAX = 20, 2000


def my_profile(actor: User) -> Profile:
    """The actor's profile, created empty (private, unlisted) if an older account has none."""
    if actor.profile is None:
        actor.profile = Profile(display_name=actor.email.split("@")[0][:120], visibility="private")
        db.session.commit()
    return actor.profile


def _locked_profile(actor: User) -> Profile:
    """The actor's profile, its row locked until the transaction ends (`SELECT ... FOR UPDATE` on PostgreSQL;
    SQLite's writing transactions already run one at a time), with its lists read again after the lock: a limit
    counted or a language list rewritten now cannot be overtaken by a concurrent request of the same person."""
    profile = my_profile(actor)
    db.session.execute(db.select(Profile.id).where(Profile.id == profile.id).with_for_update())
    db.session.expire(profile, ["language_rows", "policy_area_rows", "challenges", "reforms"])
    return profile


def _count(model, profile: Profile) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)).where(model.profile_id == profile.id))


def _commit_profile_edit() -> None:
    """Commit; a unique-key clash with a concurrent edit (which the lock should prevent) is a 409, never a 500."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            _("Your profile was changed at the same moment elsewhere. Reload the page and try again.")
        ) from None


def embed_subject(profile: Profile) -> str:
    return f"profile:{profile.id}"


def latest_embed_job(profile: Profile) -> Job | None:
    return jobs.latest_job(embed_subject(profile), EMBED_JOB)


def _clean(value, field: str, *, required: bool = False, max_length: int = 200) -> str | None:
    value = (value or "").strip()
    if has_control_chars(value):
        raise ValidationError(_("Remove the invisible control characters from this field."), field=field)
    if required and not value:
        raise ValidationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ValidationError(_("Use at most %(n)s characters.", n=max_length), field=field)
    return value or None


def _text(value, field: str) -> str:
    text = _clean(value, field, required=True, max_length=TEXT_MAX)
    if len(text) < TEXT_MIN:
        raise ValidationError(
            _("Write at least %(n)s characters so that peers understand it.", n=TEXT_MIN), field=field
        )
    return text


def _touch(profile: Profile) -> None:
    """Bump the profile's stamp: the directory index notices and rebuilds (child rows do not bump it themselves)."""
    profile.updated_at = utcnow()


def _queue_embedding(actor: User, profile: Profile) -> Job:
    return jobs.enqueue(EMBED_JOB, subject=embed_subject(profile), actor=actor, profile_id=profile.id)


def update_details(
    actor: User,
    *,
    display_name: str,
    country: str | None,
    sector: str | None,
    organisation: str | None,
    role_title: str | None,
    bio: str | None,
    languages,
    policy_areas,
    gender: str | None,
    time_zone: str | None = None,
) -> Profile:
    """`time_zone` None leaves the owner's zone as it is (clients that do not send it)."""
    profile = _locked_profile(actor)
    country = (country or "").upper() or None
    if country and not vocab.is_country(country):
        raise ValidationError(_("Choose a country from the list."), field="country")
    if sector and sector not in vocab.SECTORS:
        raise ValidationError(_("Choose a sector from the list."), field="sector")
    if gender and gender not in vocab.GENDERS:
        raise ValidationError(_("Choose an answer from the list."), field="gender")
    unknown = [code for code in languages if code not in vocab.PROFILE_LANGUAGES]
    unknown += [area for area in policy_areas if area not in vocab.POLICY_AREAS]
    if unknown:
        raise ValidationError(_("Unknown choice: %(values)s", values=", ".join(unknown)))
    if time_zone is not None:
        from learning_hub.roundtables import times

        zone = times.canonical(time_zone.strip()) or None
        if zone and not times.is_zone(zone):
            raise ValidationError(_("Choose a time zone from the list."), field="time_zone")
        # The country's own zone is not stored: it follows the country if that changes later.
        profile.time_zone = None if zone == times.default_zone(country) else zone
    profile.display_name = _clean(display_name, "display_name", required=True, max_length=120)
    profile.country, profile.sector, profile.gender = country, sector or None, gender or None
    profile.organisation = _clean(organisation, "organisation")
    profile.role_title = _clean(role_title, "role_title")
    profile.bio = _clean(bio, "bio", max_length=TEXT_MAX)
    profile.languages = list(languages)
    profile.policy_areas = list(policy_areas)
    _touch(profile)
    _commit_profile_edit()
    return profile


def set_listing(actor: User, *, visibility: str, consent: bool) -> Profile:
    """Who may see the profile, and the owner's consent to be listed (timestamped; withdrawing clears it)."""
    if visibility not in vocab.VISIBILITIES:
        raise ValidationError(_("Choose who can see your profile."), field="visibility")
    profile = my_profile(actor)
    profile.visibility = visibility
    if consent and profile.consented_at is None:
        profile.consented_at = utcnow()
    elif not consent:
        profile.consented_at = None
    _touch(profile)
    db.session.commit()
    return profile


def set_mentoring(actor: User, *, available: bool, capacity: int | None) -> Profile:
    """Offer mentoring with a capacity (1-20 mentees at a time); this grants or removes the mentor role."""
    profile = my_profile(actor)
    capacity = int(capacity or 0)
    if available and not 1 <= capacity <= 20:
        raise ValidationError(_("Choose how many people you can mentor at a time (1 to 20)."), field="capacity")
    profile.mentor_available = bool(available)
    profile.mentor_capacity = capacity if available else 0
    if available:
        actor.grant("mentor")
    else:
        actor.revoke("mentor")
    _touch(profile)
    db.session.commit()
    return profile


def _own(model, actor: User, item_id: int):
    item = db.session.get(model, item_id)
    profile = actor.profile
    if item is None or profile is None or item.profile_id != profile.id:
        raise NotFound(_("No such item on your profile."))
    return item


def get_challenge(actor: User, challenge_id: int) -> Challenge:
    return _own(Challenge, actor, challenge_id)


def get_reform(actor: User, reform_id: int) -> Reform:
    return _own(Reform, actor, reform_id)


def add_challenge(actor: User, text: str) -> Challenge:
    profile = _locked_profile(actor)
    if _count(Challenge, profile) >= MAX_CHALLENGES:
        raise ValidationError(_("A profile lists at most %(n)s challenges.", n=MAX_CHALLENGES), field="text")
    challenge = Challenge(text=_text(text, "text"))
    profile.challenges.append(challenge)
    _touch(profile)
    _queue_embedding(actor, profile)  # the challenge and its job commit together
    return challenge


def update_challenge(actor: User, challenge_id: int, text: str) -> Challenge:
    challenge = get_challenge(actor, challenge_id)
    text = _text(text, "text")
    changed = text != challenge.text
    challenge.text = text
    if changed:
        challenge.language = None  # the job detects it again
    _touch(challenge.profile)
    if changed:
        _queue_embedding(actor, challenge.profile)  # the change and its job commit together
    else:
        db.session.commit()
    return challenge


def _keep_for_undo(profile: Profile, kind: str, fields: dict) -> RemovedText:
    """Keep a removed text for UNDO_MINUTES (older ones of anyone are dropped on the way)."""
    now = utcnow()
    db.session.execute(db.delete(RemovedText).where(RemovedText.removed_at < now - timedelta(minutes=UNDO_MINUTES)))
    removed = RemovedText(profile_id=profile.id, kind=kind, fields=fields, removed_at=now)
    db.session.add(removed)
    return removed


def delete_challenge(actor: User, challenge_id: int) -> RemovedText:
    """Remove a challenge; it can be restored for UNDO_MINUTES."""
    challenge = get_challenge(actor, challenge_id)
    profile = challenge.profile
    removed = _keep_for_undo(profile, "challenge", {"text": challenge.text})
    db.session.delete(challenge)
    _touch(profile)
    db.session.commit()
    return removed


def recently_removed(actor: User) -> list[RemovedText]:
    """My removals that can still be undone, newest first."""
    profile = my_profile(actor)
    return list(
        db.session.scalars(
            db.select(RemovedText)
            .where(
                RemovedText.profile_id == profile.id,
                RemovedText.removed_at >= utcnow() - timedelta(minutes=UNDO_MINUTES),
            )
            .order_by(RemovedText.removed_at.desc(), RemovedText.id.desc())
        )
    )


def restore_removed(actor: User, removed_id: int) -> Challenge | Reform:
    """Undo a removal within UNDO_MINUTES: the challenge or reform comes back (as a new item, analysed again)."""
    profile = my_profile(actor)
    removed = db.session.scalars(
        db.select(RemovedText).where(
            RemovedText.id == removed_id,
            RemovedText.profile_id == profile.id,
            RemovedText.removed_at >= utcnow() - timedelta(minutes=UNDO_MINUTES),
        )
    ).first()
    if removed is None:
        raise NotFound(_("This removal can no longer be undone."))
    kind, fields = removed.kind, dict(removed.fields)
    db.session.delete(removed)
    if kind == "challenge":
        return add_challenge(actor, fields["text"])
    return add_reform(actor, **fields)


def _reform_fields(data: dict) -> dict:
    status = data.get("status") or "in_progress"
    if status not in vocab.REFORM_STATUSES:
        raise ValidationError(_("Choose a status from the list."), field="status")
    year = data.get("start_year")
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        year = 0
    if year is not None and not 1950 <= year <= 2100:
        raise ValidationError(_("Use a year between 1950 and 2100."), field="start_year")
    link = _clean(data.get("link"), "link", max_length=500)
    if link and not link.lower().startswith(("https://", "http://")):
        raise ValidationError(_("Use a web address starting with https://"), field="link")
    return {
        "title": _clean(data.get("title"), "title", required=True),
        "description": _text(data.get("description"), "description"),
        "status": status,
        "start_year": year,
        "link": link,
    }


def add_reform(actor: User, **data) -> Reform:
    profile = _locked_profile(actor)
    if _count(Reform, profile) >= MAX_REFORMS:
        raise ValidationError(_("A profile lists at most %(n)s reforms.", n=MAX_REFORMS), field="title")
    reform = Reform(**_reform_fields(data))
    profile.reforms.append(reform)
    _touch(profile)
    _queue_embedding(actor, profile)  # the reform and its job commit together
    return reform


def update_reform(actor: User, reform_id: int, **data) -> Reform:
    reform = get_reform(actor, reform_id)
    fields = _reform_fields(data)
    changed = (fields["title"], fields["description"]) != (reform.title, reform.description)
    for name, value in fields.items():
        setattr(reform, name, value)
    if changed:
        reform.language = None
    _touch(reform.profile)
    if changed:
        _queue_embedding(actor, reform.profile)  # the change and its job commit together
    else:
        db.session.commit()
    return reform


def delete_reform(actor: User, reform_id: int) -> RemovedText:
    """Remove a reform; it can be restored for UNDO_MINUTES."""
    reform = get_reform(actor, reform_id)
    profile = reform.profile
    removed = _keep_for_undo(
        profile,
        "reform",
        {
            "title": reform.title,
            "description": reform.description,
            "status": reform.status,
            "start_year": reform.start_year,
            "link": reform.link,
        },
    )
    db.session.delete(reform)
    _touch(profile)
    db.session.commit()
    return removed


def refresh_embeddings(actor: User) -> Job:
    """Queue the embedding job by hand (after a failure, or for a profile imported before the engine ran)."""
    return _queue_embedding(actor, my_profile(actor))
