"""The print preview's pages come from PDFium (pypdfium2), not QtPdf: they are drawn, they
print, and the window loads no QtPdf (so PySide6-Addons, 418 MB, is not needed)."""

from __future__ import annotations

import subprocess
import sys

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QLineEdit

from aplan_desktop.gui.preview import PreviewDialog
from aplan_desktop.operations import Operations
from conftest import ROOT


def _preview(qtbot, demo_store) -> PreviewDialog:
    dialog = PreviewDialog(Operations(demo_store),
                           [("Тайлан", "тайлан", lambda ops: ops.render("s001-report", "report"))])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 740)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 0, timeout=20000)
    return dialog


def _ink(image) -> int:
    """How many of a row of sample points on the page are dark (text or rules)."""
    return sum(1 for y in range(0, image.height(), 7) for x in range(0, image.width(), 7)
               if image.pixelColor(x, y).lightness() < 100)


def test_the_preview_draws_the_pages_in_view_as_wide_as_the_window(qtbot, demo_store):
    dialog = _preview(qtbot, demo_store)
    first = dialog.view._labels[0]
    qtbot.waitUntil(lambda: not first.pixmap().isNull(), timeout=5000)
    assert first.pixmap().width() == dialog.view.page_width() and _ink(first.pixmap().toImage()) > 50
    last = dialog.view._labels[-1]
    assert last.pixmap().isNull()  # not in view: not drawn yet
    dialog.view.ensureWidgetVisible(last)
    qtbot.waitUntil(lambda: not last.pixmap().isNull(), timeout=5000)


def test_print_sends_every_page(qtbot, demo_store, tmp_path, answer_dialogs, monkeypatch):
    dialog = _preview(qtbot, demo_store)
    out = tmp_path / "printed.pdf"

    def print_to_a_file(chooser):
        assert isinstance(chooser, QPrintDialog)  # no printer here: Qt's own "print to file (PDF)"
        chooser.findChild(QLineEdit, "filename").setText(str(out))
        chooser.accept()

    unanswered = answer_dialogs(print_to_a_file)
    dialog.print_button.click()
    assert unanswered == []
    assert len(PdfReader(out).pages) == dialog.document.pageCount() == 7  # seed 001's report


def test_the_window_loads_no_qtpdf():
    code = ("import sys, aplan_desktop.gui.app, aplan_desktop.gui.preview; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6.QtPdf')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
