"""Real PDFs, read back with pypdf: every word the user typed is printed, in order."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from aplan_desktop.core.model import Approval, Column, Entry, Person
from aplan_desktop.forms.fonts import MissingGlyphsError, missing_characters
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.letter_form import cover_letter_for, render_letter
from aplan_desktop.forms.measure_table import TextRow, measure_rows
from aplan_desktop.forms.heading import BLANK_DATE
from aplan_desktop.forms.plan_form import plan_story, plan_texts, render_plan
from aplan_desktop.core.columns import report_columns
from aplan_desktop.core.titles import report_title
from aplan_desktop.forms.report_form import render_report, report_story
from aplan_desktop.forms.table import FormTable
from aplan_desktop.i18n import error_text
from conftest import run_aplan
from pdf_text import columns, squash

PAGE_NUMBER = re.compile(r"(\d+)\s*/\s*(\d+)\s*$")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


_squash = squash


def _has(document: str, value: str) -> bool:
    return _squash(value) in _squash(document)


def _find_words(squashed: str, value: str, start: int, max_gap: int) -> int | None:
    """Where the words of `value` are found in order from `start`, each near the one before
    (other cells of the row, or a page break with its header, may come between);
    the position after the last word, or None."""
    words = [w for w in (_squash(w) for w in value.split()) if w]
    if not words:
        return start
    first = squashed.find(words[0], start)
    while first >= 0:
        position, ok = first + len(words[0]), True
        for word in words[1:]:
            found = squashed.find(word, position)
            if found < 0 or found - position > max_gap:
                ok = False
                break
            position = found + len(word)
        if ok:
            return position
        first = squashed.find(words[0], first + 1)
    return None


def assert_words_in_order(document: str, texts: list[str], max_gap: int = 700) -> None:
    """Every word of every text is printed, in the order typed, and the texts follow each
    other in the given order (a long row split over two pages prints the first part of each
    of its cells before the rest, so pass the texts of one row in any order, not as a chain)."""
    squashed = _squash(document)
    position = 0
    for value in texts:
        end = _find_words(squashed, value, position, max_gap)
        assert end is not None, f"not printed in order: {value[:80]!r}"
        position = end


def assert_each_printed(document: str, texts: list[str], max_gap: int = 700) -> None:
    squashed = _squash(document)
    for value in texts:
        assert _find_words(squashed, value, 0, max_gap) is not None, f"not printed: {value[:80]!r}"


DEMO_DOCUMENTS = ["s000-report", "s001-report", "s000-plan", "s001-plan", "s002-plan", "s003-plan", "s004-plan"]


def _printed(store, doc_id) -> tuple[bytes, FormTable, list[TextRow]]:
    """A demo document's PDF, its table as laid out, and its rows as text."""
    plan, _, report = store.load_document(doc_id)
    layout = Layout()
    if report:
        columns_, entries = report_columns(report, plan), {e.measure_id: e for e in report.entries}
        pdf, story = render_report(report, plan, layout)[0], report_story(report, plan, layout)
    else:
        columns_, entries = plan.columns, None
        pdf, story = render_plan(plan, layout)[0], plan_story(plan, layout)
    table = next(f for f in story if isinstance(f, FormTable))
    return pdf, table, measure_rows(plan, columns_, entries)


@pytest.mark.parametrize("doc_id", DEMO_DOCUMENTS)
def test_every_word_of_each_cell_is_printed_in_order_in_its_column(demo_store, doc_id):
    """Read column by column, page after page: every paragraph of every cell, word for word in
    the order typed, also where a row is split over two pages."""
    pdf, table, rows = _printed(demo_store, doc_id)
    printed = columns(pdf, Layout().margin_left * mm, table.widths, Layout().margin_bottom * mm)
    for index, column in enumerate(printed):  # the rows across the table are in the first column
        typed = [p for row in rows if index == 0 or row.kind == "body" for p in row.cells[index]]
        assert_words_in_order(column, typed, max_gap=20)


def test_the_title_and_the_signatures_are_printed(demo_store):
    report = demo_store.report("s000-report")
    plan = demo_store.plan(report.plan_id)
    text = "\n".join(_pages(render_report(report, plan)[0]))
    assert _squash(report_title(report, plan).upper()) in _squash(text)
    assert "БИЕЛЭЛТ ГАРГАСАН: " + report.prepared_by.title.upper() in text
    assert f"/{report.prepared_by.name.upper()}/" in text


def test_a_plan_without_approver_leaves_lines_to_sign_by_hand(demo_store):
    plan = demo_store.plan("s003-plan")

    def approval_block() -> str:
        first = _pages(render_plan(plan)[0])[0]
        return _squash(first[:first.index(plan.title.upper()[:20])])

    assert approval_block() == _squash("БАТЛАВ БАЯНХОНГОР АЙМГИЙН ЗАСАГ ДАРГА Д.МӨНХСАЙХАН 2025 оны 01 дүгээр сарын 23")
    for approval in (None, Approval()):
        plan.approval = approval
        assert re.fullmatch(r"БАТЛАВ_{10,}_{10,}/\.{10,}/" + re.escape(_squash(BLANK_DATE)), approval_block())


