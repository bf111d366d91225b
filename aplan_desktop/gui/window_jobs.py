"""The main window's File and Aimag jobs: print, send, import, register a sender, consolidate,
backups, the organisation, settings, history, the guide. Each asks what it needs, runs the
operations layer's job (long ones in the background) and says where the result went."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop import __version__
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.gui.background import run_in_background
from aplan_desktop.gui.messages import inform, tell, warn
from aplan_desktop.i18n import translate
from aplan_desktop.i18n.mongolian import official_date
from aplan_desktop.resources import base_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog


def start_folder(ops, purpose: str) -> str:
    """Where a file dialog opens: the folder last used for the purpose, else the home folder."""
    folder = ops.settings.last_folder(purpose)
    return str(folder) if folder and folder.is_dir() else str(Path.home())


class WindowJobs:
    """Mixed into `MainWindow` (which has `ops`, `autosaver`, `current_id`, the editors)."""

    def _tell(self, message: str) -> None:
        """A message that does not stop the program (the window stays usable behind it)."""
        self.last_message = tell(self, message)

    # ------------------------------------------------------------------ print and send

    def print_document(self, doc_id: str | None) -> None:
        if not doc_id:
            inform(self, translate(N_("Open a plan or report to print it.")))
            return
        self.autosaver.flush()
        from aplan_desktop.gui.preview import PreviewDialog

        forms = [("plan", translate(N_("Plan")))]
        if self.stack.currentWidget() is self._report_editor:
            forms = [("report", translate(N_("Report"))), ("letter", translate(N_("Cover letter")))] + forms
        PreviewDialog(self.ops, [(text, self.ops.file_name(doc_id, form), lambda ops, form=form: ops.render(doc_id, form))
                                 for form, text in forms],
                      parent=self, table=lambda ops, path: ops.write_table(doc_id, path)).exec()

    def send_document(self, doc_id: str | None, folder: Path | None = None) -> None:
        """Write the bundle and its cover letter into a folder, to attach to an e-mail."""
        if not doc_id:
            inform(self, translate(N_("Open a plan or report to send it.")))
            return
        self.autosaver.flush()
        if folder is None:
            from PySide6.QtWidgets import QFileDialog

            chosen = QFileDialog.getExistingDirectory(self, translate(N_("Folder for the file to e-mail")),
                                                      start_folder(self.ops, "export"))
            if not chosen:
                return
            folder = Path(chosen)

        def done(outcome) -> None:
            result, changes = outcome
            lines = [translate(N_("Wrote {path} ({size} bytes, revision {revision})."), path=str(result.path),
                               size=result.size, revision=result.revision)]
            if result.letter_path:
                lines.append(translate(N_("Cover letter: {path}"), path=str(result.letter_path)))
            for name, size in result.too_big:
                lines.append(translate(N_("Warning: the bundle is larger than e-mail allows; biggest file: {name} "
                                          "({size} bytes)."), name=name, size=size))
            self.statusBar().showMessage(lines[0], 15000)
            self.last_sent = result
            self.ops.announce(changes)
            self._tell("\n".join(lines))

        self.statusBar().showMessage(translate(N_("Sending…")))
        run_in_background(self.db_path, lambda ops: ops.export(doc_id, folder), done, self._tell)

    # ------------------------------------------------------------------ the aimag

    def choose_and_import(self) -> None:
        """Аймаг → Import bundles… (Ctrl+I): choose the files, then the import dialog."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getOpenFileNames(self, translate(N_("Import bundles")), start_folder(self.ops, "import"),
                                                 translate(N_("aplan bundles (*.aplan)")))
        if chosen:
            self.ops.remember_folder("import", Path(chosen[0]).parent)
            self.import_paths([Path(p) for p in chosen])

    def import_paths(self, paths: list[Path]) -> None:
        """The import dialog on these bundle files (also for files given when the program starts).
        While it is open, files handed over by later starts (several bundles opened at once in
        the file manager start aplan once for each) join its list instead of opening another."""
        if self.inbox is not None:
            self.inbox.add_paths([Path(p) for p in paths])
            self.inbox.raise_()
            self.inbox.activateWindow()
            return
        self.autosaver.flush()
        from aplan_desktop.gui.inbox import InboxDialog

        self.inbox = InboxDialog(self.ops, [Path(p) for p in paths], self)
        try:
            self.inbox.exec()
        finally:
            self.inbox = None

    def register_sender(self) -> None:
        """Аймаг → Register a sender's key…: a bundle from the sender, and the fingerprint read
        on its cover letter."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        chosen, _ = QFileDialog.getOpenFileName(self, translate(N_("A bundle from the sender")),
                                                start_folder(self.ops, "import"),
                                                translate(N_("aplan bundles (*.aplan)")))
        if not chosen:
            return
        self.ops.remember_folder("import", Path(chosen).parent)
        typed, ok = QInputDialog.getText(self, translate(N_("Register the sender's key")), translate(
            N_("Type the key fingerprint printed on the sender's cover letter:")))
        if not ok:
            return
        verified, _ = self.ops.register_sender(Path(chosen), typed)
        self.statusBar().showMessage(translate(N_("Registered the key: {sender} ({fingerprint})."),
                                               sender=verified.sender_name,
                                               fingerprint=verified.sender_fingerprint), 15000)

    def show_bodies(self) -> None:
        """Аймаг → Bodies under this aimag…: its soums from the list, its agencies, who reports for each."""
        from aplan_desktop.gui.bodies_dialog import BodiesDialog

        self.ops.aimag_office_id()  # refused, with a sentence, for a soum's office
        BodiesDialog(self.ops, self).exec()

    def consolidate(self) -> None:
        from aplan_desktop.gui.dialogs import YearPeriodDialog
        from aplan_desktop.gui.preview import PreviewDialog

        self.ops.aimag_office_id()  # refused, with a sentence, for a soum's office
        dialog = YearPeriodDialog(translate(N_("Consolidated report")), self.ops.consolidation_years(), self)
        if not dialog.exec():
            return
        year, period = dialog.year.value(), dialog.period.currentData()
        name = f"{year} " + translate(N_("Consolidated report"))
        PreviewDialog(self.ops, [(translate(N_("Consolidated report")), name,
                                  lambda ops: ops.render_consolidation(year, period))], parent=self,
                      table=lambda ops, path: ops.write_consolidation(year, period, path), table_suffixes=[".xlsx"]
                      ).exec()

    # ------------------------------------------------------------------ backups

    def auto_backup(self) -> None:
        """Every 30 minutes, when something changed: a checked copy, in the background."""
        run_in_background(self.db_path, lambda ops: ops.backup_if_changed(), lambda path: None, self._tell)

    def show_backups(self) -> None:
        from aplan_desktop.gui.restore_dialog import RestoreDialog

        self.autosaver.flush()
        def back_up_now() -> list:
            self.ops.backup("manual")
            return self.ops.backups()

        last = self.ops.settings.last_copy_away
        dialog = RestoreDialog(self.ops.backups(), self, back_up_now, self.ops.copy_away,
                               official_date(last.date()) if last else "",
                               str(self.ops.settings.last_folder("copy") or ""))
        if dialog.exec() and dialog.chosen:
            self.restore_requested.emit(dialog.chosen)

    # ------------------------------------------------------------------ this office

    def edit_organisation(self) -> QDialog | None:
        """Correct the organisation's details (name and its forms, aimag, head…), as set at the first start."""
        from aplan_desktop.gui.setup import organisation_dialog

        if not self.ops.is_set_up():
            return None
        self.autosaver.flush()
        dialog = organisation_dialog(self.ops, self)
        dialog.exec()
        return dialog

    def open_settings(self) -> QDialog | None:
        self.autosaver.flush()
        dialog = self.settings_dialog()
        if not dialog.exec():
            return None
        self.apply_settings(dialog)
        return dialog

    def settings_dialog(self):
        """The settings as they are now: this computer's, the organisation's, and this office's key."""
        from aplan_desktop.gui.dialogs import SettingsDialog

        try:
            fingerprint = self.ops.own_fingerprint()  # made on first use, which writes to the data file
        except (UserError, sqlite3.Error):
            fingerprint = ""  # a read-only or full data file: the settings open all the same
        return SettingsDialog(self.config, self.ops.settings.score_scale, self.ops.settings.deadline_rules.by_period,
                              self.db_path, self, self.ops.settings.print_layout(), fingerprint, self.ops.bundle_version)

    def apply_settings(self, dialog) -> None:
        self.ops.change_settings(dialog.scale(), dialog.deadline_setting(), dialog.layout_setting())
        if dialog.bundle_version.currentData() != self.ops.bundle_version:
            self.ops.set_bundle_version(dialog.bundle_version.currentData())
        appearance_changed = (dialog.language.currentData(), dialog.text_size.value()) != (
            self.config.language, self.config.text_size)
        self.config.language = dialog.language.currentData()
        self.config.text_size = dialog.text_size.value()
        if dialog.db_path.text() != str(self.db_path):
            self.config.db_path = dialog.db_path.text()
        try:
            self.config.save()
        except OSError:
            warn(self, translate(N_("The settings could not be saved on this computer.")))
        if appearance_changed:
            self.restart_requested.emit()

    # ------------------------------------------------------------------ help

    def show_history(self) -> None:
        if not self.current_id:
            return
        from aplan_desktop.gui.history_dialog import HistoryDialog

        self.autosaver.flush()
        HistoryDialog(self.ops.history(self.current_id), self).exec()

    def show_guide(self) -> QDialog:
        """The Mongolian user guide, shipped with the program, in a window of its own."""
        from aplan_desktop.gui.guide_dialog import GuideDialog

        dialog = GuideDialog(base_dir() / "docs" / "guide-mn.md", self)
        dialog.show()
        return dialog

    def about(self) -> None:
        try:
            key = "\n" + translate(N_("This office's key: {fingerprint}"), fingerprint=self.ops.own_fingerprint())
        except (UserError, sqlite3.Error):
            key = ""
        from aplan_desktop.gui.about_dialog import show_about  # with the licences

        show_about(self, translate(
            N_("aplan {version}\nAnti-corruption action plans and their execution reports.\nData file: {path}"),
            version=__version__, path=str(self.db_path)) + key)
