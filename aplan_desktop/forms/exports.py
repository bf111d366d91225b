"""The table of a plan or report as .xlsx, .docx and .csv, for pasting into the aimag's own reports.

The .xlsx and .docx say what the printed form says (laid out in forms/office_files.py): the
lines above the table as forms/heading.py prints them (the form's reference, the annex line
or the БАТЛАВ block, the title as the PDF prints it, the date-and-place line, the table's
label), the header with its groups and the numbering row, the rows the PDF prints
(`measure_rows`) as plain text (a cell's paragraphs joined by line breaks; a section's and an
objective's row in the first cell, merged across), under a report its overall score (Нийт
үнэлгээ), and below it the money spent and the signatures. The CSV is the labels and the
rows, nothing else.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from aplan_desktop.atomic import write_atomic
from aplan_desktop.core import columns as registry
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Approval, Column, Heading, HeadingKind, Plan, Report
from aplan_desktop.core.consolidation import Consolidation, PlanConsolidation
from aplan_desktop.core.text import clean_text
from aplan_desktop.forms.consolidated_form import (
    MEASURE_LABELS, MEASURE_SHARES, PLAN_MEASURE_SHARES, STATUS_SHARES, arrival_cells, consolidated_summary,
    consolidated_title, plan_consolidation_title, plan_measure_rows, plan_summary,
)
from aplan_desktop.forms.heading import annex_lines, approval_lines, date_and_place, title_text
from aplan_desktop.forms.measure_table import TextRow, column_groups, measure_rows
from aplan_desktop.forms.office_files import (
    ExportRow, ExportTable, Line, write_docx, write_docx_tables, write_xlsx, write_xlsx_sheets,
)
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.columns import has_percent, report_columns
from aplan_desktop.forms.report_form import score_cells, signatories, signature_texts, spent_sentence
from aplan_desktop.i18n.mongolian import format_percent
from aplan_desktop.storage import Store


def _export_row(row: TextRow, columns: list[Column]) -> ExportRow:
    if row.kind != "body":  # a section's or an objective's row, across the table
        return ExportRow([clean_text(row.cells[0][0])] + [""] * (len(columns) - 1), kind=row.kind,
                         spans=_across(len(columns)))
    return ExportRow([registry.export_value(column.key, paragraphs, clean_text)
                      for column, paragraphs in zip(columns, row.cells)])


def _across(count: int) -> list[tuple[int, int]]:
    """The first `count` columns merged, when there are two or more."""
    return [(0, count - 1)] if count > 1 else []


def header_rows(columns: list[Column]) -> list[ExportRow]:
    """The labels, on two rows where neighbouring columns share a group: the group's label
    over its columns, every other label over both rows; then the numbering row 1 2 3 …"""
    numbers = ExportRow([str(i) for i in range(1, len(columns) + 1)], kind="numbers")
    labels = [clean_text(c.label) for c in columns]
    runs = column_groups(columns)
    if not runs:
        return [ExportRow(labels, kind="head"), numbers]
    grouped = [bool(c.group.strip()) for c in columns]
    upper = ExportRow(["" if g else label for label, g in zip(labels, grouped)], kind="head",
                      down=[i for i, g in enumerate(grouped) if not g])
    lower = ExportRow([label if g else "" for label, g in zip(labels, grouped)], kind="head")
    for run, group in runs:
        upper.cells[run.start] = clean_text(group)
        upper.spans += [(run.start, run.stop - 1)] if len(run) > 1 else []
    return [upper, lower, numbers]


def above_lines(heading: Heading, title: str, approval: Approval | None = None, approves: bool = False) -> list[Line]:
    """What the PDF prints above the table, from the top, as forms/heading.py places it.
    `approves`: the document has an approval to print (a plan)."""
    lines: list[Line] = []
    if heading.form_reference.strip():
        lines.append(Line(heading.form_reference, "right"))
    if heading.kind == HeadingKind.APPROVAL and approves:
        first, *rest = approval_lines(approval)
        lines += [Line(first, "block", bold=True)] + [Line(text, "block") for text in rest]
    elif heading.kind == HeadingKind.ANNEX:
        lines += [Line(text, "right") for text in annex_lines(heading.annex)]
    lines.append(Line(title_text(title, heading), "center", bold=True))
    if heading.date or heading.place.strip():
        day, place = date_and_place(heading.date, heading.place)
        lines.append(Line(day, right=place))
    if heading.table_label.strip():
        lines.append(Line(heading.table_label, "right"))
    return [Line(clean_text(line.text), line.align, line.bold, clean_text(line.right)) for line in lines]


def document_table(plan: Plan, report: Report | None = None) -> ExportTable:
    """The table the PDF prints, with what it prints above and below: the plan's, or with
    `report` the report's with its overall score (when it gives percentages), the money spent
    and the signatures."""
    columns = report_columns(report, plan) if report else list(plan.columns)
    entries = {e.measure_id: e for e in report.entries} if report else None
    body = [_export_row(row, columns) for row in measure_rows(plan, columns, entries)]
    if report is None:
        return ExportTable(columns, header_rows(columns), body,
                           above_lines(plan.heading, plan.title, plan.approval, approves=True))
    if has_percent(report, plan):  # a narrative report has no overall score
        cells, span = score_cells(columns, report)
        body.append(ExportRow(cells, kind="foot", spans=_across(span)))
    spent = spent_sentence(report)
    below = [Line(spent)] if spent else []
    below += [Line(clean_text("  ".join(signature_texts(label, person)))) for label, person in signatories(report)]
    return ExportTable(columns, header_rows(columns), body, above_lines(report.heading, report_title(report, plan)),
                       below)


def write_csv(table: ExportTable, out: BinaryIO) -> None:
    """The labels, then one line per row; UTF-8 with a BOM, so that Excel reads the Cyrillic."""
    labels = [clean_text(c.label) for c in table.columns]
    text = io.StringIO(newline="")
    csv.writer(text).writerows([labels, *(row.cells for row in table.body)])
    out.write(text.getvalue().encode("utf-8-sig"))


def _columns(labels) -> list[Column]:
    return [Column(f"extra:c{i}", label) for i, label in enumerate(labels)]


def _consolidation_tables(c: Consolidation | PlanConsolidation, title: str, summary: str, measure_labels: list[str],
                          measure_shares: tuple[float, ...],
                          measures: list[ExportRow]) -> list[tuple[str, ExportTable]]:
    """A consolidation's two sheets (tables), with the PDF's columns: who reported, when, on
    time or not, and the scores, under the title and the summary the PDF prints below it; then
    the measures under the title."""
    status_labels = ["№", "Байгууллага", "Огноо", "Хугацаа", "Өөрийн үнэлгээ", "Аймгийн үнэлгээ"]
    status = [ExportRow([i, b.organisation.name, *arrival_cells(b), format_percent(b.self_score) if b.report else "",
                         format_percent(b.aimag_score) if b.report else ""])
              for i, b in enumerate(c.bodies, start=1)]
    title_line = Line(clean_text(title), "center", bold=True)
    return [("Нэгтгэл", ExportTable(_columns(status_labels), [ExportRow(status_labels, kind="head")], status,
                                    [title_line, Line(clean_text(summary))], shares=STATUS_SHARES)),
            ("Арга хэмжээ", ExportTable(_columns(measure_labels), [ExportRow(measure_labels, kind="head")], measures,
                                        [title_line], shares=measure_shares))]


def consolidation_tables(c: Consolidation) -> list[tuple[str, ExportTable]]:
    """The aimag's consolidation for Excel: who reported and the scores, then every body's
    result per measure; the same words as the PDF."""
    measures: list[ExportRow] = []
    for line in c.measures():
        measures.append(ExportRow([clean_text(f"{line.number}. {line.text}"), "", ""], kind="group", spans=[(0, 2)]))
        measures += [ExportRow([r.organisation.name, clean_text(r.result), "" if r.percent is None else r.percent])
                     for r in line.results]
    labels = ["Байгууллага", "Хүрсэн түвшин, үр дүн", "Хэрэгжилтийн хувь"]
    return _consolidation_tables(c, consolidated_title(c), consolidated_summary(c), labels, MEASURE_SHARES, measures)


def plan_consolidation_tables(c: PlanConsolidation) -> list[tuple[str, ExportTable]]:
    """The consolidation of one plan for Excel and Word: who reported, when and their totals,
    then per measure every body's result, percentage and score with the measure's totals; the
    same words as the PDF."""
    measures = []
    for kind, cells in plan_measure_rows(c):
        values = [clean_text("\n".join(cell)) for cell in cells] + [""] * (4 - len(cells))
        spans = {"group": [(0, 3)], "foot": [(0, 1)]}.get(kind, [])  # as the PDF merges them
        measures.append(ExportRow([int(v) if kind == "body" and i >= 2 and v.isdigit() else v
                                   for i, v in enumerate(values)], kind=kind, spans=spans))
    return _consolidation_tables(c, plan_consolidation_title(c), plan_summary(c), MEASURE_LABELS, PLAN_MEASURE_SHARES,
                                 measures)


def write_plan_consolidation(c: PlanConsolidation, path: Path) -> None:
    """The consolidation of one plan as .xlsx (two sheets) or .docx (two tables), atomically."""
    tables = plan_consolidation_tables(c)
    out = io.BytesIO()
    if path.suffix.lower() == ".xlsx":
        write_xlsx_sheets(tables, out)
    elif path.suffix.lower() == ".docx":
        write_docx_tables([table for _, table in tables], out)
    else:
        raise UserError(N_("The file {path} must end in .pdf, .xlsx or .docx."), path=str(path))
    try:
        write_atomic(path, out.getvalue())
    except OSError:
        raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                        path=str(path)) from None


WRITERS = {".xlsx": write_xlsx, ".docx": write_docx, ".csv": write_csv}


def export_table(store: Store, doc_id: str, path: Path) -> None:
    """Write the document's table to `path`, in the format its suffix names, atomically."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UserError(N_("The file {path} must end in .xlsx, .docx or .csv."), path=str(path))
    plan, _, report = store.load_document(doc_id)
    out = io.BytesIO()
    writer(document_table(plan, report), out)
    try:
        write_atomic(path, out.getvalue())
    except OSError:
        raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                        path=str(path)) from None
