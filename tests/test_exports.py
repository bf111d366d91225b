"""The plan and report tables as .xlsx, .docx and .csv, read back with openpyxl, python-docx and csv."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph

from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import Entry
from aplan_desktop.forms.exports import export_table
from aplan_desktop.core.columns import report_columns
from aplan_desktop.forms.report_form import report_title

DOCUMENTS = ["s000-report", "s001-report", "s003-plan"]
FORMATS = [".xlsx", ".docx", ".csv"]
MONGOLIAN_LETTERS = "өү"  # the capitals are in the titles, which the CSV leaves out
TRICKY = ' <b>a & b</b> &amp; "quoted" \'single\'\tafter a tab\nsecond line\n\nafter a blank line, «Өө Үү»; '
TRICKY_RESULT = "a\tb\n<c> & \"d\""
FORMULA_LIKE = "=SUM(A1:A2) -1 +1 @x"


@dataclass
class Exported:
    """A .xlsx or .docx read back: the lines above the table, its header rows (numbering row
    included), the rows under the header and the lines below; a cell that another covers
    (merged) reads as ""."""

    above: list[str]
    header: list[list[str]]
    rows: list[list[str]]
    below: list[str]


def _xlsx(path: Path) -> Exported:
    """The header is the rows printed on every page; the table, the rows with a border."""
    sheet = openpyxl.load_workbook(path).active
    top, bottom = (int(n) for n in re.findall(r"\d+", sheet.print_title_rows))
    texts = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    table = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).border.left.style == "thin"]
    assert table == list(range(top, table[-1] + 1))  # one block of rows, from the header down

    def line(row: list[str]) -> str:
        return "  ".join(cell for cell in row if cell)

    return Exported([line(row) for row in texts[:top - 1]], texts[top - 1:bottom], texts[bottom:table[-1]],
                    [line(row) for row in texts[table[-1]:] if line(row)])


def _docx_cells(table) -> list[list[str]]:
    """Rows as text; a cell merged into the one before it or the one above reads as ""."""
    rows, previous = [], None
    for row in table.rows:
        cells = row.cells
        rows.append([c.text if (i == 0 or c._tc is not cells[i - 1]._tc)
                     and (previous is None or c._tc is not previous[i]._tc) else "" for i, c in enumerate(cells)])
        previous = cells
    return rows


def _docx(path: Path) -> Exported:
    """The header is the rows Word repeats on every page; above and below, the paragraphs."""
    document = docx.Document(path)
    body = list(document.element.body.iterchildren())
    at = next(i for i, element in enumerate(body) if element.tag == qn("w:tbl"))
    table = document.tables[0]
    repeated = sum(1 for row in table.rows
                   if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None)
    rows = _docx_cells(table)

    def paragraphs(elements) -> list[str]:
        return [Paragraph(e, document).text.replace("\t", "  ") for e in elements if e.tag == qn("w:p")]

    return Exported(paragraphs(body[:at]), rows[:repeated], rows[repeated:],
                    [p for p in paragraphs(body[at + 1:]) if p])


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _csv(path: Path) -> Exported:
    rows = _csv_rows(path)
    return Exported([], rows[:1], rows[1:], [])


READERS = {".xlsx": _xlsx, ".docx": _docx, ".csv": _csv}


def _export(store, doc_id: str, suffix: str, folder: Path) -> tuple[list[str], list[list[str]]]:
    """Export, read back; the header labels (of a one-row header) and the rows under the header."""
    path = folder / f"{doc_id}{suffix}"
    export_table(store, doc_id, path)
    exported = READERS[suffix](path)
    if suffix != ".csv":
        assert exported.header[-1] == [str(i) for i in range(1, len(exported.header[0]) + 1)]
    return exported.header[0], exported.rows


def _columns(store, doc_id: str):
    plan, _, report = store.load_document(doc_id)
    columns = report_columns(report, plan) if report else plan.columns
    return plan, report, columns, [c.key for c in columns]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("doc_id", DOCUMENTS)
def test_every_text_is_exported_exactly_in_its_column(demo_store, tmp_path, doc_id, suffix):
    plan, report, columns, keys = _columns(demo_store, doc_id)
    labels, rows = _export(demo_store, doc_id, suffix, tmp_path)
    assert labels == [c.label for c in columns]
    assert all(len(row) == len(columns) for row in rows)
    measure_rows = [row for row in rows
                    if row[0] not in ("", "Нийт үнэлгээ") and not row[0].startswith("Зорилт ")]
    assert len(measure_rows) == len(plan.measures())
    for measure, row in zip(plan.measures(), measure_rows):
        assert row[keys.index("number")] == measure.number
        assert row[keys.index("measure")] == measure.text
        assert row[keys.index("criteria")] in ("\n".join(measure.criteria),
                                               "\n".join(f"- {c}" for c in measure.criteria))
        if report:
            entry = report.entry(measure.id) or Entry(measure.id)
            assert row[keys.index("result")] == entry.result.replace("\n\n", "\n")
            assert row[keys.index("percent")] == ("" if entry.percent is None else str(entry.percent))
    assert all(letter in "".join(map("".join, rows)) for letter in MONGOLIAN_LETTERS)


@pytest.mark.parametrize("suffix", FORMATS)
def test_objectives_without_a_column_are_rows_with_their_text_in_the_first_cell(demo_store, tmp_path, suffix):
    plan, _, columns, _ = _columns(demo_store, "s000-report")
    _, rows = _export(demo_store, "s000-report", suffix, tmp_path)
    groups = [row for row in rows if row[0].startswith("Зорилт ")]
    assert [row[0] for row in groups] == [f"Зорилт {o.number}. {o.text}" for o in plan.objectives]
    assert all(row[1:] == [""] * (len(columns) - 1) for row in groups)


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_report_ends_with_the_overall_score_in_the_percent_column(demo_store, tmp_path, suffix):
    _, rows = _export(demo_store, "s000-report", suffix, tmp_path)
    assert rows[-1] == ["Нийт үнэлгээ", "", "", "", "", "95%"]
    _, _, _, keys = _columns(demo_store, "s001-report")
    _, rows = _export(demo_store, "s001-report", suffix, tmp_path)
    assert rows[-1][0] == "Нийт үнэлгээ"
    assert rows[-1][keys.index("percent")].endswith("%")


def test_a_plan_has_no_score_row(demo_store, tmp_path):
    _, rows = _export(demo_store, "s003-plan", ".csv", tmp_path)
    assert not any("Нийт үнэлгээ" in cell for row in rows for cell in row)


def test_xlsx_layout_and_numbers(demo_store, tmp_path):
    path = tmp_path / "report.xlsx"
    export_table(demo_store, "s000-report", path)
    sheet = openpyxl.load_workbook(path).active
    plan, report, columns, keys = _columns(demo_store, "s000-report")
    last = openpyxl.utils.get_column_letter(len(columns))
    merged = {str(r) for r in sheet.merged_cells.ranges}

    assert sheet["A1"].value == report_title(report, plan).upper() and sheet["A1"].font.b
    assert f"A1:{last}1" in merged
    assert all(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$2:$3"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet["B5"].alignment.wrap_text and sheet["B5"].alignment.vertical == "top"
    assert sheet["B5"].border.left.style == "thin"
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(columns))]
    assert widths[keys.index("result")] > widths[keys.index("measure")] > widths[keys.index("number")]

    group_rows = [cell.row for cell in sheet["A"] if str(cell.value).startswith("Зорилт ")]
    assert len(group_rows) == 4 and all(f"A{r}:{last}{r}" in merged for r in group_rows)
    percents = [row[keys.index("percent")] for row in sheet.iter_rows(min_row=4, values_only=True)]
    numbers = [p for p in percents if p not in (None, "95%")]
    assert numbers == [report.entry(m.id).percent for m in plan.measures()] and all(type(p) is int for p in numbers)


def test_docx_layout(demo_store, tmp_path):
    path = tmp_path / "report.docx"
    export_table(demo_store, "s000-report", path)
    document = docx.Document(path)
    section = document.sections[0]
    plan, report, columns, _ = _columns(demo_store, "s000-report")

    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert [round(m.mm) for m in (section.left_margin, section.right_margin, section.top_margin,
                                  section.bottom_margin)] == [30, 15, 20, 20]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(10))
    title = document.paragraphs[0]
    assert title.text == report_title(report, plan).upper() and title.runs[0].bold
    assert title.runs[0].font.size == Pt(12)  # the PDF's: a point above the lines around the table
    assert [p.runs[0].font.size for p in document.paragraphs[1:] if p.text] == [Pt(11), Pt(11)]  # signatures
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER

    table = document.tables[0]
    assert table.style.name == "Table Grid"
    repeats = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert repeats[:3] == [True, True, False] and not any(repeats[2:])
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    groups = [row for row in table.rows if row.cells[0].text.startswith("Зорилт ")]
    assert len(groups) == 4 and all(row.cells[0]._tc.grid_span == len(columns) for row in groups)


def test_csv_is_utf8_with_a_bom_and_rfc4180_quoting(demo_store, tmp_path):
    path = tmp_path / "plan.csv"
    export_table(demo_store, "s003-plan", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and raw.endswith(b"\r\n")
    assert raw[3:].decode("utf-8").startswith("№,,Хэрэгжүүлэх арга хэмжээ,")


@pytest.fixture
def tricky_store(demo_store):
    """s000-report with markup, quotes, tabs, line breaks and a formula-like criterion in its first measure."""
    plan, parent, report = demo_store.load_document("s000-report")
    measure = plan.objectives[0].measures[0]
    measure.text = TRICKY
    measure.criteria = [FORMULA_LIKE]
    report.entry(measure.id).result = TRICKY_RESULT
    demo_store.save_document(plan, parent, report)
    return demo_store


@pytest.mark.parametrize("suffix", FORMATS)
def test_markup_quotes_tabs_and_line_breaks_survive_exactly(tricky_store, tmp_path, suffix):
    _, _, _, keys = _columns(tricky_store, "s000-report")
    _, rows = _export(tricky_store, "s000-report", suffix, tmp_path)
    row = next(r for r in rows if r[0] == "1.1")
    assert row[keys.index("measure")] == TRICKY
    assert row[keys.index("criteria")] == FORMULA_LIKE
    assert row[keys.index("result")] == TRICKY_RESULT


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(tricky_store, tmp_path):
    export_table(tricky_store, "s000-report", tmp_path / "report.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    cell = next(c for c in sheet["C"] if c.value == FORMULA_LIKE)
    assert cell.data_type == "s"


def test_an_unknown_suffix_is_refused_and_writes_nothing(demo_store, tmp_path):
    before = set(tmp_path.iterdir())
    for name in ("report.pdf", "report.xls", "report"):
        with pytest.raises(UserError) as raised:
            export_table(demo_store, "s000-report", tmp_path / name)
        assert ".xlsx, .docx or .csv" in str(raised.value)
    assert set(tmp_path.iterdir()) == before


def test_the_suffix_is_read_in_any_case(demo_store, tmp_path):
    export_table(demo_store, "s003-plan", tmp_path / "PLAN.XLSX")
    assert _xlsx(tmp_path / "PLAN.XLSX").header[0][0] == "№"


def test_a_folder_that_cannot_be_written_gives_a_sentence(demo_store, tmp_path):
    with pytest.raises(UserError) as raised:
        export_table(demo_store, "s003-plan", tmp_path / "missing" / "plan.csv")
    assert "cannot be written" in str(raised.value)


def test_words_pasted_from_word_export_and_print_cleanly(demo_store, tmp_path):
    from aplan_desktop.forms.exports import export_table
    from aplan_desktop.forms.report_form import render_report

    report = demo_store.report("s000-report")
    report.entries[0].result = "Эхний мөр\vдараагийн мөр\x07\r\nгурав\n\nШинэ догол мөр"
    demo_store.save_report(report)
    for suffix in (".xlsx", ".docx", ".csv"):
        export_table(demo_store, "s000-report", tmp_path / f"t{suffix}")
    assert "Эхний мөр\nдараагийн мөр\nгурав\n\nШинэ догол мөр" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    pdf, _ = render_report(report, demo_store.plan(report.plan_id))
    assert pdf.startswith(b"%PDF")


def test_cli_table(demo_store, db_path, tmp_path):
    from conftest import run_aplan

    demo_store.close()
    result = run_aplan("table", "s001-report", "-o", str(tmp_path / "s001.xlsx"), db=db_path)
    assert result.returncode == 0 and (tmp_path / "s001.xlsx").stat().st_size > 1000
    bad = run_aplan("table", "s001-report", "-o", str(tmp_path / "s001.pdf"), db=db_path, lang="en")
    assert bad.returncode == 1 and "must end in .xlsx, .docx or .csv" in bad.stderr


# ---------------------------------------------------------------- what the printed form says, in Excel and Word

REAL = Path(__file__).parent / "fixtures" / "real"
SEEDS = ["s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"]
FILES = [".xlsx", ".docx"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple]:
    """Every real fixture and seed written as .xlsx and .docx by the program's own path
    (`Operations.write_table`): name → (plan, report, {suffix: the file})."""
    from aplan_desktop.documents import load_demo
    from aplan_desktop.operations import Operations
    from aplan_desktop.storage import Store

    out = {}
    folder = tmp_path_factory.mktemp("exports")
    store = Store.open(folder / "demo.sqlite")
    load_demo(store)
    demo = Operations(store)
    jobs = [(demo, name) for name in SEEDS]
    for path in sorted(REAL.glob("*.json")):
        ops = Operations(Store.open(folder / f"{path.stem}.sqlite"))
        plan, report = ops.load_file(path)
        jobs.append((ops, (report or plan).id))
    for ops, doc_id in jobs:
        plan, report = ops.load_document(doc_id)
        name = doc_id if ops is demo else ops.path.stem
        files = {suffix: folder / f"{name}{suffix}" for suffix in FILES}
        for path in files.values():
            ops.write_table(doc_id, path)
        out[name] = (plan, report, files)
    for ops in dict.fromkeys(ops for ops, _ in jobs):
        ops.close()
    return out


NAMES = SEEDS + sorted(p.stem for p in REAL.glob("*.json"))


def _flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _expected_header(columns) -> list[list[str]]:
    """The header rows a person expects from the columns: a group's label over its columns
    (once, at its first), every other label beside it on the upper row; the numbering row."""
    numbers = [str(i) for i in range(1, len(columns) + 1)]
    groups = [c.group.strip() for c in columns]
    if not any(groups):
        return [[c.label for c in columns], numbers]
    upper = [(g if i == 0 or groups[i - 1] != g else "") if g else c.label
             for i, (c, g) in enumerate(zip(columns, groups))]
    lower = [c.label if g else "" for c, g in zip(columns, groups)]
    return [upper, lower, numbers]


@pytest.mark.parametrize("suffix", FILES)
@pytest.mark.parametrize("name", NAMES)
def test_the_header_is_on_two_rows_where_columns_share_a_group(exported, name, suffix):
    plan, report, files = exported[name]
    columns = report_columns(report, plan) if report else plan.columns
    assert READERS[suffix](files[suffix]).header == _expected_header(columns)


def _runs(columns) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, c in enumerate(columns):
        if c.group.strip() and runs and columns[runs[-1][1]].group.strip() == c.group.strip() and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        elif c.group.strip():
            runs.append((i, i))
    return runs


@pytest.mark.parametrize("name", [n for n in NAMES if n in ("chingeltei-nd-2021-report", "bagakhangai-2018-plan",
                                                            "burtgel-2016-report")])
def test_a_groups_label_is_merged_over_its_columns_and_the_others_over_both_rows(exported, name):
    plan, report, files = exported[name]
    columns = report_columns(report, plan) if report else plan.columns
    letter = openpyxl.utils.get_column_letter
    sheet = openpyxl.load_workbook(files[".xlsx"]).active
    top = int(re.findall(r"\d+", sheet.print_title_rows)[0])
    merged = {str(r) for r in sheet.merged_cells.ranges}
    runs = [(a, b) for a, b in _runs(columns) if b > a]
    assert runs  # each of these has a group of two columns or more
    expected = {f"{letter(a + 1)}{top}:{letter(b + 1)}{top}" for a, b in runs}
    expected |= {f"{letter(i + 1)}{top}:{letter(i + 1)}{top + 1}" for i, c in enumerate(columns) if not c.group.strip()}
    assert {m for m in merged if int(re.findall(r"\d+", m)[0]) in (top, top + 1)} == expected
    heights = [sheet.row_dimensions[r].height for r in (top, top + 1)]
    assert all(h and h >= 15 for h in heights)

    table = docx.Document(files[".docx"]).tables[0]
    upper, lower = table.rows[0].cells, table.rows[1].cells
    for a, b in runs:
        assert upper[a]._tc is upper[b]._tc and upper[a]._tc.grid_span == b - a + 1
    for i, c in enumerate(columns):
        assert (lower[i]._tc is upper[i]._tc) is (not c.group.strip())  # merged over both rows


def _table_rows(plan, report, columns) -> list[tuple[str, object, object]]:
    """What the rows of the table are, from the document: ("section", section), ("group",
    objective), ("body", objective, measure) in order."""
    keys = {c.key for c in columns}
    sections = {s.id: s for s in plan.sections}
    rows, current = [], None
    for objective in plan.objectives:
        if objective.section_id != current and objective.section_id in sections:
            rows.append(("section", sections[objective.section_id], None))
        current = objective.section_id
        if "objective" not in keys and (objective.text.strip() or objective.number.strip()):
            rows.append(("group", objective, None))
        rows += [("body", objective, m) for m in objective.measures]
    return rows


def _typed(key: str, objective, measure, entry, first: bool) -> list[str]:
    """What was typed for the column `key` in a measure's row (each text must be in its cell)."""
    texts = {"number": [measure.number], "measure": [measure.text], "criteria": measure.criteria,
             "timeframe": [measure.timeframe.text], "target": [measure.target], "responsible": [measure.responsible],
             "objective": [objective.text] if first else []}
    if key.startswith("extra:"):
        return [measure.extra.get(key.removeprefix("extra:"), "")]
    if entry is not None:
        texts |= {"result": [entry.result], "percent": [] if entry.percent is None else [str(entry.percent)],
                  "review": [entry.review.comment]}
    return texts.get(key, [])


