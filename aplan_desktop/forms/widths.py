"""Column widths from what the columns hold, after HTML's automatic table layout.

Each column has a narrowest width, its min-content (the widest piece of its text that cannot
break: a syllable of a long word with its hyphen, a number, a date; a web address breaks
anywhere past 40 mm), never below the registry's minimum for the column, and a widest, its
max-content (its longest paragraph on one line); a column of prose is given at least room for
PROSE_LETTERS of its letters a line. When the page has room for every column's
widest, each gets it and the rest is shared in proportion, as HTML does. Otherwise every
column starts at its narrowest and the rest of the width is handed out a slice at a time to
the column where the slice shortens the table most, never past its widest. The table's
height is estimated from each row's tallest cell, a cell's height from the lengths of its
paragraphs. (HTML shares the rest in proportion to max-content minus min-content: a column
with one long result would take nearly all of it and leave the others a syllable a line.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont

from aplan_desktop.forms.hyphenation import hyphenate, SOFT_HYPHEN

LONGEST_PIECE = 40 * mm  # a longer "word" (a web or e-mail address) breaks inside, anywhere
SLICES = 48  # the rest of the width is handed out in this many slices
SAMPLE = 200  # rows the height is estimated on, evenly spread over a longer table
WASTE = 10.0  # pt: what a line leaves empty at its end, on average (half a syllable or a short word)
PROSE_LETTERS = 12  # a column of prose holds at least this many of its average letters a line
PROSE_LINES = 3  # prose: a paragraph of at least this many such lines

# a range of dates or numbers may break after its dash: 2025.01.01-|2025.11.10
RANGE_BREAK = re.compile(r"(?<=\d-)(?=\d)")


class Measurer:
    """The widths of texts in one font and size, each word measured once."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self._font = getFont(font)
        self.hyphen = self._width("-")
        self._pieces: dict[str, float] = {}

    def _width(self, value: str) -> float:
        return self._font.stringWidth(value, self.size)

    def line(self, value: str) -> float:
        return self._width(" ".join(value.split()))

    def widest_piece(self, value: str) -> float:
        """The widest piece of the text that no line may break inside."""
        return max(map(self._piece, value.split()), default=0.0)

    def _piece(self, word: str) -> float:
        width = self._pieces.get(word)
        if width is None:
            width = 0.0
            for part in RANGE_BREAK.split(word):
                *broken, last = hyphenate(part).split(SOFT_HYPHEN)  # a broken syllable prints a hyphen
                width = max(width, self._width(last), *(self._width(s) + self.hyphen for s in broken))
            width = self._pieces[word] = min(LONGEST_PIECE, width)
        return width


class ColumnText:
    """What one column holds, as far as its width goes: its narrowest and widest content, and
    the one-line widths of its label's and of each row's paragraphs."""

    def __init__(self) -> None:
        self.narrowest = 0.0
        self.widest = 0.0
        self.label: list[float] = []
        self.rows: list[list[float]] = []
        self._letters, self._width, self._longest = 0, 0.0, 0.0  # the body's, for its average letter

    @property
    def prose_width(self) -> float:
        """What PROSE_LETTERS of the body's average letters take; none for a column without
        prose (no paragraph as long as PROSE_LINES such lines: a date, a count, a short name)."""
        width = PROSE_LETTERS * self._width / self._letters if self._letters else 0.0
        return width if self._longest >= PROSE_LINES * width else 0.0

    def add(self, paragraphs: Sequence[str], measurer: Measurer, label: bool = False) -> None:
        lines = [line for p in paragraphs for line in p.split("\n")]
        widths = [measurer.line(line) for line in lines]
        self.narrowest = max([self.narrowest] + [measurer.widest_piece(line) for line in lines])
        self.widest = max([self.widest] + widths)
        if label:
            self.label = widths
            return
        self.rows.append(widths)
        self._longest = max([self._longest] + widths)
        self._letters += sum(len(line.replace(" ", "")) for line in lines)
        self._width += sum(widths)


def _lines(paragraphs: list[float], width: float) -> float:
    """Estimated lines of a cell of paragraphs so wide on one line, in a cell `width` wide."""
    room = max(width - WASTE, 1.0)
    return sum(max(1.0, p / room) for p in paragraphs)


