"""The one lifecycle of a computation the engine runs in a background job and a person then reviews: a match run
(peer exchange) or a mentor assignment (mentoring). Both tables have `status` (ComputationStatus), `error`,
`finished_at`, `published_at` and `published_by_id`.

    PENDING --claim--> RUNNING --finish--> READY <--publish/unpublish--> PUBLISHED
       ^                  |  \\--fail----> FAILED
       +----requeue-------+----------------/        (the job goes back to the queue: start over)
    interrupt: PENDING or RUNNING -> FAILED          (the reaper gave up on the job)

Every transition is a conditional update, so two workers, or a worker and a person, never both move one row.
"""

from __future__ import annotations

from collections.abc import Callable

from learning_hub.extensions import db
from learning_hub.models import ComputationStatus, utcnow

Status = ComputationStatus
UNEXPECTED = "The matching engine stopped unexpectedly; the error is in the server log."


def _move(model, row_id: int | None, from_: tuple[Status, ...], *conditions, **values) -> bool:
    moved = db.session.execute(
        db.update(model)
        .where(model.id == row_id, model.status.in_([s.value for s in from_]), *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return moved.rowcount == 1


def claim(model, row_id: int) -> bool:
    """PENDING -> RUNNING, committed; False when the row is gone or another worker has it."""
    claimed = _move(model, row_id, (Status.PENDING,), status=Status.RUNNING.value)
    db.session.commit()
    return claimed


def requeue(model, row_id: int | None) -> None:
    """RUNNING or FAILED -> PENDING, in the caller's transaction (the job goes back to the queue)."""
    _move(model, row_id, (Status.RUNNING, Status.FAILED), status=Status.PENDING.value, error=None, finished_at=None)


def interrupt(model, row_id: int | None, message: str) -> None:
    """PENDING or RUNNING -> FAILED, in the caller's transaction (the reaper ended the job)."""
    _move(
        model,
        row_id,
        (Status.PENDING, Status.RUNNING),
        status=Status.FAILED.value,
        error=message,
        finished_at=utcnow(),
    )


def fail(model, row_id: int, message: str) -> None:
    """Whatever the computation wrote is dropped; the row ends FAILED with the message, committed."""
    db.session.rollback()
    db.session.execute(
        db.update(model)
        .where(model.id == row_id)
        .values(status=Status.FAILED.value, error=message[:2000], finished_at=utcnow())
    )
    db.session.commit()


def finish(row) -> None:
    """RUNNING -> READY on the loaded row; the caller commits it with the results."""
    row.status, row.finished_at = Status.READY.value, utcnow()


def publish(model, row_id: int, actor) -> bool:
    """READY -> PUBLISHED, in the caller's transaction; False when the row is not ready (the caller refuses)."""
    return _move(
        model,
        row_id,
        (Status.READY,),
        status=Status.PUBLISHED.value,
        published_at=utcnow(),
        published_by_id=actor.id,
    )


def unpublish(model, row_id: int, *conditions) -> bool:
    """PUBLISHED -> READY (reviewable and publishable again), in the caller's transaction, when `conditions` (extra
    WHERE clauses: the undo window, nobody has answered) still hold; False otherwise."""
    return _move(
        model,
        row_id,
        (Status.PUBLISHED,),
        *conditions,
        status=Status.READY.value,
        published_at=None,
        published_by_id=None,
    )


def run(model, row_id: int, compute: Callable, progress: Callable, expected: tuple[type[Exception], ...]) -> None:
    """Claim the row, then `compute(row, progress)`. An expected refusal ends it FAILED with its words; anything else
    ends it FAILED with a generic message and is raised (the job records it and the log has the traceback)."""
    if not claim(model, row_id):
        return
    try:
        compute(db.session.get(model, row_id), progress)
    except expected as exc:
        fail(model, row_id, str(exc))
    except Exception:
        fail(model, row_id, UNEXPECTED)
        raise
