"""The print preview's pages, drawn by PDFium through pypdfium2 (9 MB installed) instead of
QtPdf, which only PySide6-Addons (418 MB installed) carries; the figures are in docs/windows.md.

`PdfPages` answers what the preview and its printing ask of a PDF (how many pages, each one's
size in points, each one drawn at a size); `PageView` shows every page one under the other as
wide as the window, drawing only the pages that come into view.
"""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QRect, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

PAGE_GAP = 12


class PdfPages:
    def __init__(self) -> None:
        self._document: pypdfium2.PdfDocument | None = None

    def load(self, pdf: bytes) -> None:
        self.close()
        self._document = pypdfium2.PdfDocument(pdf)

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    def pageCount(self) -> int:  # noqa: N802 - the name QtPdf's document had
        return len(self._document) if self._document is not None else 0

    def pagePointSize(self, index: int) -> QSizeF:  # noqa: N802
        width, height = self._document.get_page_size(index)
        return QSizeF(width, height)

    def render(self, index: int, size: QSize) -> QImage:
        """The page drawn `size.width()` pixels wide (its height follows the page's shape); an
        empty image for an empty size."""
        if size.width() <= 0 or size.height() <= 0:
            return QImage()
        page = self._document[index]
        try:
            bitmap = page.render(scale=size.width() / page.get_width(), rev_byteorder=True)
            return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                          QImage.Format.Format_RGB888).copy()
        finally:
            page.close()


class PageView(QScrollArea):
    """The pages one under the other, fitted to the width; drawn as they come into view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.setSpacing(PAGE_GAP)
        self._column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self._pages: PdfPages | None = None
        self._labels: list[QLabel] = []
        self._drawn_at: dict[int, int] = {}  # page → the width it was drawn at
        self._later = QTimer(self, singleShot=True, interval=30)
        self._later.timeout.connect(self._draw_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._later.start())

    def show_pages(self, pages: PdfPages) -> None:
        self._pages = pages
        for label in self._labels:
            label.deleteLater()
        self._labels, self._drawn_at = [], {}
        for _ in range(pages.pageCount()):
            label = QLabel()
            label.setStyleSheet("background: white")
            self._column.addWidget(label)
            self._labels.append(label)
        self._size_pages()
        self._later.start()

    def page_width(self) -> int:
        return max(100, self.viewport().width() - 2 * PAGE_GAP)

    def _size_pages(self) -> None:
        width = self.page_width()
        for index, label in enumerate(self._labels):
            size = self._pages.pagePointSize(index)
            label.setFixedSize(width, round(width * size.height() / size.width()))

    def _draw_visible(self) -> None:
        if self._pages is None:
            return
        width = self.page_width()
        seen = QRect(0, self.verticalScrollBar().value(), self.viewport().width(), self.viewport().height())
        for index, label in enumerate(self._labels):
            if self._drawn_at.get(index) != width and label.geometry().intersects(seen):
                label.setPixmap(QPixmap.fromImage(self._pages.render(index, label.size())))
                self._drawn_at[index] = width

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._pages is not None:
            self._size_pages()
            self._later.start()
