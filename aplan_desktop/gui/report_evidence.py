"""A report entry's evidence in the report editor: thumbnails of its files, files dropped or
chosen to add (a very big one asked first), opened only when that is safe, and removed."""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QListWidget, QListWidgetItem

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.evidence import file_name_to_open, opens_safely
from aplan_desktop.core.model import Entry
from aplan_desktop.core.workflow import is_locked
from aplan_desktop.gui.messages import ask, warn
from aplan_desktop.i18n import error_text, reason_text, translate

THUMBNAIL = QSize(96, 96)

BIG_EVIDENCE_BYTES = 25_000_000  # phone photos are 2–8 MB; a film or a disk image is not evidence to e-mail


class EvidenceList(QListWidget):
    """Thumbnails of the evidence files; files dropped on it are added."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setMinimumHeight(130)
        self.setWordWrap(True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent  # noqa: N815

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()


class EvidenceEditing:
    """Mixed into the report editor, which has `evidence` (an EvidenceList), `measure`,
    `session`, `ops`, `document`, `reviewing` and `edit`."""

    def _show_evidence(self, entry: Entry) -> None:
        self.evidence.clear()
        for item in entry.evidence:
            widget_item = QListWidgetItem(item.name)
            widget_item.setToolTip(item.note or item.name)
            if item.media_type.startswith("image/") and item.sha256:
                pixmap = QPixmap()
                try:
                    pixmap.loadFromData(self.ops.file_content(item.sha256))
                except UserError:
                    pass
                if not pixmap.isNull():
                    widget_item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation)))
            self.evidence.addItem(widget_item)

    def _choose_evidence(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, translate(N_("Add evidence")))
        if paths:
            self.add_evidence_files([Path(p) for p in paths])

    def add_evidence_files(self, paths: list[Path]) -> None:
        if self.measure is None or is_locked(self.document) or self.reviewing:
            return
        measure_id = self.measure.id
        for path in paths:
            if not self._small_enough(path):
                continue
            try:
                content = path.read_bytes()
            except OSError:
                warn(self, translate(N_("The file {path} cannot be read."), path=str(path)))
                continue
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.edit(lambda s: s.attach_evidence(measure_id, path.name, content, media_type))
        self._show_evidence(self.session.entry(measure_id) or Entry(measure_id))

    def _small_enough(self, path: Path) -> bool:
        """A very big file is kept in the data file, its backups and the bundle: asked first."""
        try:
            size = path.stat().st_size
        except OSError:
            return True  # reading it says what is wrong
        if size <= BIG_EVIDENCE_BYTES:
            return True
        return ask(self, translate(N_(
            "{name} is {size} MB. It will be kept in the data file and its backups, and sent to the aimag "
            "(e-mail takes about 7 MB). Add it anyway?"), name=path.name, size=round(size / 1_000_000)))

    def open_evidence(self) -> None:
        row = self.evidence.currentRow()
        entry = self.session.entry(self.measure.id) if self.measure else None
        if entry is None or not 0 <= row < len(entry.evidence):
            return
        item = entry.evidence[row]
        if not opens_safely(item):
            warn(self, translate(N_(
                "“{name}” is not opened: for the computer's safety aplan opens documents, pictures and web "
                "links only. Ask the sender what it is."), name=item.url or item.name))
            return
        if item.url:
            QDesktopServices.openUrl(QUrl(item.url))
            return
        try:
            content = self.ops.file_content(item.sha256)
            target = Path(tempfile.mkdtemp(prefix="aplan-")) / file_name_to_open(item)
            target.write_bytes(content)
        except UserError as exc:
            warn(self, error_text(exc))
            return
        except OSError as exc:
            warn(self, translate(N_("The evidence could not be copied out to open it: "
                                                            "{reason}."), reason=reason_text(exc)))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def remove_evidence(self) -> None:
        row = self.evidence.currentRow()
        if self.measure is None or row < 0:
            return
        measure_id = self.measure.id
        if self.edit(lambda s: s.remove_evidence(measure_id, row)):
            self._show_evidence(self.session.entry(measure_id))
