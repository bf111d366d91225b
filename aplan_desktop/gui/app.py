"""Starting the window: language and text size, the database, first-run setup, the last place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from aplan_desktop.config import Config
from aplan_desktop.core.errors import UserError
from aplan_desktop.gui.dialogs import HOME_ORGANISATION
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.setup import run_setup
from aplan_desktop.i18n import error_text
from aplan_desktop.storage import Store


def apply_appearance(app: QApplication, config: Config, language: str | None = None) -> None:
    """The interface language (the command line's --lang wins over the settings) and text size."""
    os.environ["APLAN_LANG"] = language or config.language
    font = app.font()
    font.setPointSizeF(float(config.text_size))
    app.setFont(font)


class Session:
    """The one window of the program, built again when the language or text size changes."""

    def __init__(self, app: QApplication, store: Store, db_path: Path, config: Config,
                 language: str | None = None) -> None:
        self.app, self.store, self.db_path, self.config = app, store, db_path, config
        self.language = language  # from the command line, for the first window only
        self.window: MainWindow | None = None

    def build(self) -> MainWindow:
        apply_appearance(self.app, self.config, self.language)
        self.language = None
        window = MainWindow(self.store, self.db_path, self.config)
        window.restart_requested.connect(self.rebuild)
        window.reopen_last_place()
        self.window = window
        return window

    def rebuild(self) -> None:
        old = self.window
        old.autosaver.flush()
        geometry = old.saveGeometry()
        window = self.build()
        window.restoreGeometry(geometry)
        window.show()
        old.close()
        old.deleteLater()


def run_gui(db_path: Path, language: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("aplan")
    config = Config.load()
    apply_appearance(app, config, language)
    try:
        store = Store.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "aplan", error_text(exc))
        return 1
    try:
        if not store.setting(HOME_ORGANISATION) and not run_setup(store):
            return 0
        session = Session(app, store, db_path, config, language)
        session.build().show()
        return app.exec()
    finally:
        store.close()
