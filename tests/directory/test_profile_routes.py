"""My profile through HTTP: details, listing and consent, mentoring, challenges and reforms, and the embedding job
that follows a change (only changed text is embedded again)."""

from __future__ import annotations

from learning_hub import engine
from learning_hub.models import Challenge, EmbeddingCacheEntry, Job, Profile, Reform
from tests.directory.helpers import text_of
from tests.factories import make_user
from tests.helpers import changed_tables, snapshot

CHALLENGE = "Our beneficial ownership register is never verified. Shell companies hide the real owners."
REFORM = {
    "reform-title": "Open contracting portal",
    "reform-description": "We publish every public contract in "
    "the open contracting data standard. Amendments are published too.",
    "reform-status": "completed",
    "reform-start_year": "2019",
    "reform-link": "https://example.org/contracts",
}


class CountingEncoder:
    """Wraps the configured encoder and records every text it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.name, self.identity, self.dim, self.cacheable = inner.name, inner.identity, inner.dim, True

    def encode(self, texts, progress=False):
        self.calls.extend(texts)
        return self.inner.encode(texts)


def test_profile_page_needs_sign_in_and_shows_my_data(client, client_as):
    """Anonymous visitors go to sign in; the owner sees their own private gender in the form."""
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    user = make_user(gender="woman", listed=False)
    page = text_of(client_as(user).get("/profile"))
    assert "Not listed" in page
    assert '<option selected value="woman">' in page


def test_edit_details(client_as, db):
    user = make_user(country="KE", languages=("en",))
    client = client_as(user)
    response = client.post(
        "/profile/details",
        data={
            "details-display_name": "Wanjiru Otieno",
            "details-country": "GH",
            "details-sector": "legislature",
            "details-organisation": "Parliament",
            "details-role_title": "Clerk",
            "details-bio": "I run committees.",
            "details-languages": ["en", "sw"],
            "details-policy_areas": ["open_parliament", "open_data"],
            "details-gender": "woman",
        },
    )
    assert response.status_code == 302
    profile = db.session.get(Profile, user.profile.id)
    assert (profile.display_name, profile.country, profile.sector, profile.gender) == (
        "Wanjiru Otieno",
        "GH",
        "legislature",
        "woman",
    )
    assert profile.languages == ["en", "sw"]
    assert profile.policy_areas == ["open_data", "open_parliament"]


def test_edit_details_rejects_bad_input_without_changes(client_as, db):
    """Unknown choices, NUL bytes and over-long values: 422 with the message, database unchanged."""
    client = client_as(make_user())
    base = {"details-display_name": "Name", "details-country": "KE"}
    cases = [
        ({"details-country": "XX"}, "Choose one of the options."),
        ({"details-languages": ["xx"]}, "Choose among the options."),
        ({"details-display_name": "A\x00B"}, "control characters"),
        ({"details-display_name": ""}, "required"),
        ({"details-bio": "x" * 2001}, "2000"),
        ({"details-gender": "robot"}, "Choose one of the options."),
    ]
    for overrides, expected in cases:
        before = snapshot()
        response = client.post("/profile/details", data={**base, **overrides})
        assert response.status_code == 422, overrides
        assert expected.lower() in text_of(response).lower(), overrides
        assert changed_tables(before, snapshot()) == [], overrides


def test_listing_and_consent_are_timestamped(client_as, db):
    user = make_user(listed=False)
    client = client_as(user)
    assert (
        client.post("/profile/listing", data={"listing-visibility": "public", "listing-consent": "y"}).status_code
        == 302
    )
    profile = db.session.get(Profile, user.profile.id)
    assert profile.is_listed
    assert profile.visibility == "public"
    assert profile.consented_at is not None
    first = profile.consented_at
    client.post("/profile/listing", data={"listing-visibility": "members", "listing-consent": "y"})
    assert db.session.get(Profile, user.profile.id).consented_at == first  # still the original agreement
    client.post("/profile/listing", data={"listing-visibility": "members"})
    profile = db.session.get(Profile, user.profile.id)
    assert profile.consented_at is None
    assert not profile.is_listed
    response = client.post("/profile/listing", data={"listing-visibility": "everyone"})
    assert response.status_code == 422


def test_mentoring_grants_and_revokes_the_mentor_role(client_as, db):
    user = make_user()
    client = client_as(user)
    assert (
        client.post("/profile/mentoring", data={"mentoring-available": "y", "mentoring-capacity": "3"}).status_code
        == 302
    )
    db.session.refresh(user)
    assert user.has_role("mentor")
    assert user.profile.mentor_capacity == 3
    response = client.post("/profile/mentoring", data={"mentoring-available": "y"})
    assert response.status_code == 422
    assert "1 to 20" in text_of(response)
    assert (
        client.post("/profile/mentoring", data={"mentoring-available": "y", "mentoring-capacity": "21"}).status_code
        == 422
    )
    client.post("/profile/mentoring", data={})
    db.session.refresh(user)
    assert not user.has_role("mentor")
    assert user.profile.mentor_capacity == 0
    assert not user.profile.mentor_available


def test_challenge_add_edit_remove_and_only_changed_text_is_embedded(app, client_as, db):
    counting = CountingEncoder(engine.encoder())
    app.extensions["matching"]["encoder"] = counting
    try:
        user = make_user(challenges=())
        client = client_as(user)
        assert client.post("/profile/challenges", data={"challenge-text": CHALLENGE}).status_code == 302
        challenge = db.session.scalar(db.select(Challenge).where(Challenge.profile_id == user.profile.id))
        challenge_id = challenge.id
        assert challenge.language == "en"  # recorded by the job
        assert CHALLENGE in counting.calls
        assert "Shell companies hide the real owners." in counting.calls
        job = db.session.scalar(db.select(Job).where(Job.subject == f"profile:{user.profile.id}"))
        assert job.kind == "directory.embed_profile"
        assert job.status == "done"
        assert "Your texts are analysed" in text_of(client.get("/profile"))

        counting.calls.clear()
        client.post(
            "/profile/challenges",
            data={"challenge-text": "Los pedidos de información quedan sin respuesta durante meses."},
        )
        assert CHALLENGE not in counting.calls
        assert len(counting.calls) == 1
        spanish = db.session.scalars(db.select(Challenge).order_by(Challenge.id)).all()[1]
        assert spanish.language == "es"

        counting.calls.clear()
        edited = CHALLENGE + " Nobody is sanctioned."
        assert client.post(f"/profile/challenges/{challenge_id}", data={"text": edited}).status_code == 302
        assert edited in counting.calls
        assert CHALLENGE not in counting.calls
        counting.calls.clear()
        client.post(f"/profile/challenges/{challenge_id}", data={"text": edited})
        assert counting.calls == []  # saved unchanged: no job, nothing embedded
        assert client.post(f"/profile/challenges/{challenge_id}/delete").status_code == 302
        assert db.session.scalar(db.select(Challenge).where(Challenge.id == challenge_id)) is None
    finally:
        app.extensions["matching"]["encoder"] = counting.inner


def test_reform_add_edit_remove(client_as, db):
    user = make_user()
    client = client_as(user)
    assert client.post("/profile/reforms", data=REFORM).status_code == 302
    reform = db.session.scalar(db.select(Reform).where(Reform.profile_id == user.profile.id))
    assert (reform.title, reform.status, reform.start_year, reform.language) == (
        "Open contracting portal",
        "completed",
        2019,
        "en",
    )
    page = text_of(client.get(f"/profile/reforms/{reform.id}"))
    assert "Open contracting portal" in page
    data = {key.removeprefix("reform-"): value for key, value in REFORM.items()}
    assert client.post(f"/profile/reforms/{reform.id}", data={**data, "status": "stalled"}).status_code == 302
    assert db.session.get(Reform, reform.id).status == "stalled"
    for bad in ({"start_year": "1800"}, {"link": "javascript:alert(1)"}, {"description": "short"}, {"status": "done"}):
        before = snapshot()
        response = client.post(f"/profile/reforms/{reform.id}", data={**data, **bad})
        assert response.status_code == 422, bad
        response.close()
        assert changed_tables(before, snapshot()) == [], bad
    reform_id = reform.id
    assert client.post(f"/profile/reforms/{reform_id}/delete").status_code == 302
    assert db.session.scalar(db.select(Reform).where(Reform.id == reform_id)) is None


def test_other_peoples_items_are_404_and_unchanged(client_as, db):
    """Editing or deleting someone else's challenge or reform: 404, nothing changes."""
    owner = make_user(challenges=[CHALLENGE], reforms=["Asset declarations online for all judges."])
    intruder = client_as(make_user())
    challenge_id, reform_id = owner.profile.challenges[0].id, owner.profile.reforms[0].id
    before = snapshot()
    for method, url, data in (
        ("get", f"/profile/challenges/{challenge_id}", None),
        ("post", f"/profile/challenges/{challenge_id}", {"text": "x" * 30}),
        ("post", f"/profile/challenges/{challenge_id}/delete", {}),
        ("get", f"/profile/reforms/{reform_id}", None),
        ("post", f"/profile/reforms/{reform_id}/delete", {}),
        ("get", "/profile/challenges/2147483648", None),
    ):
        response = getattr(intruder, method)(url, data=data)
        assert response.status_code == 404, url
        response.close()
    assert changed_tables(before, snapshot()) == []


