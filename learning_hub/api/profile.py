"""/api/v1/profile: my own profile, its challenges and reforms. The services of /profile (directory.profiles); other
people's challenges and reforms are 404."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _

from learning_hub.api.common import EmptySchema, actor, refusal
from learning_hub.api.core import api_blueprint
from learning_hub.api.schemas.directory import ChallengeSchema, ReformSchema
from learning_hub.api.schemas.profile import (
    ChallengeInSchema,
    MyProfileSchema,
    ProfileUpdateSchema,
    ReformInSchema,
    ReformPatchSchema,
)
from learning_hub.directory.profiles import services as profiles
from learning_hub.errors import NotFound, ValidationError

blp = api_blueprint("api_profile", __name__, "/profile", "My profile: details, listing, mentoring, texts.")

DETAILS = (
    "display_name",
    "country",
    "sector",
    "organisation",
    "role_title",
    "bio",
    "languages",
    "policy_areas",
    "gender",
)
REFORM_FIELDS = ("title", "description", "status", "start_year", "link")


def profile_body(profile) -> dict:
    job = profiles.latest_embed_job(profile)
    body = {
        name: getattr(profile, name)
        for name in (*DETAILS, "id", "visibility", "consented_at", "mentor_available", "mentor_capacity")
    }
    body.update(
        listed=profile.is_listed,
        challenges=list(profile.challenges),
        reforms=list(profile.reforms),
        embedding={"status": job.status, "progress": job.progress} if job is not None else None,
    )
    return body


def _update(user, data: dict):
    """Apply a partial update through the three services of the profile page, checking every rule first so that
    a refused field leaves the whole profile unchanged."""
    current = user.profile
    mentoring = {
        "available": data.get("mentor_available", current.mentor_available if current else False),
        "capacity": data.get("mentor_capacity", current.mentor_capacity if current else 0),
    }
    if mentoring["available"] and not 1 <= (mentoring["capacity"] or 0) <= 20:
        raise ValidationError(_("Choose how many people you can mentor at a time (1 to 20)."), field="mentor_capacity")
    profile = profiles.my_profile(user)
    if any(name in data for name in DETAILS):
        values = {name: data.get(name, getattr(profile, name)) for name in DETAILS}
        profile = profiles.update_details(user, **values)
    if "visibility" in data or "consent" in data:
        profile = profiles.set_listing(
            user,
            visibility=data.get("visibility", profile.visibility),
            consent=data.get("consent", profile.consented_at is not None),
        )
    if "mentor_available" in data or "mentor_capacity" in data:
        profile = profiles.set_mentoring(user, **mentoring)
    return profile


@blp.route("", endpoint="mine")
class MyProfile(MethodView):
    @blp.response(200, MyProfileSchema)
    @refusal(blp, 404, "This account has no profile yet: a PATCH creates it (`not_found`).")
    def get(self):
        """My profile as I see it (gender included: nobody else ever sees it)."""
        profile = actor().profile
        if profile is None:
            raise NotFound(_("You have no profile yet: update it to create one."))
        return profile_body(profile)

    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, MyProfileSchema)
    def patch(self, data):
        """Change any of my profile's fields; fields not sent keep their values.

        `consent: true` lists me in the directory (with `visibility` members or public); `mentor_available` with a
        `mentor_capacity` of 1-20 offers mentoring. Unknown fields (ids, roles, consented_at, ...) are refused.
        """
        return profile_body(_update(actor(), data))


@blp.route("/challenges", endpoint="challenges")
class Challenges(MethodView):
    @blp.arguments(ChallengeInSchema)
    @blp.response(201, ChallengeSchema)
    def post(self, data):
        """Add a challenge I face.

        20-2000 characters, at most 10 challenges. It becomes searchable once analysed.
        """
        return profiles.add_challenge(actor(), data["text"])


@blp.route("/challenges/<id:challenge_id>", endpoint="challenge")
class Challenge(MethodView):
    @blp.arguments(ChallengeInSchema)
    @blp.response(200, ChallengeSchema)
    def patch(self, data, challenge_id: int):
        """Rewrite one of my challenges."""
        return profiles.update_challenge(actor(), challenge_id, data["text"])

    @blp.arguments(EmptySchema)
    @blp.response(204)
    def delete(self, _data, challenge_id: int):
        """Remove one of my challenges (send `{}` as the body: writes are JSON)."""
        profiles.delete_challenge(actor(), challenge_id)


@blp.route("/reforms", endpoint="reforms")
class Reforms(MethodView):
    @blp.arguments(ReformInSchema)
    @blp.response(201, ReformSchema)
    def post(self, data):
        """Add a reform I implemented or lead (at most 10)."""
        return profiles.add_reform(actor(), **data)


@blp.route("/reforms/<id:reform_id>", endpoint="reform")
class Reform(MethodView):
    @blp.arguments(ReformPatchSchema)
    @blp.response(200, ReformSchema)
    def patch(self, data, reform_id: int):
        """Change any of one of my reforms' fields."""
        user = actor()
        reform = profiles.get_reform(user, reform_id)
        values = {name: data.get(name, getattr(reform, name)) for name in REFORM_FIELDS}
        return profiles.update_reform(user, reform_id, **values)

    @blp.arguments(EmptySchema)
    @blp.response(204)
    def delete(self, _data, reform_id: int):
        """Remove one of my reforms (send `{}` as the body: writes are JSON)."""
        profiles.delete_reform(actor(), reform_id)