@pytest.mark.parametrize("suffix", FILES)
@pytest.mark.parametrize("name", NAMES)
def test_sections_objectives_and_every_typed_word_are_in_order_in_their_column(exported, name, suffix):
    plan, report, files = exported[name]
    columns = report_columns(report, plan) if report else plan.columns
    keys = [c.key for c in columns]
    rows = READERS[suffix](files[suffix]).rows
    if rows and rows[-1][0].startswith("Нийт үнэлгээ"):
        rows = rows[:-1]
    expected = _table_rows(plan, report, columns)
    assert len(rows) == len(expected)
    entries = {e.measure_id: e for e in report.entries} if report else {}
    for row, (kind, what, measure) in zip(rows, expected):
        if kind == "section":
            assert row == [f"{what.number}. {what.text}" if what.number.strip() else what.text] + [""] * (len(keys) - 1)
        elif kind == "group":
            assert row == [f"Зорилт {what.number}. {what.text}" if what.number else what.text] + [""] * (len(keys) - 1)
        else:
            first = measure is what.measures[0]
            entry = entries.get(measure.id) if report else None
            for key, cell in zip(keys, row):
                for text in _typed(key, what, measure, entry, first):
                    assert _flat(text) in _flat(cell), (key, text[:60], cell[:60])
    sections = [r for r in rows if any(r[0] == (f"{s.number}. {s.text}" if s.number.strip() else s.text)
                                       for s in plan.sections)]
    assert len(sections) == len({o.section_id for o in plan.objectives if o.section_id})


