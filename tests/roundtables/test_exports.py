"""Exports: the attendee CSV with and without personal data (formulas neutralised, never gender), the sign-in sheet
as a printable page and a PDF, and the calendar file checked against RFC 5545's rules."""

from __future__ import annotations

import csv
import io
import re

from learning_hub.models import Profile, Roundtable
from learning_hub.roundtables import ics
from tests.roundtables.helpers import create, links_by_email, rows


def _with_attendees(client, db, outbox, accept: int = 3) -> Roundtable:
    rt = create(client)
    client.post(f"/roundtables/{rt.id}/invite")
    for link in list(links_by_email(outbox).values())[:accept]:
        client.post(link["accept"], data={"answer": "accept"})
    return db.session.get(Roundtable, rt.id)


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:])))


def test_attendee_csv_with_and_without_personal_data(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = _with_attendees(client, db, outbox)
    attendee = db.session.get(Profile, next(r.profile_id for r in rows(rt.id) if r.rsvp == "accepted"))
    attendee.display_name = '=HYPERLINK("http://evil.example")'
    attendee.organisation = "@SUM(1+1)"
    db.session.commit()
    personal = client.get(f"/roundtables/{rt.id}/attendees.csv?personal=1")
    assert personal.mimetype == "text/csv"
    assert "personal" in personal.headers["Content-Disposition"]
    table = _csv(personal)
    assert table[0][:4] == ["number", "name", "email", "organisation"]
    assert len(table) == 4
    cells = [cell for row in table for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'@SUM(1+1)" in cells
    assert attendee.user.email in cells
    anonymous = _csv(client.get(f"/roundtables/{rt.id}/attendees.csv"))
    assert anonymous[0] == ["number", "person", "country", "sector", "languages", "relevance", "answered_at"]
    flat = "\n".join(",".join(row) for row in anonymous)
    assert "@" not in flat
    assert "Reformer" not in flat
    assert "HYPERLINK" not in flat
    assert all(re.fullmatch(r"R[0-9a-f]{10}", row[1]) for row in anonymous[1:])
    for text in (flat, "\n".join(cells)):
        assert "woman" not in text
        assert ",man" not in text


def test_sign_in_sheet_page_and_pdf(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = _with_attendees(client, db, outbox, accept=2)
    name = db.session.get(Profile, next(r.profile_id for r in rows(rt.id) if r.rsvp == "accepted")).display_name
    page = client.get(f"/roundtables/{rt.id}/sign-in").get_data(as_text=True)
    assert "Sign-in sheet" in page
    assert name in page
    assert page.count('class="blank"') == 5
    response = client.get(f"/roundtables/{rt.id}/sign-in.pdf")
    body = response.get_data()
    assert response.mimetype == "application/pdf"
    assert body.startswith(b"%PDF-")
    assert b"DejaVu" in body  # the Unicode font is embedded


def test_sign_in_pdf_prints_names_in_any_script(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = _with_attendees(client, db, outbox, accept=1)
    attendee = db.session.get(Profile, next(r.profile_id for r in rows(rt.id) if r.rsvp == "accepted"))
    attendee.display_name = "Ñandú Ōtsuka Ольга Παπαδοπούλου"
    db.session.commit()
    response = client.get(f"/roundtables/{rt.id}/sign-in.pdf")
    assert response.status_code == 200
    assert response.get_data().startswith(b"%PDF-")


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_file_follows_rfc_5545(client_as, directory, organiser, db, outbox):
    client = client_as(organiser)
    rt = create(client)
    rt.title = "Roundtable; on owners, registers \\ and more: " + "é" * 60
    rt.topic = "Line one.\nLine two, with a comma; and a semicolon."
    rt.location = "Room 4, Nairobi"
    db.session.commit()
    response = client.get(f"/roundtables/{rt.id}/event.ics")
    assert response.mimetype == "text/calendar"
    assert ".ics" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.endswith(b"END:VCALENDAR\r\n")
    physical = data.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75  # folded at 75 octets
    for line in physical:
        line.decode("utf-8")  # no fold splits a UTF-8 character
    lines = _unfold(data)
    props = dict(line.split(":", 1) for line in lines if line and ":" in line)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert props["METHOD"] == "PUBLISH"
    assert props["UID"] == f"roundtable-{rt.id}@127.0.0.1"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert props["DTSTART"] == rt.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert props["DTSTART"].endswith("110000Z")
    assert props["DTEND"].endswith("123000Z")  # 90 minutes later
    assert props["SUMMARY"] == "Roundtable\\; on owners\\, registers \\\\ and more: " + "é" * 60
    assert props["DESCRIPTION"].startswith("Line one.\\nLine two\\, with a comma\\; and a semicolon.\\n")
    assert "Africa/Nairobi" in props["DESCRIPTION"]
    assert props["LOCATION"] == "Room 4\\, Nairobi"
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "BEGIN:VEVENT" in lines
    assert "END:VEVENT" in lines


def test_calendar_sequence_grows_when_the_date_moves(client_as, directory, organiser, db):
    from tests.roundtables.helpers import form_data

    client = client_as(organiser)
    rt = create(client)
    assert b"SEQUENCE:0\r\n" in client.get(f"/roundtables/{rt.id}/event.ics").get_data()
    client.post(f"/roundtables/{rt.id}/edit", data=form_data(start_time="16:00"))
    assert b"SEQUENCE:1\r\n" in client.get(f"/roundtables/{rt.id}/event.ics").get_data()


def test_fold_and_escape_units():
    assert ics.escape_text("a,b;c\\d\r\ne\rf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"
    long = "DESCRIPTION:" + "€" * 40  # 3 octets each
    folded = ics.fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long
    assert ics.fold("SHORT:x") == "SHORT:x"
