"""Pages of course format v2 through HTTP: objectives at the top of a lesson, templates to download in the reader's
language (Markdown and Word), the public reference page, `ref:` links and scrollable tables."""

from __future__ import annotations

import io

import pytest
from docx import Document

from learning_hub.extensions import db as _db
from learning_hub.models import Course
from tests.factories import make_user
from tests.learning.test_validate_v2 import write_reference

TABLE = "| Step | Who | When |\n|---|---|---|\n| Publish | Ministry | Monthly |\n\n"
REF = "Forums meet [twice a year](ref:ogp-forum).\n\n"


@pytest.fixture
def v2_courses(app, course_root, sync):
    write_reference(course_root)
    for path in (course_root / "basics/lessons/one.md", course_root / "basics/es/lessons/one.md"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("## Why it\n", "## Why it\n\n" + REF + TABLE, 1), "utf-8")
    result = sync(course_root)
    assert result.exit_code == 0, result.output
    return {course.slug: course for course in _db.session.scalars(_db.select(Course))}


def test_lesson_shows_objectives_first_then_the_body(client_as, v2_courses):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert page.index("Explain one") < page.index("Apply one at work") < page.index("Reformers build coalitions")
    spanish = client.get("/courses/basics/lessons/one?lang=es").get_data(as_text=True)
    assert "Explicar one" in spanish
    assert "Explain one" not in spanish


def test_ref_links_point_at_the_reference_page_anchor(client_as, v2_courses):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    assert '<a href="/courses/reference?lang=en#ogp-forum" rel="noopener noreferrer nofollow">twice a year</a>' in page
    spanish = client.get("/courses/basics/lessons/one?lang=es").get_data(as_text=True)
    assert 'href="/courses/reference?lang=es#ogp-forum"' in spanish
    assert "ref:" not in page.split('class="prose"')[1]


def test_tables_sit_in_a_focusable_scroll_container(client_as, v2_courses):
    client = client_as(make_user())
    client.post("/courses/basics/enrol")
    page = client.get("/courses/basics/lessons/one").get_data(as_text=True)
    opening = (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Table (scroll sideways to see all of it)">'
    )
    assert opening + "<table>" in page
    assert "</table></div>" in page


def test_reference_page_is_public_with_source_and_dates_per_language(client, v2_courses):
    page = client.get("/courses/reference").get_data(as_text=True)
    assert "OGP rules at a glance" in page
    assert 'id="ogp-forum"' in page
    assert 'id="ogp-repository"' in page
    assert "Forums meet twice a year." in page
    assert '<a href="https://www.opengovpartnership.org/" rel="noopener noreferrer">OGP Participation' in page
    assert '<time datetime="2022-01-01">' in page
    assert '<time datetime="2026-12-01">' in page
    spanish = client.get("/courses/reference?lang=es").get_data(as_text=True)
    assert "Reglas de OGP" in spanish
    assert "Los foros se reúnen." in spanish
    assert "Cocreación" in spanish
    french = client.get("/courses/reference?lang=fr").get_data(as_text=True)  # no French: the English page
    assert "Forums meet twice a year." in french


def test_reference_page_before_any_sync_is_404(client, app):
    assert client.get("/courses/reference").status_code == 404


def test_course_page_offers_templates_in_the_readers_language(client, v2_courses):
    page = client.get("/courses/basics").get_data(as_text=True)
    assert "Forum terms" in page
    assert 'href="/courses/basics/templates/forum-terms.docx"' in page
    spanish = client.get("/courses/basics?lang=es").get_data(as_text=True)
    assert "Términos del foro" in spanish
    assert 'href="/courses/basics/templates/forum-terms.md?lang=es"' in spanish


def test_template_downloads_as_markdown(client, v2_courses, course_root):
    response = client.get("/courses/basics/templates/forum-terms.md?lang=es")
    assert response.status_code == 200
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="forum-terms-es.md"'
    body = (course_root / "basics/es/templates/forum-terms.md").read_text("utf-8")
    assert response.get_data(as_text=True) == "# Términos del foro\n\n" + body.strip() + "\n"


def test_template_downloads_as_word(client, v2_courses):
    response = client.get("/courses/basics/templates/forum-terms.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="forum-terms-en.docx"'
    document = Document(io.BytesIO(response.data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[:3] == [("Heading 1", "Forum terms"), ("Normal", "Fill in each field."), ("Heading 2", "Terms")]
    assert paragraphs[3][1].startswith("Reformers build coalitions with officials")


def test_word_version_keeps_lists_tables_and_bold():
    from learning_hub.learning.template_files import docx_file

    body = "Fill in.\n\n## Who\n\n- **Chair:** [ name ]\n1. Step [one](https://example.org)\n\n" + TABLE
    document = Document(io.BytesIO(docx_file("Plan", body)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs == [
        ("Heading 1", "Plan"),
        ("Normal", "Fill in."),
        ("Heading 2", "Who"),
        ("List Bullet", "Chair: [ name ]"),
        ("List Number", "Step one"),
    ]
    assert document.paragraphs[3].runs[0].bold
    assert document.paragraphs[3].runs[0].text == "Chair:"
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Step", "Who", "When"],
        ["Publish", "Ministry", "Monthly"],
    ]


def test_unknown_template_and_format_are_404(client, v2_courses):
    assert client.get("/courses/basics/templates/nope.md").status_code == 404
    assert client.get("/courses/basics/templates/forum-terms.pdf").status_code == 404
