"""The floor for printing: a plain ReportLab script that draws the cells of a report, as given
in a JSON file, with the same fonts, styles, column widths, grid and page numbers as aplan's
form, and nothing of aplan. `print_bench.py` writes the JSON and times this script as a whole
process against `aplan pdf`.
Run: `python benchmarks/plain_reportlab_report.py CELLS.json OUT.pdf`."""

import io
import json
import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


class NumberedCanvas(Canvas):
    """"X / Y" at the foot of every page (ReportLab's recipe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = []

    def showPage(self):
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for state in self.pages:
            self.__dict__.update(state)
            self.setFont("LiberationSerif", 9)
            self.drawCentredString(self._pagesize[0] / 2, 10 * mm, f"{self._pageNumber} / {len(self.pages)}")
            super().showPage()
        super().save()


def styles(size):
    pdfmetrics.registerFont(TTFont("LiberationSerif", str(FONTS / "LiberationSerif-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("LiberationSerif-Bold", str(FONTS / "LiberationSerif-Bold.ttf")))
    addMapping("LiberationSerif", 0, 0, "LiberationSerif")
    addMapping("LiberationSerif", 1, 0, "LiberationSerif-Bold")
    base = dict(fontName="LiberationSerif", fontSize=size, leading=size * 1.2, splitLongWords=1)
    cell = ParagraphStyle("cell", **{**base, "fontSize": size - 1, "leading": (size - 1) * 1.18})
    return {
        "body": ParagraphStyle("body", **base), "left": ParagraphStyle("left", **base, alignment=TA_LEFT),
        "cell": cell, "cell_center": ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        "header": ParagraphStyle("header", parent=cell, fontName="LiberationSerif-Bold", alignment=TA_CENTER),
        "group": ParagraphStyle("group", parent=cell, fontName="LiberationSerif-Bold"),
        "title": ParagraphStyle("title", **{**base, "fontName": "LiberationSerif-Bold", "fontSize": size + 1,
                                            "leading": (size + 1) * 1.25, "alignment": TA_CENTER,
                                            "spaceAfter": 4 * mm}),
    }


def table(part, style):
    cells = [[[Paragraph(markup, style[name]) for name, markup in cell] for cell in row] for row in part["rows"]]
    if not part["grid"]:  # the signatures: names on a line, no grid
        commands = [("FONTNAME", (0, 0), (-1, -1), "LiberationSerif"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        return Table(cells, colWidths=part["widths"], style=TableStyle(commands), hAlign="LEFT")
    commands = [("FONTNAME", (0, 0), (-1, -1), "LiberationSerif"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    for index, (kind, spans) in enumerate(zip(part["kinds"], part["spans"])):
        commands += [("SPAN", (first, index), (last, index)) for first, last in spans]
        if kind in ("head", "numbers"):
            commands.append(("VALIGN", (0, index), (-1, index), "MIDDLE"))
        if kind == "group":
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.Color(0.93, 0.93, 0.93)))
    return Table(cells, colWidths=part["widths"], repeatRows=part["repeat"], splitInRow=1, style=TableStyle(commands))


def main():
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    style = styles(spec["font_size"])
    story = []
    for part in spec["story"]:
        if part["type"] == "paragraph":
            story.append(Paragraph(part["markup"], style[part["style"]]))
        elif part["type"] == "spacer":
            story.append(Spacer(1, part["height"]))
        else:
            story.append(table(part, style))
    out = io.BytesIO()
    m = spec["margins"]
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=m[0], rightMargin=m[1], topMargin=m[2],
                            bottomMargin=m[3])
    doc.build(story, canvasmaker=NumberedCanvas)
    Path(sys.argv[2]).write_bytes(out.getvalue())
    print(f"{sys.argv[2]}: {doc.page} pages")


if __name__ == "__main__":
    main()
