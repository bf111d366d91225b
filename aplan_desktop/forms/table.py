"""A form table that splits its rows at a line, as a word processor does.

ReportLab's Table keeps rows whole or cuts them anywhere; the forms need what Word does. The
table measures every row once and, when asked to split, hands the page a plain Table of what
fits and keeps the rest, header included, for the next page:

- a row that does not fit in what is left of the page splits between two lines when at least
  `WIDOW` lines of it fit there and at least `WIDOW` go on; every cell splits at the same
  height, and on the next page the row starts again with its number and "(үргэлжлэл)".
  Otherwise the row moves whole (a row taller than a page always splits);
- a heading row (a section, an objective) goes with the first lines of what it heads;
- the closing rows (the "foot" rows at the end: the total) and what is printed below the table (`tail`: the money spent,
  the signatures) go with the last lines of the last row, so that no page holds only the
  header and the total, or only the signatures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import takewhile

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from aplan_desktop.forms.paragraphs import CellParagraph, text

PAD_X = 3.0
PAD_Y = 2.5
WIDOW = 3  # lines of a split row on either page, at least
CONTINUED = "(үргэлжлэл)"
HEADINGS = ("section", "group")
_FUZZ = 1e-6


@dataclass(eq=False, repr=False)
class Row:
    """One table row: a list of flowables per column. `spans` joins columns (first, last);
    `down` lists the columns whose cell also covers the row below (a two-row header);
    `label` names the row where it continues on the next page (the measure's number)."""

    cells: list[list[Flowable]]
    kind: str = "body"  # head, numbers, section, group, body, foot
    spans: list[tuple[int, int]] = field(default_factory=list)
    label: str = ""
    down: list[int] = field(default_factory=list)
    height: float | None = None  # measured once, by FormTable


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


def _measured(row: Row, widths: list[float]) -> list[tuple[list[Flowable], float]]:
    """(cell, content width) of every cell not covered by a span."""
    return [(cell, w) for c, cell in enumerate(row.cells) if (w := _cell_width(widths, row, c)) is not None]


def row_height(widths: list[float], row: Row) -> float:
    if row.height is None:
        cells = [(cell, w) for c, (cell, w) in enumerate(_measured(row, widths)) if c not in row.down]
        row.height = max((_content_height(cell, w) for cell, w in cells), default=0.0) + 2 * PAD_Y
    return row.height


def two_row_header(upper: Row, lower: Row, widths: list[float]) -> list[Row]:
    """The two rows of a grouped header, measured: a label that covers both (`upper.down`)
    makes the lower row taller when the two are not tall enough for it."""
    covered = max((_content_height(upper.cells[c], w) for c in upper.down
                   if (w := _cell_width(widths, upper, c)) is not None), default=0.0)
    lower.height = max(row_height(widths, lower), covered + 2 * PAD_Y - row_height(widths, upper))
    return [upper, lower]


def _line_bottoms(cell: list[Flowable]) -> list[float]:
    """Where each line of a measured cell ends, from its top (a flowable other than a
    CellParagraph counts as one line)."""
    bottoms, top = [], 0.0
    for f in cell:
        if isinstance(f, CellParagraph):
            bottoms += [top + (i + 1) * f.style.leading for i in range(f.line_count())]
            top += f.height
        else:
            top += f.height + f.getSpaceBefore() + f.getSpaceAfter()
            bottoms.append(top)
    return bottoms


def _split_cell(cell: list[Flowable], height: float) -> tuple[list[Flowable], list[Flowable]]:
    """The lines of a measured cell that end within `height`, and the rest."""
    first: list[Flowable] = []
    used = 0.0
    for index, f in enumerate(cell):
        h = f.height if isinstance(f, CellParagraph) else f.height + f.getSpaceBefore() + f.getSpaceAfter()
        if used + h <= height + _FUZZ:
            first.append(f)
            used += h
            continue
        if isinstance(f, CellParagraph):
            count = int((height - used + _FUZZ) // f.style.leading)
            if count > 0:
                head, tail = f.split_at_line(count)
                return first + [head], [tail] + cell[index + 1:]
        return first, cell[index:]
    return first, []


def split_row(widths: list[float], row: Row, room: float, style, forced: bool = False) -> tuple[Row, Row] | None:
    """The first lines of a row that fit in `room` and the rest, or None when fewer than WIDOW
    of the tallest cell's lines would stay or go on (with `forced`, any line that fits stays).
    `style` is the paragraph style of the "(үргэлжлэл)" line."""
    cells = _measured(row, widths)
    tallest = max((_line_bottoms(cell) for cell, _ in cells), key=lambda b: b[-1] if b else 0.0, default=[])
    fit = sum(1 for bottom in tallest if bottom <= room - 2 * PAD_Y + _FUZZ)
    lines = min(fit, len(tallest) - WIDOW)
    if lines < WIDOW:
        if not (forced and fit > 0 and fit < len(tallest)):
            return None
        lines = fit
    height = tallest[lines - 1]
    firsts, rests = [], []
    for c, cell in enumerate(row.cells):
        if _cell_width(widths, row, c) is None:
            firsts.append([])
            rests.append([])
            continue
        first, rest = _split_cell(cell, height)
        firsts.append(first)
        rests.append(rest)
    _mark_continued(rests, [w for _, w in cells] if not row.spans else [], row.label, style)
    return (Row(firsts, row.kind, row.spans, row.label),
            Row(rests, row.kind, row.spans, row.label))


def _mark_continued(cells: list[list[Flowable]], widths: list[float], label: str, style) -> None:
    """Start the rest of a split row with its label (the measure's number) in the first cell
    and "(үргэлжлэл)" in the first cell wide enough for it (not in a number column too
    narrow for the word)."""
    room = stringWidth(CONTINUED, style.fontName, style.fontSize)
    at = next((c for c, w in enumerate(widths) if w >= room), 0)
    if at == 0:
        cells[0].insert(0, CellParagraph(text(f"{label} {CONTINUED}".strip()), style))
        return
    cells[at].insert(0, CellParagraph(CONTINUED, style))
    if label:
        cells[0].insert(0, CellParagraph(text(label), style))


def _stack_height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 1e9)[1] + f.getSpaceBefore() for f in flowables)


