"""The dashboard's mentoring panel: what waits for my answer, my open requests, my active mentorships."""

from __future__ import annotations

from tests.mentoring.helpers import TOPICS, send_request


def test_panel_for_mentor_and_requester(client_as, mentors, requester):
    """The mentor sees the request waiting; the requester sees theirs; someone without either sees no panel."""
    send_request(client_as(requester), TOPICS["contracts"][0], mentors["Olga"])
    mentor_page = client_as(mentors["Olga"]).get("/dashboard").get_data(as_text=True)
    assert "1 request is waiting for your answer." in mentor_page
    requester_page = client_as(requester).get("/dashboard").get_data(as_text=True)
    assert "waiting for a mentor's answer" in requester_page
    assert 'id="panel-mentoring-heading"' not in client_as(mentors["Peter"]).get("/dashboard").get_data(as_text=True)