@pytest.mark.parametrize("name", [n for n in NAMES if n not in SEEDS])
def test_a_real_documents_heading_stands_above_its_table(exported, name):
    from test_forms import assert_words_in_order
    from test_real_documents import ORIGINAL_HEADINGS, TITLE

    plan, report, files = exported[name]
    document = report or plan
    for suffix in FILES:
        above = READERS[suffix](files[suffix]).above
        heading = [document.title if part is TITLE else part for part in ORIGINAL_HEADINGS[name]]
        assert_words_in_order("\n".join(above), heading)
        assert document.title in above  # as typed, on a line of its own
        assert "БАТЛАВ" not in "\n".join(above)


def test_the_seeds_headings_approval_and_signatures_are_those_the_pdf_prints(exported):
    plan, _, files = exported["s003-plan"]
    for suffix in FILES:
        read = READERS[suffix](files[suffix])
        assert read.above == ["БАТЛАВ", "БАЯНХОНГОР АЙМГИЙН ЗАСАГ ДАРГА", "Д.МӨНХСАЙХАН", "2025 оны 01 дүгээр сарын 23",
                              plan.title.upper()]
        assert read.below == []
    plan, report, files = exported["s000-report"]
    for suffix in FILES:
        read = READERS[suffix](files[suffix])
        assert read.above == [report_title(report, plan).upper()]
        assert [_flat(line) for line in read.below] == [
            _flat("БИЕЛЭЛТ ГАРГАСАН: ЗДТГ-ЫН ДАРГА ______________________ /Н. БАТ-ЭРДЭНЭ/"),
            _flat("ХЯНАСАН: ЗАСАГ ДАРГА ______________________ /Н. ОРХОНТУУЛ/")]