def test_limits_on_number_of_challenges(client_as, db):
    user = make_user(challenges=[f"Challenge number {n} about open budgets." for n in range(10)])
    response = client_as(user).post("/profile/challenges", data={"challenge-text": CHALLENGE})
    assert response.status_code == 422
    assert "at most 10" in text_of(response)


def test_failed_job_shows_and_can_be_retried(app, client_as, db):
    class Broken:
        name, identity, dim, cacheable = "broken", "broken:1", 8, True

        def encode(self, texts, progress=False):
            raise RuntimeError("model missing")

    real = engine.encoder()
    app.extensions["matching"]["encoder"] = Broken()
    try:
        user = make_user()
        client = client_as(user)
        client.post("/profile/challenges", data={"challenge-text": CHALLENGE})
        page = text_of(client.get("/profile"))
        assert "This job failed" in page
        assert "model missing" in page
        assert "Try again" in page
    finally:
        app.extensions["matching"]["encoder"] = real
    assert client.post("/profile/refresh").status_code == 302
    assert "Your texts are analysed" in text_of(client.get("/profile"))
    assert db.session.scalar(db.select(db.func.count()).select_from(EmbeddingCacheEntry)) > 0


def test_profile_forms_work_with_csrf_on(make_app, db):
    """With CSRF protection on, each form of /profile posts with the token the page gives it."""
    import re

    from tests.helpers import login

    user = make_user(challenges=[CHALLENGE])
    client = login(make_app(WTF_CSRF_ENABLED=True).test_client(), user)
    page = text_of(client.get("/profile"))
    token = re.search(r'id="details-csrf_token" name="details-csrf_token" type="hidden" value="([^"]+)"', page)
    plain = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/profile/details",
        data={"details-csrf_token": token.group(1), "details-display_name": "New Name", "details-country": "KE"},
    )
    assert response.status_code == 302
    assert db.session.get(Profile, user.profile.id).display_name == "New Name"
    challenge_id = user.profile.challenges[0].id
    assert client.post(f"/profile/challenges/{challenge_id}/delete", data={"csrf_token": plain}).status_code == 302
    assert db.session.scalar(db.select(Challenge).where(Challenge.id == challenge_id)) is None
    assert len(re.findall(r'id="csrf_token"', page)) <= 1  # no duplicate ids on the page
