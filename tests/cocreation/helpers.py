"""Helpers of the co-creation tests (plain functions and data)."""

from __future__ import annotations

from datetime import date, timedelta


def workshop_form(draft_ids, **overrides) -> dict:
    """A valid new-workshop form: 5 seats in Nairobi time, 30 days ahead, at least 40% each for government and
    civil society, at least 40% women, the given drafts attached."""
    start = date.today() + timedelta(days=30)
    data = {
        "title": "Commitment workshop on open contracting",
        "topic": (
            "Beneficial ownership registers that people use: verifying who owns companies and linking the "
            "register to public procurement."
        ),
        "start_date": start.isoformat(),
        "start_time": "14:00",
        "time_zone": "Africa/Nairobi",
        "duration_minutes": "120",
        "format": "virtual",
        "location": "",
        "seats": "5",
        "deadline_date": (start - timedelta(days=10)).isoformat(),
        "deadline_time": "17:00",
        "max_per_country": "",
        "government_min": "40%",
        "civil_society_min": "40%",
        "drafts": [str(d) for d in draft_ids],
        "quotas-0-who": "gender:woman",
        "quotas-0-min": "40%",
        "quotas-0-max": "",
        "submit": "Save",
    }
    for n in (1, 2):
        data.update({f"quotas-{n}-who": "", f"quotas-{n}-min": "", f"quotas-{n}-max": ""})
    data.update(overrides)
    return data