def test_the_spreadsheet_places_the_heading_lines_as_the_form_does(exported):
    letter = openpyxl.utils.get_column_letter
    sheet = openpyxl.load_workbook(exported["s003-plan"][2][".xlsx"]).active
    count = sheet.max_column
    merged = {str(r) for r in sheet.merged_cells.ranges}
    block = next(c for c in range(1, count + 1) if sheet.cell(1, c).value == "БАТЛАВ")
    assert 1 < block <= count and sheet.cell(1, block).font.b
    widths = [sheet.column_dimensions[letter(c)].width * 5.25 for c in range(block, count + 1)]
    assert sum(widths) >= 85 * 72 / 25.4 > sum(widths[1:])  # the right-hand 85 mm, as the PDF's block
    for row in range(1, 5):
        assert f"{letter(block)}{row}:{letter(count)}{row}" in merged
        assert sheet.cell(row, block).alignment.horizontal == "left"
    assert sheet["A5"].alignment.horizontal == "center" and sheet["A5"].font.b and f"A5:{letter(count)}5" in merged

    sheet = openpyxl.load_workbook(exported["zuunmod-2016-report"][2][".xlsx"]).active
    day, place = (next(c for c in sheet[2] if c.value == text) for text in ("2016.10.26", "Зуунмод."))
    assert day.column == 1 and day.alignment.horizontal == "left"
    assert place.column > 1 and place.alignment.horizontal == "right"
    sheet = openpyxl.load_workbook(exported["uyanga-2020-report"][2][".xlsx"]).active
    assert [sheet["A1"].value, sheet["A1"].alignment.horizontal] == [
        "Засгийн газрын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт", "right"]
    assert [sheet["A3"].value, sheet["A3"].alignment.horizontal] == ["Хүснэгт -1", "right"]


