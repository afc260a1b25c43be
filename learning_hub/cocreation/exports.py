"""Exports: the action plan as a DOCX document in the usual action-plan layout (introduction, the forum, then one
section per commitment with its template table and milestones), and the commitments as CSV (cells neutralised)."""

from __future__ import annotations

import io

from docx import Document
from flask_babel import gettext as _

from learning_hub import vocab
from learning_hub.cocreation.forms import GROUPS, LEVELS, ROLES, STATUSES, VALUES
from learning_hub.models import ActionPlan
from learning_hub.spreadsheets import csv_text


def _period(plan: ActionPlan) -> str:
    return f"{plan.period_start.isoformat()} – {plan.period_end.isoformat()}"


def to_docx(plan: ActionPlan) -> bytes:
    doc = Document()
    doc.add_heading(plan.title, level=0)
    where = vocab.country_name(plan.country)
    if plan.institution:
        where = f"{where}: {plan.institution}"
    doc.add_paragraph(f"{where} · {LEVELS.get(plan.level, plan.level)} · {_period(plan)}")
    doc.add_paragraph(_("Status: %(status)s", status=STATUSES.get(plan.status, plan.status)))

    doc.add_heading(_("Multi-stakeholder forum"), level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (_("Name"), _("Stakeholder group"), _("Role")), strict=True):
        cell.text = text
    for member in plan.members:
        cells = table.add_row().cells
        cells[0].text = member.user.display_name
        cells[1].text = str(GROUPS.get(member.stakeholder_group, member.stakeholder_group))
        cells[2].text = str(ROLES.get(member.role, member.role))

    doc.add_heading(_("Commitments"), level=1)
    for number, draft in enumerate(plan.drafts, start=1):
        doc.add_heading(f"{number}. {draft.title}", level=2)
        rows = _rows(draft)
        template = doc.add_table(rows=0, cols=2)
        template.style = "Table Grid"
        for label, value in rows:
            cells = template.add_row().cells
            cells[0].text, cells[1].text = label, value or ""
        doc.add_heading(_("Milestones"), level=3)
        milestones = doc.add_table(rows=1, cols=4)
        milestones.style = "Table Grid"
        for cell, text in zip(
            milestones.rows[0].cells, (_("Deliverable"), _("Lead institution"), _("Start"), _("End")), strict=True
        ):
            cell.text = text
        for m in draft.milestones:
            cells = milestones.add_row().cells
            for cell, key in zip(cells, ("deliverable", "lead", "start", "end"), strict=True):
                cell.text = m.get(key, "") or ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


CSV_HEADER = (
    "id",
    "title",
    "status",
    "version",
    "problem",
    "status_quo",
    "commitment",
    "values",
    "values_text",
    "stakeholders",
    "areas",
    "milestones",
)


def to_csv(plan: ActionPlan) -> str:
    rows = []
    for draft in plan.drafts:
        milestones = "\n".join(
            " | ".join(m.get(k, "") or "" for k in ("deliverable", "lead", "start", "end")) for m in draft.milestones
        )
        rows.append(
            (
                draft.id,
                draft.title,
                draft.status,
                draft.version,
                draft.problem,
                draft.status_quo,
                draft.commitment,
                "|".join(draft.values),
                draft.values_text,
                draft.stakeholders,
                "|".join(draft.areas),
                milestones,
            )
        )
    return csv_text(CSV_HEADER, rows)


def _rows(draft) -> list[tuple[str, str]]:
    return [
        (_("What is the public problem that the commitment will address?"), draft.problem),
        (_("What is the status quo?"), draft.status_quo),
        (_("What is the commitment?"), draft.commitment),
        (_("How will the commitment contribute to solving the public problem?"), draft.values_text),
        (_("Open-government values"), ", ".join(str(VALUES.get(v, v)) for v in draft.values)),
        (_("Stakeholders"), draft.stakeholders),
        (_("Areas"), ", ".join(str(vocab.POLICY_AREAS.get(a, a)) for a in draft.areas)),
    ]


def to_pdf(plan: ActionPlan) -> bytes:
    """The same layout as the DOCX, as an A4 PDF (fpdf2, the app's PDF font choice)."""
    from learning_hub.pdf import new_document

    pdf, family, clean = new_document("P", plan.title)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", gap: float = 1) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(0, size * 0.5, clean(text or ""), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(plan.title, 16, "B", 2)
    where = vocab.country_name(plan.country) + (f": {plan.institution}" if plan.institution else "")
    line(f"{where} · {LEVELS.get(plan.level, plan.level)} · {_period(plan)}")
    line(_("Status: %(status)s", status=STATUSES.get(plan.status, plan.status)), gap=4)
    line(_("Multi-stakeholder forum"), 13, "B", 2)
    for member in plan.members:
        group = GROUPS.get(member.stakeholder_group, member.stakeholder_group)
        line(f"{member.user.display_name} · {group} · {ROLES.get(member.role, member.role)}")
    pdf.ln(3)
    line(_("Commitments"), 13, "B", 2)
    for number, draft in enumerate(plan.drafts, start=1):
        line(f"{number}. {draft.title}", 12, "B", 2)
        for label, value in _rows(draft):
            line(label, 10, "B", 0)
            line(value, gap=2)
        line(_("Milestones"), 10, "B", 0)
        for m in draft.milestones:
            line(" | ".join(m.get(k, "") or "" for k in ("deliverable", "lead", "start", "end")))
        pdf.ln(3)
    return bytes(pdf.output())
