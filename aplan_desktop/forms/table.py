"""A form table whose ordinary rows stay whole and whose long rows split across pages.

ReportLab's Table can either keep every row whole (a row taller than a page is then a
layout error) or, with `splitInRow`, split any row. The forms need both: a row that fits on
a page of its own, below the repeated header, moves whole to the next page, while a result
of several pages starts where it is, fills the page, and continues on the next one below
the repeated header. `FormTable` decides this itself: it measures its rows, and when asked
to split it hands the page a plain Table of what fits and keeps the rest, header included,
for the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import takewhile

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

PAD_X = 3.0
PAD_Y = 2.5
MIN_SPLIT_HEIGHT = 36.0  # do not start a long row in the last few lines of a page


@dataclass
class Row:
    """One table row: a list of flowables per column. `spans` joins columns (first, last)."""

    cells: list[list[Flowable]]
    kind: str = "body"  # head, numbers, group, body, foot
    spans: list[tuple[int, int]] = field(default_factory=list)
    height: float | None = field(default=None, compare=False)  # measured once, by FormTable


def _cell_width(widths: list[float], row: Row, column: int) -> float | None:
    """Width available to a cell's content; None for a cell covered by another's span."""
    for first, last in row.spans:
        if first == column:
            return sum(widths[first:last + 1]) - 2 * PAD_X
        if first < column <= last:
            return None
    return widths[column] - 2 * PAD_X


def _content_height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 1e9)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def row_height(widths: list[float], row: Row) -> float:
    heights = [_content_height(cell, w) for c, cell in enumerate(row.cells)
               if (w := _cell_width(widths, row, c)) is not None]
    return max(heights, default=0.0) + 2 * PAD_Y


def _split_cell(flowables: list[Flowable], width: float, height: float) -> tuple[list[Flowable], list[Flowable]]:
    first: list[Flowable] = []
    used = 0.0
    for index, flowable in enumerate(flowables):
        h = flowable.wrap(width, height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        if used + h <= height:
            first.append(flowable)
            used += h
            continue
        parts = flowable.split(width, height - used)
        if len(parts) == 2:
            return first + [parts[0]], [parts[1]] + flowables[index + 1:]
        return first, flowables[index:]
    return first, []


def split_row(widths: list[float], row: Row, height: float) -> tuple[Row, Row] | None:
    """The part of a row that fits in `height`, and the rest; None when nothing fits."""
    firsts, rests = [], []
    for c, cell in enumerate(row.cells):
        w = _cell_width(widths, row, c)
        if w is None:
            firsts.append([])
            rests.append([])
            continue
        first, rest = _split_cell(cell, w, height - 2 * PAD_Y)
        firsts.append(first)
        rests.append(rest)
    if not any(firsts) or not any(rests):
        return None
    return Row(firsts, row.kind, row.spans), Row(rests, row.kind, row.spans)


class FormTable(Flowable):
    def __init__(self, header: list[Row], rows: list[Row], widths: list[float], page_height: float,
                 font: str, follows_title: bool = False) -> None:
        """`page_height` is the height of a whole page's frame. Ordinary rows move whole to the
        next page; a row too tall for a page of its own (below the header, with the heading
        rows that go with it) starts where it is and continues on the next page, so neither a
        gap of most of a page nor a layout error is left. A table that `follows_title` (the
        form's title, which must not stay alone on its page) starts on the title's page: there,
        a first row too tall for the room left below the title splits too."""
        super().__init__()
        self.header = header
        self.rows = rows
        self.widths = widths
        self.page_height = page_height
        self.font = font
        self.follows_title = follows_title
        self.rows_height: float | None = None  # the rows' total, handed on by the page before

    def _height(self, row: Row) -> float:
        if row.height is None:
            row.height = row_height(self.widths, row)
        return row.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = sum(self.widths)
        if self.rows_height is None:
            self.rows_height = sum(self._height(r) for r in self.rows)
        self.height = sum(self._height(r) for r in self.header) + self.rows_height
        return self.width, self.height

    def draw(self) -> None:
        table = self._table(self.rows)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        head = sum(self._height(r) for r in self.header)
        used = head
        count = 0  # the rows that fit whole
        while count < len(self.rows) and used + self._height(self.rows[count]) <= availHeight:
            used += self._height(self.rows[count])
            count += 1
        taken, rest = self.rows[:count], self.rows[count:]
        # the rest's height, kept up to date below, so that no page adds up all the rows left
        # again (that made a long table's time grow with the square of its length)
        rest_height = None if self.rows_height is None else self.rows_height - sum(map(self._height, taken))
        if rest:
            row, h = rest[0], self._height(rest[0])
            first_row = self.follows_title and all(r.kind == "group" for r in taken)
            if (first_row or h > self._room_of_a_page(head, taken)) and availHeight - used >= MIN_SPLIT_HEIGHT:
                parts = split_row(self.widths, row, availHeight - used)
                if parts:
                    taken.append(parts[0])
                    rest[0] = parts[1]
                    if rest_height is not None:
                        rest_height += self._height(parts[1]) - h
        if rest:  # a heading goes with what it heads, and the total with a row it sums (and that row's heading)
            keep = _without_trailing_headings(taken[:-1] if all(r.kind == "foot" for r in rest) else taken)
            if keep:  # never when that would leave this page empty: a page of headings only keeps them
                moved, taken = taken[len(keep):], keep
                rest[:0] = moved
                if rest_height is not None:
                    rest_height += sum(map(self._height, moved))
        if not taken:
            return []
        chunks: list[Flowable] = [self._table(taken)]
        if rest:
            following = FormTable(self.header, rest, self.widths, self.page_height, self.font)
            following.rows_height = rest_height
            chunks.append(following)
        return chunks

    def _room_of_a_page(self, head: float, taken: list[Row]) -> float:
        """The room a row has on a page of its own: below the header and the heading
        rows just before it, which move with it."""
        headings = takewhile(lambda r: r.kind == "group", reversed(taken))
        return self.page_height - head - sum(self._height(r) for r in headings)

    def _table(self, rows: list[Row]) -> Table:
        all_rows = self.header + rows
        data = [list(r.cells) for r in all_rows]
        commands: list[tuple] = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ]
        for index, row in enumerate(all_rows):
            for first, last in row.spans:
                commands.append(("SPAN", (first, index), (last, index)))
            if row.kind in ("head", "numbers"):
                commands.append(("VALIGN", (0, index), (-1, index), "MIDDLE"))
            if row.kind == "group":
                commands.append(("BACKGROUND", (0, index), (-1, index), colors.Color(0.93, 0.93, 0.93)))
        return Table(data, colWidths=self.widths, rowHeights=[self._height(r) for r in all_rows],
                     style=TableStyle(commands), repeatRows=0)


def _without_trailing_headings(rows: list[Row]) -> list[Row]:
    end = len(rows)
    while end and rows[end - 1].kind == "group":
        end -= 1
    return rows[:end]