def test_every_spreadsheet_row_is_tall_enough_for_its_lines(exported, tricky_store, tmp_path):
    """Excel and LibreOffice keep the heights the file gives: each row holds its typed lines,
    and a label over both header rows fits in the two."""
    export_table(tricky_store, "s000-report", tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert all(sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1) if any(c.value for c in sheet[r]))
    tricky = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "1.1")
    assert sheet.row_dimensions[tricky].height >= 5 * 15  # the measure's five typed lines
    sheet = openpyxl.load_workbook(exported["chingeltei-nd-2021-report"][2][".xlsx"]).active
    top = int(re.findall(r"\d+", sheet.print_title_rows)[0])
    label = next(c for c in sheet[top] if str(c.value).startswith("Хүрсэн түвшин буюу"))
    both = sheet.row_dimensions[top].height + sheet.row_dimensions[top + 1].height
    assert both >= 3 * 15 and sheet.row_dimensions[top].height < both  # three lines in its column, over two rows
    assert label.alignment.vertical == "center"


def test_word_places_the_heading_lines_and_shades_the_heading_rows(exported):
    document = docx.Document(exported["s003-plan"][2][".docx"])
    block = document.paragraphs[:4]
    section = document.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    assert all(round(Length(room - p.paragraph_format.left_indent).mm) == 85 for p in block)
    assert document.paragraphs[4].alignment == WD_ALIGN_PARAGRAPH.CENTER
    document = docx.Document(exported["zuunmod-2016-report"][2][".docx"])
    line = document.paragraphs[1]
    assert line.text == "2016.10.26\tЗуунмод."
    assert [s.alignment for s in line.paragraph_format.tab_stops] == [WD_TAB_ALIGNMENT.RIGHT]
    rows = docx.Document(exported["chingeltei-nd-2021-report"][2][".docx"]).tables[0].rows
    section_row = next(r for r in rows if r.cells[0].text.startswith("Нэг. Удирдлага"))
    fill = section_row.cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "DBDBDB"


