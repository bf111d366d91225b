"""The table of measures that the plan and the report print, with the body's own columns.

Header labels as the body prints them, a numbering row 1 2 3 … under them (both repeated on
every page), objectives as rows spanning the table (or in a column of their own when the
body prints one), then one row per measure.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from aplan_desktop.core.model import Column, Entry, Measure, Money, Objective, Plan
from aplan_desktop.forms.layout import Styles, para, text
from aplan_desktop.forms.table import FormTable, Row
from aplan_desktop.i18n.mongolian import format_amount

# Relative widths of the columns; a table's columns share the frame's width in these shares.
_WEIGHTS = {
    "number": 0.55, "objective": 2.0, "measure": 3.6, "criteria": 3.0, "timeframe": 1.25, "target": 1.5,
    "budget": 1.3, "responsible": 1.7, "result": 5.5, "spent": 1.3, "percent": 1.5, "review": 1.6,
}
_EXTRA_WEIGHT = 1.5


# Narrow columns never get less than this (mm), so "1.1", "2-р улирал" and "100" do not break.
_MIN_MM = {"number": 10.0, "percent": 17.0, "timeframe": 18.0, "budget": 18.0, "spent": 18.0, "target": 18.0}


def column_widths(columns: list[Column], width: float) -> list[float]:
    """Share the width by the columns' weights, then lift narrow columns to their minimum,
    taking the difference from the others in proportion."""
    weights = [_WEIGHTS.get(c.key, _EXTRA_WEIGHT) for c in columns]
    minimum = [_MIN_MM.get(c.key, 0.0) * mm for c in columns]
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


def _money(money: Money) -> str:
    parts = [format_amount(money.amount)] if money.amount is not None else []
    if money.source.strip():
        parts.append(money.source)
    return "\n".join(parts)


def measure_cell(column: Column, objective: Objective, measure: Measure, first_in_group: bool,
                 numbered: bool, styles: Styles, entry: Entry | None = None) -> list[Flowable]:
    """What one column shows for one measure (and its entry, in a report)."""
    key = column.key
    if key == "number":
        return [para(measure.number, styles.cell_center)]
    if key == "objective":
        return [para(f"{objective.number}. {objective.text}".strip(". "), styles.cell)] if first_in_group else []
    if key == "measure":
        prefix = "" if numbered or not measure.number else f"{measure.number}. "
        return [para(prefix + measure.text, styles.cell)]
    if key == "criteria":
        return [para(("- " if len(measure.criteria) > 1 else "") + line, styles.cell) for line in measure.criteria]
    if key == "timeframe":
        return [para(measure.timeframe.text, styles.cell_center)]
    if key == "target":
        return [para(measure.target, styles.cell)]
    if key == "budget":
        return [para(_money(measure.budget), styles.cell_center)]
    if key == "responsible":
        return [para(measure.responsible, styles.cell_center)]
    if column.extra_key:
        return [para(measure.extra.get(column.extra_key, ""), styles.cell)]
    if entry is None:
        return []
    if key == "result":
        return [para(paragraph, styles.cell) for paragraph in entry.result.split("\n\n")] if entry.result else []
    if key == "spent":
        return [para(_money(entry.spent), styles.cell_center)]
    if key == "percent":
        return [para("" if entry.percent is None else str(entry.percent), styles.cell_center)]
    if key == "review":
        score = "" if entry.review.score is None else f"{entry.review.score}"
        return [para("\n".join(filter(None, [score, entry.review.comment])), styles.cell)]
    return []


def header_rows(columns: list[Column], styles: Styles) -> list[Row]:
    labels = Row([[Paragraph(text(c.label), styles.header)] for c in columns], kind="head")
    numbers = Row([[Paragraph(str(i), styles.cell_center)] for i in range(1, len(columns) + 1)], kind="numbers")
    return [labels, numbers]


def measure_rows(plan: Plan, columns: list[Column], styles: Styles,
                 entries: dict[str, Entry] | None = None) -> list[Row]:
    keys = {c.key for c in columns}
    rows: list[Row] = []
    for objective in plan.objectives:
        if "objective" not in keys and (objective.text.strip() or objective.number.strip()):
            label = f"Зорилт {objective.number}. {objective.text}" if objective.number else objective.text
            rows.append(Row([[para(label, styles.group)]] + [[] for _ in columns[1:]], kind="group",
                            spans=[(0, len(columns) - 1)] if len(columns) > 1 else []))
        for index, measure in enumerate(objective.measures):
            entry = (entries or {}).get(measure.id) or (Entry(measure.id) if entries is not None else None)
            rows.append(Row([measure_cell(c, objective, measure, index == 0, "number" in keys, styles, entry)
                             for c in columns]))
    return rows


def measure_table(plan: Plan, columns: list[Column], styles: Styles, width: float, page_height: float,
                  entries: dict[str, Entry] | None = None, foot: list[Row] | None = None) -> FormTable:
    widths = column_widths(columns, width)
    rows = measure_rows(plan, columns, styles, entries) + (foot or [])
    return FormTable(header_rows(columns, styles), rows, widths, page_height, styles.font)
