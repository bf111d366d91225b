"""The export tables laid out as Excel (.xlsx) and Word (.docx) files, as the PDF lays out its form.

What the table says is decided in forms/exports.py; here it is placed as the printed form
places it. Above the table, its lines (the form's reference, the annex line or the БАТЛАВ
block at the right, the title centred and bold, the date at the left and the place at the
right, the table's label); the header on one row, or on two where neighbouring columns share
a group, the group's label merged over its columns and every other label merged over both
rows; the numbering row 1 2 3 …; sections and objectives as rows merged across the table and
shaded as the PDF shades them; below it, the money spent and the signatures. The page is the
PDF's (landscape A4, the default margins) with the PDF's column shares, and the header rows
repeat on every printed page.

A spreadsheet keeps the row heights its file gives (LibreOffice does not size a row to its
wrapped text when it opens a file, Excel not a row with merged cells): every row gets its
height here, from its text measured in Liberation Sans (Arial's metrics, a little wider than
Calibri's, so that no row is too short).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from aplan_desktop.core.model import Column
from aplan_desktop.forms import fonts
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.measure_table import column_widths
from aplan_desktop.forms.widths import LONGEST_PIECE

PAGE = Layout()  # the PDF's page: landscape A4, margins 30, 15, 20, 20 mm
BOLD_KINDS = {"head", "section", "group", "foot"}
SHADES = {"section": "DBDBDB", "group": "EDEDED"}  # the PDF's grey of a section's and an objective's row
BLOCK_WIDTH = 85 * mm  # the PDF's БАТЛАВ block, at the right of the page
# Excel measures a column in characters of its default font, about 7 pixels = 5.25 pt each.
POINTS_PER_EXCEL_CHARACTER = 5.25
EXCEL_FONT, EXCEL_FONT_SIZE = "Calibri", 11  # Excel's default font, set on every cell
EXCEL_LINE = 15.0  # pt: a line of Calibri 11, Excel's own row height
EXCEL_PADDING = 6.0  # pt of a cell's width that its text cannot use
# the frozen rows (the title and the header) at most: the rest of a small laptop's screen scrolls
MOST_FROZEN = 160.0
WORD_PADDING = 12.0  # pt of a cell's width that its text cannot use, in Word (Excel takes less)
WORD_FONT = "Times New Roman"  # Liberation Serif, the PDF's font, is its metric twin
# the PDF's sizes: the cells a point below the lines around the table, the title a point above
WORD_FONT_SIZE = Pt(PAGE.font_size - 1)


@dataclass
class Line:
    """A line above or below the table, placed as the PDF places it."""

    text: str
    align: str = "left"  # left, center, right; block: in a block at the right, flush left (БАТЛАВ)
    bold: bool = False
    right: str = ""  # a second text at the right end of the same line (the place, beside the date)


@dataclass
class ExportRow:
    """One row of cells. `spans`: columns merged across (first, last); `down`: the columns
    whose cell also covers the row below (a label beside a group, on a two-row header)."""

    cells: list[str | int]
    kind: str = "body"  # head, numbers, section, group, body or foot
    spans: list[tuple[int, int]] = field(default_factory=list)
    down: list[int] = field(default_factory=list)


@dataclass
class ExportTable:
    columns: list[Column]
    header: list[ExportRow]  # the labels (on one row or two), then the numbering row 1 2 3 … if any
    body: list[ExportRow]
    above: list[Line] = field(default_factory=list)  # from the top; the title among them
    below: list[Line] = field(default_factory=list)
    shares: tuple[float, ...] = ()  # the columns' shares of the width, as the PDF gives them; () by their keys

    def widths(self) -> list[float]:
        """The columns' widths in points on the PDF's landscape A4 frame: by their shares, or
        by their keys' weights, each at least as wide as the longest word it holds."""
        width, _ = PAGE.frame_size(wide=True)
        if self.shares:
            return [share * width for share in self.shares]
        return column_widths(self.columns, width, self._word_room())

    def _word_room(self) -> list[float]:
        """The room each column's longest word needs, which Excel and Word, which do not
        hyphenate, would break inside: measured in Arial's metrics at 11 pt (wider than Calibri
        11 and Times New Roman 10), bold in the header; a longer "word" (an address) breaks."""
        font = fonts.register("sans")
        room = [0.0] * len(self.columns)
        for row in self.header + self.body:
            face = font + "-Bold" if row.kind in BOLD_KINDS else font
            starts = dict(row.spans)
            for column, value in enumerate(row.cells):
                if column in starts or column in _covered(row):
                    continue  # a cell over several columns
                widest = max((stringWidth(word, face, EXCEL_FONT_SIZE) for word in str(value).split()), default=0.0)
                room[column] = max(room[column], min(widest, LONGEST_PIECE) + WORD_PADDING)
        return room