def test_seed_000_prints_its_overall_score_of_95(demo_store):
    report = demo_store.report("s000-report")
    pdf, _ = render_report(report, demo_store.plan(report.plan_id))
    last = _squash(_pages(pdf)[-1])
    assert "Нийтүнэлгээ95%" in last
    assert "4.1" in last  # the total does not start a page alone: the last measure comes with it


def test_the_money_spent_is_added_up_in_figures_and_words(demo_store):
    from decimal import Decimal

    report = demo_store.report("s000-report")
    plan = demo_store.plan(report.plan_id)
    assert "Зарцуулсан хөрөнгө" not in "".join(_pages(render_report(report, plan)[0]))  # none given: no line
    report.entries[0].spent.amount = Decimal("87345.7")
    report.entries[1].spent.amount = Decimal("0.0004")  # 0.4 tögrög
    text = "".join(_pages(render_report(report, plan)[0]))
    assert _has(text, "Зарцуулсан хөрөнгө, нийт: 87,345,700 төгрөг "
                      "(Наян долоон сая гурван зуун дөчин таван мянга долоон зуу).")
    report.entries[0].spent.amount, report.entries[1].spent.amount = Decimal("-5"), None  # a typo: warned, printed
    assert _has("".join(_pages(render_report(report, plan)[0])), "Зарцуулсан хөрөнгө, нийт: -5,000 төгрөг.")


def test_header_and_numbers_repeat_at_the_top_of_every_page_only(demo_store):
    report = demo_store.report("s001-report")
    plan = demo_store.plan(report.plan_id)
    pdf, pages = render_report(report, plan)
    columns = report_columns(report, plan)
    header = _squash("".join(c.label for c in columns) + "".join(str(i) for i in range(1, len(columns) + 1)))
    texts = _pages(pdf)
    assert pages == len(texts) >= 3
    for number, page in enumerate(texts, start=1):
        squashed = _squash(page)
        assert squashed.count(header) == 1, f"page {number}"
        before = squashed.index(header)
        assert before == (0 if number > 1 else len(_squash(report.title.upper()))), f"page {number}"
        assert PAGE_NUMBER.search(page).groups() == (str(number), str(pages))


def test_a_result_of_several_pages_splits_without_loss(demo_store):
    report = demo_store.report("s000-report")
    plan = demo_store.plan(report.plan_id)
    paragraph = ("Сумын Засаг даргын Тамгын газар {n}-р сард Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран "
                 "иргэдэд зориулсан сургалт зохион байгуулж, {n}0 гаруй иргэнийг хамруулсан. ")
    long_result = "\n\n".join("".join(paragraph.format(n=p * 10 + s) for s in range(8)) for p in range(14))
    report.entries[1].result = long_result
    pdf, pages = render_report(report, plan)
    table = next(f for f in report_story(report, plan, Layout()) if isinstance(f, FormTable))
    result = [c.key for c in report_columns(report, plan)].index("result")
    printed = columns(pdf, Layout().margin_left * mm, table.widths, Layout().margin_bottom * mm)[result]
    assert_words_in_order(printed, [e.result for e in report.entries], max_gap=20)
    holding = [i for i, page in enumerate(_pages(pdf)) if "сургалт зохион байгуулж" in page]
    assert pages >= 4 and len(holding) >= 3  # the one result spans at least three pages


def test_user_text_prints_exactly_as_typed(demo_store):
    report = demo_store.report("s000-report")
    plan = demo_store.plan(report.plan_id)
    url = "https://www.bat-ulzii.ov.gov.mn/" + "ilтод-байдал/" * 12 + "?q=" + "x" * 120 + "&page=2"
    tricky = [
        'Тэмдэгтүүд: a < b & c > d, "хашилт", \'дан\', <b>тод биш</b> </para> &amp; &lt;',
        "Таб\tтэмдэгт\tдунд нь",
        url,
        "Мөр 1\nМөр 2\n\nШинэ догол мөр Ө ө Ү ү",
    ]
    for entry, value in zip(report.entries, tricky):
        entry.result = value
    pdf, _ = render_report(report, plan)
    text = "\n".join(_pages(pdf))
    assert_each_printed(text, tricky)
    assert _has(text, "<b>тод биш</b>") and _has(text, "</para> &amp; &lt;")
    assert _has(text, url)


def test_characters_no_font_has_are_reported_not_drawn_as_boxes(demo_store):
    plan = demo_store.plan("s004-plan")
    plan.objectives[0].measures[0].text += " 漢字 😀"
    with pytest.raises(MissingGlyphsError) as info:
        render_plan(plan)
    message = error_text(info.value, "en")
    assert "U+6F22" in message and "U+1F600" in message
    assert "漢" in error_text(info.value, "mn")


def test_serif_and_sans_both_cover_the_seeds(demo_store):
    plan = demo_store.plan("s003-plan")
    for family in ("serif", "sans"):
        pdf, _ = render_plan(plan, Layout(family=family))
        fonts_used = {str(f) for page in PdfReader(io.BytesIO(pdf)).pages
                      for f in page["/Resources"]["/Font"].values() for f in [f.get_object()["/BaseFont"]]}
        expected = "LiberationSerif" if family == "serif" else "LiberationSans"
        assert fonts_used and all(expected in f for f in fonts_used)
    texts = plan_texts(plan)
    assert "Ө" in "".join(texts) and "ү" in "".join(texts)
    assert missing_characters(texts, "serif") == missing_characters(texts, "sans") == []


