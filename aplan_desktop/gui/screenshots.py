"""`aplan gui --screenshot DIR`: each main screen on the demo data, saved as PNG.

It works on a fresh temporary database with the demo documents, never on the user's own,
at 1366×768 (the usual office laptop), at the normal text size and at 125 %.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from aplan_desktop.config import Config
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.app import apply_appearance
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.setup import organisation_dialog
from aplan_desktop.operations import Operations

SIZE = (1366, 768)


def _settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    _settle()
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def _screens(window: MainWindow, ops: Operations, folder: Path, suffix: str) -> list[Path]:
    if not any(d.year == date.today().year for d in ops.documents()):  # this year's plan, so deadlines show
        source = next(s for s in ops.plan_sources() if s.template and s.template.key == "atg-model")
        window.create_plan(source, date.today().year)
    window.show_start()
    shots = [_save(window, folder, "start" + suffix)]
    window.open_document("s003-plan")
    window.plan_editor.select_object(window.plan_editor.document.measures()[3].id)
    shots.append(_save(window, folder, "plan-editor" + suffix))
    window.open_document("s000-report")
    window.report_editor.select_measure(window.report_editor.plan.measures()[1].id)
    shots.append(_save(window, folder, "report-editor" + suffix))
    plan = ops.plan("s000-plan")
    window.create_report(plan, Period.H1)
    editor = window.report_editor
    editor.select_measure(plan.measures()[0].id)
    editor.result.setPlainText("Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран сургалт зохион байгуулж, "
                               "85 албан хаагч хамрагдсан.")
    editor.percent.setCurrentIndex(editor.percent.findData(90))
    window.autosaver.flush()
    editor.finalise_button.click()
    shots.append(_save(window, folder, "validation" + suffix))
    window.search_box.setText("өргөдөл гомдол")
    window.search(window.search_box.text())
    shots.append(_save(window, folder, "search" + suffix))
    dialog = window.settings_dialog()
    dialog.show()
    shots.append(_save(dialog, folder, "settings" + suffix))
    dialog.close()
    dialog = organisation_dialog(ops, window)
    dialog.show()
    shots.append(_save(dialog, folder, "organisation" + suffix))
    dialog.close()
    return shots


def take_screenshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.sqlite"
        ops = Operations.open(db_path)
        ops.load_demo(home="org-bat-olzii")
        try:
            for text_size, suffix in ((10.0, ""), (12.5, "-125")):
                config = Config(language="mn", text_size=text_size)
                apply_appearance(app, config)
                window = MainWindow(ops, config)
                window.resize(*SIZE)
                window.show()
                shots += _screens(window, ops, folder, suffix)
                window.close()
        finally:
            ops.close()
    return shots
