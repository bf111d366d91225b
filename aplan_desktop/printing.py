"""Printing a stored document: which form, with the organisation's layout, to PDF bytes.

The CLI's `aplan pdf` and the GUI's preview, print and save call this one function.
Each job imports its own form when it runs: printing a report loads neither the consolidated
report nor the cover letter.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.atomic import write_atomic
from aplan_desktop.core.errors import N_, UserError

if TYPE_CHECKING:
    from aplan_desktop.core.consolidation import Consolidation
    from aplan_desktop.core.periods import Period
    from aplan_desktop.forms.layout import Layout
    from aplan_desktop.storage import Store

FORMS = ("plan", "integrity", "report", "letter")


def layout_for(store: Store, organisation_id: str) -> Layout:
    from aplan_desktop.forms.layout import Layout

    return Layout.from_dict(store.setting(f"layout:{organisation_id}", {}))


def render_document(store: Store, doc_id: str, form: str | None = None,
                    letter_date: date | None = None) -> tuple[bytes, int]:
    """The PDF of a plan or report. `form` defaults to the document's own form; for a report,
    "plan" prints its plan and "letter" the cover letter that sends it."""
    plan, parent, report = store.load_document(doc_id)
    layout = layout_for(store, plan.organisation.id)
    form = form or ("report" if report else "plan")
    if form in ("plan", "integrity"):
        from aplan_desktop.forms.plan_form import render_plan

        return render_plan(plan, layout)
    if report is None:
        raise UserError(N_("The form “{form}” needs a report; {id} is a plan."), form=form, id=doc_id)
    from aplan_desktop.forms.report_form import render_report

    if form == "report":
        return render_report(report, plan, layout)
    from aplan_desktop.forms.letter_form import cover_letter_for, render_letter

    _, pages = render_report(report, plan, layout)
    return render_letter(cover_letter_for(report, plan, parent, pages, letter_date or date.today()), layout)


def consolidation_for(store: Store, aimag_id: str, year: int, period: Period) -> Consolidation:
    """Who under the aimag reported for the year and period. A report was sent when its first
    bundle was signed and received when it arrived (`timeliness`); one typed in here (or loaded
    from a file) counts from its own date."""
    from aplan_desktop.bodies import expected_bodies, reporting_for
    from aplan_desktop.plan_consolidation import report_timing
    from aplan_desktop.core.consolidation import consolidate

    aimag = store.organisation(aimag_id)
    expected = expected_bodies(store, aimag_id)  # its soums from the roster from day one, received or not
    counted = reporting_for(store, expected)  # a sender bound to a body reports as that body
    found = {counted[org_id]: found for org_id, found in
             store.reports_for_period(list(counted), year, period).items()}
    reports = {org_id: (plan, report, report_timing(store, plan, report)) for org_id, (plan, report) in found.items()}
    return consolidate(aimag, year, period, store.deadline_rules().due(period, year), expected, reports)


def write_plan_consolidation(store: Store, office_id: str, plan_id: str, period: Period, path: Path) -> int | None:
    """The consolidation of one plan as PDF (returns its page count), .xlsx or .docx."""
    from aplan_desktop.plan_consolidation import plan_consolidation_for

    c = plan_consolidation_for(store, office_id, plan_id, period)
    if Path(path).suffix.lower() != ".pdf":
        from aplan_desktop.forms.exports import write_plan_consolidation as write_tables

        write_tables(c, Path(path))
        return None
    from aplan_desktop.forms.consolidated_form import render_plan_consolidation

    pdf, pages = render_plan_consolidation(c, layout_for(store, office_id))
    _write(path, pdf)
    return pages


def write_consolidation(store: Store, aimag_id: str, year: int, period: Period, path: Path) -> int | None:
    """The consolidation as PDF (returns its page count) or as an Excel workbook (.xlsx)."""
    c = consolidation_for(store, aimag_id, year, period)
    if Path(path).suffix.lower() == ".xlsx":
        from aplan_desktop.forms.exports import consolidation_tables, write_xlsx_sheets

        out = io.BytesIO()
        write_xlsx_sheets(consolidation_tables(c), out)
        _write(path, out.getvalue())
        return None
    from aplan_desktop.forms.consolidated_form import render_consolidated

    pdf, pages = render_consolidated(c, layout_for(store, aimag_id))
    _write(path, pdf)
    return pages


def render_consolidation(store: Store, aimag_id: str, year: int, period: Period) -> tuple[bytes, int]:
    """The consolidated report's PDF with the aimag's layout, for the preview."""
    from aplan_desktop.forms.consolidated_form import render_consolidated

    return render_consolidated(consolidation_for(store, aimag_id, year, period), layout_for(store, aimag_id))


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(Path(path), data)
    except OSError:
        raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                        path=str(path)) from None


def write_pdf(store: Store, doc_id: str, path: Path, form: str | None = None) -> int:
    """Write the PDF atomically; return its page count."""
    pdf, pages = render_document(store, doc_id, form)
    _write(path, pdf)
    return pages