def test_a_tall_heading_is_not_frozen_so_that_the_rows_still_scroll(demo_store, tmp_path):
    export_table(demo_store, "s003-plan", tmp_path / "short.xlsx")
    assert openpyxl.load_workbook(tmp_path / "short.xlsx").active.freeze_panes == "A8"  # БАТЛАВ, title, header
    plan, parent, report = demo_store.load_document("s003-plan")
    plan.title = "\n".join(["ШУДАРГА БАЙДЛЫН ҮНЭЛГЭЭГ САЙЖРУУЛАХ ТӨЛӨВЛӨГӨӨ"] * 6)
    demo_store.save_document(plan, parent, report)
    export_table(demo_store, "s003-plan", tmp_path / "tall.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "tall.xlsx").active
    assert sheet.freeze_panes is None and sheet.print_title_rows == "$6:$7"  # still printed on every page
    assert sheet.row_dimensions[5].height >= 6 * 15


@pytest.mark.parametrize("suffix", FORMATS)
def test_labels_and_groups_pasted_from_word_export_cleanly(demo_store, tmp_path, suffix):
    plan, parent, report = demo_store.load_document("s003-plan")
    plan.columns[4].label, plan.columns[5].label = "Хугацаа\vэхлэх\x07", "дуусах"
    plan.columns[4].group = plan.columns[5].group = "Хэрэгжүүлэх\x01 хугацаа"
    demo_store.save_document(plan, parent, report)
    _, rows = _export(demo_store, "s003-plan", suffix, tmp_path)  # written and read back
    header = READERS[suffix](tmp_path / f"s003-plan{suffix}").header
    flat = [cell for row in header for cell in row]
    assert "Хугацаа\nэхлэх" in flat and "\x07" not in "".join(flat) and "\x01" not in "".join(flat)
    if suffix != ".csv":
        assert "Хэрэгжүүлэх хугацаа" in header[0] and header[1][4:6] == ["Хугацаа\nэхлэх", "дуусах"]


@pytest.mark.parametrize("suffix", FILES)
def test_the_money_spent_and_the_signatures_below_the_table_say_what_the_pdf_says(demo_store, tmp_path, suffix):
    from decimal import Decimal

    from pypdf import PdfReader

    from aplan_desktop.core.model import Money
    from aplan_desktop.forms.report_form import render_report

    report = demo_store.report("s000-report")
    report.entries[0].spent = Money(Decimal("1250.5"), "Орон нутгийн төсөв")
    report.entries[1].spent = Money(Decimal("12"), "")
    demo_store.save_report(report)
    export_table(demo_store, "s000-report", tmp_path / f"t{suffix}")
    below = READERS[suffix](tmp_path / f"t{suffix}").below
    assert len(below) == 3 and below[0].startswith("Зарцуулсан хөрөнгө, нийт: 1,262,500")
    assert below[1].startswith("БИЕЛЭЛТ ГАРГАСАН: ") and below[2].startswith("ХЯНАСАН: ")
    pdf, _ = render_report(report, demo_store.plan(report.plan_id))
    printed = _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert all(_flat(line) in printed for line in below)


@pytest.mark.parametrize("name", NAMES)
def test_no_column_is_narrower_than_a_word_of_its_label(exported, name):
    """Excel and Word do not hyphenate: a narrow column would break "Байгууллагын" inside."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from aplan_desktop.forms import fonts

    plan, report, files = exported[name]
    columns = report_columns(report, plan) if report else plan.columns
    bold = fonts.register("serif") + "-Bold"  # Times New Roman's metric twin
    table = docx.Document(files[".docx"]).tables[0]
    word_margins = 2 * 5.4  # pt: Word's cell margins, left and right
    for column, grid in zip(columns, table.columns):
        widest = max((stringWidth(word, bold, 10) for word in column.label.split()), default=0.0)
        assert grid.width.pt >= widest + word_margins, column.label
    sheet = openpyxl.load_workbook(files[".xlsx"]).active
    for index, column in enumerate(columns, start=1):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width
        assert width * 5.25 >= max((stringWidth(word, bold, 11) for word in column.label.split()), default=0.0)
