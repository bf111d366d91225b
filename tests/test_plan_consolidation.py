"""The consolidation of one plan carried out by many bodies (seed 003's integrity plan): every
body's result, percentage and the aimag's score per measure, totals per body and per measure,
who is missing; in the PDF (text extracted), the .xlsx and the .docx (read back)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from aplan_desktop.core.circulars import Audience, Circular
from aplan_desktop.core.consolidation import Arrival, consolidate_plan
from aplan_desktop.core.model import (Column, Entry, Measure, Objective, Organisation, OrganisationKind, Plan,
                                      PlanKind, Report, Review)
from aplan_desktop.core.periods import Period
from aplan_desktop.core.timeliness import Timing
from aplan_desktop.forms.consolidated_form import plan_consolidation_title, plan_summary, render_plan_consolidation
from aplan_desktop.forms.exports import write_plan_consolidation

AIMAG = Organisation("aimag-bayankhongor", "Баянхонгор аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG)
SOUMS = [Organisation(f"soum-{n}", f"{name} сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                      parent_id=AIMAG.id) for n, name in enumerate(("Баянбулаг", "Галуут", "Жаргалант"))]
HOSPITAL = Organisation("agency-hospital", "Аймгийн Нэгдсэн эмнэлэг", OrganisationKind.AGENCY, parent_id=AIMAG.id)


def _plan() -> Plan:
    measures = [Measure("m1", "1", "Ил тод байдлын мэдээллийг байршуулах"),
                Measure("m2", "2", "Албан хаагчдыг сургалтад хамруулах"),
                Measure("m3", "3", "Нөөц хөрөнгийн зарцуулалтыг ил тод байлгах")]
    return Plan("p-003", AIMAG, 2025, PlanKind.INTEGRITY, "Шударга байдлын үнэлгээг сайжруулах арга хэмжээний "
                "төлөвлөгөө", [Column("measure", "Арга хэмжээ")], [Objective("o1", "1", "Гадаад", measures)])


def _report(body: Organisation, percents: dict[str, int], scores: dict[str, int]) -> Report:
    return Report(f"r-{body.id}", "p-003", Period.H1, organisation_id=body.id,
                  entries=[Entry(m, f"{body.name[:8]}: {m} хийсэн", p, review=Review(scores.get(m)))
                           for m, p in percents.items()])


def _consolidation():
    circular = Circular("p-003", audience={"m3": Audience.AGENCIES})
    reports = {
        SOUMS[0].id: (SOUMS[0], _report(SOUMS[0], {"m1": 100, "m2": 80}, {"m1": 90, "m2": 70}),
                      Timing(date(2025, 5, 8), date(2025, 5, 12))),  # sent on time, imported later
        SOUMS[1].id: (SOUMS[1], _report(SOUMS[1], {"m1": 60, "m2": 70}, {}), Timing(date(2025, 5, 14), date(2025, 5, 14))),
        HOSPITAL.id: (HOSPITAL, _report(HOSPITAL, {"m1": 90, "m2": 90, "m3": 100}, {"m3": 80}),
                      Timing(None, date(2025, 5, 1))),
    }
    return consolidate_plan(AIMAG, _plan(), Period.H1, date(2025, 5, 10), [*SOUMS, HOSPITAL], reports,
                            lambda measure_id, body: circular.applies(measure_id, body.kind))


def test_every_body_per_measure_with_totals_and_who_is_missing():
    c = _consolidation()
    arrivals = {b.organisation.name.split()[0]: b.arrival for b in c.bodies}
    assert arrivals == {"Баянбулаг": Arrival.ON_TIME, "Галуут": Arrival.LATE, "Жаргалант": Arrival.MISSING,
                        "Аймгийн": Arrival.ON_TIME}
    assert [b.organisation.id for b in c.missing()] == [SOUMS[2].id]
    first, _, third = c.measures()
    assert [(b.organisation.id, cell.percent, cell.score) for b, cell in first.cells] == [
        (HOSPITAL.id, 90, None), (SOUMS[0].id, 100, 90), (SOUMS[1].id, 60, None)]
    assert first.mean_percent == Decimal("83.3") and first.mean_score == Decimal("90.0") and first.reported == 3
    assert [cell.applies for _, cell in third.cells] == [True, False, False]  # the agencies' measure
    totals = {b.organisation.id: (b.self_score, b.aimag_score) for b in c.received()}
    assert totals[SOUMS[0].id] == (Decimal("90.0"), Decimal("80.0"))
    assert c.mean_percent == Decimal("82.8")  # 93.3, 90 and 65 averaged


def test_the_pdf_xlsx_and_docx_say_the_same(tmp_path):
    c = _consolidation()
    pdf, pages = render_plan_consolidation(c)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert pages >= 1 and "БИЕЛЭЛТИЙН НЭГТГЭЛ" in flat and "Ирүүлээгүй: Жаргалант" in flat
    assert "Дундаж (3/3 байгууллага) 83.3% 90%" in flat and "Дундаж (1/1 байгууллага) 100% 80%" in flat
    assert "Галуут сумын Засаг даргын Тамгын газар Илгээсэн 2025.05.14, хүлээн авсан 2025.05.14 Хоцорсон 65%" in flat

    xlsx = tmp_path / "нэгтгэл.xlsx"
    write_plan_consolidation(c, xlsx)
    book = load_workbook(xlsx)
    status, measures = book["Нэгтгэл"], book["Арга хэмжээ"]
    assert status["A2"].value == plan_summary(c)  # under the title, as the PDF prints it
    names = [status.cell(row, 2).value for row in range(4, 8)]
    assert names[0].startswith("Аймгийн") and status.cell(6, 4).value == "Хоцорсон"  # Галуут, late
    assert status.max_row == 7
    widths = [status.column_dimensions[chr(ord("A") + i)].width for i in range(6)]
    assert [round(w / sum(widths), 2) for w in widths] == [0.05, 0.40, 0.14, 0.15, 0.13, 0.13]  # the PDF's shares
    rows = [[measures.cell(r, col).value for col in range(1, 5)] for r in range(3, measures.max_row + 1)]
    assert rows[0][0].startswith("1. Ил тод") and rows[2][2:] == [100, 90]
    assert rows[4] == ["Дундаж (3/3 байгууллага)", None, "83.3%", "90%"]  # an empty cell reads as None
    assert [r[0] for r in rows[-3:]] == ["3. Нөөц хөрөнгийн зарцуулалтыг ил тод байлгах", HOSPITAL.name,
                                         "Дундаж (1/1 байгууллага)"]  # the agencies' measure: the hospital only

    docx = tmp_path / "нэгтгэл.docx"
    write_plan_consolidation(c, docx)
    tables = Document(str(docx)).tables
    assert len(tables) == 2 and tables[0].rows[3].cells[1].text.startswith("Галуут")
    assert [p.text for p in Document(str(docx)).paragraphs[:2]] == [plan_consolidation_title(c), plan_summary(c)]
    assert tables[1].rows[-1].cells[0].text == "Дундаж (1/1 байгууллага)" and tables[1].rows[-1].cells[2].text == "100%"
