"""/api/v1/directory: browse and search listed reformers, read a profile. The same services as /directory, with the
same visibility: anonymous callers see public profiles, signed-in callers members-only ones too."""

from __future__ import annotations

from learning_hub.api.common import RATE_LIMITED, refusal, viewer
from learning_hub.api.core import api_blueprint
from learning_hub.api.schemas.directory import DirectoryPageSchema, DirectoryQuerySchema, PublicProfileSchema
from learning_hub.directory.browse import search
from learning_hub.directory.browse.routes import _anonymous_search_limit, _not_anonymous_semantic
from learning_hub.extensions import limiter

blp = api_blueprint("api_directory", __name__, "/directory", "The reformer directory: browse, search, profiles.")


# What a profile page shows of a person (never the gender: PublicProfileSchema has no such field either).
PROFILE_FIELDS = (
    "id",
    "display_name",
    "country",
    "sector",
    "organisation",
    "role_title",
    "bio",
    "languages",
    "policy_areas",
    "mentor_available",
)


def hit_body(hit: search.Hit) -> dict:
    matched = hit.text is not None or hit.score is not None
    return {
        "card": hit.card,
        "match": {
            "score": hit.score,
            "kind": hit.kind,
            "text": hit.text,
            "sentence": hit.sentence,
            "anchor": hit.anchor,
        }
        if matched
        else None,
    }


@blp.route("", endpoint="list")
@limiter.limit(_anonymous_search_limit, exempt_when=_not_anonymous_semantic)
@blp.arguments(DirectoryQuerySchema, location="query")
@blp.response(200, DirectoryPageSchema)
@refusal(blp, 429, RATE_LIMITED)
def list_profiles(args):
    """Listed reformers, filtered or searched.

    The filters are those of the directory page. With `q` and `mode=meaning` (the default) the results are ranked
    by meaning and each says which challenge or reform matched; `mode=words` keeps people whose texts contain every
    word. Anonymous callers see public profiles only, and their semantic searches are rate-limited.
    """
    filters, _problems = search.parse_filters(
        {
            "q": args.get("q", ""),
            "mode": args["mode"],
            "country": args.get("country", ""),
            "sector": args.get("sector", ""),
            "area": args.get("area", ""),
            "language": args.get("language", ""),
            "mentor": "1" if args["mentor"] else "",
        }
    )
    page = search.search(viewer(), filters, args["page"], per_page=args["per_page"])
    return {
        "items": [hit_body(hit) for hit in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }


@blp.route("/<id:profile_id>", endpoint="profile")
@blp.response(200, PublicProfileSchema)
def get_profile(profile_id: int):
    """A profile, as its page shows it.

    With reformers abroad who face similar challenges or whose reforms answer them. Unlisted profiles are 404 to
    everyone but their owner; members-only ones are 404 to anonymous callers.
    """
    profile = search.visible_profile(viewer(), profile_id)
    abroad = search.abroad(viewer(), profile)
    body = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    body.update(
        listed=profile.is_listed,
        challenges=list(profile.challenges),
        reforms=list(profile.reforms),
        abroad={key: [hit_body(hit) for hit in hits] for key, hits in abroad.items()},
    )
    return body
