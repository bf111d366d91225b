"""Starting the window: language and text size, the database, first-run setup, the last place."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer, QTranslator, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from aplan_desktop.config import Config
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.gui import error_log, single_instance
from aplan_desktop.gui.arguments import WindowStart, is_bundle
from aplan_desktop.gui.background import wait_for_background_work
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.messages import ask, critical, inform, warn
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.log import log, start_logging
from aplan_desktop.resources import resources_dir, translations_dir
from aplan_desktop.operations import Operations
from aplan_desktop.operations.datafile import (
    DamagedDatabaseError,
    backups_beside,
    clear_leftovers,
    default_db_path,
    move_data_file,
    move_offer,
    open_data_file,
    restore_in_place,
)


_qt_translator: QTranslator | None = None
AFTER_THE_WINDOW_MS = 300  # what the start leaves until its window is up runs this long after it shows


def install_qt_translation(app: QApplication, language: str) -> None:
    """Qt's own texts (OK, Cancel, Yes, No, the file and print dialogs) in the interface
    language. Qt ships no Mongolian; translations/qt_mn.qm supplies it."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language == "mn":
        translator = QTranslator(app)
        if translator.load(str(translations_dir() / "qt_mn.qm")):
            app.installTranslator(translator)
            _qt_translator = translator


def apply_appearance(app: QApplication, config: Config, language: str | None = None) -> None:
    """The interface language (the command line's --lang wins over the settings) and text size.
    Qt's own month and day names (the date pickers) follow it, whatever Windows' language is."""
    os.environ["APLAN_LANG"] = language or config.language
    install_qt_translation(app, language or config.language)
    QLocale.setDefault(QLocale(QLocale.Language.Mongolian, QLocale.Country.Mongolia)
                       if (language or config.language) == "mn" else QLocale(QLocale.Language.English))
    font = app.font()
    font.setPointSizeF(float(config.text_size))
    app.setFont(font)


class Session:
    """The one window of the program, built again when the language or text size changes."""

    def __init__(self, app: QApplication, ops: Operations, db_path: Path, config: Config,
                 language: str | None = None) -> None:
        self.app, self.ops, self.db_path, self.config = app, ops, db_path, config
        self.language = language  # from the command line, for the first window only
        self.window: MainWindow | None = None

    def build(self) -> MainWindow:
        apply_appearance(self.app, self.config, self.language)
        self.language = None
        window = MainWindow(self.ops, self.config)
        window.restart_requested.connect(self.rebuild)
        window.restore_requested.connect(self.restore)
        window.reopen_last_place()
        self.window = window
        return window

    def restore(self, backup: Path) -> None:
        """Close the database, put the backup in its place, open it again in a new window."""
        if not self.window.autosaver.flush():
            if not ask(self.window, translate(
                    N_("The last changes could not be saved. Restore the backup anyway and lose them?"))):
                return
        self.window.autosaver.discard()  # the database is replaced: nothing may be written to the old one
        wait_for_background_work()  # an automatic backup or an export still reading the file
        try:
            kept, _ = self.ops.restore(backup)
        except UserError as exc:
            warn(self.window, error_text(exc))
            kept = None
        self.rebuild()
        if kept:
            self.window.statusBar().showMessage(str(kept), 30000)

    def bring_forward(self) -> None:
        """Another start of aplan on the same data file asked for this window."""
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def import_paths(self, paths: list[Path]) -> None:
        """Bundles the program was started with, or a later start handed over: the import
        dialog opens on them (only existing .aplan files are taken from another start)."""
        bundles = [Path(p) for p in paths if is_bundle(Path(p))]
        if bundles:
            log.info("import asked for %d bundle(s) from the start arguments", len(bundles))
            self.bring_forward()
            self.window.import_paths(bundles)

    def rebuild(self) -> None:
        old = self.window
        old.autosaver.flush()
        geometry = old.saveGeometry()
        window = self.build()
        window.restoreGeometry(geometry)
        window.show()
        old.close()
        old.deleteLater()
        QTimer.singleShot(1000, _refreeze)  # once the old window is gone


def _refreeze() -> None:
    """The replaced window was frozen with the rest: let the collector free it, then freeze
    what stays (one full pass, after a language or text-size change or a restore)."""
    gc.unfreeze()
    gc.collect()
    freeze_start_up_objects()


def open_or_restore(db_path: Path) -> Operations | None:
    """Open the database; a damaged one is not used: the user picks a backup to restore."""
    try:
        return open_data_file(db_path)
    except DamagedDatabaseError as exc:
        from aplan_desktop.gui.restore_dialog import RestoreDialog

        warn(None, error_text(exc))
        dialog = RestoreDialog(backups_beside(db_path))
        if not dialog.exec() or dialog.chosen is None:
            return None
        restore_in_place(dialog.chosen, db_path)
        return open_data_file(db_path)


