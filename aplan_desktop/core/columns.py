"""The printed columns a plan or report can have, each known in one place.

An entry says everything the program knows about one column: its key (as stored and
exchanged), the label the seeds print, whether it belongs to the plan or to the report, what
its cell says for a measure (paragraphs of plain text), how typed input is read, which kind of
field edits it, and how it prints (share of the width, narrowest width, centred) and exports.
The model's validation, the interchange format, the editors, the PDF forms and the
spreadsheet exports all read this table, so a new column is added here once. A body's own
columns are `extra:<name>`, their values in `Measure.extra`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from aplan_desktop.core.model import Column, Entry, Measure, Money, Objective, Plan, Report
from aplan_desktop.core.parsing import parse_money, parse_percent

EXTRA_PREFIX = "extra:"
EXTRA_NAME = r"[a-z0-9_]{1,32}"  # the <name> of a body's own column
EXTRA_WEIGHT = 1.5  # a body's own column's share of the width


@dataclass(frozen=True, eq=False, repr=False)
class Cell:
    """What a cell is read from: the measure, its objective and (in a report) its entry."""

    objective: Objective
    measure: Measure
    first_in_group: bool  # the objective's first measure: the objective column prints it there
    numbered: bool  # the table has a number column, so the measure's text goes without its number
    entry: Entry | None  # None in a plan


@dataclass(frozen=True, eq=False, repr=False)
class ColumnSpec:
    key: str
    label: str  # as the seeds print it; a body may print its own
    part: str  # "plan" or "report"
    read: Callable[[Cell], list[str]]  # the cell's paragraphs
    editor: str  # the field that edits it: line, text, lines, timeframe, money, percent, objective, review
    weight: float  # share of the table's width
    min_mm: float = 0.0  # never narrower than this, so a nearly empty column keeps its look
    centred: bool = False
    default: bool = True  # printed when the body has not chosen its columns
    parse: Callable[..., object] | None = None  # typed text to value, refusing what does not read
    export: str = "text"  # "text", or "number": a spreadsheet cell holding a whole number
    joiner: str = "\n"  # paragraphs are joined so in one exported cell
    field: str = ""  # the name the editing operations give its field, when not the key

    @property
    def edit_field(self) -> str:
        return self.field or self.key


def _money(money: Money) -> list[str]:
    from aplan_desktop.i18n.mongolian import format_amount  # here: the i18n package reads core.validation

    lines = [format_amount(money.amount)] if money.amount is not None else []
    return lines + ([money.source] if money.source.strip() else [])


def _numbered(number: str, text: str) -> str:
    """"1. Text" as typed, its own full stop kept ("…хэрэгжүүлэх."); the text alone without a number."""
    return f"{number.rstrip('. ')}. {text}" if number.strip(". ") else text


def _criteria(c: Cell) -> list[str]:
    dash = "- " if len(c.measure.criteria) > 1 else ""
    return [dash + line for line in c.measure.criteria]


def _entry(read: Callable[[Entry], list[str]]) -> Callable[[Cell], list[str]]:
    return lambda c: [] if c.entry is None else read(c.entry)


def _review(e: Entry) -> list[str]:
    return [p for p in ("" if e.review.score is None else str(e.review.score), e.review.comment) if p]


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", "Д/д", "plan", lambda c: [c.measure.number], "line", 0.55, 10.0, centred=True),
    ColumnSpec("objective", "Зорилт", "plan",
               lambda c: [_numbered(c.objective.number, c.objective.text)] if c.first_in_group else [],
               "objective", 2.0, field="text"),
    ColumnSpec("measure", "Хэрэгжүүлэх арга хэмжээ", "plan",
               lambda c: [("" if c.numbered or not c.measure.number else f"{c.measure.number}. ") + c.measure.text],
               "text", 3.6, field="text"),
    ColumnSpec("criteria", "Шалгуур үзүүлэлт", "plan", _criteria, "lines", 3.0),
    ColumnSpec("timeframe", "Хугацаа", "plan", lambda c: [c.measure.timeframe.text], "timeframe", 1.25, 18.0,
               centred=True),
    ColumnSpec("target", "Хүрэх түвшин, үр дүн", "plan", lambda c: [c.measure.target], "text", 1.5, 18.0),
    ColumnSpec("budget", "Зарцуулах хөрөнгө (мян.төг), эх үүсвэр", "plan", lambda c: _money(c.measure.budget),
               "money", 1.3, 18.0, centred=True, parse=parse_money),
    ColumnSpec("responsible", "Хариуцах эзэн", "plan", lambda c: [c.measure.responsible], "line", 1.7,
               centred=True),
    ColumnSpec("result", "Хүрсэн түвшин, үр дүн", "report",
               _entry(lambda e: e.result.split("\n\n") if e.result else []), "text", 5.5, joiner="\n\n"),
    ColumnSpec("spent", "Зарцуулсан хөрөнгө, эх үүсвэр", "report", _entry(lambda e: _money(e.spent)), "money",
               1.3, 18.0, centred=True, parse=parse_money),
    ColumnSpec("percent", "Хэрэгжилтийн хувь", "report",
               _entry(lambda e: [] if e.percent is None else [str(e.percent)]), "percent", 1.5, 17.0,
               centred=True, parse=parse_percent, export="number"),
    ColumnSpec("review", "Үнэлгээ", "report", _entry(_review), "review", 1.6, default=False),
)
BY_KEY = {c.key: c for c in COLUMNS}
PLAN_KEYS = tuple(c.key for c in COLUMNS if c.part == "plan")
REPORT_KEYS = tuple(c.key for c in COLUMNS if c.part == "report")
KEY_PATTERN = rf"\A({'|'.join(BY_KEY)}|{EXTRA_PREFIX}{EXTRA_NAME})\Z"  # every key a document may hold


def spec(key: str) -> ColumnSpec | None:
    """The registry's entry for a key; None for a body's own (extra:) column."""
    return BY_KEY.get(key)


def cell_paragraphs(key: str, cell: Cell) -> list[str]:
    """What the column `key` says for one measure, as paragraphs of plain text."""
    if key.startswith(EXTRA_PREFIX):
        return [cell.measure.extra.get(key[len(EXTRA_PREFIX):], "")]
    column = BY_KEY.get(key)
    return column.read(cell) if column else []


def weight(key: str) -> float:
    column = BY_KEY.get(key)
    return column.weight if column else EXTRA_WEIGHT


def min_mm(key: str) -> float:
    column = BY_KEY.get(key)
    return column.min_mm if column else 0.0


def centred(key: str) -> bool:
    column = BY_KEY.get(key)
    return bool(column and column.centred)


def export_value(key: str, paragraphs: list[str], clean: Callable[[str], str]) -> str | int:
    """One exported cell: the paragraphs joined, cleaned by `clean`, a whole number where the
    column holds one (so a spreadsheet can add up the percentages)."""
    column = BY_KEY.get(key)
    text = clean((column.joiner if column else "\n").join(paragraphs))
    return int(text) if column and column.export == "number" and text else text


def default_labels(part: str) -> list[tuple[str, str]]:
    """(key, label) of the columns printed for `part` when the body has not chosen its own."""
    return [(c.key, c.label) for c in COLUMNS if c.part == part and c.default]


def report_columns(report: Report, plan: Plan) -> list[Column]:
    """The report's own column set, or the plan's columns followed by result, spent and percent."""
    if report.columns:
        return report.columns
    return list(plan.columns) + [Column(key, label) for key, label in default_labels("report")]


def has_percent(report: Report, plan: Plan | None = None) -> bool:
    """Whether the report gives a percentage per measure; a narrative report has no overall score.

    Only the report's own choice of columns can leave the percentage out (a plan has no report
    columns, and the default set has it), so the plan is not needed to tell."""
    return not report.columns or any(c.key == "percent" for c in report.columns)
