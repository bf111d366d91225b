"""How the table of a printed plan or report fills its pages: rows split between lines as a
word processor splits them, words break at their syllables, columns are as wide as what they
hold, and no page is wasted. Real PDFs, read back with pypdf."""

from __future__ import annotations

from collections import Counter

import pyphen
import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from aplan_desktop.core.columns import report_columns
from aplan_desktop.core.model import Column, Entry, Measure, Objective, Organisation, OrganisationKind, Plan, \
    PlanKind, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.forms.hyphenation import LANGUAGE, LEFT, RIGHT, WORD, syllables
from aplan_desktop.forms.layout import Layout, Styles, para
from aplan_desktop.forms.measure_table import measure_rows
from aplan_desktop.forms.plan_form import plan_story, render_plan
from aplan_desktop.forms.report_form import render_report, report_story
from aplan_desktop.forms.table import CONTINUED, FormTable, Row, row_height
from pdf_text import broken_words, columns, lines, squash

LAYOUT = Layout()
DEMO_DOCUMENTS = ["s000-report", "s001-report", "s000-plan", "s001-plan", "s002-plan", "s003-plan", "s004-plan"]


def _render(plan, report=None) -> tuple[bytes, int, FormTable]:
    pdf, pages = render_report(report, plan, LAYOUT) if report else render_plan(plan, LAYOUT)
    story = report_story(report, plan, LAYOUT) if report else plan_story(plan, LAYOUT)
    return pdf, pages, next(f for f in story if isinstance(f, FormTable))


@pytest.mark.parametrize("doc_id, most", [("s000-report", 4), ("s001-report", 8)])
def test_the_seed_reports_print_on_fewer_pages(demo_store, doc_id, most):
    """Seed 000's report took 6 pages and seed 001's 10 while rows were kept whole."""
    plan, _, report = demo_store.load_document(doc_id)
    assert render_report(report, plan, LAYOUT)[1] <= most


def _body_lines(pdf: bytes) -> dict[int, list]:
    """Per page, the lines of text below the table's header (its numbering row) and above the
    page number."""
    found = lines(pdf)
    numbers: dict[int, float] = {}
    for line in found:
        if line.text.strip() == "1" and line.x < LAYOUT.margin_left * mm + 40:
            numbers[line.page] = max(numbers.get(line.page, line.y), line.y)
    pages: dict[int, list] = {}
    for line in found:
        if line.y < numbers.get(line.page, 1e9) - 1 and line.y > LAYOUT.margin_bottom * mm:
            pages.setdefault(line.page, []).append(line)
    return pages


@pytest.mark.parametrize("doc_id", DEMO_DOCUMENTS)
def test_no_page_before_the_last_is_less_than_half_full_unless_a_heading_follows(demo_store, doc_id):
    plan, _, report = demo_store.load_document(doc_id)
    pdf, pages, _ = _render(plan, report)
    columns = report_columns(report, plan) if report else plan.columns
    headings = [squash(r.cells[0][0]) for r in measure_rows(plan, columns, {} if report else None)
                if r.kind != "body"]
    body = _body_lines(pdf)
    _, frame = LAYOUT.frame_size(wide=True)
    top = LAYOUT.margin_bottom * mm + frame
    assert sorted(body) == list(range(1, pages + 1))  # every page holds table rows
    for page in range(1, pages):
        lowest = min(line.y for line in body[page])
        following = squash(max(body[page + 1], key=lambda line: line.y).text)
        heading_next = any(h.startswith(following) for h in headings)
        assert (top - lowest) / frame >= 0.5 or heading_next, f"page {page} of {pages}"