def offer_to_move(ops: Operations, config: Config) -> Operations:
    """A data file on a network, removable or cloud-synced drive: say so, and offer to move it
    to the normal data folder (a copy; the old file stays where it was)."""
    db_path = ops.path
    offer = move_offer(db_path)
    if offer is None:
        return ops
    problem, target = offer
    if not ask(None, translate(problem, path=str(db_path)) + "\n\n" + translate(
            N_("Copy the data to {target} and work there from now on?"), target=str(target))):
        return ops
    if target.exists():
        warn(None, translate(
            N_("{target} already exists; it was not replaced. Choose the data file in the settings."),
            target=str(target)))
        return ops
    ops = move_data_file(ops, target)
    config.db_path = str(target)
    config.save()
    return ops


def freeze_start_up_objects() -> None:
    """What the start made (modules, Qt wrappers, the open document) lives as long as the
    program: taken out of the garbage collector's full passes, which otherwise walked it all
    and stalled typing for 21–34 ms now and then (8–9 ms without them; benchmarks/gui_bench.py).
    The window's start runs with the collector off (`cli.main`): its passes over what the start
    makes, all of it kept, cost about 2 % of the start's processor time; it is on from here."""
    gc.freeze()
    gc.enable()


def point_to_the_command_line() -> None:
    """The windowed program started with a command: it has nowhere to print, so it says where to go."""
    QApplication.instance() or QApplication([])
    inform(None, translate(
        N_("This is the program's window. For commands, use aplan-cli.exe in the same folder.")))


def say_what_was_not_opened(refused: list[str]) -> None:
    """The window was started with arguments it cannot use: said, never a silent exit."""
    warn(None, translate(
        N_("aplan opens bundles (.aplan files) that exist. These were not opened: {names}. Open the program and "
           "choose Aimag → Import bundles…, or for commands use aplan-cli.exe in the program's folder."),
        names=", ".join(refused)))


def run_window(start: WindowStart) -> int:
    """The windowed program as started: `aplan [--db PATH] [--lang mn|en] [FILE.aplan…]`."""
    return run_gui(start.db_path or default_db_path(), start.lang, start.files, start.refused)


def run_gui(db_path: Path, language: str | None = None, files: list[Path] = (), refused: list[str] = ()) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("aplan")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "aplan.ico")))
    config = Config.load()
    apply_appearance(app, config, language)
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    start_logging(db_path, "window")
    log.info("Qt %s, language %s, %d bundle(s) to import", qVersion(), os.environ["APLAN_LANG"], len(files))
    errors = error_log.install(db_path)
    if refused:
        say_what_was_not_opened(list(refused))
    try:
        return _open_the_window(app, config, db_path, language, files, errors)
    finally:
        gc.enable()  # a start that ended before its window was up
        single_instance.release()
        errors.uninstall()


def _open_the_window(app: QApplication, config: Config, db_path: Path, language: str | None, files: list[Path],
                     errors: error_log.ErrorLog) -> int:
    started = single_instance.hand_over(db_path, list(files))
    if started == single_instance.HANDED_OVER:
        log.info("handed over to the aplan already running on this data file")
        return 0
    if started == single_instance.NOT_ANSWERING:
        warn(None, translate(N_("aplan is already open on this data file, but its window does not answer. Answer what "
                                "it asks, or close it, then start aplan again.")))
        return 1
    try:
        ops = open_or_restore(db_path)
    except UserError as exc:
        critical(None, error_text(exc))
        return 1
    if ops is None:
        return 1
    ops = offer_to_move(ops, config)
    db_path = errors.db_path = ops.path
    single_instance.claim(db_path)  # moved: later starts on the new place come to this window too
    clear_leftovers(ops)
    listening: list[single_instance.InstanceGuard] = []
    after_the_window = QTimer()  # stopped when the program ends before it fires
    after_the_window.setSingleShot(True)
    try:
        if not ops.is_set_up():
            from aplan_desktop.gui.setup import run_setup

            if not run_setup(ops):
                return 0
        session = Session(app, ops, db_path, config, language)
        session.build().show_as_left()
        freeze_start_up_objects()
        after_the_window.timeout.connect(lambda: listening.append(_after_the_window_is_up(session, db_path)))
        after_the_window.start(AFTER_THE_WINDOW_MS)
        if files:
            QTimer.singleShot(0, lambda: session.import_paths(list(files)))
        return app.exec()
    finally:
        after_the_window.stop()
        wait_for_background_work()  # a job still reading the file (an import's check) ends before it closes
        for guard in listening:
            guard.server.close()
        ops.close()


def _after_the_window_is_up(session: Session, db_path: Path) -> single_instance.InstanceGuard:
    """What the start leaves until its window is up: later starts on this data file come to this
    window from now on (QtNetwork is loaded now; a later start waits for it meanwhile), and what
    writing needs is loaded: otherwise the first save would stall typing by about 50 ms, once
    (`benchmarks/gui_bench.py --first-save`)."""
    session.ops.prepare_to_write()
    guard = single_instance.InstanceGuard(db_path, session.app)
    guard.wake_requested.connect(session.bring_forward)
    guard.files_received.connect(session.import_paths)
    return guard
