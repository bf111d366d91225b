"""The main window: navigator on the left, the open document in the middle, its problems below.

It arranges the panels and runs the operations layer's jobs when the person asks; what a job
changed comes back as `Changes`, and only that is refreshed (one navigator line, the open
document). The jobs of the File and Aimag menus are in `gui/window_jobs.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QToolBar,
)

from aplan_desktop import __version__
from aplan_desktop.config import Config
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.arguments import is_bundle
from aplan_desktop.gui.autosave import Autosaver
from aplan_desktop.gui.background import fault_message
from aplan_desktop.gui.messages import ask, inform, warn
from aplan_desktop.gui.panels import (
    DATA,
    Navigator,
    ProblemList,
    SearchResults,
    document_name,
    document_state,
    splitter,
    titled_pane,
)
from aplan_desktop.gui.returns_panel import ReviewWindowJobs
from aplan_desktop.gui.start_page import StartPage
from aplan_desktop.gui.window_jobs import WindowJobs
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.operations import Changes, Operations, PlanSource

if TYPE_CHECKING:  # Qt's event classes: each one imported makes its base QEvent's 179 enumeration members
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from aplan_desktop.core.templates import Template

AUTO_BACKUP_MS = 30 * 60 * 1000
NAVIGATOR_CHARACTERS = (24, 44)  # the navigator's narrowest and first width, in characters of the text size


def _circulars():
    """The circulars' and the plan consolidation's dialogs, loaded when one is first asked for."""
    from aplan_desktop.gui import circular_dialog

    return circular_dialog


class MainWindow(WindowJobs, ReviewWindowJobs, QMainWindow):
    restart_requested = Signal()  # after a language or text size change: build the window anew
    restore_requested = Signal(object)  # a backup's path: the session closes the database and restores it

    def __init__(self, ops: Operations, config: Config | None = None) -> None:
        super().__init__()
        self.ops = ops
        self.config = config or Config()
        self.setWindowTitle(f"aplan {__version__}")
        self.autosaver = Autosaver(self)
        self.undo_stack = QUndoStack(self)
        self.current_id: str | None = None
        self._shown_status = None  # the open document's status as the navigator shows it
        self.inbox = None  # the import dialog while it is open: more files handed over join it

        self.start_page = StartPage(ops)
        # the editors are made when a plan or a report is first opened (`plan_editor`, `report_editor`)
        self._plan_editor = self._report_editor = None
        self._search_results = None  # made at the first search (`search_results`)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        # a page wider than the window at a large text size scrolls, rather than pushing the
        # window past the screen's edge or squeezing the navigator
        self.page_area = QScrollArea()
        self.page_area.setWidget(self.stack)
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QFrame.Shape.NoFrame)
        self.stack.currentChanged.connect(self._fit_page)

        self.navigator = Navigator()
        self.navigator.document_chosen.connect(self.open_document)
        self.problems = ProblemList()
        self.problems.problem_chosen.connect(self._go_to_problem)
        # the navigator on the left, the open page above its problems: splitters, not dock widgets,
        # whose areas are Qt enumerations (docs/performance.md, "The Qt namespace")
        self.navigator_pane = titled_pane(translate(N_("Plans and reports")), self.navigator)
        self.problem_pane = titled_pane(translate(N_("Problems")), self.problems)
        self.document_split = splitter(self.page_area, self.problem_pane, stretching=0, vertical=True)
        self.body = splitter(self.navigator_pane, self.document_split, stretching=1)
        self.setCentralWidget(self.body)

        self.save_state = QLabel(translate(N_("Saved")))
        self.statusBar().addPermanentWidget(self.save_state)
        self.autosaver.state_changed.connect(self._save_state_changed)
        self.autosaver.saved.connect(self._relabel_current)

        self.start_page.new_plan_requested.connect(self.new_plan)
        self.start_page.new_report_requested.connect(self.new_report)
        self.start_page.backups_requested.connect(self.show_backups)
        self.start_page.circular_report_requested.connect(
            lambda plan_id, period: self._run(lambda: self.create_report(self.ops.plan(plan_id), period)))
        self.start_page.returned.open_requested.connect(self.open_document)
        self._build_actions()
        self._unsubscribe = ops.subscribe(self._changed)
        self._refresh_navigator()
        self.show_start()
        self._fit_to_screen()
        self._follow_maximised()
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.auto_backup)
        self.backup_timer.start(AUTO_BACKUP_MS)
        self.setAcceptDrops(True)  # bundles dropped on the window open the import dialog

    @property
    def db_path(self) -> Path:
        return self.ops.path

    def _fit_to_screen(self) -> None:
        """The whole window, its frame and status bar included, on the screen's free area (a
        1366×768 laptop with its task bar); the navigator keeps a usable width at any text size."""
        characters = self.fontMetrics().averageCharWidth()
        self.navigator_pane.setMinimumWidth(NAVIGATOR_CHARACTERS[0] * characters)
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen else None
        frame = 40  # the title bar and borders the system adds around the window
        width, height = 1280, 760
        if free is not None:
            width, height = min(width, free.width() - 16), min(height, free.height() - frame)
        self.resize(width, height)
        navigator = NAVIGATOR_CHARACTERS[1] * characters
        self.body.setSizes([navigator, width - navigator])

    def show_as_left(self) -> None:
        """Shown maximised if it was maximised when last closed (asked by `showMaximized`: setting
        the window state would hand PySide a Qt enumeration, docs/performance.md)."""
        if self.config.maximised:
            self.showMaximized()
        else:
            self.show()

    def _fit_page(self) -> None:
        """The open page gets the width it needs from the navigator first (down to the
        navigator's narrowest); only what the screen cannot give is scrolled."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        screen_width = max(screen.availableGeometry().width() if screen else 0, self.width())
        room = screen_width - self.navigator_pane.minimumWidth() - 32
        needed = self.stack.currentWidget().minimumSizeHint().width()
        self.page_area.setMinimumWidth(max(0, min(needed, room)))

    def _follow_maximised(self) -> None:
        """The window's own signal of its state, rather than `changeEvent`: that is called for
        every change of the window (its font, its activation, …) from its first show, and
        handing Python the event makes PySide's 179 enumeration members of QEvent at every start."""
        self.winId()  # the window's system window, made now rather than at its first show
        self.windowHandle().windowStateChanged.connect(self._state_changed)

    def _state_changed(self) -> None:
        if self.config.maximised != self.isMaximized():
            self.config.maximised = self.isMaximized()  # the next start opens the same way
            try:
                self.config.save()
            except OSError:
                pass  # this computer's settings are not writable: the window opens normal next time

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut=None) -> QAction:
            a = QAction(translate(text), self)
            a.triggered.connect(lambda _checked=False: self._run(slot))  # never the checked flag into the slot
            if shortcut is not None:
                # a standard key with all its bindings on this system; `setShortcut` would hand PySide a Qt enumeration
                a.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey) else [QKeySequence(shortcut)])
            return a

        self.home_action = action(N_("Start"), self.show_start, "Ctrl+Home")
        self.new_plan_action = action(N_("New plan…"), self.new_plan, QKeySequence.StandardKey.New)
        self.new_report_action = action(N_("New report…"), self.new_report, "Ctrl+Shift+N")
        self.save_action = action(N_("Save"), self.save_now, QKeySequence.StandardKey.Save)
        self.print_action = action(N_("Print / PDF…"), lambda: self.print_document(self.current_id),
                                   QKeySequence.StandardKey.Print)
        self.settings_action = action(N_("Settings…"), self.open_settings, "Ctrl+,")
        self.send_action = action(N_("Send to the aimag…"), lambda: self.send_document(self.current_id))
        self.import_action = action(N_("Import bundles…"), self.choose_and_import, "Ctrl+I")
        self.register_action = action(N_("Register a sender's key…"), self.register_sender)
        self.consolidate_action = action(N_("Consolidated report…"), self.consolidate)
        self.circular_action = action(N_("Send to the bodies under this office…"),
                                      lambda: _circulars().send_circular(self))
        self.consolidate_plan_action = action(N_("Consolidated report of a plan…"),
                                              lambda: _circulars().consolidate_plan(self))
        self.bodies_action = action(N_("Bodies under this aimag…"), self.show_bodies)
        self.upward_action = action(N_("Report to the office above…"), lambda: _circulars().report_upward(self))
        self.superior_action = action(N_("Register the office above…"), lambda: _circulars().register_superior(self))
        self.accept_action = action(N_("Accept the report"), self.accept_report)
        self.return_action = action(N_("Return for correction…"), self.return_report)
        self.backups_action = action(N_("Backups…"), self.show_backups)
        self.organisation_action = action(N_("Organisation…"), self.edit_organisation)
        self.history_action = action(N_("Document history…"), self.show_history)
        self.guide_action = action(N_("User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        self.quit_action = action(N_("Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, translate(N_("Undo")))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, translate(N_("Redo")))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.about_action = action(N_("About aplan"), self.about)

        file_menu = self.menuBar().addMenu(translate(N_("&File")))
        for a in (self.home_action, self.new_plan_action, self.new_report_action, self.save_action,
                  self.print_action, self.send_action):
            file_menu.addAction(a)
        aimag_menu = self.menuBar().addMenu(translate(N_("&Aimag")))
        for a in (self.import_action, self.register_action, self.bodies_action, self.consolidate_action,
                  self.circular_action, self.consolidate_plan_action, self.upward_action, self.superior_action,
                  self.accept_action, self.return_action):
            aimag_menu.addAction(a)
        file_menu.addSeparator()
        for a in (self.backups_action, self.organisation_action, self.settings_action, self.quit_action):
            file_menu.addAction(a)
        edit_menu = self.menuBar().addMenu(translate(N_("&Edit")))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.history_action)
        help_menu = self.menuBar().addMenu(translate(N_("&Help")))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.about_action)

        # the toolbar's undo and redo keep a short name; the menu's say what they undo
        self.undo_short = action(N_("Undo"), self.undo_stack.undo)
        self.redo_short = action(N_("Redo"), self.undo_stack.redo)
        self.undo_short.setEnabled(False)
        self.redo_short.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.undo_short.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_short.setEnabled)
        toolbar = QToolBar(translate(N_("Tools")))
        toolbar.setObjectName("tools")
        toolbar.setMovable(False)
        for a in (self.home_action, self.new_plan_action, self.new_report_action, self.print_action, self.undo_short,
                  self.redo_short):
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
        self._enable_actions()

    def _run(self, slot) -> None:
        """A menu or toolbar action: a refusal, or a fault, is a sentence in a message box, never a traceback."""
        try:
            slot()
        except UserError as exc:
            warn(self, error_text(exc))
        except Exception:  # a fault of the program: a sentence, and the data as it was
            warn(self, fault_message())

    def _enable_actions(self) -> None:
        """What the window offers depends on what is open: nothing to print or send on the start page."""
        document = self.current_editor() is not None
        for a in (self.print_action, self.send_action, self.history_action):
            a.setEnabled(document)
        self.send_action.setEnabled(document and self.stack.currentWidget() is self._report_editor)
        self.circular_action.setEnabled(self.stack.currentWidget() is self._plan_editor)
        reviewing = self.stack.currentWidget() is self._report_editor and self._report_editor.reviewing
        for a in (self.accept_action, self.return_action):
            a.setEnabled(reviewing)

    # ------------------------------------------------------------------ what changed

    def _changed(self, changes: Changes, origin: object) -> None:
        """A job changed something: refresh only that."""
        if changes.everything or changes.created or changes.organisation:
            self._refresh_navigator()
        else:
            for doc_id in changes.documents:
                self._relabel(doc_id)
        editor = self.current_editor()
        if changes.everything and editor is not None and self.ops.document_summary(self.current_id) is None:
            self.show_start()  # a restored backup without the open document
        elif changes.open:
            self.open_document(changes.open)
        elif editor is not None and origin is not editor and (
                changes.touches(self.current_id) or "score_scale" in changes.settings):
            self.open_document(self.current_id)
        elif self.stack.currentWidget() is self.start_page and (changes.document_list or changes.settings):
            self.show_start()

    def _relabel(self, doc_id: str | None) -> None:
        """One navigator line anew (its status and score)."""
        summary = self.ops.document_summary(doc_id) if doc_id else None
        if summary is None:
            return
        items = [self.navigator.topLevelItem(i) for i in range(self.navigator.topLevelItemCount())]
        while items:
            item = items.pop()
            if item.data(0, DATA) == doc_id:
                item.setText(0, f"{document_name(summary)}\n{document_state(summary)}")
                return
            items += [item.child(i) for i in range(item.childCount())]

    def _relabel_current(self) -> None:
        self._relabel(self.current_id)

    def _status_may_have_changed(self) -> None:
        """After approving, finalising or reopening the navigator shows the new status at once
        (not at every keystroke: only when the open document's status is another)."""
        editor = self.current_editor()
        status = getattr(editor.document, "status", None) if editor else None
        if status != self._shown_status:
            self._shown_status = status
            self._relabel_current()

    # ------------------------------------------------------------------ navigation

    def _may_leave(self) -> bool:
        """Not away from a field whose text does not read without the person's word."""
        editor = self.current_editor()
        if editor is None or editor.may_leave():
            return True
        self._select_in_navigator(self.current_id)
        return False

    def show_start(self) -> None:
        if not self._may_leave():
            return
        self.autosaver.flush()
        self.current_id = None
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        self.problems.show_problems([])
        self.problem_pane.hide()  # problems belong to an open document
        self._enable_actions()

    def open_document(self, doc_id: str, measure_id: str = "") -> bool:
        if not self._may_leave():
            return False
        self.autosaver.flush()
        try:
            plan, report = self.ops.load_document(doc_id)
        except UserError as exc:
            warn(self, error_text(exc))
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
        self._shown_status = (report or plan).status
        self.ops.remember_place(self.current_id, measure_id)
        self._select_in_navigator(self.current_id)
        self._refresh_problems()
        self.problem_pane.show()
        self._enable_actions()
        return True

    def _select_in_navigator(self, doc_id: str) -> None:
        items = [self.navigator.topLevelItem(i) for i in range(self.navigator.topLevelItemCount())]
        while items:
            item = items.pop()
            if item.data(0, DATA) == doc_id:
                self.navigator.setCurrentItem(item)
                return
            items += [item.child(i) for i in range(item.childCount())]

    def reopen_last_place(self) -> None:
        """After a crash or power cut the program opens where the user was."""
        last = self.ops.settings.last_place
        if last.doc:
            self.open_document(last.doc, last.measure)

    def current_editor(self):
        widget = self.stack.currentWidget()
        return widget if widget in (self._plan_editor, self._report_editor) else None

    @property
    def plan_editor(self):
        """The plan editor, made the first time a plan is opened (about 9 MB and 15 ms that a
        start on a report, or on the start page, does without; benchmarks/startup_bench.py)."""
        if self._plan_editor is None:
            from aplan_desktop.gui.plan_editor import PlanEditor

            self._plan_editor = PlanEditor(self.ops, self.autosaver, self.undo_stack)
            self.stack.insertWidget(1, self._plan_editor)
            self._connect_editor(self._plan_editor)
        return self._plan_editor

    @property
    def search_results(self) -> SearchResults:
        """The search's page, made at the first search."""
        if self._search_results is None:
            self._search_results = SearchResults(self.ops)
            self.stack.addWidget(self._search_results)
            self._search_results.hit_chosen.connect(self.open_document)
        return self._search_results

    @property
    def report_editor(self):
        """The report editor, made the first time a report is opened (a start on the start page
        does without its widgets and the Qt classes it is the first to use)."""
        if self._report_editor is None:
            from aplan_desktop.gui.report_editor import ReportEditor

            self._report_editor = ReportEditor(self.ops, self.autosaver, self.undo_stack)
            self.stack.insertWidget(1, self._report_editor)
            self._connect_editor(self._report_editor)
            self._report_editor.send_requested.connect(self.send_document)
        return self._report_editor

    def _connect_editor(self, editor) -> None:
        editor.document_changed.connect(self._refresh_problems)
        editor.document_changed.connect(self._status_may_have_changed)
        editor.print_requested.connect(self.print_document)

    def _refresh_navigator(self) -> None:
        self.navigator.fill(self.ops.documents(), self.current_id, self.ops.settings.home_organisation_id)

    def _refresh_problems(self) -> None:
        editor = self.current_editor()
        before = self.problems.list.count()
        self.problems.show_problems(editor.problems() if editor else [])
        if (before == 0) != (self.problems.list.count() == 0):  # not at every keystroke: the user may have resized it
            wanted = self.problems.wanted_height()
            self.document_split.setSizes([max(0, sum(self.document_split.sizes()) - wanted), wanted])

    def _go_to_problem(self, problem) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.focus_problem(problem)

    def _save_state_changed(self, message: str, ok: bool) -> None:
        self.save_state.setText(message)
        self.save_state.setStyleSheet("" if ok else "color: #b00020; font-weight: bold;")

    def save_now(self) -> None:
        """Ctrl+S: what is typed is saved now (it is saved within a second anyway)."""
        if self.autosaver.flush():
            self.statusBar().showMessage(translate(N_("Saved")), 5000)

    def search(self, words: str) -> None:
        if not words.strip() or not self._may_leave():
            return
        self.autosaver.flush()
        self.search_results.search(words)
        self.stack.setCurrentWidget(self.search_results)
        self.problem_pane.hide()
        self.current_id = None
        self._enable_actions()

    # ------------------------------------------------------------------ new documents

    def new_plan(self) -> None:
        if not self.ops.is_set_up():
            from aplan_desktop.gui.setup import run_setup

            if run_setup(self.ops, self):
                self.reopen_last_place()
            return
        from aplan_desktop.gui.dialogs import NewPlanDialog

        dialog = NewPlanDialog(self.ops.plan_sources(), self)
        if dialog.exec():
            self.create_plan(dialog.source.currentData(), dialog.year.value())

    def create_plan(self, source: PlanSource | Template | str, year: int) -> Plan:
        """A new plan of this office, from a template or from one of its earlier plans, opened."""
        changes = self.ops.create_plan(source, year)
        return self.ops.plan(changes.open)

    def new_report(self) -> None:
        plans, first_halves = self.ops.report_choices()
        if not plans:
            inform(self, translate(N_("Make a plan first: a report reports on a plan.")))
            return
        from aplan_desktop.gui.dialogs import NewReportDialog

        dialog = NewReportDialog(plans, first_halves, self)
        if dialog.exec():
            self.create_report(dialog.plan.currentData(), Period(dialog.period.currentData()),
                               dialog.carry.isChecked())

    def create_report(self, plan: Plan, period: Period, carry: bool = False) -> Report:
        """The plan's report for the period, opened; a new draft unless it exists already."""
        changes = self.ops.create_report(plan.id, period, carry)
        return self.ops.report(changes.open)

    @staticmethod
    def _dropped_bundles(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [path for path in (Path(url.toLocalFile()) for url in urls if url.isLocalFile()) if is_bundle(path)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_bundles(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        bundles = self._dropped_bundles(event)
        if bundles:
            event.acceptProposedAction()
            # after the drop has returned: a dialog inside it would keep the file manager waiting
            QTimer.singleShot(0, lambda: self.import_paths(bundles))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._may_leave():
            event.ignore()
            return
        if not self.autosaver.flush():
            if not ask(self, translate(N_("The last changes could not be saved. Close anyway and lose them?"))):
                event.ignore()
                return
        self._unsubscribe()
        event.accept()
