"""The window on Windows' terms: "Save as PDF" over a PDF open in Acrobat, clicked and answered
as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from aplan_desktop.gui.preview import PreviewDialog
from aplan_desktop.operations import Operations
from windows_rules import hold_like_excel


def test_save_as_pdf_over_a_pdf_open_in_acrobat_says_so_and_keeps_it(qtbot, windows_rules_on, demo_store, db_path,
                                                                     tmp_path, answer_dialogs):
    target = tmp_path / "тайлан.pdf"
    target.write_bytes(b"%PDF the one open in Acrobat")
    dialog = PreviewDialog(Operations(demo_store),
                           [("Тайлан", "тайлан", lambda ops: ops.render("s000-report", "report"))])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20000)
    told: list[str] = []

    def choose_the_file(chooser):
        assert isinstance(chooser, QFileDialog)
        chooser.selectFile(str(target))
        QTimer.singleShot(0, chooser.accept)  # its "replace it?" question is answered next

    def read_the_warning(box):
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    def replace_it(box):
        assert isinstance(box, QMessageBox)  # "already exists; replace it?"
        box.button(QMessageBox.StandardButton.Yes).click()

    with hold_like_excel(target) as acrobat:
        unanswered = answer_dialogs(choose_the_file, replace_it, read_the_warning)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(told), timeout=20000)
        acrobat.release()
    assert unanswered == []
    assert str(target) in told[0] and "Acrobat" in told[0] and "хаагаад" in told[0]
    assert target.read_bytes() == b"%PDF the one open in Acrobat"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert "тайлан.pdf" not in dialog.pages.text()  # not told it was written
