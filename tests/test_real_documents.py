"""Plans and reports published by other bodies, typed in as they were found (tests/fixtures/real/).

Each fixture is read the way `aplan load` reads a file, checked the way `aplan check` checks
it, stored in a real data file and read back, and printed; the PDF's text is read back with
pypdf. Each `<name>.source.md` beside a fixture gives the page's address and what the page
showed; the stored copies show only the beginning of each page, so the fixtures are short.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from aplan_desktop.core import interchange
from aplan_desktop.core.columns import default_labels, has_percent, report_columns
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.documents import read_document_file
from aplan_desktop.operations import Operations
from aplan_desktop.storage import Store
from pdf_text import SYLLABLE_BREAK
from test_forms import assert_each_printed, assert_words_in_order

REAL = Path(__file__).parent / "fixtures" / "real"
FIXTURES = sorted(p.stem for p in REAL.glob("*.json"))

# What `aplan check` finds in each, every one explained by where the stored copy of the page
# ends (before the signatures, or inside the first row): nothing the original lacks.
EXPECTED_PROBLEMS = {
    "bagakhangai-2018-plan": set(),  # an annex to the Governor's order: no БАТЛАВ to sign
    "burtgel-2016-report": {"report.prepared_by"},
    "chingeltei-nd-2021-report": {"entry.result.empty", "report.prepared_by"},
    "govisumber-police-2023-h1": {"entry.result.empty", "entry.percent.empty", "report.prepared_by"},
    "shiveegovi-2018-plan": set(),  # printed with no heading block at all
    "uyanga-2020-report": {"entry.percent.empty", "report.prepared_by"},
    "zuunmod-2016-report": {"report.prepared_by"},
}

# What each original prints above its table, in reading order (from its .source.md; the
# blanks to fill in by hand left out); TITLE stands for the document's title as typed.
TITLE = object()
ORIGINAL_HEADINGS = {
    "bagakhangai-2018-plan": ["Нийслэлийн Багахангай дүүргийн Засаг даргын", "2018 оны", "сарын", "ны өдрийн",
                              "дугаар захирамжийн хавсралт", TITLE],
    "burtgel-2016-report": ["Оюуны өмч, Улсын бүртгэлийн ерөнхий газрын даргын", "2016 оны",
                            "тоот албан бичгийн хавсралт", TITLE],
    "chingeltei-nd-2021-report": [TITLE],
    "govisumber-police-2023-h1": [TITLE, "2023.06.14", "Сүмбэр сум"],
    "shiveegovi-2018-plan": [TITLE],
    "uyanga-2020-report": ["Засгийн газрын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт", TITLE, "Хүснэгт -1"],
    "zuunmod-2016-report": [TITLE, "2016.10.26", "Зуунмод."],
}
NUMBERING_ROW = re.compile(r"\n\s*1\s*\n\s*2\s*\n")  # the row 1 2 3 … under the header
PAGE_NUMBER = re.compile(r"\d+\s*/\s*\d+")
ADDRESS = re.compile(r"^- \*\*Address:\*\* (https?://\S+)$", re.MULTILINE)


def _plain(text: str) -> str:
    """Without hyphens: a word the printer breaks at the end of a line ("Хэрэгжил-|тийн") reads
    as the word typed, and one typed with a hyphen ("НДЕГ-аас") is compared the same way."""
    return text.replace("\xad", "").replace("-", "")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Plan, Report | None, list, list[str], Path]]:
    """Every fixture loaded into a data file of its own, checked and printed:
    name → (plan, report, problems, the PDF's pages as text, the data file)."""
    out = {}
    for name in FIXTURES:
        folder = tmp_path_factory.mktemp(name)
        ops = Operations(Store.open(folder / "aplan.sqlite"))
        try:
            plan, report = ops.load_file(REAL / f"{name}.json")
            doc_id = (report or plan).id
            problems = ops.problems(doc_id)
            assert ops.document_summary(doc_id) is not None, f"{doc_id} is loaded but not listed"
            ops.write_pdf(doc_id, folder / f"{name}.pdf")
        finally:
            ops.close()
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO((folder / f"{name}.pdf").read_bytes())).pages]
        out[name] = (plan, report, problems, pages, folder / "aplan.sqlite")
    return out


