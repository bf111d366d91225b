"""The main window: navigator on the left, the open document in the middle, its problems below.

It only arranges the panels and passes requests between them and the services: opening a
document, a new plan or report, search, settings, printing.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
)

from aplan_desktop import __version__
from aplan_desktop.config import Config
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Person, Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import Template, copy_plan_to_year, list_templates, plan_from_template
from aplan_desktop.core.workflow import new_report
from aplan_desktop.gui.autosave import Autosaver
from aplan_desktop.gui.background import run_in_background
from aplan_desktop.gui.dialogs import HOME_ORGANISATION, PREPARER, NewReportDialog, SettingsDialog, SetupDialog
from aplan_desktop.gui.panels import Navigator, ProblemList, SearchResults
from aplan_desktop.gui.plan_editor import PlanEditor
from aplan_desktop.gui.report_editor import ReportEditor
from aplan_desktop.gui.setup import run_setup
from aplan_desktop.gui.start_page import StartPage
from aplan_desktop.i18n import error_text, label, translate
from aplan_desktop.resources import base_dir, templates_dir
from aplan_desktop.storage import Store


AUTO_BACKUP_MS = 30 * 60 * 1000


class MainWindow(QMainWindow):
    restart_requested = Signal()  # after a language or text size change: build the window anew
    restore_requested = Signal(object)  # a backup's path: the session closes the database and restores it

    def __init__(self, store: Store, db_path: Path, config: Config | None = None) -> None:
        super().__init__()
        self.store, self.db_path = store, db_path
        self.config = config or Config()
        self.setWindowTitle(f"aplan {__version__}")
        self.autosaver = Autosaver(self)
        self.undo_stack = QUndoStack(self)
        self.current_id: str | None = None

        self.start_page = StartPage(store)
        self.plan_editor = PlanEditor(store, self.autosaver, self.undo_stack)
        self.report_editor = ReportEditor(store, self.autosaver, self.undo_stack)
        self.search_results = SearchResults(store)
        self.stack = QStackedWidget()
        for page in (self.start_page, self.plan_editor, self.report_editor, self.search_results):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self.navigator = Navigator()
        self.navigator.document_chosen.connect(self.open_document)
        self.problems = ProblemList()
        self.problems.problem_chosen.connect(self._go_to_problem)
        navigator_dock = self._dock(self.navigator, translate(N_("Plans and reports")),
                                    Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problem_dock = self._dock(self.problems, translate(N_("Problems")), Qt.DockWidgetArea.BottomDockWidgetArea)

        self.save_state = QLabel(translate(N_("Saved")))
        self.statusBar().addPermanentWidget(self.save_state)
        self.autosaver.state_changed.connect(self._save_state_changed)
        self.autosaver.saved.connect(self._refresh_navigator)

        for editor in (self.plan_editor, self.report_editor):
            editor.document_changed.connect(self._refresh_problems)
            editor.print_requested.connect(self.print_document)
        self.report_editor.send_requested.connect(self.send_document)
        self.start_page.new_plan_requested.connect(self.new_plan)
        self.start_page.new_report_requested.connect(self.new_report)
        self.search_results.hit_chosen.connect(self.open_document)
        self._build_actions()
        self._refresh_navigator()
        self.show_start()
        self.resize(1280, 760)
        # after the window has its size, and in characters: at a larger text size the names still fit
        characters = self.fontMetrics().averageCharWidth()
        self.resizeDocks([navigator_dock], [44 * characters], Qt.Orientation.Horizontal)
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.auto_backup)
        self.backup_timer.start(AUTO_BACKUP_MS)

    def _dock(self, widget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut=None) -> QAction:
            a = QAction(translate(text), self)
            a.triggered.connect(slot)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            return a

        self.home_action = action(N_("Start"), self.show_start, "Ctrl+Home")
        self.new_plan_action = action(N_("New plan…"), self.new_plan, QKeySequence.StandardKey.New)
        self.new_report_action = action(N_("New report…"), self.new_report, "Ctrl+Shift+N")
        self.print_action = action(N_("Print / PDF…"), lambda: self.print_document(self.current_id),
                                   QKeySequence.StandardKey.Print)
        self.settings_action = action(N_("Settings…"), self.open_settings, "Ctrl+,")
        self.send_action = action(N_("Send to the aimag…"), lambda: self.send_document(self.current_id))
        self.import_action = action(N_("Import bundles…"), self.import_bundles, "Ctrl+I")
        self.consolidate_action = action(N_("Consolidated report…"), self.consolidate)
        self.backups_action = action(N_("Backups…"), self.show_backups)
        self.organisation_action = action(N_("Organisation…"), self.edit_organisation)
        self.history_action = action(N_("Document history…"), self.show_history)
        self.guide_action = action(N_("User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        quit_action = action(N_("Quit"), self.close, QKeySequence.StandardKey.Quit)
        undo = self.undo_stack.createUndoAction(self, translate(N_("Undo")))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, translate(N_("Redo")))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        about = action(N_("About aplan"), self.about)

        file_menu = self.menuBar().addMenu(translate(N_("&File")))
        for a in (self.home_action, self.new_plan_action, self.new_report_action, self.print_action,
                  self.send_action):
            file_menu.addAction(a)
        aimag_menu = self.menuBar().addMenu(translate(N_("&Aimag")))
        aimag_menu.addAction(self.import_action)
        aimag_menu.addAction(self.consolidate_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backups_action)
        file_menu.addAction(self.organisation_action)
        file_menu.addAction(self.settings_action)
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu(translate(N_("&Edit")))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.history_action)
        help_menu = self.menuBar().addMenu(translate(N_("&Help")))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(about)

        # the toolbar's undo and redo keep a short name; the menu's say what they undo
        undo_short = action(N_("Undo"), self.undo_stack.undo)
        redo_short = action(N_("Redo"), self.undo_stack.redo)
        undo_short.setEnabled(False)
        redo_short.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo_short.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo_short.setEnabled)
        toolbar = QToolBar(translate(N_("Tools")))
        toolbar.setObjectName("tools")
        toolbar.setMovable(False)
        for a in (self.home_action, self.new_plan_action, self.new_report_action, self.print_action, undo_short,
                  redo_short):
            toolbar.addAction(a)
        toolbar.addSeparator()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(translate(N_("Search in all plans and reports…")))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(360)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        toolbar.addWidget(self.search_box)
        toolbar.addAction(self.settings_action)
        self.addToolBar(toolbar)

    # ------------------------------------------------------------------ navigation

    def show_start(self) -> None:
        self.autosaver.flush()
        self.current_id = None
        self.start_page.refresh(self.store.setting(HOME_ORGANISATION))
        self.stack.setCurrentWidget(self.start_page)
        self.problems.show_problems([])
        self.problem_dock.hide()  # problems belong to an open document

    def open_document(self, doc_id: str, measure_id: str = "") -> bool:
        self.autosaver.flush()
        try:
            plan, _, report = self.store.load_document(doc_id)
        except UserError as exc:
            QMessageBox.warning(self, "aplan", error_text(exc))
            return False
        self.current_id = report.id if report else plan.id
        if report is not None:
            self.report_editor.open_report(report, plan)
            if measure_id:
                self.report_editor.select_measure(measure_id)
            self.stack.setCurrentWidget(self.report_editor)
        else:
            self.plan_editor.open_document(plan)
            if measure_id:
                self.plan_editor.select_object(measure_id)
            self.stack.setCurrentWidget(self.plan_editor)
        self.store.set_setting("ui:last", {"doc": self.current_id, "measure": measure_id})
        self._refresh_navigator()
        self._refresh_problems()
        self.problem_dock.show()
        return True

    def reopen_last_place(self) -> None:
        """After a crash or power cut the program opens where the user was."""
        last = self.store.setting("ui:last") or {}
        if last.get("doc"):
            self.open_document(last["doc"], last.get("measure", ""))

    def current_editor(self):
        widget = self.stack.currentWidget()
        return widget if widget in (self.plan_editor, self.report_editor) else None

    def _refresh_navigator(self) -> None:
        self.navigator.fill(self.store.documents(), self.current_id)

    def _refresh_problems(self) -> None:
        editor = self.current_editor()
        before = self.problems.list.count()
        self.problems.show_problems(editor.problems() if editor else [])
        if (before == 0) != (self.problems.list.count() == 0):  # not at every keystroke: the user may have resized it
            self.resizeDocks([self.problem_dock], [self.problems.wanted_height()], Qt.Orientation.Vertical)

    def _go_to_problem(self, problem) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.focus_problem(problem)

    def _save_state_changed(self, message: str, ok: bool) -> None:
        self.save_state.setText(message)
        self.save_state.setStyleSheet("" if ok else "color: #b00020; font-weight: bold;")

    def search(self, words: str) -> None:
        if not words.strip():
            return
        self.autosaver.flush()
        self.search_results.search(words)
        self.stack.setCurrentWidget(self.search_results)
        self.problem_dock.hide()

    # ------------------------------------------------------------------ new documents

    def new_plan(self) -> None:
        if not self.store.setting(HOME_ORGANISATION):
            if not run_setup(self.store, self):
                return
            self.reopen_last_place()
            return
        organisation = self.store.organisation(self.store.setting(HOME_ORGANISATION))
        templates = list_templates(templates_dir())
        own_plans = [self.store.plan(d.id) for d in self.store.documents()
                     if d.kind == "plan" and d.organisation == organisation.name]
        choices = [translate(N_("from the template “{name}”"), name=t.name) for t in templates]
        choices += [translate(N_("copy of the {year} plan"), year=p.year) + f": {p.title[:60]}" for p in own_plans]
        choice, ok = QInputDialog.getItem(self, translate(N_("New plan")), translate(N_("Start the plan")), choices,
                                          0, False)
        if not ok:
            return
        year, ok = QInputDialog.getInt(self, translate(N_("New plan")), translate(N_("Year")), date.today().year,
                                       2000, 2100)
        if not ok:
            return
        index = choices.index(choice)
        source = templates[index] if index < len(templates) else own_plans[index - len(templates)]
        self.create_plan(source, year)

    def create_plan(self, source: Template | Plan, year: int) -> Plan:
        """A new plan of the home organisation from a template or from an earlier plan, opened."""
        organisation = self.store.organisation(self.store.setting(HOME_ORGANISATION))
        plan = plan_from_template(source, organisation, year) if isinstance(source, Template) \
            else copy_plan_to_year(source, year)
        plan.organisation = organisation
        with self.store.transaction():
            self.store.save_plan(plan, self.store.parent_of(organisation))
            self.store.add_history("plan", plan.id, "created")
        self.open_document(plan.id)
        return plan

    def new_report(self) -> None:
        plans = self.store.plans(self.store.setting(HOME_ORGANISATION))  # this office's own
        if not plans:
            QMessageBox.information(self, "aplan", translate(N_("Make a plan first: a report reports on a plan.")))
            return
        reports = [self.store.report(d.id) for d in self.store.documents() if d.kind == "report"]
        first_halves = {r.plan_id: r for r in reports if r.period == Period.H1}
        dialog = NewReportDialog(plans, set(first_halves), self)
        if not dialog.exec():
            return
        carry = first_halves.get(dialog.plan.currentData().id) if dialog.carry.isChecked() else None
        self.create_report(dialog.plan.currentData(), Period(dialog.period.currentData()), carry)

    def create_report(self, plan: Plan, period: Period, carry: Report | None = None) -> Report:
        """The plan's report for the period, opened; a new draft unless it exists already."""
        for d in self.store.documents():
            if d.kind == "report" and d.period == period:
                existing = self.store.report(d.id)
                if existing.plan_id == plan.id:
                    self.open_document(existing.id)
                    return existing
        report = new_report(plan, period, carry_from=carry)
        preparer = self.store.setting(PREPARER) or {}
        if report.prepared_by.is_empty():
            report.prepared_by = Person(preparer.get("title", ""), preparer.get("name", ""))
        with self.store.transaction():
            self.store.save_report(report)
            self.store.add_history("report", report.id, "created")
        self.open_document(report.id)
        return report

    # ------------------------------------------------------------------ other windows

    def print_document(self, doc_id: str | None) -> None:
        if not doc_id:
            QMessageBox.information(self, "aplan", translate(N_("Open a plan or report to print it.")))
            return
        self.autosaver.flush()
        # imported here: QtPdf and ReportLab are loaded when something is printed, not at start
        from aplan_desktop.gui.preview import PreviewDialog
        from aplan_desktop.printing import render_document

        forms = [(translate(N_("Plan")), lambda store: render_document(store, doc_id, "plan"))]
        if self.stack.currentWidget() is self.report_editor:
            forms = [(translate(N_("Report")), lambda store: render_document(store, doc_id, "report")),
                     (translate(N_("Cover letter")), lambda store: render_document(store, doc_id, "letter"))] + forms
        from aplan_desktop.forms.exports import WRITERS, export_table

        PreviewDialog(self.db_path, doc_id, forms, parent=self,
                      table=(list(WRITERS), lambda store, path: export_table(store, doc_id, path))).exec()

    def send_document(self, doc_id: str | None, folder: Path | None = None) -> None:
        """Write the bundle and its cover letter into a folder, to attach to an e-mail."""
        if not doc_id:
            QMessageBox.information(self, "aplan", translate(N_("Open a plan or report to send it.")))
            return
        self.autosaver.flush()
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, translate(N_("Folder for the file to e-mail")))
            if not chosen:
                return
            folder = Path(chosen)
        self.store.set_setting("last_export_folder", str(folder))
        from aplan_desktop.exchange import export_document

        reviewing = self.stack.currentWidget() is self.report_editor and self.report_editor.reviewing
        def done(result) -> None:
            lines = [translate(N_("Wrote {path} ({size} bytes, revision {revision})."), path=str(result.path),
                               size=result.size, revision=result.revision)]
            if result.letter_path:
                lines.append(translate(N_("Cover letter: {path}"), path=str(result.letter_path)))
            for name, size in result.too_big:
                lines.append(translate(N_("Warning: the bundle is larger than e-mail allows; biggest file: {name} "
                                          "({size} bytes)."), name=name, size=size))
            self.statusBar().showMessage(lines[0], 15000)
            self.last_sent = result
            self.open_document(doc_id)
            self._tell("\n".join(lines))

        kind = "review" if reviewing else None
        self.statusBar().showMessage(translate(N_("Sending…")))
        run_in_background(self.db_path, lambda store: export_document(store, doc_id, folder, kind=kind), done,
                          self._tell)

    def _tell(self, message: str) -> None:
        """A message that does not stop the program (the window stays usable behind it)."""
        box = QMessageBox(QMessageBox.Icon.Information, "aplan", message, QMessageBox.StandardButton.Ok, self)
        box.open()
        self.last_message = box

    def import_bundles(self, paths: list[Path] | None = None) -> None:
        self.autosaver.flush()
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, translate(N_("Import bundles")), "",
                                                     translate(N_("aplan bundles (*.aplan)")))
            if not chosen:
                return
            paths = [Path(p) for p in chosen]
        from aplan_desktop.gui.inbox import InboxDialog

        dialog = InboxDialog(self.db_path, paths, self)
        dialog.exec()
        self._refresh_navigator()

    def consolidate(self) -> None:
        from aplan_desktop.gui.preview import PreviewDialog
        from aplan_desktop.printing import render_consolidation, write_consolidation

        home = self.store.setting(HOME_ORGANISATION)
        year, ok = QInputDialog.getInt(self, translate(N_("Consolidated report")), translate(N_("Year")),
                                       date.today().year, 2000, 2100)
        if not ok or not home:
            return
        periods = [Period.H1, Period.H2]
        names = [label(p.value) for p in periods]
        choice, ok = QInputDialog.getItem(self, translate(N_("Consolidated report")), translate(N_("Period")),
                                          names, 0, False)
        if not ok:
            return
        period = periods[names.index(choice)]
        PreviewDialog(self.db_path, f"{year}-{period.value}", [(translate(N_("Consolidated report")), lambda store:
                      render_consolidation(store, home, year, period))], parent=self,
                      table=([".xlsx"], lambda store, path: write_consolidation(store, home, year, period, path))
                      ).exec()

    def auto_backup(self) -> None:
        """Every 30 minutes, when something changed: a checked copy, in the background."""
        from aplan_desktop.storage.backups import backup_folder, changed_since_last_backup, prune_backups, take_backup

        def work(store: Store) -> Path | None:
            if not changed_since_last_backup(store):
                return None
            path = take_backup(store)
            prune_backups(backup_folder(store.path))
            return path

        run_in_background(self.db_path, work, lambda path: None, self._tell)

    def edit_organisation(self) -> SetupDialog | None:
        """Correct the organisation's details (name, head, address…), as set at the first start."""
        home = self.store.setting(HOME_ORGANISATION)
        if not home:
            return None
        organisation = self.store.organisation(home)
        preparer = self.store.setting(PREPARER) or {}
        dialog = SetupDialog([], False, self, organisation, self.store.parent_of(organisation),
                             Person(preparer.get("title", ""), preparer.get("name", "")))
        if dialog.exec():
            self.apply_organisation(dialog)
        return dialog

    def apply_organisation(self, dialog: SetupDialog) -> None:
        organisation, parent = dialog.organisation()
        preparer = dialog.preparer()
        with self.store.transaction():
            self.store.save_organisation(organisation, parent)
            self.store.set_setting(PREPARER, {"title": preparer.title, "name": preparer.name})
        self._refresh_navigator()
        if self.stack.currentWidget() is self.start_page:
            self.show_start()

    def show_history(self) -> None:
        if not self.current_id:
            return
        from aplan_desktop.gui.history_dialog import HistoryDialog

        self.autosaver.flush()
        HistoryDialog(self.store, self.current_id, self).exec()

    def show_guide(self) -> QDialog:
        """The Mongolian user guide, shipped with the program, in a window of its own."""
        from aplan_desktop.gui.guide_dialog import GuideDialog

        dialog = GuideDialog(base_dir() / "docs" / "guide-mn.md", self)
        dialog.show()
        return dialog

    def show_backups(self) -> None:
        from aplan_desktop.gui.restore_dialog import RestoreDialog

        self.autosaver.flush()
        dialog = RestoreDialog(self.db_path, self)
        if dialog.exec() and dialog.chosen:
            self.restore_requested.emit(dialog.chosen)

    def open_settings(self) -> SettingsDialog | None:
        self.autosaver.flush()
        dialog = self.settings_dialog()
        if not dialog.exec():
            return None
        self.apply_settings(dialog)
        return dialog

    def settings_dialog(self) -> SettingsDialog:
        """The settings as they are now: this computer's, the organisation's, and this office's key."""
        from aplan_desktop.exchange import own_fingerprint

        home = self.store.setting(HOME_ORGANISATION)
        layout = self.store.setting(f"layout:{home}", {}) if home else {}
        try:
            fingerprint = own_fingerprint(self.store)  # made on first use, which writes to the data file
        except (UserError, sqlite3.Error):
            fingerprint = ""  # a read-only or full data file: the settings open all the same
        return SettingsDialog(self.config, self.store.score_scale(), self.store.deadline_rules().by_period,
                              self.db_path, self, layout, fingerprint)

    def apply_settings(self, dialog: SettingsDialog) -> None:
        self.store.set_score_scale(dialog.scale())
        self.store.set_setting("deadlines", dialog.deadline_setting())
        home = self.store.setting(HOME_ORGANISATION)
        if home:
            stored = self.store.setting(f"layout:{home}", {})
            self.store.set_setting(f"layout:{home}", {**stored, **dialog.layout_setting()})
        appearance_changed = (dialog.language.currentData(), dialog.text_size.value()) != (
            self.config.language, self.config.text_size)
        self.config.language = dialog.language.currentData()
        self.config.text_size = dialog.text_size.value()
        if dialog.db_path.text() != str(self.db_path):
            self.config.db_path = dialog.db_path.text()
        try:
            self.config.save()
        except OSError:
            QMessageBox.warning(self, "aplan", translate(N_("The settings could not be saved on this computer.")))
        if appearance_changed:
            self.restart_requested.emit()
        elif self.current_editor():
            self.open_document(self.current_id)

    def about(self) -> None:
        from aplan_desktop.exchange import own_fingerprint

        QMessageBox.about(self, "aplan", translate(
            N_("aplan {version}\nAnti-corruption action plans and their execution reports.\nData file: {path}"),
            version=__version__, path=str(self.db_path)) + "\n" + translate(
            N_("This office's key: {fingerprint}"), fingerprint=own_fingerprint(self.store)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.autosaver.flush():
            answer = QMessageBox.question(self, "aplan", translate(
                N_("The last changes could not be saved. Close anyway and lose them?")))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        event.accept()
