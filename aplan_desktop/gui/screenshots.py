"""`aplan gui --screenshot DIR`: each main screen on the demo data, saved as PNG.

It works on a fresh temporary database with the demo documents (and, for what passes between
an aimag and a soum, on their own temporary files: screenshots_exchange), never on the user's own,
at 1366×768 (the usual office laptop), at the normal text size and at 125 %.
"""

from __future__ import annotations

import tempfile
from contextlib import ExitStack, closing
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from aplan_desktop.config import Config
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.app import apply_appearance
from aplan_desktop.gui.columns_dialog import ColumnsDialog
from aplan_desktop.gui.heading_dialog import HeadingDialog
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.plan_editor import COLUMN_CHOICES
from aplan_desktop.gui.screenshots_exchange import (circular_only, returned_report, show_circular_only,
                                                   show_returned_measures)
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
    shots += _document_shape(window, ops, folder, suffix)
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
    window.search_box.setText("ил тод байдлыг хангах")  # the section made above is found first
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


def _document_shape(window: MainWindow, ops: Operations, folder: Path, suffix: str) -> list[Path]:
    """This year's draft plan with a section over two of its objectives, and the heading and
    columns dialogs."""
    plan_id = next(d.id for d in ops.documents() if d.kind == "plan" and d.year == date.today().year)
    window.open_document(plan_id)
    editor = window.plan_editor
    if not editor.document.sections:
        editor.add_section()
        editor.section_text.setPlainText("Үндсэн үйл ажиллагаа: ил тод байдлыг хангах")
        for objective in editor.document.objectives[1:3]:
            editor.session.put_under_section(objective.id, editor.document.sections[0].id)
        editor.show_document()
    editor.select_object(editor.document.sections[0].id)
    _settle(400)  # the problem list follows the typing after a pause
    shots = [_save(window, folder, "plan-sections" + suffix)]
    dialog = HeadingDialog(editor.document.heading, editor.document.year, window)
    dialog.kind.setCurrentIndex(dialog.kind.findData("annex"))
    dialog.issuer.setText("Өвөрхангай аймгийн Бат-Өлзий сумын Засаг даргын")
    dialog.show()
    shots.append(_save(dialog, folder, "heading" + suffix))
    dialog.close()
    dialog = ColumnsDialog(editor.document.columns, COLUMN_CHOICES, window)
    dialog.show()
    shots.append(_save(dialog, folder, "columns" + suffix))
    dialog.close()
    window.autosaver.flush()
    return shots


def _window(ops: Operations, config: Config) -> MainWindow:
    window = MainWindow(ops, config)
    window.resize(*SIZE)
    window.show()
    return window


def take_screenshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        ops = stack.enter_context(closing(Operations.open(Path(tmp) / "demo.sqlite")))
        ops.load_demo(home="org-bat-olzii")
        exchange = [(returned_report(stack, Path(tmp, "returned")), show_returned_measures),
                    (circular_only(stack, Path(tmp, "circular")), show_circular_only)]
        for text_size, suffix in ((10.0, ""), (12.5, "-125")):
            config = Config(language="mn", text_size=text_size)
            apply_appearance(app, config)
            window = _window(ops, config)
            shots += _screens(window, ops, folder, suffix)
            window.close()
            for soum, show in exchange:
                window = _window(soum, config)
                shots.append(_save(window, folder, show(window) + suffix))
                window.close()
    return shots
