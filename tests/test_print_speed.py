"""What printing loads and repeats: `aplan pdf` loads only what printing needs (no chart
modules, no other file format, no bundle code), and a long table hands the height of what is
left on from page to page instead of adding it up again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from aplan_desktop.core.titles import report_title
from aplan_desktop.forms.layout import Layout, Styles, para
from aplan_desktop.forms.table import FormTable, Row, row_height
from conftest import ROOT
from pdf_text import squash

# What `aplan pdf` has no use for: the other file formats, the bundle and its signing, the
# window, charts, the web, sqlite-utils (which writes), and the operations layer's jobs other
# than printing (with their records); pdf_imports() reads what the command loaded from -X importtime.
NOT_FOR_A_PDF = ("openpyxl", "docx", "nacl", "PySide6", "shiboken6", "reportlab.graphics", "aplan_desktop.bundle",
                 "aplan_desktop.gui.app", "aplan_desktop.forms.consolidated_form", "aplan_desktop.forms.exports",
                 "aplan_desktop.operations", "aplan_desktop.core.circulars", "aplan_desktop.storage.circulars",
                 "urllib.request", "http", "sqlite_utils", "click", "pluggy", "dateutil", "tabulate")


def pdf_imports(db_path, out, doc_id: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`aplan pdf` as a user runs it, in a process of its own; and every module it imported."""
    env = {**os.environ, "APLAN_LANG": "mn", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "aplan_desktop", "--db", str(db_path), "pdf",
                             doc_id, "-o", str(out)], capture_output=True, text=True, encoding="utf-8", env=env,
                            cwd=ROOT, timeout=120)
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    return result, modules - {"package"}  # the header line: "self [us] | cumulative | imported package"


def test_printing_a_report_loads_only_what_printing_needs(demo_store, db_path, tmp_path):
    report = demo_store.report("s001-report")
    plan = demo_store.plan(report.plan_id)
    demo_store.close()
    out = tmp_path / "report.pdf"
    result, modules = pdf_imports(db_path, out, "s001-report")
    assert result.returncode == 0, result.stderr
    assert "aplan_desktop.forms.report_form" in modules and "reportlab.platypus" in modules  # the imports were read
    loaded = sorted(m for m in modules if m.split(".")[0] in NOT_FOR_A_PDF or m.startswith(NOT_FOR_A_PDF))
    assert loaded == []
    printed = squash("".join(page.extract_text() for page in PdfReader(out).pages))
    assert squash(report_title(report, plan)) in printed
    for entry in report.entries[:3]:
        assert squash(entry.result)[:40] in printed


CHART_WHEN_DRAWN = """
import sys
from datetime import date
from aplan_desktop.core.consolidation import consolidate
from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.core.timeliness import Timing
from aplan_desktop.forms.consolidated_form import render_consolidated
from aplan_desktop.storage import Store

store = Store.open(sys.argv[1])
plan, _, report = store.load_document("s000-report")
aimag = Organisation("aimag", "Өвөрхангай аймаг", OrganisationKind.AIMAG)
reports = {} if sys.argv[2] == "none" else {plan.organisation.id: (plan, report, Timing(date(2025, 1, 10), date(2025, 1, 11)))}
render_consolidated(consolidate(aimag, 2024, Period.H2, date(2025, 1, 15), [plan.organisation], reports))
print(any(m.startswith("reportlab.graphics") for m in sys.modules))
"""


@pytest.mark.parametrize("received, charts", [("none", "False"), ("one", "True")])
def test_the_chart_modules_come_only_with_a_chart(demo_store, db_path, received, charts):
    """Nobody reported yet: the consolidated report has no score chart, and loads no chart code."""
    demo_store.close()
    result = subprocess.run([sys.executable, "-c", CHART_WHEN_DRAWN, str(db_path), received], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [charts]


def _rows(styles: Styles) -> list[Row]:
    """Headings, ordinary rows of one to twelve lines, one row of three pages, and a total."""
    rows = []
    for n in range(120):
        if n % 9 == 0:
            rows.append(Row([[para(f"Зорилт {n}", styles.group)], [], []], kind="group", spans=[(0, 2)]))
        lines = 60 * 3 if n == 50 else 1 + n % 12
        rows.append(Row([[para(f"{n}", styles.cell)], [para(f"Мөр {i} хийгдсэн ажил", styles.cell) for i in range(lines)],
                         [para(str(n % 101), styles.cell_center)]]))
    return rows + [Row([[Paragraph("<b>Нийт</b>", styles.cell)], [], [Paragraph("<b>95%</b>", styles.cell)]],
                       kind="foot", spans=[(0, 1)])]


@pytest.mark.parametrize("follows_title", [False, True])
def test_a_long_table_knows_the_height_of_what_is_left_on_every_page(follows_title):
    styles = Styles(Layout())
    widths = [60.0, 500.0, 80.0]
    width, page = sum(widths), 480.0
    header = [Row([[Paragraph("№", styles.header)], [Paragraph("Үр дүн", styles.header)],
                   [Paragraph("Хувь", styles.header)]], kind="head")]
    table = FormTable(header, _rows(styles), widths, page, styles.font, follows_title=follows_title)
    available, pages = page - 40, 0  # the first page has a title above the table
    while True:
        _, height = table.wrap(width, available)
        fresh = sum(row_height(widths, r) for r in header + table.rows)
        assert height == pytest.approx(fresh, abs=1e-6), f"page {pages + 1}"
        if height <= available:
            break
        parts = table.split(width, available)
        assert len(parts) == 2, f"page {pages + 1}"
        table, available, pages = parts[1], page, pages + 1
    assert pages >= 10
