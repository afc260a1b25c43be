"""Coordinator imports: a dry run that lists every problem and stores the validated batch server-side, then an
all-or-nothing confirmation of that stored batch (never of a re-posted file), then a job that emails invitations.

Imported people get an account without a password and an unlisted profile; they appear in the directory only after
claiming the account from the emailed link and consenting. An email that already has an account is never
duplicated: an imported, still unclaimed account is updated; an account its owner uses is reported and left alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from learning_hub import audit, jobs
from learning_hub.directory.browse.library import apply_commitments, existing_commitments
from learning_hub.directory.imports import rows as rowcheck
from learning_hub.directory.imports.csvread import Problem, read_csv
from learning_hub.email import send_email
from learning_hub.errors import Conflict, NotFound, ValidationError
from learning_hub.extensions import db
from learning_hub.models import (
    IMPORT_KINDS,
    Challenge,
    ImportBatch,
    Job,
    OutgoingEmailRow,
    Profile,
    Reform,
    User,
    utcnow,
)
from learning_hub.models.directory import ImportStatus

BATCH_MAX_AGE = timedelta(hours=24)
PREVIEW_ROWS = 20
_IN_CHUNK = 500


@dataclass
class DryRun:
    kind: str
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    batch: ImportBatch | None = None
    counts: dict = field(default_factory=dict)


def _limits(kind: str) -> dict:
    if kind == "profiles":
        return {
            "required": rowcheck.PROFILE_REQUIRED,
            "optional": rowcheck.PROFILE_OPTIONAL,
            "allow_extra": False,
            "max_bytes": 2 * 1024 * 1024,
            "max_rows": 5000,
            "max_cell": 5000,
            "text_columns": ("challenges", "reform_description"),
            "list_columns": ("languages", "policy_areas", "challenges"),
        }
    # OGP exports carry a dozen more columns, and commitment texts reach 28,000 characters.
    return {
        "required": rowcheck.COMMITMENT_REQUIRED,
        "allow_extra": True,
        "max_bytes": 4 * 1024 * 1024,
        "max_rows": 5000,
        "max_cell": 60000,
        "text_columns": ("text", "title"),  # OGP's own titles run over several lines
    }


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found = {}
    for start in range(0, len(emails), _IN_CHUNK):
        for user in db.session.scalars(db.select(User).where(User.email.in_(emails[start : start + _IN_CHUNK]))):
            found[user.email] = user
    return found


def dry_run(actor: User | None, kind: str, filename: str | None, data: bytes) -> DryRun:
    """Validate a file. Valid: store it as a pending batch (committed) and return it. Invalid: write nothing."""
    if kind not in IMPORT_KINDS:
        raise ValidationError(_("Choose what the file contains."), field="kind")
    result = DryRun(kind)
    table = read_csv(data, **_limits(kind))
    result.problems, result.notices = list(table.problems), list(table.notices)
    if table.problems:
        return result
    check = rowcheck.profile_row if kind == "profiles" else rowcheck.commitment_row
    clean, first_row_of = [], {}
    column = "email" if kind == "profiles" else "id"
    for number, cells in table.rows:
        key = cells.get(column, "").strip().lower() if kind == "profiles" else cells.get(column, "")
        if key and key in first_row_of:
            result.problems.append(
                Problem(
                    number, column, _("“%(value)s” also appears in row %(other)s.", value=key, other=first_row_of[key])
                )
            )
        elif key:
            first_row_of[key] = number
        row = check(number, cells, result.problems, result.notices)
        if row is not None:
            clean.append(row)
    if result.problems:
        return result
    result.counts = _profile_counts(clean, result.notices) if kind == "profiles" else _commitment_counts(clean)
    purge_expired()
    result.batch = ImportBatch(
        kind=kind,
        created_by_id=getattr(actor, "id", None),
        filename=(filename or "")[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(clean),
        rows=clean,
        notices=[[p.row, p.column, p.message] for p in result.notices],
        summary={"expected": result.counts},
    )
    db.session.add(result.batch)
    db.session.commit()
    return result


def _profile_counts(clean: list[dict], notices: list) -> dict:
    existing = _users_by_email([row["email"] for row in clean])
    counts = {"rows": len(clean), "new": 0, "update": 0, "unchanged": 0}
    for row in clean:
        user = existing.get(row["email"])
        if user is None:
            counts["new"] += 1
        elif user.password_hash is None:
            counts["update"] += 1
            notices.append(
                Problem(
                    row["row"],
                    "email",
                    _(
                        "%(email)s was imported before and has not claimed the "
                        "account yet: the profile will be updated.",
                        email=row["email"],
                    ),
                )
            )
        else:
            counts["unchanged"] += 1
            notices.append(
                Problem(
                    row["row"],
                    "email",
                    _(
                        "%(email)s already has an account: it is left unchanged (its owner manages the profile).",
                        email=row["email"],
                    ),
                )
            )
    return counts


def _commitment_counts(clean: list[dict]) -> dict:
    existing = existing_commitments([row["id"] for row in clean])
    updates = sum(1 for row in clean if row["id"] in existing)
    return {"rows": len(clean), "new": len(clean) - updates, "update": updates, "unchanged": 0}


def purge_expired() -> int:
    """Pending batches older than a day hold personal data nobody confirmed: delete them."""
    cutoff = utcnow() - BATCH_MAX_AGE
    return db.session.execute(
        db.delete(ImportBatch).where(ImportBatch.status == ImportStatus.PENDING, ImportBatch.created_at < cutoff)
    ).rowcount


def get_batch(actor: User, batch_id: int) -> ImportBatch:
    """Only the coordinator who uploaded a batch (or an admin) sees it: it holds other people's data."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not (actor.is_admin or batch.created_by_id == actor.id):
        raise NotFound(_("No such import."))
    return batch


