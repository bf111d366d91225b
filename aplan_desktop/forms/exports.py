"""The table of a plan or report as .xlsx, .docx and .csv, for pasting into the aimag's own reports.

The rows are the PDF's (`measure_rows`), as plain text: a cell's paragraphs joined by line
breaks, an objective row in the first cell and merged across the row, and under a report
the overall score (Нийт үнэлгээ). The spreadsheet and the Word table keep the PDF's column
shares, page (landscape A4, the default margins) and header rows repeated on every page;
the CSV is the labels and the rows, nothing else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Row
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from reportlab.lib.units import inch, mm

from aplan_desktop.atomic import write_atomic
from aplan_desktop.core import columns as registry
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Column, Plan, Report
from aplan_desktop.core.consolidation import Consolidation, PlanConsolidation
from aplan_desktop.core.text import clean_text
from aplan_desktop.forms.consolidated_form import (
    MEASURE_LABELS, arrival_cells, consolidated_title, plan_consolidation_title, plan_measure_rows, plan_summary,
)
from aplan_desktop.forms.heading import title_text
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.measure_table import TextRow, column_widths, measure_rows
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.columns import has_percent, report_columns
from aplan_desktop.forms.report_form import score_cells
from aplan_desktop.i18n.mongolian import format_percent
from aplan_desktop.storage import Store

PAGE = Layout()  # the PDF's page: landscape A4, margins 30, 15, 20, 20 mm
BOLD_KINDS = {"head", "section", "group", "foot"}
# Excel measures a column in characters of its default font, about 7 pixels = 5.25 pt each.
POINTS_PER_EXCEL_CHARACTER = 5.25
WORD_FONT = "Times New Roman"  # Liberation Serif, the PDF's font, is its metric twin
WORD_FONT_SIZE = Pt(10)


@dataclass
class ExportRow:
    """One row of cells; the first cell covers `span` columns (merged in .xlsx and .docx)."""

    cells: list[str | int]
    kind: str = "body"  # head, numbers, section, group, body or foot
    span: int = 1


@dataclass
class ExportTable:
    title: str
    columns: list[Column]
    header: list[ExportRow]  # the labels, then the numbering row 1 2 3 …
    body: list[ExportRow]


def _export_row(row: TextRow, columns: list[Column]) -> ExportRow:
    if row.kind != "body":  # a section's or an objective's row, across the table
        return ExportRow([clean_text(row.cells[0][0])] + [""] * (len(columns) - 1), kind=row.kind, span=len(columns))
    return ExportRow([registry.export_value(column.key, paragraphs, clean_text)
                      for column, paragraphs in zip(columns, row.cells)])


def document_table(plan: Plan, report: Report | None = None) -> ExportTable:
    """The table the PDF prints: the plan's, or with `report` the report's with its overall score
    (when it gives percentages); the title as the PDF prints it."""
    columns = report_columns(report, plan) if report else list(plan.columns)
    entries = {e.measure_id: e for e in report.entries} if report else None
    header = [ExportRow([c.label for c in columns], kind="head"),
              ExportRow([str(i) for i in range(1, len(columns) + 1)], kind="numbers")]
    body = [_export_row(row, columns) for row in measure_rows(plan, columns, entries)]
    if report is None:
        return ExportTable(title_text(plan.title, plan.heading), columns, header, body)
    if has_percent(report, plan):  # a narrative report has no overall score
        cells, span = score_cells(columns, report)
        body.append(ExportRow(cells, kind="foot", span=span))
    return ExportTable(title_text(report_title(report, plan), report.heading), columns, header, body)


def _page_widths(columns: list[Column]) -> list[float]:
    """The columns' widths in points on the PDF's landscape A4 frame."""
    width, _ = PAGE.frame_size(wide=True)
    return column_widths(columns, width)


def write_xlsx(table: ExportTable, out: BinaryIO) -> None:
    write_xlsx_sheets([("", table)], out)


def write_xlsx_sheets(tables: list[tuple[str, ExportTable]], out: BinaryIO) -> None:
    """One sheet per table, named as given (the first keeps Excel's default name when "")."""
    book = Workbook()
    for index, (name, table) in enumerate(tables):
        sheet = book.active if index == 0 else book.create_sheet()
        if name:
            sheet.title = name[:31]
        _fill_sheet(sheet, table)
    book.save(out)


def _fill_sheet(sheet, table: ExportTable) -> None:
    count = len(table.columns)
    sheet["A1"] = table.title
    sheet["A1"].font = Font(bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    line = Side(style="thin")
    for number, row in enumerate(table.header + table.body, start=2):
        for column, value in enumerate(row.cells, start=1):
            cell = sheet.cell(number, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=" like a formula
            cell.font = Font(bold=row.kind in BOLD_KINDS)
            cell.alignment = Alignment(vertical="top", wrap_text=True,
                                       horizontal="center" if row.kind in ("head", "numbers") else None)
            cell.border = Border(left=line, right=line, top=line, bottom=line)
        if row.span > 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=row.span)
    for column, width in enumerate(_page_widths(table.columns), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width / POINTS_PER_EXCEL_CHARACTER
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "2:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=PAGE.margin_left * mm / inch, right=PAGE.margin_right * mm / inch,
                                     top=PAGE.margin_top * mm / inch, bottom=PAGE.margin_bottom * mm / inch)


def _repeat_on_every_page(row: _Row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def write_docx(table: ExportTable, out: BinaryIO) -> None:
    write_docx_tables([table], out)


def write_docx_tables(tables: list[ExportTable], out: BinaryIO) -> None:
    """One Word document with each table under its title, in order."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (Pt(size) for size in PAGE.page_size(wide=True))
    section.left_margin, section.right_margin = Mm(PAGE.margin_left), Mm(PAGE.margin_right)
    section.top_margin, section.bottom_margin = Mm(PAGE.margin_top), Mm(PAGE.margin_bottom)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = WORD_FONT, WORD_FONT_SIZE
    for table in tables:
        _add_docx_table(document, table)
    document.save(out)


def _add_docx_table(document, table: ExportTable) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(table.title).bold = True
    grid = document.add_table(rows=0, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    for column, width in zip(grid.columns, _page_widths(table.columns)):
        column.width = Pt(width)
    for row in table.header + table.body:
        added = grid.add_row()
        cells = added.cells
        first = cells[0].merge(cells[row.span - 1]) if row.span > 1 else cells[0]
        for cell, value in zip([first, *cells[row.span:]], [row.cells[0], *row.cells[row.span:]]):
            paragraph = cell.paragraphs[0]
            if row.kind in ("head", "numbers"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(str(value)).bold = row.kind in BOLD_KINDS
        if row.kind in ("head", "numbers"):
            _repeat_on_every_page(added)


def write_csv(table: ExportTable, out: BinaryIO) -> None:
    """The labels, then one line per row; UTF-8 with a BOM, so that Excel reads the Cyrillic."""
    text = io.StringIO(newline="")
    csv.writer(text).writerows(row.cells for row in [table.header[0], *table.body])
    out.write(text.getvalue().encode("utf-8-sig"))


def _status(bodies) -> tuple[list[Column], list[ExportRow]]:
    """Who reported, when, on time or not, and the scores: the first sheet of a consolidation."""
    columns = [Column(f"extra:c{i}", label) for i, label in enumerate(
        ("№", "Байгууллага", "Огноо", "Хугацаа", "Өөрийн үнэлгээ", "Аймгийн үнэлгээ"))]
    rows = [ExportRow([i, b.organisation.name, *arrival_cells(b), format_percent(b.self_score) if b.report else "",
                       format_percent(b.aimag_score) if b.report else ""])
            for i, b in enumerate(bodies, start=1)]
    return columns, rows


def consolidation_tables(c: Consolidation) -> list[tuple[str, ExportTable]]:
    """The aimag's consolidation for Excel: who reported and the scores, then every body's
    result per measure; the same words as the PDF."""
    status_columns, status = _status(c.bodies)
    measure_columns = [Column(f"extra:m{i}", label) for i, label in enumerate(
        ("Байгууллага", "Хүрсэн түвшин, үр дүн", "Хэрэгжилтийн хувь"))]
    measures: list[ExportRow] = []
    for line in c.measures():
        measures.append(ExportRow([clean_text(f"{line.number}. {line.text}"), "", ""], kind="group", span=3))
        measures += [ExportRow([r.organisation.name, clean_text(r.result), "" if r.percent is None else r.percent])
                     for r in line.results]
    title = consolidated_title(c)
    return [("Нэгтгэл", ExportTable(title, status_columns, [ExportRow([c.label for c in status_columns],
                                                                      kind="head")], status)),
            ("Арга хэмжээ", ExportTable(title, measure_columns, [ExportRow([c.label for c in measure_columns],
                                                                           kind="head")], measures))]


def plan_consolidation_tables(c: PlanConsolidation) -> list[tuple[str, ExportTable]]:
    """The consolidation of one plan for Excel and Word: who reported, when and their totals,
    then per measure every body's result, percentage and score with the measure's totals; the
    same words as the PDF."""
    status_columns, status = _status(c.bodies)
    status.append(ExportRow([clean_text(plan_summary(c))] + [""] * 5, kind="foot", span=6))
    measure_columns = [Column(f"extra:m{i}", label) for i, label in enumerate(MEASURE_LABELS)]
    measures = []
    for kind, cells in plan_measure_rows(c):
        values = [clean_text("\n".join(cell)) for cell in cells] + [""] * (4 - len(cells))
        measures.append(ExportRow([int(v) if kind == "body" and i >= 2 and v.isdigit() else v
                                   for i, v in enumerate(values)], kind=kind, span=4 if kind == "group" else 1))
    title = plan_consolidation_title(c)
    return [("Нэгтгэл", ExportTable(title, status_columns, [ExportRow([c.label for c in status_columns],
                                                                      kind="head")], status)),
            ("Арга хэмжээ", ExportTable(title, measure_columns, [ExportRow(MEASURE_LABELS, kind="head")], measures))]


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
