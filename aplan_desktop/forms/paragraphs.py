"""Paragraphs of user text in the forms: the markup that prints text as typed, and a
paragraph that breaks its lines once."""

from __future__ import annotations

import copy

from reportlab.platypus import Paragraph

from aplan_desktop.core.text import clean_text, markup_escape


def text(value: str) -> str:
    """User text as Paragraph markup: printed exactly as typed (<, & and tags are escaped),
    with its line breaks kept and tabs shown as spaces. (Escaped by `markup_escape` rather than
    with xml.sax.saxutils, which brings urllib, http and ssl into every print.)"""
    return markup_escape(clean_text(value)).replace("\t", "&nbsp;" * 4).replace("\n", "<br/>")


class CellParagraph(Paragraph):
    """A paragraph that breaks its lines once for its width (ReportLab's own breaks them again
    at every wrap: when the row is measured, and again when it is drawn), and splits between
    two lines without breaking them again, so a long text costs time in step with its length."""

    _broken_for = -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if abs(availWidth - self._broken_for) > 1e-3:
            super().wrap(availWidth, availHeight)
            self._broken_for = availWidth
        return self.width, self.height

    def line_count(self) -> int:
        return len(self.blPara.lines)

    def split_at_line(self, count: int) -> tuple[CellParagraph, CellParagraph]:
        """The first `count` lines and the rest, as broken for the width of the last wrap."""
        lines, leading = self.blPara.lines, self.style.leading
        first, rest = copy.copy(self), copy.copy(self)
        first.blPara, first.height = self.blPara.clone(lines=lines[:count]), count * leading
        rest.blPara, rest.height = self.blPara.clone(lines=lines[count:]), (len(lines) - count) * leading
        return first, rest
