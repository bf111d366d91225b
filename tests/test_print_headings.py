"""What a plan or report prints above and at the top of its table, as real documents have it:
the heading block it chose (БАТЛАВ, the annex line to an order, none), the form's reference,
the table's label, the date-and-place line, the title as typed, sections as rows across the
table and two-row headers for grouped columns. Real PDFs, read back with pypdf."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from aplan_desktop.core.model import Annex, Column, Entry, Heading, HeadingKind, Measure, Objective, Organisation, \
    OrganisationKind, Plan, PlanKind, Report, Section
from aplan_desktop.core.periods import Period
from aplan_desktop.documents import read_document_file
from aplan_desktop.forms.heading import annex_lines
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.plan_form import plan_story, render_plan
from aplan_desktop.forms.report_form import render_report, report_story
from aplan_desktop.forms.table import FormTable
from pdf_text import columns, lines, squash

LAYOUT = Layout()
PAGE_WIDTH, _ = LAYOUT.page_size(wide=True)
REAL = Path(__file__).parent / "fixtures" / "real"


def _plan(**heading) -> Plan:
    organisation = Organisation("o", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    objectives = [Objective("o1", "1", "Ил тод байдлыг хангах", [Measure("m1", "1.1", "Цахим хуудсанд байршуулах")],
                            section_id="s1"),
                  Objective("o2", "2", "Сургалт зохион байгуулах", [Measure("m2", "2.1", "Албан хаагчдад сургалт")],
                            section_id="s1"),
                  Objective("o3", "3", "Хяналт тавих", [Measure("m3", "3.1", "Өргөдөл гомдлыг шийдвэрлэх")],
                            section_id="s2")]
    return Plan("p", organisation, 2018, PlanKind.ANTI_CORRUPTION, "Авлигын эсрэг төлөвлөгөө - 2018 он",
                [Column("number", "Д/д"), Column("measure", "Хэрэгжүүлэх арга хэмжээ"),
                 Column("extra:year", "он", "Суурь түвшин"), Column("extra:level", "түвшин", "Суурь түвшин"),
                 Column("responsible", "Хариуцах эзэн")],
                objectives, sections=[Section("s1", "Нэг", "Удирдлага, зохион байгуулалт"),
                                      Section("s2", "Хоёр", "Хяналт шалгалт")],
                heading=Heading(**heading))


def _first_page(pdf: bytes) -> list:
    return [line for line in lines(pdf) if line.page == 1]


def _before_title(pdf: bytes, title: str) -> str:
    text = "".join(line.text for line in _first_page(pdf))
    return squash(text[:text.index(title[:12])])


@pytest.mark.parametrize("act, genitive", [("захирамж", "захирамжийн"), ("тушаал", "тушаалын"),
                                           ("тогтоол", "тогтоолын")])
def test_an_annex_line_names_its_act_in_the_genitive_with_blanks_for_what_is_not_known(act, genitive):
    annex = Annex("Нийслэлийн Багахангай дүүргийн Засаг даргын", act, 2018)
    plan = _plan(kind=HeadingKind.ANNEX, annex=annex)
    pdf, _ = render_plan(plan, LAYOUT)
    assert _before_title(pdf, plan.title.upper()) == squash(
        f"Нийслэлийн Багахангай дүүргийн Засаг даргын 2018 оны …… сарын ……-ны өдрийн …… дугаар {genitive} хавсралт")
    annex.date, annex.number = date(2018, 3, 15), "А/45"
    assert annex_lines(annex)[1:] == ["2018 оны 03 дугаар сарын 15-ны өдрийн", f"А/45 дугаар {genitive} хавсралт"]
    annex.date, annex.number = date(2018, 11, 1), "101"
    assert annex_lines(annex)[1:] == ["2018 оны 11 дүгээр сарын 1-ний өдрийн", f"101 дүгээр {genitive} хавсралт"]


def test_an_annex_to_a_letter_is_cited_by_its_number():
    """As the registry office's 2016 report is headed: "2016 оны ..... тоот албан бичгийн хавсралт"."""
    annex = Annex("Оюуны өмч, Улсын бүртгэлийн ерөнхий газрын даргын", "албан бичиг", 2016)
    assert annex_lines(annex) == ["Оюуны өмч, Улсын бүртгэлийн ерөнхий газрын даргын",
                                  "2016 оны …… тоот албан бичгийн хавсралт"]


def test_the_annex_line_stands_at_the_top_right():
    plan = _plan(kind=HeadingKind.ANNEX, annex=Annex("Засаг даргын", "захирамж", 2018))
    pdf, _ = render_plan(plan, LAYOUT)
    annex = [line for line in _first_page(pdf) if "хавсралт" in line.text]
    assert annex and all(line.x > PAGE_WIDTH / 2 for line in annex)


def test_no_heading_block_prints_the_title_first():
    plan = _plan(kind=HeadingKind.NONE)
    plan.approval = None
    pdf, _ = render_plan(plan, LAYOUT)
    assert _before_title(pdf, plan.title.upper()) == ""
    assert "БАТЛАВ" not in "".join(line.text for line in lines(pdf))


def test_the_approval_block_prints_for_a_plan_only():
    plan = _plan(kind=HeadingKind.APPROVAL)
    assert _before_title(render_plan(plan, LAYOUT)[0], plan.title.upper()).startswith("БАТЛАВ")
    report = Report("r", "p", Period.H1, [Entry("m1", "Хийсэн", 80)], heading=Heading(HeadingKind.APPROVAL))
    assert "БАТЛАВ" not in "".join(line.text for line in lines(render_report(report, plan, LAYOUT)[0]))