def batch_job(batch: ImportBatch) -> Job | None:
    return db.session.get(Job, batch.job_id) if batch.job_id else None


def recent_batches(actor: User, limit: int = 10) -> list[ImportBatch]:
    query = db.select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
    if not actor.is_admin:
        query = query.where(ImportBatch.created_by_id == actor.id)
    return list(db.session.scalars(query))


def _claim_pending(batch: ImportBatch, status: str) -> None:
    """Atomic state change: of two concurrent confirmations of one batch, exactly one proceeds."""
    if batch.status != ImportStatus.PENDING:
        raise Conflict(_("This import was already confirmed or discarded."))
    if batch.created_at < utcnow() - BATCH_MAX_AGE:
        raise Conflict(_("This dry run is more than a day old. Upload the file again."))
    done = db.session.execute(
        db.update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.status == ImportStatus.PENDING)
        .values(status=status, applied_at=utcnow())
    )
    if done.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("This import was already confirmed or discarded."))


def discard(actor: User, batch_id: int) -> ImportBatch:
    return discard_batch(get_batch(actor, batch_id), actor=actor)


def discard_batch(batch: ImportBatch, actor: User | None = None) -> ImportBatch:
    """Drop a pending batch and the personal data it holds (also used by the CLI's dry run)."""
    _claim_pending(batch, "discarded")
    batch.rows = []
    if actor is not None:  # a coordinator's decision (the command line's dry run discards its own batch)
        audit.record(
            actor, "directory.import_discarded", target_type="import_batch", target_id=batch.id, kind=batch.kind
        )
    db.session.commit()
    return batch


def confirm(actor: User | None, batch_id: int, *, batch: ImportBatch | None = None) -> ImportBatch:
    """Apply the stored batch in one transaction, then queue the follow-up job (invitations, embeddings)."""
    batch = batch or get_batch(actor, batch_id)
    _claim_pending(batch, "applied")
    try:
        summary = _apply_profiles(batch.rows) if batch.kind == "profiles" else apply_commitments(batch.rows, batch.id)
        batch.rows = []  # the personal data leaves the batch; the accounts and profiles now hold it
        batch.summary = dict(batch.summary or {}, **summary)
        audit.record(
            actor,
            "directory.import_confirmed",
            target_type="import_batch",
            target_id=batch.id,
            kind=batch.kind,
            filename=batch.filename,
            **{key: value for key, value in summary.items() if isinstance(value, int)},
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            _("Someone created an account with one of these emails meanwhile. Run the dry run again.")
        ) from None
    kind = "directory.finish_import" if batch.kind == "profiles" else "directory.embed_library"
    payload = {"batch_id": batch.id} if batch.kind == "profiles" else {}
    job = jobs.enqueue(kind, subject=f"import:{batch.id}", actor=actor, **payload)
    batch = db.session.get(ImportBatch, batch.id)
    batch.job_id = job.id
    db.session.commit()
    return batch