def test_the_plan_prints_the_approval_block_and_the_bodys_own_columns(demo_store):
    plan = demo_store.plan("s003-plan")
    plan.columns.append(Column("extra:baseline", "Суурь түвшин"))
    plan.objectives[0].measures[0].extra["baseline"] = "Өмнөх онд 68.5 оноо"
    text = "\n".join(_pages(render_plan(plan)[0]))
    for printed in ("БАТЛАВ", "БАЯНХОНГОР АЙМГИЙН ЗАСАГ ДАРГА", "Д.МӨНХСАЙХАН", "2025 оны 01 дүгээр сарын 23",
                    "Суурь түвшин", "Өмнөх онд 68.5 оноо"):
        assert _has(text, printed), printed


def test_the_cover_letter_counts_the_reports_real_pages(demo_store):
    report = demo_store.report("s001-report")
    plan = demo_store.plan(report.plan_id)
    _, pages = render_report(report, plan)
    letter = cover_letter_for(report, plan, demo_store.parent_of(plan.organisation), pages)
    letter.number = "1/112"
    letter.signatory = Person("ДАРГА", "Д. МӨНХСАЙХАН")
    text = "\n".join(_pages(render_letter(letter)[0]))
    for printed in (f"Хавсралт: {pages} хуудастай", "МОНГОЛ УЛС", "СОНГИНОХАЙРХАН ДҮҮРГИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАР",
                    "№ 1/112", "НИЙСЛЭЛИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ", "Д. МӨНХСАЙХАН",
                    "Утас: 70173317"):
        assert _has(text, printed), printed


def test_cli_writes_each_form(demo_store, db_path, tmp_path):
    demo_store.close()
    for form, doc in (("plan", "s002"), ("integrity", "s003"), ("report", "s000-r"), ("letter", "s000-r")):
        out = tmp_path / f"{form}.pdf"
        result = run_aplan("pdf", doc, "--form", form, "-o", str(out), db=db_path, lang="en")
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF") and "pages" in result.stdout
    result = run_aplan("pdf", "s002", "--form", "letter", "-o", str(tmp_path / "x.pdf"), db=db_path, lang="en")
    assert result.returncode == 1 and "needs a report" in result.stderr and not (tmp_path / "x.pdf").exists()


def test_an_empty_report_prints_with_blank_cells(demo_store):
    report = demo_store.report("s000-report")
    report.entries = [Entry(report.entries[0].measure_id)]
    report.prepared_by = Person()
    pdf, pages = render_report(report, demo_store.plan(report.plan_id))
    assert pages >= 1 and "Нийт үнэлгээ" in "\n".join(_pages(pdf))


def test_a_last_row_of_any_height_under_its_heading_prints_with_the_total():
    """The total goes with the last row and a heading with what it heads: together they once
    left a page with nothing on it, and ReportLab gave up (a last result of 33–34 lines)."""
    from aplan_desktop.core.model import Measure, Objective, Organisation, OrganisationKind, Plan, PlanKind, Report
    from aplan_desktop.core.periods import Period

    organisation = Organisation("o", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    objectives = [Objective(f"o{i}", str(i), f"Зорилт {i}", [Measure(f"m{i}", f"{i}.1", f"Арга хэмжээ {i}")])
                  for i in (1, 2)]
    plan = Plan("p", organisation, 2025, PlanKind.ANTI_CORRUPTION, "ТӨЛӨВЛӨГӨӨ",
                [Column(k, k) for k in ("number", "measure", "responsible")], objectives)
    for lines in range(15, 60):
        result = "\n".join(f"Мөр {i} хийгдсэн ажил" for i in range(lines))
        report = Report("r", "p", Period.H1, [Entry("m1", "богино", 50), Entry("m2", result, 60)])
        text = "".join(_pages(render_report(report, plan)[0]))
        assert f"Мөр {lines - 1} хийгдсэн ажил" in text and "Нийт үнэлгээ" in text, lines


def test_a_plan_of_headings_only_prints():
    """Sixty objectives with no measures yet: every page holds only heading rows, which then
    stay where they are instead of all moving on (and leaving ReportLab an empty page)."""
    from aplan_desktop.core.model import Objective, Organisation, OrganisationKind, Plan, PlanKind

    organisation = Organisation("o", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    plan = Plan("p", organisation, 2025, PlanKind.ANTI_CORRUPTION, "ТӨЛӨВЛӨГӨӨ",
                [Column(k, k) for k in ("number", "measure", "responsible")],
                [Objective(f"o{i}", str(i), f"Зорилт {i}: өргөдөл, гомдлыг шуурхай шийдвэрлэх") for i in range(60)])
    text = "".join(_pages(render_plan(plan)[0]))
    assert all(f"Зорилт {i}:" in text for i in range(60))