def test_the_title_prints_as_typed_or_in_capitals():
    plan = _plan(kind=HeadingKind.NONE, title_as_typed=True)
    text = "".join(line.text for line in _first_page(render_plan(plan, LAYOUT)[0]))
    assert "Авлигын эсрэг төлөвлөгөө - 2018 он" in text
    plan.heading.title_as_typed = False
    text = "".join(line.text for line in _first_page(render_plan(plan, LAYOUT)[0]))
    assert "АВЛИГЫН ЭСРЭГ ТӨЛӨВЛӨГӨӨ - 2018 ОН" in text


def test_the_form_reference_table_label_and_date_and_place_stand_where_forms_put_them():
    reference = "ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт"
    plan = _plan(kind=HeadingKind.NONE, form_reference=reference, table_label="Хүснэгт-1",
                 date=date(2016, 10, 26), place="Зуунмод")
    found = _first_page(render_plan(plan, LAYOUT)[0])
    top = max(found, key=lambda line: line.y)
    assert squash(top.text) == squash(reference) and top.x > PAGE_WIDTH / 2  # the top right
    title = next(line for line in found if "АВЛИГЫН ЭСРЭГ" in line.text)
    label = next(line for line in found if "Хүснэгт-1" in line.text)
    header = next(line for line in found if "Хариуцах" in line.text)
    day = next(line for line in found if "2016.10.26" in line.text)
    place = next(line for line in found if "Зуунмод" in line.text)
    assert day.y == pytest.approx(place.y)
    assert title.y > day.y > label.y > header.y  # the title, the date and place, the label, the table
    assert day.x < PAGE_WIDTH / 3 and place.x > 2 * PAGE_WIDTH / 3 and label.x > 2 * PAGE_WIDTH / 3


def test_a_report_without_a_percentage_prints_no_overall_score(demo_store):
    plan, _, report = demo_store.load_document("s000-report")
    assert "Нийт үнэлгээ" in "".join(line.text for line in lines(render_report(report, plan, LAYOUT)[0]))
    narrative = copy.deepcopy(report)
    narrative.columns = [c for c in plan.columns] + [Column("result", "Хэрэгжилт")]
    text = "".join(line.text for line in lines(render_report(narrative, plan, LAYOUT)[0]))
    assert "Нийт үнэлгээ" not in text and "Хэрэгжилт" in text


def test_sections_print_as_rows_across_the_table_above_their_objectives():
    plan = _plan(kind=HeadingKind.NONE)
    pdf, _ = render_plan(plan, LAYOUT)
    table = next(f for f in plan_story(plan, LAYOUT) if isinstance(f, FormTable))
    first = columns(pdf, LAYOUT.margin_left * mm, table.widths, LAYOUT.margin_bottom * mm)[0]
    order = ["Нэг. Удирдлага, зохион байгуулалт", "Зорилт 1. Ил тод", "1.1", "Зорилт 2.", "2.1",
             "Хоёр. Хяналт шалгалт", "Зорилт 3.", "3.1"]
    positions = [squash(first).find(squash(o)) for o in order]
    assert -1 not in positions and positions == sorted(positions)
    assert squash(first).count(squash("Нэг. Удирдлага")) == 1


def test_grouped_columns_print_under_one_upper_header_cell():
    plan = _plan(kind=HeadingKind.NONE)
    pdf, _ = render_plan(plan, LAYOUT)
    table = next(f for f in plan_story(plan, LAYOUT) if isinstance(f, FormTable))
    edges = [LAYOUT.margin_left * mm]
    for w in table.widths:
        edges.append(edges[-1] + w)
    found = _first_page(pdf)
    group = [line for line in found if "Суурь" in line.text]
    year = next(line for line in found if line.text.strip() == "он")
    level = next(line for line in found if line.text.strip() == "түвшин")
    assert len(group) == 1 and edges[2] <= group[0].x < edges[4]  # over the two columns
    assert group[0].y > year.y == pytest.approx(level.y)
    assert edges[2] <= year.x < edges[3] <= level.x < edges[4]
    assert len(table.header) == 3  # the group's row, the labels', the numbers'


@pytest.mark.parametrize("name, above", [
    ("bagakhangai-2018-plan", "Нийслэлийн Багахангай дүүргийн Засаг даргын 2018 оны …… сарын ……-ны өдрийн "
                              "…… дугаар захирамжийн хавсралт"),
    ("burtgel-2016-report", "Оюуны өмч, Улсын бүртгэлийн ерөнхий газрын даргын 2016 оны …… тоот албан бичгийн "
                            "хавсралт"),
    ("shiveegovi-2018-plan", ""),
    ("zuunmod-2016-report", ""),
])
def test_published_documents_print_their_own_heading(name, above):
    plan, _, report = read_document_file(REAL / f"{name}.json")
    pdf, _ = render_report(report, plan, LAYOUT) if report else render_plan(plan, LAYOUT)
    story = report_story(report, plan, LAYOUT) if report else plan_story(plan, LAYOUT)
    title = next(f for f in story if getattr(f, "style", None) is not None and f.style.name == "title")
    assert _before_title(pdf, title.getPlainText()) == squash(above)
