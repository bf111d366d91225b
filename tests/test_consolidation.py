import gc
import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from aplan_desktop.core.consolidation import Arrival, consolidate
from aplan_desktop.core.model import (Entry, Measure, Objective, Organisation, OrganisationKind, Person, Plan, PlanKind,
                                      Report, ReportStatus, Review)
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import copy_plan_to_year
from aplan_desktop.core.timeliness import Timing
from aplan_desktop.forms.consolidated_form import full_collections_paused, render_consolidated
from aplan_desktop.forms.fonts import MissingGlyphsError
from aplan_desktop.forms.layout import Layout
from aplan_desktop.printing import consolidation_for
from conftest import run_aplan


def _aimag_with_three_soums(store):
    """Bat-Ölzii's real 2024 report, a soum that reported late, and one that did not report."""
    aimag = store.organisation("aimag-ovorkhangai")
    late_soum = Organisation("org-kharkhorin", "Хархорин сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                             short_name="Хархорин", parent_id=aimag.id)
    silent = Organisation("org-uyanga", "Уянга сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                          parent_id=aimag.id)
    store.save_organisation(silent)
    plan = copy_plan_to_year(store.plan("s000-plan"), 2024)
    plan.organisation = late_soum
    store.save_plan(plan)
    report = Report("r-kharkhorin", plan.id, Period.H2, status=ReportStatus.FINAL, report_date=date(2024, 11, 20),
                    prepared_by=Person("ДАРГА", "Б. ДОРЖ"),
                    entries=[Entry(m.id, f"Хархорин: {m.number} хийгдсэн ажил", 80, review=Review(70, "Дутуу"))
                             for m in plan.measures()])
    store.save_report(report)
    return aimag


def test_who_reported_on_time_late_or_not_at_all(demo_store):
    aimag = _aimag_with_three_soums(demo_store)
    c = consolidation_for(demo_store, aimag.id, 2024, Period.H2)
    assert c.deadline == date(2024, 11, 10)
    arrivals = {b.organisation.id: b.arrival for b in c.bodies}
    # the three registered before the national list take their entries' places; the other 16 soums are missing
    assert {i: a for i, a in arrivals.items() if not i.startswith("soum-")} == {
        "org-bat-olzii": Arrival.UNDATED, "org-kharkhorin": Arrival.LATE, "org-uyanga": Arrival.MISSING}
    assert len(arrivals) == 19 and {a for i, a in arrivals.items() if i.startswith("soum-")} == {Arrival.MISSING}
    scores = {b.organisation.id: (b.self_score, b.aimag_score) for b in c.bodies}
    assert scores["org-bat-olzii"] == (Decimal("95.0"), None)
    assert scores["org-kharkhorin"] == (Decimal("80.0"), Decimal("70.0"))
    first = c.measures()[0]
    assert first.number == "1.1" and [r.organisation.id for r in first.results] == ["org-bat-olzii", "org-kharkhorin"]
    assert [r.percent for r in first.results] == [90, 80]


def test_other_years_and_periods_are_not_counted(demo_store):
    aimag = _aimag_with_three_soums(demo_store)
    assert consolidation_for(demo_store, aimag.id, 2024, Period.H1).received() == []
    assert consolidation_for(demo_store, aimag.id, 2025, Period.H2).received() == []


def test_consolidated_pdf_lists_the_bodies_and_their_results(demo_store):
    aimag = _aimag_with_three_soums(demo_store)
    pdf, pages = render_consolidated(consolidation_for(demo_store, aimag.id, 2024, Period.H2))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    squashed = "".join(text.split())
    for printed in ("ӨВӨРХАНГАЙ АЙМАГ", "Хоцорсон", "Ирүүлээгүй", "Уянга сумын", "2024.11.20", "95%", "70%",
                    "Хархорин: 1.1 хийгдсэн ажил", "Хүлээгдэж буй 19 байгууллагаас 2 нь",
                    "Тайлан ирүүлэх хугацаа: 2024 оны 11 дүгээр сарын 10-ны өдөр."):
        assert "".join(printed.split()) in squashed, printed


def _many_soums(count):
    """`count` soums that all reported, each with a one-measure plan; the short names (printed
    only in the score chart) are numbered in the order the soums are listed."""
    aimag = Organisation("aimag", "Өвөрхангай аймаг", OrganisationKind.AIMAG)
    soums, reports = [], {}
    for n in range(count):
        soum = Organisation(f"soum-{n}", f"Сум {n:03d} Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                            short_name=f"Өлзий-Үүр {n:03d}", parent_id=aimag.id)
        measure = Measure(f"m-{n}", "1.1", "Авлигын эрсдэлийн үнэлгээ хийх")
        plan = Plan(f"plan-{n}", soum, 2024, PlanKind.ANTI_CORRUPTION, "Төлөвлөгөө", [],
                    [Objective(f"o-{n}", "1", "Зорилт", [measure])])
        report = Report(f"report-{n}", plan.id, Period.H2, [Entry(measure.id, "Хийсэн", n % 101, review=Review(70))])
        soums.append(soum)
        reports[soum.id] = (plan, report, Timing(date(2024, 11, 1), date(2024, 11, 2)))
    return consolidate(aimag, 2024, Period.H2, date(2024, 11, 10), soums, reports)


def _chart_parts(pdf):
    """The score chart as printed, in reading order: for each part (which begins with its
    legend), its page and the short names in it, top to bottom."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        page.extract_text(visitor_text=lambda t, cm, tm, *_: found.append((number, -(cm[5] + tm[5]), t.strip()))
                          if t.startswith(("Өлзий-Үүр", "■ Өөрийн үнэлгээ")) else None)
    parts = []
    for number, _, label in sorted(found):
        if label.startswith("■"):
            parts.append((number, []))
        else:
            assert parts and parts[-1][0] == number, f"{label} is not on the page of its part's legend"
            parts[-1][1].append(label)
    return parts


@pytest.mark.parametrize("count, layout", [(24, Layout()), (60, Layout()), (330, Layout()),
                                           (60, Layout(margin_top=60, margin_bottom=60))])
def test_score_chart_of_many_bodies_is_split_over_pages(count, layout):
    """The chart used to be one drawing as tall as all bodies: from 24 bodies on it did not fit
    on an A4 landscape page and nothing was printed. Now it is split into parts that fit on a
    page, each with its legend, and every body is in it, in order."""
    pdf, pages = render_consolidated(_many_soums(count), layout)
    parts = _chart_parts(pdf)
    assert [label for _, labels in parts for label in labels] == [f"Өлзий-Үүр {n:03d}" for n in range(count)]
    assert all(labels for _, labels in parts)
    assert count * 18 / layout.frame_size(wide=True)[1] <= len(parts) <= count * 18 / 200
    assert pages < count / 3 + 10


def test_a_long_name_is_cut_short_in_the_chart_and_printed_whole_in_the_table():
    c = _many_soums(3)
    long_name = "Өвөрхангай аймгийн Засаг даргын Тамгын газрын харьяа Үйлчилгээний нэгдсэн төвийн салбар"
    c.bodies[1].organisation.name, c.bodies[1].organisation.short_name = long_name, ""
    pdf, _ = render_consolidated(c)
    labels: list[str] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda t, *_: labels.append(t.strip()) if t.strip().endswith("…") else None)
    (cut,) = labels
    assert long_name.startswith(cut[:-1].rstrip()) and len(cut) < len(long_name)
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "".join(long_name.split()) in text


def test_a_score_not_given_draws_no_bar_rather_than_a_bar_of_zero():
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    from aplan_desktop.forms.consolidated_form import _score_chart
    from aplan_desktop.forms.layout import Styles

    c = _many_soums(3)
    c.bodies[1].report.entries[0].review.score = None  # the aimag has not scored this one yet
    (drawing,) = _score_chart(c, Styles(Layout()), 700, 400)
    (chart,) = [shape for shape in drawing.contents if isinstance(shape, HorizontalBarChart)]
    assert chart.data == [[0.0, 1.0, 2.0], [70.0, None, 70.0]]


def test_a_long_report_is_laid_out_without_the_collectors_full_passes_which_come_back_after():
    """A full pass walks every object alive; a long report holds hundreds of thousands of them
    while it is laid out, so its full passes are paused (the young ones still run), and the
    collector is set back as it was, also when the print fails."""
    before, c = gc.get_threshold(), _many_soums(330)
    seen: list[tuple[int, tuple[int, int, int]]] = []

    def collection(phase, info):
        if phase == "start":
            seen.append((info["generation"], gc.get_threshold()))

    gc.callbacks.append(collection)
    try:
        _, pages = render_consolidated(c)
    finally:
        gc.callbacks.remove(collection)
    assert pages > 10 and seen, "no collection during the print"
    assert all(generation < 2 and thresholds[2] > 10 ** 6 for generation, thresholds in seen)
    assert gc.get_threshold() == before
    c = _many_soums(3)
    c.bodies[0].organisation.name += " 漢字"
    with pytest.raises(MissingGlyphsError):
        render_consolidated(c)
    assert gc.get_threshold() == before


def test_two_prints_that_overlap_set_the_collector_back_when_the_last_ends():
    before = gc.get_threshold()
    first, second = full_collections_paused(), full_collections_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[2] > 10 ** 6  # the second print is still under way
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_cli_consolidate(demo_store, db_path, tmp_path):
    demo_store.close()
    out = tmp_path / "aimag.pdf"
    result = run_aplan("consolidate", "--org", "aimag-ovorkhangai", "--year", "2024", "--period", "H2", "-o", str(out),
                       db=db_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    missing = run_aplan("consolidate", "--org", "nowhere", "--year", "2024", "--period", "H2", "-o", str(out),
                        db=db_path, lang="en")
    assert missing.returncode == 1 and "no organisation with the id nowhere" in missing.stderr


def test_consolidation_as_a_workbook(demo_store, db_path, tmp_path):
    from openpyxl import load_workbook

    _aimag_with_three_soums(demo_store)
    demo_store.close()
    out = tmp_path / "aimag.xlsx"
    result = run_aplan("consolidate", "--org", "aimag-ovorkhangai", "--year", "2024", "--period", "H2", "-o",
                       str(out), db=db_path)
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    sheet = book["Нэгтгэл"]
    assert sheet["A1"].value.endswith("БИЕЛЭЛТИЙН НЭГТГЭЛ") and sheet["A1"].font.b
    assert sheet["A2"].value.startswith("Хүлээгдэж буй 19 байгууллагаас ")  # the PDF's line under the title
    assert [c.value for c in sheet[3]] == ["№", "Байгууллага", "Огноо", "Хугацаа", "Өөрийн үнэлгээ", "Аймгийн үнэлгээ"]
    status = {r[1]: r for r in ([c.value for c in row] for row in sheet.iter_rows(min_row=4))}
    assert len(status) == 19  # every soum of the aimag in the list, received or not
    assert [status[name][3] for name in ("Бат-Өлзий сумын Засаг даргын Тамгын газар",
                                         "Уянга сумын Засаг даргын Тамгын газар",
                                         "Хархорин сумын Засаг даргын Тамгын газар",
                                         "Хужирт сумын Засаг даргын Тамгын газар")] == [
        "Ирсэн (огноогүй)", "Ирүүлээгүй", "Хоцорсон", "Ирүүлээгүй"]
    assert status["Бат-Өлзий сумын Засаг даргын Тамгын газар"][4] == "95%"
    measures = [[c.value for c in row] for row in book["Арга хэмжээ"].iter_rows(min_row=3)]  # title, labels
    assert measures[0][0].startswith("1.1. ") and measures[1][2] == 90
