"""The plan and report tables as .xlsx, .docx and .csv, read back with openpyxl, python-docx and csv."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

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


def _xlsx_rows(path: Path) -> list[list[str]]:
    """Rows from the header down, every value as text, empty cells as ""."""
    sheet = openpyxl.load_workbook(path).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _docx_rows(path: Path) -> list[list[str]]:
    """Rows as text; a cell merged into the one before it reads as ""."""
    rows = []
    for row in docx.Document(path).tables[0].rows:
        cells = row.cells
        rows.append([c.text if i == 0 or c._tc is not cells[i - 1]._tc else "" for i, c in enumerate(cells)])
    return rows


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


READERS = {".xlsx": _xlsx_rows, ".docx": _docx_rows, ".csv": _csv_rows}


def _export(store, doc_id: str, suffix: str, folder: Path) -> tuple[list[str], list[list[str]]]:
    """Export, read back; the header labels and the rows under the header (numbering row dropped)."""
    path = folder / f"{doc_id}{suffix}"
    export_table(store, doc_id, path)
    rows = READERS[suffix](path)
    if suffix != ".csv":
        assert rows[1] == [str(i) for i in range(1, len(rows[0]) + 1)]
        rows = [rows[0]] + rows[2:]
    return rows[0], rows[1:]


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
    assert openpyxl.load_workbook(tmp_path / "PLAN.XLSX").active["A2"].value == "№"


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
