"""The aimag's consolidated report: who reported and when, the scores, then every body's result
per measure."""

from __future__ import annotations

import gc
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from aplan_desktop.core.consolidation import Arrival, BodyReport, Consolidation, PlanConsolidation
from aplan_desktop.forms import fonts
from aplan_desktop.forms.layout import Layout, Styles, build_pdf, para, text
from aplan_desktop.core.titles import PERIOD_WORDS
from aplan_desktop.forms.table import FormTable, Row
from aplan_desktop.i18n.mongolian import format_percent, official_date_of_day, table_date

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

ARRIVAL_WORDS = {
    Arrival.ON_TIME: "Хугацаандаа", Arrival.LATE: "Хоцорсон", Arrival.UNDATED: "Ирсэн (огноогүй)",
    Arrival.MISSING: "Ирүүлээгүй",
}

# the columns' shares of the width: who reported (№, body, dates, arrival, two scores), and the
# results per measure (body, result, percentage; with the aimag's score for one plan)
STATUS_SHARES = (0.05, 0.40, 0.14, 0.15, 0.13, 0.13)
MEASURE_SHARES = (0.22, 0.66, 0.12)
PLAN_MEASURE_SHARES = (0.22, 0.54, 0.12, 0.12)


def arrival_cells(b: BodyReport) -> tuple[str, str]:
    """The dates (sent by the sender's clock, received here) and the arrival in words; a sender's
    date that was not plausible is flagged, the arrival then being judged by the date received."""
    received = table_date(b.received) if b.received else ""
    dates = f"Илгээсэн {table_date(b.sent)}, хүлээн авсан {received}" if b.sent else received
    words = ARRIVAL_WORDS[b.arrival] + (" (илгээсэн огноо эргэлзээтэй)" if b.doubtful_clock else "")
    if b.made_on:  # a report on a circular: the plan's revision it was made on, flagged when older
        made, newest = b.made_on
        words += f"; төлөвлөгөөний {made}-р засвараар"
        words += f" (хуучин; одоо {newest}-р засвар)" if made < newest else ""
    return dates, words


def consolidated_title(c: Consolidation) -> str:
    return (f"{c.aimag.name.upper()}: {c.year} ОНЫ АВЛИГЫН ЭСРЭГ ҮЙЛ АЖИЛЛАГААНЫ ТӨЛӨВЛӨГӨӨНИЙ "
            f"{PERIOD_WORDS[c.period]}БИЕЛЭЛТИЙН НЭГТГЭЛ")


def _header(labels: list[str], styles: Styles) -> list[Row]:
    return [Row([[Paragraph(text(label), styles.header)] for label in labels], kind="head")]


def _status_table(c: Consolidation | PlanConsolidation, styles: Styles, width: float, height: float) -> FormTable:
    labels = ["№", "Байгууллага", "Огноо", "Хугацаа", "Өөрийн үнэлгээ", "Аймгийн үнэлгээ"]
    rows = [Row([[para(str(i), styles.cell_center)], [para(b.organisation.name, styles.cell)],
                 *[[para(cell, styles.cell_center)] for cell in arrival_cells(b)],
                 [para(format_percent(b.self_score) if b.report else "", styles.cell_center)],
                 [para(format_percent(b.aimag_score) if b.report else "", styles.cell_center)]])
            for i, b in enumerate(c.bodies, start=1)]
    widths = [w * width for w in STATUS_SHARES]
    return FormTable(_header(labels, styles), rows, widths, height, styles.font)


BAR = 9  # pt; each body has two bars: its own score and the aimag's
AXIS, LEGEND = 15, 18  # pt below the bars (the value axis) and above them (the legend)
LABEL_ROOM = 190  # pt for a body's name, left of the bars (which start at 200)