@pytest.mark.parametrize("fit, total, first", [
    (10, 20, 10),  # ten lines fit, ten go on
    (3, 20, 3),  # three fit: the row starts here
    (2, 20, 0),  # two would be left alone at the foot of the page: the row moves whole
    (18, 20, 17),  # two would go on alone: one more goes with them
    (10, 5, 0),  # five lines fit: no split (it fits whole)
    (4, 5, 0),  # three and two, or two and three: the row moves whole
])
def test_a_row_splits_between_lines_only_with_three_of_them_on_each_page(fit, total, first):
    styles = Styles(LAYOUT)
    widths = [30.0, 300.0, 300.0]  # the number column is too narrow for "(үргэлжлэл)"
    leading = styles.cell.leading
    header = [Row([[para("№", styles.header)], [para("Үр дүн", styles.header)], [para("Тайлбар", styles.header)]],
                  kind="head")]
    rows = [Row([[para("1.1", styles.cell)], [para("Богино", styles.cell)], []], label="1.1"),
            Row([[para("1.2", styles.cell)], [para(f"Мөр {i}", styles.cell) for i in range(total)],
                 [para(f"Тайлбар {i}", styles.cell) for i in range(min(total, 7))]], label="1.2")]
    table = FormTable(header, rows, widths, 500.0, styles.font)
    table.wrap(sum(widths), 500.0)
    before = row_height(widths, header[0]) + row_height(widths, rows[0])
    parts = table.split(sum(widths), before + fit * leading + 5.0 + 0.5)  # the row's padding, and a little
    if total <= fit:
        assert parts == [] or len(parts) == 1
        return
    kept = parts[0]._cellvalues[len(header):] if parts else []
    if first == 0:
        assert len(kept) == 1  # only the short row
        return
    first_part, rest = kept[1], parts[1].rows[0]
    texts = [[p.getPlainText() for p in cell] for cell in first_part]
    assert texts[1] == [f"Мөр {i}" for i in range(first)]
    assert texts[2] == [f"Тайлбар {i}" for i in range(min(first, 7))]  # every cell splits at the same height
    rest_texts = [[p.getPlainText() for p in cell] for cell in rest.cells]
    assert rest_texts[0] == ["1.2"]
    assert rest_texts[1] == [CONTINUED] + [f"Мөр {i}" for i in range(first, total)]
    assert rest_texts[2] == [f"Тайлбар {i}" for i in range(first, min(total, 7))]


@pytest.mark.parametrize("doc_id", DEMO_DOCUMENTS)
def test_words_break_only_between_their_syllables(demo_store, doc_id):
    plan, _, report = demo_store.load_document(doc_id)
    pdf, _, table = _render(plan, report)
    printed = columns(pdf, LAYOUT.margin_left * mm, table.widths, LAYOUT.margin_bottom * mm)
    broken = [pair for column in printed for pair in broken_words(column)]
    assert broken  # narrow columns do hyphenate
    for head, tail in broken:
        cut = list(syllables(head + tail))
        assert any("".join(cut[:i]) == head for i in range(1, len(cut))), (head, tail)


def test_words_break_where_pyphen_breaks_them(demo_store):
    """The search for patterns stops early (forms/hyphenation.py); it finds the breaks pyphen's
    own search finds, in every word of every demo document."""
    dictionary = pyphen.Pyphen(lang=LANGUAGE, left=LEFT, right=RIGHT)
    words = set()
    for doc_id in DEMO_DOCUMENTS:
        plan, _, report = demo_store.load_document(doc_id)
        rows = measure_rows(plan, report_columns(report, plan) if report else plan.columns,
                            {e.measure_id: e for e in report.entries} if report else None)
        words |= {word for row in rows for cell in row.cells for text in cell for word in WORD.findall(text)}
    assert len(words) > 1000
    for word in words:
        assert syllables(word) == tuple(dictionary.inserted(word, hyphen="|").split("|")), word


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


@pytest.mark.parametrize("doc_id", DEMO_DOCUMENTS)
def test_no_column_of_prose_is_left_a_syllable_a_line(demo_store, doc_id):
    """Seed 001's objectives once printed in a 15 mm column, 4 letters a line ("нэмэгдүү-",
    "лэх"), while the result column had room: a column with a paragraph of 36 letters or more
    prints, on average, at least 8 letters on each line of a paragraph that takes several."""
    plan, _, report = demo_store.load_document(doc_id)
    pdf, _, table = _render(plan, report)
    shown = report_columns(report, plan) if report else plan.columns
    rows = measure_rows(plan, shown, {e.measure_id: e for e in report.entries} if report else None)
    printed = columns(pdf, LAYOUT.margin_left * mm, table.widths, LAYOUT.margin_bottom * mm)
    for index, column in enumerate(shown):
        held = [" ".join(p.split()) for r in rows if r.kind == "body" for p in r.cells[index]]
        if max(map(_letters, held), default=0) < 36:
            continue
        whole = set(held)  # a short name on a line of its own says nothing of the width
        counts = [n for line in printed[index].splitlines() if " ".join(line.split()) not in whole
                  and (n := _letters(line))]
        assert sum(counts) / len(counts) >= 8, (doc_id, column.key, printed[index][:200])


