"""Background jobs of the directory: embed a profile's texts (and their sentences, so that search can show the
sentence that matched without embedding at request time), embed many profiles, embed the reform library, and
finish an import (invitations, then embeddings)."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.extensions import db
from learning_hub.models import Challenge, LibraryReform, Profile, Reform, utcnow
from matching import detect_language, split_sentences

_BATCH = 200  # profiles per step of a bulk job: bounds memory and gives the page a moving progress bar


def texts_to_embed(texts: list[str]) -> list[str]:
    """The texts, then the sentences of every text that has more than one (the cache skips repeats)."""
    out = list(texts)
    for text in texts:
        parts = split_sentences(text)
        if len(parts) > 1:
            out.extend(parts)
    return out


def _embed_profiles(profile_ids: list[int], progress=None, echo_progress: bool = False) -> int:
    done = 0
    for start in range(0, len(profile_ids), _BATCH):
        ids = profile_ids[start : start + _BATCH]
        challenges = list(db.session.scalars(db.select(Challenge).where(Challenge.profile_id.in_(ids))))
        reforms = list(db.session.scalars(db.select(Reform).where(Reform.profile_id.in_(ids))))
        engine.embed_texts(
            texts_to_embed([c.text for c in challenges] + [r.text for r in reforms]), progress=echo_progress
        )
        for item in challenges + reforms:
            language = detect_language(item.text)
            if item.language != language:
                item.language = language
        now = utcnow()
        db.session.execute(db.update(Profile).where(Profile.id.in_(ids)).values(embedded_at=now))
        db.session.commit()
        done += len(ids)
        if progress is not None:
            progress(int(100 * done / len(profile_ids)), f"{done}/{len(profile_ids)}")
    return done


def embed_profile(job, progress, profile_id: int) -> dict:
    """Embed one profile's changed texts; record each text's language."""
    if db.session.get(Profile, profile_id) is None:
        return {"profiles": 0}
    return {"profiles": _embed_profiles([profile_id])}


def embed_profiles(job, progress, profile_ids: list[int] | None = None) -> dict:
    """Embed many profiles (all of them when no ids are given)."""
    if profile_ids is None:
        return {"profiles": embed_all(progress=progress)}
    return {"profiles": _embed_profiles(profile_ids, progress)}


def embed_library(progress=None, echo_progress: bool = False) -> int:
    items = list(db.session.scalars(db.select(LibraryReform).order_by(LibraryReform.id)))
    for start in range(0, len(items), _BATCH):
        chunk = items[start : start + _BATCH]
        engine.embed_texts(texts_to_embed([item.text for item in chunk]), progress=echo_progress)
        for item in chunk:
            language = detect_language(item.text)
            if item.language != language:
                item.language = language
        db.session.commit()
        if progress is not None:
            progress(int(100 * min(len(items), start + _BATCH) / len(items)))
    # New vectors change no column of their own: bump the stamp the library's in-memory index watches.
    db.session.execute(db.update(LibraryReform).values(updated_at=utcnow()))
    db.session.commit()
    return len(items)


def embed_library_task(job, progress) -> dict:
    """Embed the reform library (after an OGP commitments import)."""
    return {"reforms": embed_library(progress)}


def finish_import(job, progress, batch_id: int) -> dict:
    """After a profile import: email the invitations, then embed the imported profiles."""
    from learning_hub.directory.imports.services import send_invitations

    sent, profile_ids = send_invitations(batch_id, progress)
    progress(30, f"{sent} invitations queued")
    embedded = _embed_profiles(profile_ids, lambda pct, msg=None: progress(30 + int(0.7 * pct), msg))
    return {"invitations": sent, "profiles": embedded}


def embed_all(echo_progress: bool = False, progress=None) -> int:
    """Embed every profile's texts now (CLI and demo data), and the search's background texts; cached texts cost
    nothing."""
    engine.embed_background()
    ids = list(db.session.scalars(db.select(Profile.id).order_by(Profile.id)))
    return _embed_profiles(ids, progress, echo_progress=echo_progress)


def embed_profile_ids(profile_ids: list[int], echo=print) -> int:
    """Embed these profiles now, printing progress every tenth (the synthesize command)."""
    shown = {"tenth": -1}

    def progress(percent: int, message: str | None = None) -> None:
        if percent // 10 != shown["tenth"]:
            shown["tenth"] = percent // 10
            echo(f"  embedding: {message}")

    return _embed_profiles(profile_ids, progress)
