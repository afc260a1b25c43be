"""Imports through HTTP: dry run, all-or-nothing confirmation of the stored batch, invitations and claiming, existing
emails never duplicated, and the OGP commitments importer feeding the reform library."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from learning_hub.models import Challenge, ImportBatch, LibraryReform, Profile, User, utcnow
from tests import shared_data
from tests.directory.helpers import coordinator, text_of, upload
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "directory-import.csv"
COMMITMENTS = (
    "id,country,title,text,source_url,labels\r\n"
    "KR0001,Republic of Korea,Open fiscal data,We publish all budget execution data weekly in open formats."
    ",https://www.opengovpartnership.org/members/republic-of-korea/commitments/KR0001/,fiscal_openness\r\n"
    'XK0002,Kosovo,Beneficial ownership register,"A public register of the real owners of companies, '
    'verified against tax records.",,beneficial_ownership\r\n'
    "CI0003,Cote d'Ivoire,Déclaration de patrimoine,Les déclarations de patrimoine des élus sont publiées."
    ",https://www.opengovpartnership.org/,anti_corruption\r\n"
    "KE0004,Keyna,Open contracting,We publish every public contract in the open contracting standard.,,\r\n"
)


def _dry_run(client, data: bytes, kind: str = "profiles"):
    response = upload(client, data, kind=kind)
    assert response.status_code == 302, text_of(response)[:2000]
    return int(re.search(r"/directory/import/(\d+)$", response.headers["Location"]).group(1))


def _user(db, email):
    return db.session.scalar(db.select(User).where(User.email == email))


def test_example_file_dry_run_confirm_invite_and_claim(client, client_as, db, outbox):
    staff = client_as(coordinator())
    before = snapshot()
    batch_id = _dry_run(staff, EXAMPLE.read_bytes())
    assert changed_tables(before, snapshot()) == ["import_batch"]  # the dry run stores the batch, nothing else
    page = text_of(staff.get(f"/directory/import/{batch_id}"))
    assert "no problem in 4 rows" in page
    assert "New: 4" in page
    assert "amina.yusuf@example.org" in page
    assert staff.post(f"/directory/import/{batch_id}/confirm").status_code == 302
    batch = db.session.get(ImportBatch, batch_id)
    assert batch.status == "applied"
    assert batch.rows == []
    assert batch.summary["created"] == 4
    amina = _user(db, "amina.yusuf@example.org")
    assert amina.password_hash is None
    assert not amina.profile.is_listed
    assert not amina.has_role("mentor")
    assert amina.profile.mentor_available
    assert amina.profile.mentor_capacity == 2
    assert amina.profile.country == "NG"
    assert amina.profile.languages == ["en", "ha"]
    assert len(amina.profile.challenges) == 2
    assert amina.profile.challenges[0].language == "en"
    assert amina.profile.embedded_at is not None
    assert amina.invited_at is not None
    carlos = _user(db, "carlos.mejia@example.org")
    assert carlos.profile.challenges[0].language == "es"
    assert carlos.locale == "es"
    assert len(outbox) == 4
    assert "Invitations are emailed" in text_of(staff.get(f"/directory/import/{batch_id}"))
    assert "Open Budget Coalition" not in text_of(client_as(make_user(listed=False)).get("/directory"))

    message = next(m for m in outbox if m.to == "amina.yusuf@example.org")
    link = re.search(r"http://\S+/profile/claim/(\S+)", message.text)
    assert link
    assert "unlisted" in message.text
    claim_url = f"/profile/claim/{link.group(1)}"
    assert "Amina Yusuf" in text_of(client.get(claim_url))
    response = client.post(
        claim_url,
        data={
            "password": "a long enough secret",
            "confirm": "a long enough secret",
            "visibility": "members",
            "consent": "y",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    amina = _user(db, "amina.yusuf@example.org")
    assert amina.claimed_at is not None
    assert amina.profile.is_listed
    assert amina.check_password("a long enough secret")
    assert amina.has_role("mentor")  # the imported mentoring offer is theirs once they claim the account
    assert client.get(claim_url).status_code == 404  # single use
    assert "Amina Yusuf" in text_of(client_as(make_user(listed=False)).get("/directory?country=NG"))


def test_claim_without_consent_stays_unlisted(client, client_as, db, outbox):
    staff = client_as(coordinator())
    staff.post(f"/directory/import/{_dry_run(staff, EXAMPLE.read_bytes())}/confirm")
    token = re.search(r"/profile/claim/(\S+)", next(m for m in outbox if m.to.startswith("grace")).text).group(1)
    bad = client.post(
        f"/profile/claim/{token}", data={"password": "short", "confirm": "short", "visibility": "members"}
    )
    assert bad.status_code == 422
    assert _user(db, "grace.atieno@example.org").password_hash is None
    bad.close()
    client.post(
        f"/profile/claim/{token}",
        data={"password": "a long enough secret", "confirm": "a long enough secret", "visibility": "public"},
    )
    grace = _user(db, "grace.atieno@example.org")
    assert grace.claimed_at is not None
    assert not grace.profile.is_listed


def test_existing_emails_are_updated_or_reported_never_duplicated(client_as, db, outbox):
    member = make_user(
        "carlos.mejia@example.org", display_name="Carlos (his own words)", challenges=["Mine, written by me."]
    )
    staff = client_as(coordinator())
    staff.post(f"/directory/import/{_dry_run(staff, EXAMPLE.read_bytes())}/confirm")
    outbox.clear()
    corrected = EXAMPLE.read_bytes().replace(b"Senior Auditor", b"Chief Auditor")
    batch_id = _dry_run(staff, corrected)
    page = text_of(staff.get(f"/directory/import/{batch_id}"))
    assert "has not claimed the account yet: the profile will be updated" in page
    assert "carlos.mejia@example.org already has an account: it is left unchanged" in page
    staff.post(f"/directory/import/{batch_id}/confirm")
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email.like("%@example.org"))) == 5
    amina = _user(db, "amina.yusuf@example.org")
    assert amina.profile.role_title == "Chief Auditor"
    assert len(amina.profile.challenges) == 2
    carlos = _user(db, member.email)
    assert carlos.profile.display_name == "Carlos (his own words)"
    assert [c.text for c in carlos.profile.challenges] == ["Mine, written by me."]
    assert db.session.get(ImportBatch, batch_id).summary["unchanged"] == 1
    assert sorted(m.to for m in outbox) == [
        "amina.yusuf@example.org",
        "dewi.lestari@example.org",
        "grace.atieno@example.org",
    ]


def test_confirmation_uses_the_stored_batch_once(client_as, db):
    """A re-posted file is ignored; confirming twice, or after discarding, changes nothing more."""
    staff = client_as(coordinator())
    batch_id = _dry_run(staff, EXAMPLE.read_bytes())
    evil = b"email,display_name,country\r\nevil@example.org,Evil,KE\r\n"
    response = upload(staff.__class__(staff.application), evil)  # an anonymous upload: sent to sign in
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    staff.post(f"/directory/import/{batch_id}/confirm", data={"file": evil, "rows": "[]"})
    assert _user(db, "evil@example.org") is None
    assert _user(db, "amina.yusuf@example.org") is not None
    before = snapshot()
    response = staff.post(f"/directory/import/{batch_id}/confirm", follow_redirects=True)
    assert "already confirmed or discarded" in text_of(response)
    assert changed_tables(before, snapshot()) == []
    other = _dry_run(staff, EXAMPLE.read_bytes().replace(b"example.org", b"example.net"))
    assert staff.post(f"/directory/import/{other}/discard").status_code == 302
    assert db.session.get(ImportBatch, other).status == "discarded"
    assert db.session.get(ImportBatch, other).rows == []
    staff.post(f"/directory/import/{other}/confirm")
    assert _user(db, "amina.yusuf@example.net") is None


def test_a_registration_between_dry_run_and_confirm_is_not_duplicated(client_as, client, db, outbox):
    staff = client_as(coordinator())
    batch_id = _dry_run(staff, EXAMPLE.read_bytes())
    client.post(
        "/register",
        data={
            "display_name": "Grace",
            "email": "grace.atieno@example.org",
            "country": "KE",
            "password": "a long enough secret",
            "confirm": "a long enough secret",
        },
    )
    confirmation = next(m for m in outbox if m.to == "grace.atieno@example.org")
    client.post(re.search(r"http://[^/\s]+(/register/confirm/\S+)", confirmation.text).group(1))
    staff.post(f"/directory/import/{batch_id}/confirm")
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "grace.atieno@example.org")) == 1
    assert db.session.get(ImportBatch, batch_id).summary == {
        **db.session.get(ImportBatch, batch_id).summary,
        "created": 3,
        "unchanged": 1,
    }


def test_batches_expire_and_belong_to_their_uploader(client_as, db):
    staff = client_as(coordinator())
    batch_id = _dry_run(staff, EXAMPLE.read_bytes())
    other = client_as(coordinator("other@example.org"))
    before = snapshot()
    for method, url in (
        ("get", f"/directory/import/{batch_id}"),
        ("post", f"/directory/import/{batch_id}/confirm"),
        ("post", f"/directory/import/{batch_id}/discard"),
    ):
        response = getattr(other, method)(url)
        assert response.status_code == 404, url
        response.close()
    assert changed_tables(before, snapshot()) == []
    admin = client_as(make_user("boss@example.org", roles=("admin",)))
    assert admin.get(f"/directory/import/{batch_id}").status_code == 200
    batch = db.session.get(ImportBatch, batch_id)
    batch.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    response = staff.post(f"/directory/import/{batch_id}/confirm", follow_redirects=True)
    assert "more than a day old" in text_of(response)
    assert _user(db, "amina.yusuf@example.org") is None
    _dry_run(staff, EXAMPLE.read_bytes())  # a new dry run purges the expired batch
    old = db.select(db.func.count(ImportBatch.id)).where(ImportBatch.created_at < utcnow() - timedelta(hours=24))
    assert db.session.scalar(old) == 0


def test_bom_and_country_names_are_handled(client_as, db):
    staff = client_as(coordinator())
    data = b"\xef\xbb\xbf" + b"Email , Display_Name,COUNTRY\r\nana@example.org,Ana,Philipines\r\n"
    batch_id = _dry_run(staff, data)
    page = text_of(staff.get(f"/directory/import/{batch_id}"))
    assert "“Philipines” read as Philippines (PH)" in page


def test_commitments_import_fills_the_reform_library(client_as, db):
    staff = client_as(coordinator())
    batch_id = _dry_run(staff, COMMITMENTS.encode(), kind="commitments")
    page = text_of(staff.get(f"/directory/import/{batch_id}"))
    assert "is not used by this import and is ignored" in page
    assert "“Keyna” read as Kenya (KE)" in page
    staff.post(f"/directory/import/{batch_id}/confirm")
    rows = {r.external_id: r for r in db.session.scalars(db.select(LibraryReform))}
    assert {k: r.country for k, r in rows.items()} == {"KR0001": "KR", "XK0002": "XK", "CI0003": "CI", "KE0004": "KE"}
    assert rows["CI0003"].language == "fr"
    again = _dry_run(
        staff, COMMITMENTS.replace("Open fiscal data", "Open fiscal data weekly").encode(), kind="commitments"
    )
    assert "Updated: 4" in text_of(staff.get(f"/directory/import/{again}"))
    staff.post(f"/directory/import/{again}/confirm")
    assert db.session.scalar(db.select(db.func.count(LibraryReform.id))) == 4
    library = text_of(client_as(None).get("/directory/library?country=KR"))
    assert "Open fiscal data weekly" in library
    assert "1 commitment" in library
    reformer = make_user(country="KE", challenges=["We need a public register of the real owners of companies."])
    from learning_hub.directory.tasks import embed_all

    embed_all()
    page = text_of(client_as(reformer).get(f"/directory/{reformer.profile.id}"))
    answers = page.split("Commitments abroad that answer these challenges", 1)[1]
    assert "Beneficial ownership register" in answers
    assert "Open contracting" not in answers


def test_the_real_ogp_export_imports_cleanly(client_as, db):
    """All 558 real OGP parliament commitments (69 countries, names as OGP writes them) pass the dry run."""
    ogp_data = shared_data.require("ogp_parliament_commitments.csv")
    staff = client_as(coordinator())
    batch_id = _dry_run(staff, ogp_data.read_bytes(), kind="commitments")
    batch = db.session.get(ImportBatch, batch_id)
    assert batch.row_count == 558
    assert {row["country"] for row in batch.rows} >= {"KR", "XK", "CI", "KG", "SK"}


def test_import_page_lists_recent_batches(client_as, db):
    staff = client_as(coordinator())
    _dry_run(staff, EXAMPLE.read_bytes())
    page = text_of(staff.get("/directory/import"))
    assert "people.csv" in page
    assert "pending" in page
    assert db.session.scalar(db.select(db.func.count(Challenge.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Profile.id))) == 1  # only the coordinator's own
