"""Dashboard panels. Partners: the shared needs that fit their organisations' offers (the need itself, never a
field of the requester's profile). Coordinators: open needs by country and area, the time to a first response, and
the rapid-response cases with their outcome."""

from __future__ import annotations

from collections import Counter
from statistics import median

from learning_hub.extensions import db
from learning_hub.models import NeedState, SupportRequest
from learning_hub.partners import services as partners
from learning_hub.support import brokering

PER_OFFER = 3


def partner_panel(user):
    fits = {}
    for organisation in partners.staff_organisations(user):
        for offer in organisation.offers:
            for fit in brokering.needs_for_offer(offer, k=PER_OFFER):
                known = fits.get(fit.need.id)
                if known is None or fit.score > known["score"]:
                    fits[fit.need.id] = {
                        "title": fit.need.title,
                        "country": fit.need.country,
                        "kind": fit.need.kind,
                        "rapid": fit.need.rapid,
                        "sentence": fit.need_sentence,
                        "areas": fit.areas,
                        "offer": offer.title,
                        "offer_id": offer.id,
                        "score": fit.score,
                    }
    if not partners.staff_organisations(user):
        return None
    return {"fits": sorted(fits.values(), key=lambda f: -f["score"])}


def hours_to_first_response(rows) -> float | None:
    waits = [(r.first_response_at - r.created_at).total_seconds() / 3600 for r in rows if r.first_response_at]
    return round(median(waits), 1) if waits else None


def coordinator_panel(user):
    rows = db.session.scalars(db.select(SupportRequest)).all()
    open_rows = [r for r in rows if r.state != NeedState.CLOSED]
    by_country = Counter(r.country for r in open_rows)
    by_area = Counter(area for r in open_rows for area in r.areas)
    rapid = [r for r in rows if r.rapid]
    return {
        "open": len(open_rows),
        "by_country": sorted(by_country.items()),
        "by_area": by_area.most_common(),
        "median_hours": hours_to_first_response(rows),
        "rapid": sorted(rapid, key=lambda r: r.created_at, reverse=True)[:10],
    }