def _covered(row: ExportRow) -> set[int]:
    """The columns whose cell another cell of the row covers."""
    return {column for first, last in row.spans for column in range(first + 1, last + 1)}


def _block_start(widths: list[float]) -> int:
    """The first column of the БАТЛАВ block: as many columns at the right as it takes."""
    total, start = 0.0, len(widths)
    while start > 0 and total < BLOCK_WIDTH:
        start -= 1
        total += widths[start]
    return start


# ---------------------------------------------------------------- .xlsx


def _lines(text: str, width: float, bold: bool) -> int:
    """How many lines the text takes in a cell `width` points wide, broken at spaces."""
    font = fonts.register("sans") + ("-Bold" if bold else "")
    room = max(width - EXCEL_PADDING, 1.0)
    space = stringWidth(" ", font, EXCEL_FONT_SIZE)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = None
        for word in paragraph.split():
            w = stringWidth(word, font, EXCEL_FONT_SIZE)
            if used is not None and used + space + w <= room:
                used += space + w
                continue
            if used is not None:
                count += 1
            count += int(w // room)  # a word wider than the cell breaks inside
            used = w % room if w > room else w
    return count


def _height(lines: int) -> float:
    return lines * EXCEL_LINE + 2


def _row_heights(rows: list[ExportRow], widths: list[float]) -> list[float]:
    """The height of each row, for its tallest cell. A label merged over two rows makes the
    lower row taller when the two are not tall enough for it."""
    heights: list[float] = []
    for index, row in enumerate(rows):
        ends = dict(row.spans)
        bold = row.kind in BOLD_KINDS
        lines = [_lines(str(value), sum(widths[c:ends.get(c, c) + 1]), bold)
                 for c, value in enumerate(row.cells) if c not in _covered(row) and c not in row.down]
        heights.append(_height(max(lines, default=1)))
        above = rows[index - 1] if index else None
        if above and above.down:
            tallest = max(_lines(str(above.cells[c]), widths[c], bold) for c in above.down)
            heights[index] = max(heights[index], _height(tallest) - heights[index - 1])
    return heights


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


def _put_line(sheet, number: int, line: Line, widths: list[float]) -> None:
    """A line above or below the table, merged over the columns it stands on."""
    count = len(widths)
    first = _block_start(widths) if line.align == "block" else 0
    last = count - 1
    parts = [(first, line.text, "left" if line.align == "block" else line.align)]
    if line.right and count > 1:
        last = count // 2 - 1
        parts.append((last + 1, line.right, "right"))
    elif line.right:
        parts = [(0, f"{line.text}    {line.right}", "left")]
    lines = 1
    for index, (column, value, align) in enumerate(parts):
        end = last if index == 0 else count - 1
        cell = sheet.cell(number, column + 1, value)
        cell.data_type = "s"
        cell.font = Font(name=EXCEL_FONT, size=EXCEL_FONT_SIZE, bold=line.bold)
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
        if end > column:
            sheet.merge_cells(start_row=number, start_column=column + 1, end_row=number, end_column=end + 1)
        lines = max(lines, _lines(value, sum(widths[column:end + 1]), line.bold))
    sheet.row_dimensions[number].height = _height(lines)


def _fill_sheet(sheet, table: ExportTable) -> None:
    widths = table.widths()
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width / POINTS_PER_EXCEL_CHARACTER
    for number, line in enumerate(table.above, start=1):
        _put_line(sheet, number, line, widths)
    top = len(table.above) + 1
    rows = table.header + table.body
    thin = Side(style="thin")
    heights = _row_heights(rows, widths)
    merges: list[tuple[int, int, int, int]] = []
    for number, (row, height) in enumerate(zip(rows, heights), start=top):
        middle = row.kind in ("head", "numbers")
        fill = PatternFill("solid", fgColor=SHADES[row.kind]) if row.kind in SHADES else None
        for column, value in enumerate(row.cells, start=1):
            cell = sheet.cell(number, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=" like a formula
            cell.font = Font(name=EXCEL_FONT, size=EXCEL_FONT_SIZE, bold=row.kind in BOLD_KINDS)
            cell.alignment = Alignment(vertical="center" if middle else "top", wrap_text=True,
                                       horizontal="center" if middle else None)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if fill:
                cell.fill = fill
        merges += [(number, first, number, last) for first, last in row.spans]
        merges += [(number, column, number + 1, column) for column in row.down]
        sheet.row_dimensions[number].height = height
    for first_row, first, last_row, last in merges:  # once every cell is written: a merged cell takes no value
        sheet.merge_cells(start_row=first_row, start_column=first + 1, end_row=last_row, end_column=last + 1)
    below = top + len(rows) + 1  # a row's space, as the PDF leaves it
    for number, line in enumerate(table.below, start=below):
        _put_line(sheet, number, line, widths)
    body = top + len(table.header)
    frozen = sum(sheet.row_dimensions[n].height for n in range(1, body))
    if frozen <= MOST_FROZEN:
        sheet.freeze_panes = f"A{body}"
    sheet.print_title_rows = f"{top}:{body - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=PAGE.margin_left * mm / inch, right=PAGE.margin_right * mm / inch,
                                     top=PAGE.margin_top * mm / inch, bottom=PAGE.margin_bottom * mm / inch)


# ---------------------------------------------------------------- .docx


def write_docx(table: ExportTable, out: BinaryIO) -> None:
    write_docx_tables([table], out)


def write_docx_tables(tables: list[ExportTable], out: BinaryIO) -> None:
    """One Word document with each table under its lines, in order."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (Pt(size) for size in PAGE.page_size(wide=True))
    section.left_margin, section.right_margin = Mm(PAGE.margin_left), Mm(PAGE.margin_right)
    section.top_margin, section.bottom_margin = Mm(PAGE.margin_top), Mm(PAGE.margin_bottom)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = WORD_FONT, WORD_FONT_SIZE
    for index, table in enumerate(tables):
        _add_docx_table(document, table, space_before=16.0 if index else 0.0)
    document.save(out)


def _add_line(document, line: Line, width: float, space_before: float = 0.0) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(line.align)
    if line.align == "block":
        paragraph.paragraph_format.left_indent = Pt(width - BLOCK_WIDTH)
    if space_before:
        paragraph.paragraph_format.space_before = Pt(space_before)
    text = line.text
    if line.right:
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(width), WD_TAB_ALIGNMENT.RIGHT)
        text += "\t" + line.right
    run = paragraph.add_run(text)
    run.bold = line.bold
    run.font.size = Pt(PAGE.font_size + 1 if line.align == "center" else PAGE.font_size)  # centred: a title


def _repeat_on_every_page(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    # in the place the schema gives it, which Word insists on
    cell._tc.get_or_add_tcPr().insert_element_before(shading, "w:noWrap", "w:tcMar", "w:textDirection",
                                                      "w:tcFitText", "w:vAlign", "w:hideMark")


def _add_docx_table(document, table: ExportTable, space_before: float) -> None:
    """The table under its lines (the first `space_before` points below what comes before)."""
    widths = table.widths()
    for number, line in enumerate(table.above):
        _add_line(document, line, sum(widths), space_before=0.0 if number else space_before)
    rows = table.header + table.body
    grid = document.add_table(rows=len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = Pt(width)
    for index, row in enumerate(rows):  # merged first, so that each merged cell is filled once
        cells = grid.rows[index].cells
        for first, last in row.spans:
            cells[first].merge(cells[last])
        for column in row.down:
            cells[column].merge(grid.rows[index + 1].cells[column])
    below_covered: set[int] = set()
    for index, row in enumerate(rows):
        added = grid.rows[index]
        cells = added.cells
        middle = row.kind in ("head", "numbers")
        for column, value in enumerate(row.cells):
            if column in _covered(row) or column in below_covered:
                continue
            cell = cells[column]
            paragraph = cell.paragraphs[0]
            if middle:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if row.kind in SHADES:
                _shade(cell, SHADES[row.kind])
            paragraph.add_run(str(value)).bold = row.kind in BOLD_KINDS
        if index < len(table.header):
            _repeat_on_every_page(added)
        below_covered = set(row.down)
    for number, line in enumerate(table.below):
        _add_line(document, line, sum(widths), space_before=0.0 if number else 16.0)
