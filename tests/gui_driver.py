"""Run the real window on a database, type a result, and say SAVED once the window shows it
saved; then keep running until killed. Used by test_gui_crash.py."""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from aplan_desktop.core.periods import Period
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.i18n import translate
from aplan_desktop.storage import Store

db_path, text = Path(sys.argv[1]), sys.argv[2]
app = QApplication([])
store = Store.open(db_path)
store.set_setting(HOME_ORGANISATION, "org-bat-olzii")  # the Bat-Ölzii soum's office, set up
window = MainWindow(Operations(store))
window.show()
plan = store.plan("s000-plan")
report = window.create_report(plan, Period.H1)
window.report_editor.select_measure(plan.measures()[1].id)
window.report_editor.result.setPlainText(text)


def announce(message: str, ok: bool) -> None:
    if ok and message == translate("Saved") and not window.autosaver.has_pending:
        print(f"SAVED {report.id} {plan.measures()[1].id}", flush=True)


window.autosaver.state_changed.connect(announce)
QTimer.singleShot(60_000, app.quit)  # never left running
app.exec()
