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

from aplan_desktop.core.model import Column, Entry, Measure, Money, Objective, Plan
from aplan_desktop.forms.layout import Styles, longest_word, para, text
from aplan_desktop.forms.table import PAD_X, FormTable, Row
from aplan_desktop.i18n.mongolian import format_amount

# Relative widths of the columns; a table's columns share the frame's width in these shares.
_WEIGHTS = {
    "number": 0.55, "objective": 2.0, "measure": 3.6, "criteria": 3.0, "timeframe": 1.25, "target": 1.5,
    "budget": 1.3, "responsible": 1.7, "result": 5.5, "spent": 1.3, "percent": 1.5, "review": 1.6,
}
_EXTRA_WEIGHT = 1.5
# Narrow columns never get less than this (mm), so that they keep their look when nearly empty.
_MIN_MM = {"number": 10.0, "percent": 17.0, "timeframe": 18.0, "budget": 18.0, "spent": 18.0, "target": 18.0}
# No column is widened for a longer "word" (a web or e-mail address): it breaks inside instead.
_LONGEST_WORD = 40 * mm
_CENTERED = {"number", "timeframe", "budget", "responsible", "spent", "percent"}


@dataclass
class TextRow:
    """One printed row: per column a list of paragraphs. A group row has one cell, spanning."""

    cells: list[list[str]]
    kind: str = "body"  # group or body
    measure_id: str = ""


def column_widths(columns: list[Column], width: float, word_room: list[float] | None = None) -> list[float]:
    """Share the width by the columns' weights, then lift each column to its minimum (_MIN_MM,
    or the room its longest word needs, from `word_room`), taking the difference from the
    others in proportion to their weights, so mostly from the widest text columns. Where the
    page cannot give every column its minimum, the minimums shrink alike."""
    weights = [_WEIGHTS.get(c.key, _EXTRA_WEIGHT) for c in columns]
    rooms = word_room or [0.0] * len(columns)
    minimum = [max(_MIN_MM.get(c.key, 0.0) * mm, room) for c, room in zip(columns, rooms)]
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


def _money(money: Money) -> list[str]:
    lines = [format_amount(money.amount)] if money.amount is not None else []
    return lines + ([money.source] if money.source.strip() else [])


def cell_text(column: Column, objective: Objective, measure: Measure, first_in_group: bool, numbered: bool,
              entry: Entry | None) -> list[str]:
    """What one column says for one measure (and its entry, in a report), as paragraphs."""
    key = column.key
    if column.extra_key:
        return [measure.extra.get(column.extra_key, "")]
    if key == "criteria":
        dash = "- " if len(measure.criteria) > 1 else ""
        return [dash + line for line in measure.criteria]
    plan_cells = {
        "number": lambda: [measure.number],
        "objective": lambda: [f"{objective.number}. {objective.text}".strip(". ")] if first_in_group else [],
        "measure": lambda: [("" if numbered or not measure.number else f"{measure.number}. ") + measure.text],
        "timeframe": lambda: [measure.timeframe.text],
        "target": lambda: [measure.target],
        "budget": lambda: _money(measure.budget),
        "responsible": lambda: [measure.responsible],
    }
    if key in plan_cells:
        return plan_cells[key]()
    if entry is None:
        return []
    report_cells = {
        "result": lambda: entry.result.split("\n\n") if entry.result else [],
        "spent": lambda: _money(entry.spent),
        "percent": lambda: [] if entry.percent is None else [str(entry.percent)],
        "review": lambda: [p for p in ("" if entry.review.score is None else str(entry.review.score),
                                       entry.review.comment) if p],
    }
    return report_cells[key]() if key in report_cells else []


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
            rows.append(TextRow([cell_text(c, objective, measure, index == 0, "number" in keys, entry)
                                 for c in columns], measure_id=measure.id))
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
    return Row([[para(p, styles.cell_center if c.key in _CENTERED else styles.cell, width - 2 * PAD_X)
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
