"""Print preview: the PDF made off the GUI thread, shown by PDFium (gui/pdf_pages.py), then printed or saved;
and the same content as a table for Excel, Word or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from aplan_desktop.atomic import FileHeldError, write_atomic
from aplan_desktop.core.errors import N_
from aplan_desktop.gui.background import run_in_background
from aplan_desktop.gui.messages import warn
from aplan_desktop.gui.pdf_pages import PageView, PdfPages
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.operations import Operations


PRINT_DPI = 300
TABLE_FORMATS = {".xlsx": "Excel (*.xlsx)", ".docx": "Word (*.docx)", ".csv": "CSV (*.csv)"}


class PreviewDialog(QDialog):
    def __init__(self, ops: Operations, forms: list[tuple[str, str, Callable[[Operations], tuple[bytes, int]]]],
                 parent=None, table: Callable[[Operations, Path], object] | None = None,
                 table_suffixes: list[str] | None = None) -> None:
        """`forms`: (label, file name without ending, function making the PDF) for each form to
        choose from; `table`: the function writing the table to a path, in one of `table_suffixes`."""
        super().__init__(parent)
        self.table = (table_suffixes or list(TABLE_FORMATS), table) if table else None
        self.setWindowTitle(translate(N_("Print preview")))
        self.ops = ops
        self.pdf = b""
        self.forms = {label_text: (name, make) for label_text, name, make in forms}
        self.form = QComboBox()
        for label_text, _, _ in forms:
            self.form.addItem(label_text)
        self.form.currentIndexChanged.connect(self.render)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.pages = QLabel()
        self.document = PdfPages()
        self.view = PageView(self)
        self.print_button = QPushButton(translate(N_("Print…")))
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton(translate(N_("Save as PDF…")))
        self.save_button.clicked.connect(self.save_pdf)
        top = QHBoxLayout()
        top.addWidget(self.form)
        top.addWidget(self.busy)
        top.addWidget(self.pages)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)
        if self.table:
            self.table_button = QPushButton(translate(N_("Save as a table…")))
            self.table_button.setToolTip(", ".join(TABLE_FORMATS[suffix] for suffix in self.table[0]))
            self.table_button.clicked.connect(self.save_table)
            top.addWidget(self.table_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.resize(1100, 760)
        self.render()

    def render(self) -> None:
        self.busy.show()
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        run_in_background(self.ops.path, self.forms[self.form.currentText()][1], self._show, self._failed)

    def _show(self, result: tuple[bytes, int]) -> None:
        pdf, pages = result
        self.pdf = pdf
        self.busy.hide()
        self.pages.setText(translate(N_("{pages} pages"), pages=pages))
        self.document.load(pdf)
        self.view.show_pages(self.document)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.busy.hide()
        warn(self, message)

    @property
    def name(self) -> str:
        """The chosen form's readable file name, without its ending."""
        return self.forms[self.form.currentText()][0]

    def _suggested(self, purpose: str, suffix: str) -> str:
        """The readable name in the folder last used for such files."""
        folder = self.ops.settings.last_folder(purpose)
        folder = folder if folder and folder.is_dir() else Path.home()
        return str(folder / f"{self.name}{suffix}")

    def _saved(self, purpose: str, path: Path) -> None:
        """Said where it went, here and in the window's status line; the folder remembered."""
        self.ops.remember_folder(purpose, path.parent)
        message = translate(N_("Wrote {path}."), path=str(path))
        self.pages.setText(message)
        parent = self.parent()
        if parent is not None and hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(message, 30000)

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate(N_("Save as PDF")), self._suggested("pdf", ".pdf"),
                                              "PDF (*.pdf)")
        if not path:
            return
        if Path(path).suffix.lower() != ".pdf":
            path += ".pdf"
        try:
            write_atomic(Path(path), self.pdf)
        except FileHeldError as exc:  # open in Acrobat: named, the old file kept
            warn(self, error_text(exc))
            return
        except OSError:
            warn(self, translate(
                N_("The file {path} cannot be written. Check the folder and try again."), path=path))
            return
        self._saved("pdf", Path(path))

    def save_table(self) -> None:
        suffixes = self.table[0]
        path, chosen = QFileDialog.getSaveFileName(self, translate(N_("Save as a table")),
                                                   self._suggested("table", suffixes[0]),
                                                   ";;".join(TABLE_FORMATS[suffix] for suffix in suffixes))
        if not path:
            return
        if Path(path).suffix.lower() not in suffixes:  # a name typed without its ending: the chosen format's
            path += next((s for s in suffixes if TABLE_FORMATS[s] == chosen), suffixes[0])
        self.write_table(Path(path))

    def write_table(self, path: Path) -> None:
        """In the background; the dialog says where it went, or why not."""
        writer = self.table[1]
        self.table_button.setEnabled(False)
        run_in_background(self.ops.path, lambda ops: writer(ops, path), lambda _: self._table_written(path),
                          self._table_failed)

    def _table_written(self, path: Path) -> None:
        self.table_button.setEnabled(True)
        self._saved("table", path)

    def _table_failed(self, message: str) -> None:
        self.table_button.setEnabled(True)
        self._failed(message)

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)  # each page goes to the printer as an image: 300 dpi is sharp and light
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        first = self.document.pagePointSize(0)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                                   else QPageLayout.Orientation.Portrait)
        painter = QPainter(printer)
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                area = painter.viewport()
                size = self.document.pagePointSize(page).toSize().scaled(area.size(),
                                                                         Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.topLeft(), size), self.document.render(page, size))
        finally:
            painter.end()
