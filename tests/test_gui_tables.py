"""The preview's "Save as a table": the document and the aimag's consolidation as real
Excel and Word files, written through the window's own print and consolidate actions."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from PySide6.QtCore import QTimer

from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.gui.preview import PreviewDialog


def _write_tables(paths: list[Path]):
    """The preview's step: write each table, and close it once the files are there."""
    def step(dialog):
        assert isinstance(dialog, PreviewDialog)
        pending = list(paths)

        def next_table():
            if pending and dialog.table_button.isEnabled():
                dialog.write_table(pending.pop(0))
            if not pending and all(p.exists() for p in paths) and dialog.table_button.isEnabled():
                timer.stop()
                dialog.accept()

        timer = QTimer(dialog)
        timer.timeout.connect(next_table)
        timer.start(50)
    return step


def _xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
                     if cell.value is not None)


def test_the_report_saves_as_excel_and_word_from_its_preview(qtbot, demo_store, db_path, tmp_path, answer_dialogs):
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    window = MainWindow(Operations(demo_store))
    qtbot.addWidget(window)
    window.open_document("s000-report")
    result = demo_store.report("s000-report").entries[0].result
    xlsx, word = tmp_path / "тайлан.xlsx", tmp_path / "тайлан.docx"
    unanswered = answer_dialogs(_write_tables([xlsx, word]))
    window.print_document("s000-report")
    assert unanswered == []
    first_paragraph = result.split("\n")[0].strip()
    assert first_paragraph in _xlsx_text(xlsx)
    cells = "\n".join(c.text for t in docx.Document(word).tables for r in t.rows for c in r.cells)
    assert first_paragraph in cells


def test_the_consolidation_saves_as_excel_from_its_preview(qtbot, demo_store, db_path, tmp_path, answer_dialogs):
    from aplan_desktop.core.model import Organisation, OrganisationKind

    demo_store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    demo_store.set_setting(HOME_ORGANISATION, "aimag-ovorkhangai")
    window = MainWindow(Operations(demo_store))
    qtbot.addWidget(window)
    xlsx = tmp_path / "нэгтгэл.xlsx"
    def year_and_period(dialog) -> None:
        dialog.year.setValue(2024)
        dialog.period.setCurrentIndex(dialog.period.findText("II хагас жил / жилийн эцэс"))
        dialog.accept()

    unanswered = answer_dialogs(year_and_period, _write_tables([xlsx]))
    window.consolidate_action.trigger()  # Аймаг → Нэгтгэсэн тайлан…
    assert unanswered == []
    text = _xlsx_text(xlsx)
    assert "Бат-Өлзий" in text and "95" in text
