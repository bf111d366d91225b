"""The user guide inside the program: Qt reads its Markdown and pictures, so nothing else is
needed to view it (Windows has no program for .md files). The table of contents jumps to its
headings and the pictures are scaled to the window's width."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.i18n import translate


def heading_anchor(text: str) -> str:
    """The anchor a Markdown heading gets in the guide's links: "3. Тайлан гаргах" → "3-тайлан-гаргах"."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


class GuideBrowser(QTextBrowser):
    MARGIN = 32  # the scroll bar and the page's margins

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        resource = super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = resource if isinstance(resource, QImage) else QImage.fromData(resource)
            width = max(self.viewport().width() - self.MARGIN, 200)
            if not image.isNull() and image.width() > width:
                return image.scaledToWidth(width)
            return image
        return resource


class GuideDialog(QDialog):
    def __init__(self, guide: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("User guide")))
        self.browser = GuideBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.resize(900, 700)
        self.browser.resize(880, 680)  # the pictures are scaled to this width when the guide is read
        self.browser.setSource(QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)

    def follow(self, url: QUrl) -> None:
        """A heading of the guide from its table of contents; a web address in the browser."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.jump_to(url.fragment())

    def jump_to(self, anchor: str) -> bool:
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and heading_anchor(block.text()) == anchor.lower():
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                bar = self.browser.verticalScrollBar()
                bar.setValue(int(self.browser.document().documentLayout().blockBoundingRect(block).top()))
                return True
            block = block.next()
        return False
