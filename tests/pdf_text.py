"""Reading printed forms back: the text of each page, and the text of each table column.

pypdf reports every line it reads with its position; a line belongs to the column whose
edges hold its start. Read column by column, page after page, a row split over two pages
gives each cell's text in the order typed.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

from aplan_desktop.forms.table import CONTINUED

# a word broken at a syllable at the end of a line: "хэрэг-" and "жилтийн" on the next
SYLLABLE_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")


@dataclass
class Line:
    page: int
    x: float
    y: float
    text: str


def lines(pdf: bytes) -> list[Line]:
    found: list[Line] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                found.append(Line(number, cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text))
        page.extract_text(visitor_text=visit)
    return found


def columns(pdf: bytes, left: float, widths: list[float], bottom: float) -> list[str]:
    """The text of each column below the header (which ends with the numbering row 1 2 3 …),
    page after page, top to bottom; spanning rows are in the first column. `bottom` is the
    page's bottom margin: the page number below it is left out, and so is the line that says
    where a row continues (so that a word broken at the foot of a page is joined again)."""
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    found = lines(pdf)
    numbers = {}  # page: where its numbering row is
    for line in found:
        if line.text.strip() == "1" and left <= line.x < edges[1]:
            numbers[line.page] = max(numbers.get(line.page, line.y), line.y)
    texts = [""] * len(widths)
    for line in found:
        if line.y >= numbers.get(line.page, 1e9) - 1 or line.y < bottom or line.text.strip().endswith(CONTINUED):
            continue
        index = bisect.bisect_right(edges, line.x + 0.5) - 1
        if 0 <= index < len(widths):
            texts[index] += line.text if line.text.endswith("\n") else line.text + "\n"
    return texts


def squash(value: str) -> str:
    """The text without white space, and words broken at a syllable joined again."""
    return re.sub(r"\s+", "", SYLLABLE_BREAK.sub("", value.replace("\xa0", " ")))


def broken_words(value: str) -> list[tuple[str, str]]:
    """The (head, tail) of every word broken at the end of a line with a hyphen."""
    return re.findall(r"([^\W\d_]+)-[ \t]*\n\s*([^\W\d_]+)", value)
