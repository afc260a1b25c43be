"""Low-polish defects of the mentoring pages, each named after what people saw."""

from __future__ import annotations

import re

import pytest

from tests.mentoring.helpers import TOPICS, pending_offer, send_request

NEED = TOPICS["contracts"][0]


@pytest.fixture
def mentorship(client_as, mentors, requester):
    request = send_request(client_as(requester), NEED, mentors["Olga"])
    client_as(mentors["Olga"]).post(
        f"/mentoring/offers/{pending_offer(request.id).id}/answer", data={"answer": "accept"}
    )
    return request


def test_mentorship_page_offers_finish_and_cancel_right_after_accepting(client_as, mentorship, requester):
    """Ending the mentorship waits behind one folded control: the first thing on a new mentorship is not
    "Finish" and "Cancel" side by side."""
    page = client_as(requester).get(f"/mentoring/mentorships/{mentorship.id}").get_data(as_text=True)
    folded = re.search(
        r'<details class="card end-mentorship">\s*<summary>Finish or cancel this mentorship</summary>', page
    )
    assert folded, "the end-of-mentorship actions are not folded"
    after = page[folded.end() :]
    assert after.index("Finish the mentorship") < after.index("</details>")
    assert after.index("Cancel the mentorship") < after.index("</details>")


def test_mentor_load_bars_without_names_and_empty_satisfaction_chart(client_as, mentors, role_users):
    page = client_as(role_users["coordinator"]).get("/mentoring/report").get_data(as_text=True)
    chart = page[page.index('id="load-heading"') :]
    chart = chart[: chart.index("</svg>")]
    for name in ("Olga", "Peter"):
        assert re.search(rf'text-anchor="end">[^<]*{name}', chart), name  # each bar carries its mentor's name
    satisfaction = page[page.index('id="satisfaction-heading"') :]
    assert "<svg" not in satisfaction[: satisfaction.index("</section>")]  # no ratings yet: no empty chart
    assert "No ratings yet" in satisfaction
