"""Column widths from what the columns hold, after HTML's automatic table layout.

Each column has a narrowest width, its min-content (the widest piece of its text that cannot
break: a syllable of a long word with its hyphen, a number, a date; a web address breaks
anywhere past 40 mm), never below the registry's minimum for the column, and a widest, its
max-content (its longest paragraph on one line). When the page has room for every column's
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
from reportlab.pdfbase.pdfmetrics import stringWidth

from aplan_desktop.forms.hyphenation import hyphenate, SOFT_HYPHEN

LONGEST_PIECE = 40 * mm  # a longer "word" (a web or e-mail address) breaks inside, anywhere
SLICES = 48  # the rest of the width is handed out in this many slices
SAMPLE = 200  # rows the height is estimated on, evenly spread over a longer table
WASTE = 10.0  # pt: what a line leaves empty at its end, on average (half a syllable or a short word)

# a range of dates or numbers may break after its dash: 2025.01.01-|2025.11.10
RANGE_BREAK = re.compile(r"(?<=\d-)(?=\d)")


class Measurer:
    """The widths of texts in one font and size, each word measured once."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.hyphen = stringWidth("-", font, size)
        self._pieces: dict[str, float] = {}

    def line(self, value: str) -> float:
        return stringWidth(" ".join(value.split()), self.font, self.size)

    def widest_piece(self, value: str) -> float:
        """The widest piece of the text that no line may break inside."""
        return max((self._piece(word) for word in value.split()), default=0.0)

    def _piece(self, word: str) -> float:
        width = self._pieces.get(word)
        if width is None:
            pieces = [s for part in RANGE_BREAK.split(word) for s in hyphenate(part).split(SOFT_HYPHEN)]
            hyphens = [self.hyphen] * (len(pieces) - 1) + [0.0]
            width = min(LONGEST_PIECE, max(stringWidth(p, self.font, self.size) + h for p, h in zip(pieces, hyphens)))
            self._pieces[word] = width
        return width


class ColumnText:
    """What one column holds, as far as its width goes: its narrowest and widest content, and
    per row the one-line widths of its paragraphs."""

    def __init__(self) -> None:
        self.narrowest = 0.0
        self.widest = 0.0
        self.rows: list[list[float]] = []

    def add(self, paragraphs: Sequence[str], measurer: Measurer, sample: bool = True) -> None:
        lines = [line for p in paragraphs for line in p.split("\n")]
        widths = [measurer.line(line) for line in lines]
        self.narrowest = max([self.narrowest] + [measurer.widest_piece(line) for line in lines])
        self.widest = max([self.widest] + widths)
        if sample:
            self.rows.append(widths)


def _lines(paragraphs: list[float], width: float) -> float:
    """Estimated lines of a cell of paragraphs so wide on one line, in a cell `width` wide."""
    room = max(width - WASTE, 1.0)
    return sum(max(1.0, p / room) for p in paragraphs)


def share_width(columns: list[ColumnText], minimums: list[float], width: float, padding: float) -> list[float]:
    """The columns' widths, adding up to `width`. `minimums` are the registry's (padding
    included); `padding` is a cell's left and right padding together."""
    narrowest = [max(c.narrowest + padding, m) for c, m in zip(columns, minimums)]
    widest = [max(c.widest + padding, n) for c, n in zip(columns, narrowest)]
    if sum(narrowest) >= width:  # too many columns for the page: all shrink alike, words break inside
        return [n * width / sum(narrowest) for n in narrowest]
    if sum(widest) <= width:
        return [w * width / sum(widest) for w in widest]
    widths = _fill(columns, narrowest, widest, width, padding)
    rest = width - sum(widths)
    if rest > 1e-6:  # no slice shortens the table any more: the rest in proportion to what is missing
        missing = [w - x for w, x in zip(widest, widths)]
        widths = [x + rest * m / sum(missing) for x, m in zip(widths, missing)]
    return widths


def _fill(columns: list[ColumnText], narrowest: list[float], widest: list[float], width: float,
          padding: float) -> list[float]:
    widths = list(narrowest)
    rows = _sample(columns)
    heights = [[_lines(cells[i], widths[i] - padding) for i in range(len(columns))] for cells in rows]
    rest = width - sum(widths)
    step = rest / SLICES
    while rest > 1e-6:
        gains = [0.0] * len(columns)
        for cells, h in zip(rows, heights):
            tallest = max(range(len(h)), key=h.__getitem__)
            if widths[tallest] >= widest[tallest]:
                continue
            second = max((x for i, x in enumerate(h) if i != tallest), default=0.0)
            wider = min(widths[tallest] + step, widest[tallest]) - padding
            gains[tallest] += h[tallest] - max(_lines(cells[tallest], wider), second)
        given = [min(step, rest, w - x) for w, x in zip(widest, widths)]
        best = max(range(len(columns)), key=lambda i: gains[i] / given[i] if given[i] > 0 else -1.0)
        if gains[best] <= 0 or given[best] <= 0:
            break
        widths[best] += given[best]
        rest -= given[best]
        for cells, h in zip(rows, heights):
            h[best] = _lines(cells[best], widths[best] - padding)
    return widths


def _sample(columns: list[ColumnText]) -> list[list[list[float]]]:
    """Rows as lists of cells (each the one-line widths of its paragraphs), at most SAMPLE."""
    count = min(len(c.rows) for c in columns) if columns else 0
    picked = range(count) if count <= SAMPLE else [i * count // SAMPLE for i in range(SAMPLE)]
    return [[c.rows[i] for c in columns] for i in picked]
