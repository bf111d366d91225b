"""The table of measures that plans and reports print, with the body's own columns.

`measure_rows` decides what each cell says, as plain text, once: the PDF forms and the
spreadsheet, Word and CSV exports all print these rows. The header holds the labels as the
body prints them and a numbering row 1 2 3 … (both repeated on every PDF page); objectives
are rows spanning the table, or a column of their own when the body prints one, and a
section above objectives a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from aplan_desktop.core import columns as registry
from aplan_desktop.core.model import Column, Entry, Objective, Plan, Section
from aplan_desktop.forms.layout import Styles, para
from aplan_desktop.forms.table import HEADINGS, PAD_X, FormTable, Row, two_row_header
from aplan_desktop.forms.widths import ColumnText, Measurer, share_width


@dataclass(eq=False, repr=False)
class TextRow:
    """One printed row: per column a list of paragraphs. A section or objective row has one
    cell, spanning the table."""

    cells: list[list[str]]
    kind: str = "body"  # section, group or body
    measure_id: str = ""
    number: str = ""  # the measure's, printed where its row continues on the next page


def column_widths(columns: list[Column], width: float, word_room: list[float] | None = None) -> list[float]:
    """Share the width by the columns' weights, then lift each column to its minimum (its min_mm,
    or the room its longest word needs, from `word_room`), taking the difference from the
    others in proportion to their weights, so mostly from the widest text columns. Where the
    page cannot give every column its minimum, the minimums shrink alike. (The spreadsheet and
    Word exports, which break their lines themselves.)"""
    weights = [registry.weight(c.key) for c in columns]
    rooms = word_room or [0.0] * len(columns)
    minimum = [max(registry.min_mm(c.key) * mm, room) for c, room in zip(columns, rooms)]
    if sum(minimum) > width:
        minimum = [m * width / sum(minimum) for m in minimum]
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(columns)) if i not in fixed]
        room = width - sum(minimum[i] for i in fixed)
        share = sum(weights[i] for i in free) or 1.0
        widths = [minimum[i] if i in fixed else room * weights[i] / share for i in range(len(columns))]
        short = [i for i in free if widths[i] < minimum[i]]
        if not short:
            return widths
        fixed.update(short)


def objective_label(objective: Objective) -> str:
    return f"Зорилт {objective.number}. {objective.text}" if objective.number else objective.text


def section_label(section: Section) -> str:
    return f"{section.number}. {section.text}" if section.number.strip() else section.text


def measure_rows(plan: Plan, columns: list[Column], entries: dict[str, Entry] | None = None) -> list[TextRow]:
    """Every row below the header; `entries` given (possibly empty) for a report. A section's
    row comes before its first objective."""
    keys = {c.key for c in columns}
    sections = {s.id: s for s in plan.sections}
    rows: list[TextRow] = []
    section_id = None
    for objective in plan.objectives:
        if objective.section_id != section_id and objective.section_id in sections:
            rows.append(TextRow([[section_label(sections[objective.section_id])]], kind="section"))
        section_id = objective.section_id
        if "objective" not in keys and (objective.text.strip() or objective.number.strip()):
            rows.append(TextRow([[objective_label(objective)]], kind="group"))
        for index, measure in enumerate(objective.measures):
            entry = None if entries is None else entries.get(measure.id) or Entry(measure.id)
            cell = registry.Cell(objective, measure, index == 0, "number" in keys, entry)
            rows.append(TextRow([registry.cell_paragraphs(c.key, cell) for c in columns], measure_id=measure.id,
                                number=measure.number))
    return rows


def table_widths(columns: list[Column], rows: list[TextRow], styles: Styles, width: float,
                 page_height: float) -> list[float]:
    """The columns' widths from what they hold (forms/widths.py): the labels and the body rows."""
    cells, labels = (Measurer(s.fontName, s.fontSize) for s in (styles.cell, styles.header))
    texts = [ColumnText() for _ in columns]
    for column, held in zip(columns, texts):
        held.add([column.label], labels, label=True)
    for row in rows:
        if row.kind == "body":
            for held, paragraphs in zip(texts, row.cells):
                held.add(paragraphs, cells)
    groups = [(run, labels.line(label)) for run, label in column_groups(columns)]
    return share_width(texts, [registry.min_mm(c.key) * mm for c in columns], width, 2 * PAD_X,
                       page_height / styles.cell.leading, groups)


def column_groups(columns: list[Column]) -> list[tuple[range, str]]:
    """The runs of neighbouring columns with the same group, and the group's label."""
    runs: list[tuple[range, str]] = []
    for index, column in enumerate(columns):
        group = column.group.strip()
        if not group:
            continue
        if runs and runs[-1][1] == group and runs[-1][0].stop == index:
            runs[-1] = (range(runs[-1][0].start, index + 1), group)
        else:
            runs.append((range(index, index + 1), group))
    return runs


def _pdf_row(row: TextRow, columns: list[Column], widths: list[float], styles: Styles) -> Row:
    if row.kind in HEADINGS:
        cells: list[list[Flowable]] = [[para(row.cells[0][0], styles.group, hyphenated=True)]]
        cells += [[] for _ in columns[1:]]
        return Row(cells, kind=row.kind, spans=[(0, len(columns) - 1)] if len(columns) > 1 else [])
    return Row([[para(p, styles.cell_center if registry.centred(c.key) else styles.cell, width - 2 * PAD_X,
                      hyphenated=True) for p in paragraphs]
                for c, width, paragraphs in zip(columns, widths, row.cells)], label=row.number)


def header_rows(columns: list[Column], styles: Styles, widths: list[float]) -> list[Row]:
    """The labels, on two rows where neighbouring columns share a group ("Суурь түвшин" over
    "он | түвшин"), and the numbering row 1 2 3 …"""
    def label(value: str) -> list[Flowable]:
        return [para(value, styles.header, hyphenated=True)]

    numbers = Row([[para(str(i), styles.cell_center)] for i in range(1, len(columns) + 1)], kind="numbers")
    runs = column_groups(columns)
    if not runs:
        return [Row([label(c.label) for c in columns], kind="head"), numbers]
    upper = Row([[] for _ in columns], kind="head")
    lower = Row([[] for _ in columns], kind="head")
    for index, column in enumerate(columns):
        if column.group.strip():
            lower.cells[index] = label(column.label)
        else:
            upper.cells[index] = label(column.label)
            upper.down.append(index)
    for run, group in runs:
        upper.cells[run.start] = label(group)
        if len(run) > 1:
            upper.spans.append((run.start, run.stop - 1))
    return [*two_row_header(upper, lower, widths), numbers]


def measure_table(plan: Plan, columns: list[Column], styles: Styles, width: float, page_height: float,
                  entries: dict[str, Entry] | None = None, foot: list[Row] | None = None,
                  tail: list[Flowable] | None = None) -> FormTable:
    text_rows = measure_rows(plan, columns, entries)
    widths = table_widths(columns, text_rows, styles, width, page_height)
    rows = [_pdf_row(r, columns, widths, styles) for r in text_rows] + (foot or [])
    return FormTable(header_rows(columns, styles, widths), rows, widths, page_height, styles.font,
                     follows_title=True, tail=tail, continued_style=styles.cell)