def test_each_fixture_says_where_it_was_published():
    sources = sorted(p.name.removesuffix(".source.md") for p in REAL.glob("*.source.md"))
    assert sources == FIXTURES
    for name in FIXTURES:
        assert len(ADDRESS.findall((REAL / f"{name}.source.md").read_text(encoding="utf-8"))) == 1, name
    bodies = {json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))["plan"]["organisation"]["id"]
              for name in FIXTURES}
    assert len(bodies) >= 4
    assert set(EXPECTED_PROBLEMS) == set(ORIGINAL_HEADINGS) == set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_checks_as_its_original_allows(printed, name):
    _, _, problems, _, _ = printed[name]
    assert {p.code for p in problems} == EXPECTED_PROBLEMS[name]


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_is_stored_and_read_back_unchanged(printed, name):
    plan, report, _, _, data_file = printed[name]
    store = Store.open(data_file)  # a new connection: what reached the file
    try:
        stored_plan, _, stored_report = store.load_document((report or plan).id)
    finally:
        store.close()
    typed_plan, _, typed_report = read_document_file(REAL / f"{name}.json")
    assert stored_plan == typed_plan
    assert stored_report == typed_report
    ops = Operations(Store.open(data_file))
    try:
        written = ops.document_json((report or plan).id)  # what `aplan dump` writes of it
    finally:
        ops.close()
    again_plan, _, again_report = interchange.loads(written)
    assert (again_plan, again_report) == (typed_plan, typed_report)


def _table_texts(plan: Plan, report: Report | None, keys: set[str]) -> tuple[list[str], list[str]]:
    """The texts that follow each other down the table (sections, objectives printed as rows,
    measures), and every other cell's text."""
    in_order, cells = [], []
    entries = {e.measure_id: e for e in report.entries} if report else {}
    sections = {s.id: s for s in plan.sections}
    started = set()
    for objective in plan.objectives:
        section = sections.get(objective.section_id)
        if section and section.id not in started:
            started.add(section.id)
            in_order.append(section.text)
        (cells if "objective" in keys else in_order).append(objective.text)
        for m in objective.measures:
            in_order.append(m.text)
            cells += [*m.criteria, m.timeframe.text, m.target, m.responsible]
            cells += [m.extra.get(k.removeprefix("extra:"), "") for k in keys if k.startswith("extra:")]
            entry = entries.get(m.id)
            if entry:
                cells += [entry.result] + ([str(entry.percent)] if entry.percent is not None else [])
    return in_order, [c for c in cells if c.strip()]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_word_of_a_real_document_is_printed_in_order(printed, name):
    plan, report, _, pages, _ = printed[name]
    columns = report_columns(report, plan) if report else plan.columns
    text = _plain("\n".join(pages))
    in_order, cells = _table_texts(plan, report, {c.key for c in columns})
    assert_words_in_order(text, [_plain(t) for t in in_order])
    assert_each_printed(text, [_plain(t) for t in cells])


def _words(texts: list[str]) -> Counter:
    return Counter(word for text in texts for word in _plain(SYLLABLE_BREAK.sub("", text)).split())


@pytest.mark.parametrize("name", FIXTURES)
def test_no_word_of_a_real_document_is_broken_inside(printed, name):
    """Every word of the headers and cells comes out whole (a word broken at a syllable, with
    its hyphen, is read joined), as often as it was typed."""
    plan, report, _, pages, _ = printed[name]
    columns = report_columns(report, plan) if report else plan.columns
    in_order, cells = _table_texts(plan, report, {c.key for c in columns})
    groups = list(dict.fromkeys(c.group for c in columns if c.group))  # one upper cell each
    typed = _words([c.label for c in columns] + groups + in_order + cells)
    printed_words = _words(pages)
    assert [word for word, count in typed.items() if printed_words[word] < count] == []


@pytest.mark.parametrize("name", FIXTURES)
def test_no_page_of_a_real_document_is_blank(printed, name):
    _, _, _, pages, _ = printed[name]
    assert pages
    for number, page in enumerate(pages, start=1):
        assert PAGE_NUMBER.sub("", page).strip(), f"page {number} holds nothing but its number"


def _flat(text: str) -> str:
    return _plain(re.sub(r"\s+", "", text))


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_prints_its_own_column_headers(printed, name):
    """Its labels and their groups, and none of the labels the program prints by default."""
    plan, report, _, pages, _ = printed[name]
    columns = report_columns(report, plan) if report else plan.columns
    text = "\n".join(pages)
    assert_each_printed(_plain(text), [_plain(c.label) for c in columns] + [_plain(c.group) for c in columns if c.group])
    typed = _flat((REAL / f"{name}.json").read_text(encoding="utf-8"))
    for _, label in default_labels("plan") + default_labels("report"):
        if _flat(label) not in typed:
            assert _flat(label) not in _flat(text), f"the default header “{label}” is printed"


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_prints_its_own_heading(printed, name):
    """The heading its original prints (an annex line, a date-and-place line, or nothing above
    the title), never БАТЛАВ, the title in the letters typed, and no overall score when the
    report gives no percentage."""
    plan, report, _, pages, _ = printed[name]
    document = report or plan
    text = "\n".join(pages)
    heading = [document.title if part is TITLE else part for part in ORIGINAL_HEADINGS[name]]
    above_table = text[:NUMBERING_ROW.search(text).start()]
    assert_words_in_order(_plain(above_table), [_plain(part) for part in heading])
    assert "БАТЛАВ" not in text
    if report and not has_percent(report, plan):
        assert "Нийт үнэлгээ" not in text