def share_width(columns: list[ColumnText], minimums: list[float], width: float, padding: float,
                lines_per_page: float, groups: Sequence[tuple[range, float]] = ()) -> list[float]:
    """The columns' widths, adding up to `width`. `minimums` are the registry's (padding
    included); `padding` is a cell's left and right padding together; `lines_per_page` tells
    how often the header repeats; `groups` are neighbouring columns under one upper label, with
    the label's width on one line, which they get together (up to LONGEST_PIECE)."""
    narrowest = [max(c.narrowest + padding, m) for c, m in zip(columns, minimums)]
    for group, label in groups:  # what is missing, shared in proportion to the columns' own labels
        short = max(0.0, min(label, LONGEST_PIECE) + padding - sum(narrowest[i] for i in group))
        shares = [max(columns[i].label, default=0.0) + 1.0 for i in group]
        for i, share in zip(group, shares):
            narrowest[i] += short * share / sum(shares)
    widest = [max(c.widest + padding, n) for c, n in zip(columns, narrowest)]
    if sum(narrowest) < width:
        narrowest = _prose_floor(columns, narrowest, widest, width, padding)
    if sum(narrowest) >= width:  # too many columns for the page: all shrink alike, words break inside
        return [n * width / sum(narrowest) for n in narrowest]
    if sum(widest) <= width:
        return [w * width / sum(widest) for w in widest]
    widths = _Table(columns, padding, lines_per_page).fill(narrowest, widest, width)
    rest = width - sum(widths)
    if rest > 1e-6:  # no slice shortens the table any more: the rest in proportion to what is missing
        missing = [w - x for w, x in zip(widest, widths)]
        widths = [x + rest * m / sum(missing) for x, m in zip(widths, missing)]
    return widths


def _prose_floor(columns: list[ColumnText], narrowest: list[float], widest: list[float], width: float,
                 padding: float) -> list[float]:
    """The narrowest widths raised so that a column of prose holds PROSE_LETTERS letters a line
    (or its longest paragraph, if shorter), as far as the page has room. Without this floor a
    column whose long text stands in few rows (an objective, in its first measure's row only)
    is left a syllable a line: widening it alone does not shorten a row whose other cells are
    as tall, and the slices go to the columns that shorten many rows."""
    extra = [max(0.0, min(c.prose_width + padding, w) - n) for c, n, w in zip(columns, narrowest, widest)]
    scale = min(1.0, (width - sum(narrowest)) / sum(extra)) if sum(extra) else 0.0
    return [n + e * scale for n, e in zip(narrowest, extra)]


class _Table:
    """The table's estimated height, in lines: per row its tallest cell, with a little of every
    cell's (TIE_BREAK), so that of columns of the same height the one that wraps most is widened
    first; the header counts once per page."""

    TIE_BREAK = 0.1

    def __init__(self, columns: list[ColumnText], padding: float, lines_per_page: float) -> None:
        count = min(len(c.rows) for c in columns)
        picked = range(count) if count <= SAMPLE else [i * count // SAMPLE for i in range(SAMPLE)]
        self.rows = [[c.rows[i] for c in columns] for i in picked] + [[c.label for c in columns]]
        self.scale = count / max(len(picked), 1)  # the rows each sampled row stands for
        self.padding, self.lines_per_page = padding, lines_per_page
        self._tried: dict[int, tuple[float, list[float]]] = {}  # per column: a width tried, its rows' lines

    def fill(self, narrowest: list[float], widest: list[float], width: float) -> list[float]:
        widths = list(narrowest)
        heights = [[_lines(cell, w - self.padding) for cell, w in zip(cells, widths)] for cells in self.rows]
        rest = width - sum(widths)
        step = rest / SLICES
        while rest > 1e-6:
            weights = self._weights(heights)
            self._tops = [_tops(h) for h in heights]
            given = [min(step, rest, w - x) for w, x in zip(widest, widths)]
            gains = [self._gain(i, widths[i] + given[i], heights, weights) if given[i] > 0 else 0.0
                     for i in range(len(widths))]
            best = max(range(len(widths)), key=lambda i: gains[i] / given[i] if given[i] > 0 else -1.0)
            if gains[best] <= 1e-9:
                break
            widths[best] += given[best]
            rest -= given[best]
            for h, lines in zip(heights, self._lines_at(best, widths[best])):
                h[best] = lines
        return widths

    def _lines_at(self, column: int, width: float) -> list[float]:
        """Each row's lines in the column at that width: a column not widened is tried at the
        same width slice after slice, and is measured once."""
        tried = self._tried.get(column)
        if tried is None or tried[0] != width:
            tried = self._tried[column] = (width, [_lines(cells[column], width - self.padding) for cells in self.rows])
        return tried[1]

    def _weights(self, heights: list[list[float]]) -> list[float]:
        body = sum(max(h) for h in heights[:-1]) * self.scale
        return [self.scale] * (len(heights) - 1) + [max(1.0, body / self.lines_per_page)]

    def _gain(self, column: int, wider: float, heights: list[list[float]], weights: list[float]) -> float:
        """How much shorter the table gets when the column is `wider`."""
        gain = 0.0
        for new, h, weight, (tallest, at, second) in zip(self._lines_at(column, wider), heights, weights, self._tops):
            if new < h[column]:
                others = second if at == column else tallest
                gain += weight * (tallest - max(new, others) + self.TIE_BREAK * (h[column] - new))
        return gain


def _tops(heights: list[float]) -> tuple[float, int, float]:
    """The tallest height of a row, its column, and the tallest of the other columns."""
    at = max(range(len(heights)), key=heights.__getitem__)
    return heights[at], at, max((h for i, h in enumerate(heights) if i != at), default=0.0)