def _score_chart(c: Consolidation, styles: Styles, width: float, height: float) -> list[Flowable]:
    """The scores as bars, split into drawings that each fit in a frame of the given height."""
    bodies = c.received()
    fit = max(1, int((height - AXIS - LEGEND) // (2 * BAR)))
    size = math.ceil(len(bodies) / math.ceil(len(bodies) / fit))  # parts of even size
    return [_chart_part(bodies[i:i + size], styles, width) for i in range(0, len(bodies), size)]


def _chart_part(bodies: list[BodyReport], styles: Styles, width: float) -> Drawing:
    # ReportLab's chart modules (some 25–40 ms to import) are loaded only when a chart is drawn
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String

    chart_height = len(bodies) * 2 * BAR
    drawing = Drawing(width, AXIS + chart_height + LEGEND)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 200, AXIS, width - 260, chart_height
    # no score given: no bar (None), not a bar of 0
    chart.data = [[None if s is None else float(s) for s in (b.self_score for b in bodies)],
                  [None if s is None else float(s) for s in (b.aimag_score for b in bodies)]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 10
    chart.valueAxis.labels.fontName = styles.font
    chart.categoryAxis.categoryNames = [_fitted(b.organisation.short_name or b.organisation.name, styles.font,
                                                chart.categoryAxis.labels.fontSize, LABEL_ROOM) for b in bodies]
    chart.categoryAxis.reverseDirection = 1  # the first body on top, as in the status table
    chart.categoryAxis.labels.fontName = styles.font
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.bars[0].fillColor = colors.Color(0.35, 0.5, 0.75)
    chart.bars[1].fillColor = colors.Color(0.85, 0.6, 0.3)
    drawing.add(chart)
    for i, (label, colour) in enumerate((("Өөрийн үнэлгээ", chart.bars[0].fillColor),
                                         ("Аймгийн үнэлгээ", chart.bars[1].fillColor))):
        drawing.add(String(200 + i * 140, AXIS + chart_height + 6, "■ " + label, fontName=styles.font, fontSize=9,
                           fillColor=colour))
    return drawing


def _fitted(name: str, font: str, size: float, room: float) -> str:
    """The name, cut short with "…" when it is wider than the room left of the bars."""
    if stringWidth(name, font, size) <= room:
        return name
    while name and stringWidth(name + "…", font, size) > room:
        name = name[:-1]
    return name.rstrip() + "…"


def _measure_table(c: Consolidation, styles: Styles, width: float, height: float) -> FormTable:
    labels = ["Байгууллага", "Хүрсэн түвшин, үр дүн", "Хэрэгжилтийн хувь"]
    rows: list[Row] = []
    for line in c.measures():
        rows.append(Row([[para(f"{line.number}. {line.text}", styles.group)], [], []], kind="group",
                        spans=[(0, 2)]))
        rows += [Row([[para(r.organisation.name, styles.cell)],
                      [para(p, styles.cell) for p in r.result.split("\n\n") if p],
                      [para("" if r.percent is None else str(r.percent), styles.cell_center)]])
                 for r in line.results]
    widths = [w * width for w in MEASURE_SHARES]
    return FormTable(_header(labels, styles), rows, widths, height, styles.font)


def consolidated_texts(c: Consolidation) -> list[str]:
    texts = [c.aimag.name] + [b.organisation.name + b.organisation.short_name for b in c.bodies]
    for line in c.measures():
        texts += [line.text] + [r.result for r in line.results]
    return texts


def consolidated_summary(c: Consolidation) -> str:
    return (f"Хүлээгдэж буй {len(c.bodies)} байгууллагаас {len(c.received())} нь тайлангаа ирүүлсэн, "
            f"{len(c.missing())} нь ирүүлээгүй. Тайлан ирүүлэх хугацаа: {official_date_of_day(c.deadline)}.")


_pause_lock = threading.Lock()
_prints = 0  # prints under way with the full passes paused
_thresholds = gc.get_threshold()  # the collector's thresholds before the first of them


@contextmanager
def full_collections_paused() -> Iterator[None]:
    """The garbage collector's full passes paused while a long report is laid out, and set back
    as they were afterwards (also on error, and when two prints overlap).

    The measure table breaks every body's results into lines at once (it must know its height),
    so the heap grows by some 700,000 objects for 1000 bodies, and each full pass walks all of
    it: 7 passes took 2.4–2.7 s of 12 s there, against 0.1–0.2 s of 1.6 s for 165 bodies, the
    whole of the report's slower pace at 1000 bodies (benchmarks/consolidation_bench.py). The
    young generations are still collected, and the next full pass after the print frees what
    it left."""
    global _prints, _thresholds
    with _pause_lock:
        if not _prints:
            _thresholds = gc.get_threshold()
            gc.set_threshold(_thresholds[0], _thresholds[1], 2 ** 30)
        _prints += 1
    try:
        yield
    finally:
        with _pause_lock:
            _prints -= 1
            if not _prints:
                gc.set_threshold(*_thresholds)


@full_collections_paused()
def render_consolidated(c: Consolidation, layout: Layout | None = None) -> tuple[bytes, int]:
    layout = layout or Layout()
    fonts.check_coverage(consolidated_texts(c), layout.family)
    styles = Styles(layout)
    width, height = layout.frame_size(wide=True)
    received = len(c.received())
    story: list[Flowable] = [Paragraph(text(consolidated_title(c)), styles.title),
                             para(consolidated_summary(c), styles.body),
                             Spacer(1, 4 * mm), _status_table(c, styles, width, height)]
    if received:
        story += [Spacer(1, 6 * mm), *_score_chart(c, styles, width, height), Spacer(1, 6 * mm),
                  _measure_table(c, styles, width, height)]
    return build_pdf(story, layout, wide=True, title=consolidated_title(c))


# ---------------------------------------------------------------- one plan carried out by many bodies

MEASURE_LABELS = ["Байгууллага", "Хүрсэн түвшин, үр дүн", "Хэрэгжилтийн хувь", "Аймгийн үнэлгээ"]


def plan_consolidation_title(c: PlanConsolidation) -> str:
    title = c.plan.title.upper()
    if title.endswith("ТӨЛӨВЛӨГӨӨ"):
        title += "НИЙ"
    return f"{c.office.name.upper()}: {title} {PERIOD_WORDS[c.period]}БИЕЛЭЛТИЙН НЭГТГЭЛ"


def plan_measure_rows(c: PlanConsolidation) -> list[tuple[str, list[list[str]]]]:
    """The measures table as text, for the PDF and the tables alike: per measure a group line,
    then one line per body whose measure it is (name, result, percentage, score), then the
    measure's totals."""
    rows: list[tuple[str, list[list[str]]]] = []
    for line in c.measures():
        rows.append(("group", [[f"{line.measure.number}. {line.measure.text}"]]))
        for body, cell in (pair for pair in line.cells if pair[1].applies):
            rows.append(("body", [[body.organisation.name], [p for p in cell.result.split("\n\n") if p],
                                  ["" if cell.percent is None else str(cell.percent)],
                                  ["" if cell.score is None else str(cell.score)]]))
        rows.append(("foot", [[f"Дундаж ({line.reported}/{line.carried_by} байгууллага)"], [],
                              [format_percent(line.mean_percent) if line.mean_percent is not None else ""],
                              [format_percent(line.mean_score) if line.mean_score is not None else ""]]))
    return rows


def plan_summary(c: PlanConsolidation) -> str:
    text = (f"Хүлээгдэж буй {len(c.bodies)} байгууллагаас {len(c.received())} нь тайлангаа ирүүлсэн, "
            f"{len(c.missing())} нь ирүүлээгүй. Тайлан ирүүлэх хугацаа: {official_date_of_day(c.deadline)}.")
    if c.mean_percent is not None:
        text += f" Ирүүлсэн байгууллагуудын дундаж үнэлгээ: {format_percent(c.mean_percent)}."
    if c.mean_score is not None:
        text += f" Аймгийн дундаж үнэлгээ: {format_percent(c.mean_score)}."
    if c.missing():
        text += " Ирүүлээгүй: " + ", ".join(b.organisation.name for b in c.missing()) + "."
    return text


def _plan_measure_table(c: PlanConsolidation, styles: Styles, width: float, height: float) -> FormTable:
    rows: list[Row] = []
    for kind, cells in plan_measure_rows(c):
        if kind == "group":
            rows.append(Row([[para(cells[0][0], styles.group)], [], [], []], kind="group", spans=[(0, 3)]))
            continue
        style = styles.group if kind == "foot" else styles.cell
        rows.append(Row([[para(cells[0][0], style)], [para(p, styles.cell) for p in cells[1]],
                         [para(cells[2][0], styles.cell_center)], [para(cells[3][0], styles.cell_center)]],
                        kind=kind, spans=[(0, 1)] if kind == "foot" else []))
    widths = [w * width for w in PLAN_MEASURE_SHARES]
    return FormTable(_header(MEASURE_LABELS, styles), rows, widths, height, styles.font)


@full_collections_paused()
def render_plan_consolidation(c: PlanConsolidation, layout: Layout | None = None) -> tuple[bytes, int]:
    """The consolidated report of one plan: who reported and when, totals per body, then per
    measure every body's result, percentage and the office's score, and the measure's totals."""
    layout = layout or Layout()
    texts = [c.office.name, c.plan.title] + [b.organisation.name for b in c.bodies]
    texts += [t for _, cells in plan_measure_rows(c) for cell in cells for t in cell]
    fonts.check_coverage(texts, layout.family)
    styles = Styles(layout)
    width, height = layout.frame_size(wide=True)
    title = plan_consolidation_title(c)
    story: list[Flowable] = [Paragraph(text(title), styles.title), para(plan_summary(c), styles.body),
                             Spacer(1, 4 * mm), _status_table(c, styles, width, height)]
    if c.received():
        story += [Spacer(1, 6 * mm), _plan_measure_table(c, styles, width, height)]
    return build_pdf(story, layout, wide=True, title=title)
