"""The directory's part of "download my data" and "delete my account" (docs/PRIVACY.md)."""

from __future__ import annotations

import json

from learning_hub import engine
from learning_hub.directory.tasks import embed_all, texts_to_embed
from learning_hub.models import (
    Challenge,
    EmbeddingCacheEntry,
    ImportBatch,
    Job,
    Profile,
    ProfileLanguage,
    Reform,
    User,
)
from matching import cache_key
from tests.directory.helpers import coordinator, upload
from tests.directory.test_import_routes import EXAMPLE
from tests.factories import DEFAULT_PASSWORD, make_user

SHARED = "Budget documents are published too late for citizens to comment."
OWN = "Our asset declarations are never checked. Nobody reads them."


def test_download_my_data_includes_the_directory(client_as):
    user = make_user(gender="non_binary", challenges=[OWN], reforms=["Open budgets for every county."])
    response = client_as(user).get("/account?format=json")
    data = json.loads(response.get_data(as_text=True))
    response.close()
    directory = data["directory"]
    assert directory["profile"]["gender"] == "non_binary"  # the owner's own data, in full
    assert directory["challenges"][0]["text"] == OWN
    assert directory["reforms"][0]["title"]
    assert directory["profile"]["consented_at"].endswith("Z")
    assert directory["profile"]["listed"] is True


def test_delete_account_removes_the_profile_texts_and_vectors(client_as, db):
    user = make_user(challenges=[OWN, SHARED], reforms=["Open budgets for every county."])
    make_user(challenges=[SHARED])  # someone else wrote the same sentence: its vector stays
    embed_all()
    client = client_as(user)
    client.post("/profile/challenges", data={"challenge-text": "Another challenge about procurement portals."})
    profile_id, user_id = user.profile.id, user.id
    enc = engine.encoder()
    own_keys = {cache_key(enc, t) for t in texts_to_embed([OWN])}
    shared_key = cache_key(enc, SHARED)
    assert db.session.scalar(
        db.select(db.func.count()).select_from(EmbeddingCacheEntry).where(EmbeddingCacheEntry.key.in_(own_keys))
    ) == len(own_keys)
    response = client.post("/account", data={"delete-password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert db.session.scalar(db.select(User).where(User.id == user_id)) is None
    assert db.session.scalar(db.select(Profile).where(Profile.id == profile_id)) is None
    assert db.session.scalar(db.select(db.func.count(Challenge.id)).where(Challenge.profile_id == profile_id)) == 0
    assert db.session.scalar(db.select(db.func.count(Reform.id)).where(Reform.profile_id == profile_id)) == 0
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(ProfileLanguage).where(ProfileLanguage.profile_id == profile_id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(EmbeddingCacheEntry).where(EmbeddingCacheEntry.key.in_(own_keys))
        )
        == 0
    )
    assert db.session.get(EmbeddingCacheEntry, shared_key) is not None
    assert db.session.scalar(db.select(db.func.count(Job.id)).where(Job.subject == f"profile:{profile_id}")) == 0


def test_deleting_a_coordinator_drops_pending_imports_and_keeps_counts(client_as, db):
    staff_user = coordinator()
    staff = client_as(staff_user)
    upload(staff, EXAMPLE.read_bytes()).close()
    applied = db.session.scalar(db.select(ImportBatch.id))
    staff.post(f"/directory/import/{applied}/confirm")
    upload(staff, EXAMPLE.read_bytes().replace(b"example.org", b"example.net")).close()
    assert db.session.scalar(db.select(db.func.count(ImportBatch.id))) == 2
    staff.post("/account", data={"delete-password": DEFAULT_PASSWORD})
    batches = db.session.scalars(db.select(ImportBatch)).all()
    assert len(batches) == 1
    assert batches[0].status == "applied"
    assert batches[0].created_by_id is None
    assert batches[0].rows == []
    assert batches[0].summary["created"] == 4
    # the people the coordinator imported keep their accounts: they are not the coordinator's personal data
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email.like("%@example.org"))) == 4
