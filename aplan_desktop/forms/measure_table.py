"""The table of measures that plans and reports print, with the body's own columns.

`measure_rows` decides what each cell says, as plain text, once: the PDF forms and the
spreadsheet, Word and CSV exports all print these rows. The header holds the labels as the
body prints them and a numbering row 1 2 3 … (both repeated on every PDF page); objectives
are rows spanning the table, or a column of their own when the body prints one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from aplan_desktop.core import columns as registry
from aplan_desktop.core.model import Column, Entry, Objective, Plan
from aplan_desktop.forms.layout import Styles, longest_word, para, text
from aplan_desktop.forms.table import PAD_X, FormTable, Row

# No column is widened for a longer "word" (a web or e-mail address): it breaks inside instead.
_LONGEST_WORD = 40 * mm


@dataclass
class TextRow:
    """One printed row: per column a list of paragraphs. A group row has one cell, spanning."""

    cells: list[list[str]]
    kind: str = "body"  # group or body
    measure_id: str = ""


def column_widths(columns: list[Column], width: float, word_room: list[float] | None = None) -> list[float]:
    """Share the width by the columns' weights, then lift each column to its minimum (its min_mm,
    or the room its longest word needs, from `word_room`), taking the difference from the
    others in proportion to their weights, so mostly from the widest text columns. Where the
    page cannot give every column its minimum, the minimums shrink alike."""
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


def measure_rows(plan: Plan, columns: list[Column], entries: dict[str, Entry] | None = None) -> list[TextRow]:
    """Every row below the header; `entries` given (possibly empty) for a report."""
    keys = {c.key for c in columns}
    rows: list[TextRow] = []
    for objective in plan.objectives:
        if "objective" not in keys and (objective.text.strip() or objective.number.strip()):
            rows.append(TextRow([[objective_label(objective)]], kind="group"))
        for index, measure in enumerate(objective.measures):
            entry = None if entries is None else entries.get(measure.id) or Entry(measure.id)
            cell = registry.Cell(objective, measure, index == 0, "number" in keys, entry)
            rows.append(TextRow([registry.cell_paragraphs(c.key, cell) for c in columns], measure_id=measure.id))
    return rows


def _word_room(columns: list[Column], rows: list[TextRow], styles: Styles) -> list[float]:
    """Per column, the room its longest word needs, in the header and in the cells (group rows
    span the table and have room), up to _LONGEST_WORD."""
    body = [r for r in rows if r.kind == "body"]

    def room(index: int, column: Column) -> float:
        longest = max(longest_word([column.label], styles.header),
                      longest_word((p for r in body for p in r.cells[index]), styles.cell))
        return math.ceil(min(_LONGEST_WORD, longest)) + 2 * PAD_X  # a whole point more: no rounding breaks it

    return [room(i, c) for i, c in enumerate(columns)]


def _pdf_row(row: TextRow, columns: list[Column], widths: list[float], styles: Styles) -> Row:
    if row.kind == "group":
        cells: list[list[Flowable]] = [[para(row.cells[0][0], styles.group)]] + [[] for _ in columns[1:]]
        return Row(cells, kind="group", spans=[(0, len(columns) - 1)] if len(columns) > 1 else [])
    return Row([[para(p, styles.cell_center if registry.centred(c.key) else styles.cell, width - 2 * PAD_X)
                 for p in paragraphs] for c, width, paragraphs in zip(columns, widths, row.cells)])


def header_rows(columns: list[Column], styles: Styles) -> list[Row]:
    labels = Row([[Paragraph(text(c.label), styles.header)] for c in columns], kind="head")
    numbers = Row([[Paragraph(str(i), styles.cell_center)] for i in range(1, len(columns) + 1)], kind="numbers")
    return [labels, numbers]


def measure_table(plan: Plan, columns: list[Column], styles: Styles, width: float, page_height: float,
                  entries: dict[str, Entry] | None = None, foot: list[Row] | None = None) -> FormTable:
    text_rows = measure_rows(plan, columns, entries)
    widths = column_widths(columns, width, _word_room(columns, text_rows, styles))
    rows = [_pdf_row(r, columns, widths, styles) for r in text_rows] + (foot or [])
    return FormTable(header_rows(columns, styles), rows, widths, page_height, styles.font, follows_title=True)
