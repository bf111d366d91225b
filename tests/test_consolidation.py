import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from aplan_desktop.core.consolidation import Arrival
from aplan_desktop.core.model import Entry, Organisation, OrganisationKind, Person, Report, ReportStatus, Review
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import copy_plan_to_year
from aplan_desktop.forms.consolidated_form import render_consolidated
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
    assert arrivals == {"org-bat-olzii": Arrival.UNDATED, "org-kharkhorin": Arrival.LATE,
                        "org-uyanga": Arrival.MISSING}
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
                    "Хархорин: 1.1 хийгдсэн ажил", "Хүлээгдэж буй 3 байгууллагаас 2 нь"):
        assert "".join(printed.split()) in squashed, printed


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
    status = [[c.value for c in row] for row in book["Нэгтгэл"].iter_rows(min_row=3)]
    assert [r[1] for r in status] == ["Бат-Өлзий сумын Засаг даргын Тамгын газар",
                                      "Уянга сумын Засаг даргын Тамгын газар", "Хархорин сумын Засаг даргын Тамгын газар"]
    assert [r[3] for r in status] == ["Ирсэн (огноогүй)", "Ирүүлээгүй", "Хоцорсон"] and status[0][4] == "95%"
    measures = [[c.value for c in row] for row in book["Арга хэмжээ"].iter_rows(min_row=3)]
    assert measures[0][0].startswith("1.1. ") and measures[1][2] == 90
