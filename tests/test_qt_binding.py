"""Guards against a Qt binding that loses references: PySide6 6.12.0 on Python 3.11 takes one
reference from None on every call of a method that returns nothing, so a day of typing
ends in a crash ("deallocating None")."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit


def test_void_methods_keep_the_reference_count_of_none(qapp: QApplication):
    label, editor = QLabel(), QPlainTextEdit()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("Ө")
        editor.insertPlainText("ү")
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -50