def _apply_profiles(rows: list[dict]) -> dict:
    existing = _users_by_email([row["email"] for row in rows])
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    invited: list[User] = []
    for row in rows:
        user = existing.get(row["email"])
        if user is not None and user.password_hash is not None:
            counts["unchanged"] += 1
            continue
        if user is None:
            user = User(email=row["email"], locale=row["locale"])
            # "members" is what they will be listed as once they consent; until then consented_at is None.
            user.profile = Profile(display_name=row["display_name"], visibility="members", consented_at=None)
            db.session.add(user)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        _fill(user, row)
        invited.append(user)
    db.session.flush()
    counts["invite_user_ids"] = [user.id for user in invited]
    counts["profile_ids"] = [user.profile.id for user in invited]
    return counts


def _fill(user: User, row: dict) -> None:
    profile = user.profile or Profile(visibility="members")
    user.profile = profile
    if row["locale"]:
        user.locale = row["locale"]
    profile.display_name, profile.country, profile.sector = row["display_name"], row["country"], row["sector"]
    profile.organisation, profile.role_title = row["organisation"], row["role_title"]
    profile.languages, profile.policy_areas = row["languages"], row["policy_areas"]
    # The mentoring offer is recorded now; the mentor role follows when the person claims the account (an
    # unclaimed account holds no role, so no mentoring list can reach someone who has not agreed to anything).
    profile.mentor_available, profile.mentor_capacity = row["mentor_capacity"] > 0, row["mentor_capacity"]
    profile.challenges = [Challenge(text=text) for text in row["challenges"]]
    if row["reform"]:
        profile.reforms = [Reform(**row["reform"])]
    profile.updated_at = utcnow()


def send_invitations(batch_id: int, progress=None) -> tuple[int, list[int]]:
    """Email a single-use claim link to each imported person who has not claimed the account yet.

    Safe to run again (a killed job is re-queued by the reaper, or retried): each person's link and email are
    written in one transaction with a per-recipient sent marker (the outbox's dedupe key), so a second run skips
    everyone already invited and invites only the rest."""
    from learning_hub.auth.services import issue_token

    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        return 0, []
    max_age = current_app.config["INVITATION_MAX_AGE"]
    user_ids = list(batch.summary.get("invite_user_ids", []))
    profile_ids = list(batch.summary.get("profile_ids", []))
    sent = 0
    for done, user_id in enumerate(user_ids, start=1):
        key = invitation_marker(batch_id, user_id)
        if db.session.scalar(db.select(OutgoingEmailRow.id).where(OutgoingEmailRow.dedupe_key == key)):
            continue  # invited by an earlier run of this job
        user = db.session.get(User, user_id)
        if user is None or user.password_hash is not None or not user.active:
            continue
        token = issue_token(user, "invitation", max_age)
        user.invited_at = utcnow()
        with current_app.test_request_context():  # jobs may run outside a request: build the path on its own
            path = url_for("directory.claim", token=token)
        locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):  # the job may run outside any request: no locale to select from a session
            subject = _("You are invited to Learning Hub")
        send_email(
            user.email,
            subject,
            "directory_invitation",
            locale=locale,
            dedupe_key=key,
            user=user,
            link=current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path,
            days=max_age.days,
        )
        db.session.commit()  # the link, the invited mark and the outbox row (the sent marker) together
        sent += 1
        if progress is not None and (done % 50 == 0 or done == len(user_ids)):
            progress(int(30 * done / len(user_ids)), f"{done}/{len(user_ids)} invitations")
    return sent, profile_ids


def invitation_marker(batch_id: int, user_id: int) -> str:
    return f"import:{batch_id}:invitation:{user_id}"