class FormTable(Flowable):
    def __init__(self, header: list[Row], rows: list[Row], widths: list[float], page_height: float,
                 font: str, follows_title: bool = False, tail: list[Flowable] | None = None,
                 continued_style=None) -> None:
        """`page_height` is the height of a whole page's frame. A table that `follows_title`
        (the form's title, which must not stay alone on its page) starts on the title's page
        with whatever fits there. `tail` is printed below the last row, on the same page.
        `continued_style` prints "(үргэлжлэл)" (default: the style of the first body cell)."""
        super().__init__()
        self.header = header
        self.rows = rows
        self.widths = widths
        self.page_height = page_height
        self.font = font
        self.follows_title = follows_title
        self.tail = tail or []
        self.continued_style = continued_style or _first_style(header, rows)
        self.rows_height: float | None = None  # the rows' total, handed on by the page before
        self.closing: tuple[int, float] | None = None  # handed on too: see _closing

    def _height(self, row: Row) -> float:
        return row_height(self.widths, row)

    def _closing(self) -> tuple[int, float]:
        """What must come with the last lines of the last row: the closing rows (the "foot"
        rows at the end: the total) and the tail; their number, and their height with the tail's."""
        if self.closing is None:
            feet = list(takewhile(lambda r: r.kind == "foot", reversed(self.rows)))
            self.closing = len(feet), sum(map(self._height, feet)) + _stack_height(self.tail, sum(self.widths))
        return self.closing

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = sum(self.widths)
        if self.rows_height is None:
            self.rows_height = sum(self._height(r) for r in self.rows)
        self.height = (sum(self._height(r) for r in self.header) + self.rows_height
                       + _stack_height(self.tail, self.width))
        return self.width, self.height

    def draw(self) -> None:
        _draw_stacked(self.canv, [self._table(self.rows), *self.tail], self.width, self.height)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fresh = availHeight >= self.page_height - 1e-3  # a page of its own: something must go on it
        room = availHeight - sum(self._height(r) for r in self.header)
        feet, closing = self._closing()
        taken: list[Row] = []
        rest = list(self.rows)
        rest.reverse()  # taken from the end: the next row is rest[-1]
        used = grown = 0.0  # grown: what splitting a row added to the rows' height (its "(үргэлжлэл)")
        while rest:
            row, height = rest[-1], self._height(rest[-1])
            need = height + (closing if len(rest) == feet + 1 else 0.0)
            if len(rest) <= feet or used + need <= room + _FUZZ:  # the closing rows came with the last
                taken.append(rest.pop())
                used += height
                continue
            forced = not taken and (fresh or self.follows_title)
            parts = split_row(self.widths, row, room - used, self.continued_style, forced)
            if parts:
                taken.append(parts[0])
                rest[-1] = parts[1]
                grown = self._height(parts[0]) + self._height(parts[1]) - height
            elif forced and used + height <= room + _FUZZ:  # too short to split: what closes it goes on alone
                taken.append(rest.pop())
            break
        rest.reverse()
        if rest:  # a heading goes with what it heads
            keep = _without_trailing_headings(taken)
            if keep:  # never when that would leave this page empty: a page of headings only keeps them
                rest[:0] = taken[len(keep):]
                taken = keep
        if not taken:
            return []
        if not rest:
            return [self._table(taken), *self.tail]
        following = FormTable(self.header, rest, self.widths, self.page_height, self.font, tail=self.tail,
                              continued_style=self.continued_style)
        # handed on, so that no page goes through all the rows left again
        following.closing = self.closing
        if self.rows_height is not None:
            following.rows_height = self.rows_height + grown - sum(self._height(r) for r in taken)
        return [self._table(taken), following]

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
            for column in row.down:
                commands.append(("SPAN", (column, index), (column, index + 1)))
            if row.kind in ("head", "numbers"):
                commands.append(("VALIGN", (0, index), (-1, index), "MIDDLE"))
            if row.kind in HEADINGS:
                shade = 0.93 if row.kind == "group" else 0.86
                commands.append(("BACKGROUND", (0, index), (-1, index), colors.Color(shade, shade, shade)))
        return Table(data, colWidths=self.widths, rowHeights=[self._height(r) for r in all_rows],
                     style=TableStyle(commands), repeatRows=0)


def _first_style(header: list[Row], rows: list[Row]):
    """The style of the first body paragraph (of the header's, in a table without one)."""
    for row in sorted(rows + header, key=lambda r: r.kind != "body"):
        for cell in row.cells:
            for f in cell:
                if isinstance(f, Paragraph):
                    return f.style
    raise ValueError("a table without a paragraph")


def _draw_stacked(canv, flowables: list[Flowable], width: float, height: float) -> None:
    """Draw the flowables one below the other from the top of a box `height` high."""
    y = height
    for index, f in enumerate(flowables):
        if index:
            y -= f.getSpaceBefore()
        w, h = f.wrap(width, 1e9)
        align = getattr(f, "hAlign", "LEFT")
        x = {"RIGHT": width - w, "CENTER": (width - w) / 2, "CENTRE": (width - w) / 2}.get(align, 0.0)
        y -= h
        f.drawOn(canv, x, y)


def _without_trailing_headings(rows: list[Row]) -> list[Row]:
    end = len(rows)
    while end and rows[end - 1].kind in HEADINGS:
        end -= 1
    return rows[:end]