def test_long_header_words_no_longer_set_the_column_widths(demo_store):
    """"Хэрэгжилтийн" once made the percentage column 20 mm wide; it breaks now, and the
    column keeps the registry's 17 mm."""
    plan, _, report = demo_store.load_document("s000-report")
    _, _, table = _render(plan, report)
    keys = [c.key for c in report_columns(report, plan)]
    assert table.widths[keys.index("percent")] == pytest.approx(17 * mm, abs=0.5)


def _soum() -> Organisation:
    return Organisation("o", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)


def test_an_empty_result_column_leaves_the_width_to_the_bodys_own_columns():
    """A body's own column with 350 letters a cell once got 15 mm and 30 lines, while the
    empty result column took most of the width."""
    own = ("Өмнөх оны түвшинг харгалзан үзэж, байгууллагын дотоод хяналтын тогтолцоог бэхжүүлэх "
           "чиглэлээр хийгдсэн ажлын үр дүнг тооцож, ил тод байдлын индексийг нэмэгдүүлнэ. ") * 2
    measures = [Measure(f"m{i}", f"1.{i}", "Ажлын байрны тодорхойлолтыг шинэчлэх", extra={"base": own})
                for i in range(1, 6)]
    plan = Plan("p", _soum(), 2025, PlanKind.ANTI_CORRUPTION, "Төлөвлөгөө",
                [Column("number", "Д/д"), Column("measure", "Арга хэмжээ"), Column("extra:base", "Суурь түвшин")],
                [Objective("o1", "1", "Зорилт", measures)])
    report = Report("r", "p", Period.H1, [Entry(m.id) for m in measures])
    _, _, table = _render(plan, report)
    keys = [c.key for c in report_columns(report, plan)]
    width = sum(table.widths)
    assert table.widths[keys.index("result")] < 0.15 * width
    assert table.widths[keys.index("extra:base")] > 0.4 * width


def test_each_paragraph_is_broken_into_lines_once(demo_store, monkeypatch):
    """ReportLab breaks a paragraph again at every wrap: when the row is measured, when it is
    drawn, and the header on every page. A result of 100,000 letters, 30 pages, is broken once."""
    broken: Counter = Counter()
    seen: list[Paragraph] = []  # kept, so that no two of them share an id
    original = Paragraph.breakLines

    def counting(self, widths):
        broken[id(self)] += 1
        seen.append(self)
        return original(self, widths)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    plan, _, report = demo_store.load_document("s001-report")
    sentence = "Сумын Засаг даргын Тамгын газар Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран сургалт хийсэн. "
    report.entries[0].result = (sentence * 1100)[:100_000]
    _, pages = render_report(report, plan, LAYOUT)
    assert pages > 20
    assert max(broken.values()) == 1


def test_no_page_is_only_the_header_and_the_total_or_only_the_signatures():
    """A last row of any height, with the total and the signatures below it: whatever goes to
    the next page takes at least three lines of the row with it."""
    objectives = [Objective("o1", "1", "Зорилт 1", [Measure("m1", "1.1", "Арга хэмжээ 1"),
                                                     Measure("m2", "1.2", "Арга хэмжээ 2")])]
    plan = Plan("p", _soum(), 2025, PlanKind.ANTI_CORRUPTION, "ТӨЛӨВЛӨГӨӨ",
                [Column(k, k) for k in ("number", "measure", "responsible")], objectives)
    for count in range(20, 64, 3):
        result = "\n".join(f"Мөр {i} хийгдсэн ажил" for i in range(count))
        report = Report("r", "p", Period.H1, [Entry("m1", "богино", 50), Entry("m2", result, 60)])
        report.prepared_by.title, report.prepared_by.name = "Мэргэжилтэн", "Б. Бат"
        pdf, pages = render_report(report, plan, LAYOUT)
        body = _body_lines(pdf)
        assert sorted(body) == list(range(1, pages + 1)), count
        last = "".join(line.text for line in body[pages])
        assert "Мөр" in last and "Нийт үнэлгээ" in last and "БИЕЛЭЛТ ГАРГАСАН" in last, count


def test_a_row_that_goes_on_says_so_on_the_next_page(demo_store):
    plan, _, report = demo_store.load_document("s001-report")
    pdf, pages, _ = _render(plan, report)
    continued = [line.page for line in lines(pdf) if CONTINUED in line.text]
    assert continued and min(continued) > 1
    body = _body_lines(pdf)
    for page in continued:  # the first row of its page
        assert CONTINUED in "".join(line.text for line in body[page] if line.y >= max(x.y for x in body[page]) - 1)
