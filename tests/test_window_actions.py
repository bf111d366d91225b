"""The window as a person uses it: every menu and toolbar action triggered in each state, the
dialogs answered, and what reached the disk checked; never a Python error in front of the user."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QInputDialog, \
    QLineEdit, QMessageBox

from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.panels import DATA
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords

PYTHON_TEXT = re.compile(r"Error\(|Traceback|object is not|NoneType|\bself\b|__|рограммын алдаа")


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def choose_file(path: Path):
    def answer(dialog: QFileDialog) -> None:
        dialog.findChild(QLineEdit).setText(str(path))  # typed into the file name box
        dialog.accept()
    return answer


@pytest.fixture
def soum_window(window):
    return window


def _cancel_every_dialog(qtbot, seen: list[str]):
    """Answers whatever the action opens by cancelling it, keeping the words it showed."""
    from PySide6.QtCore import QTimer

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            return
        texts = [dialog.windowTitle()] + ([dialog.text()] if isinstance(dialog, QMessageBox) else []) + (
            [dialog.labelText()] if isinstance(dialog, QInputDialog) else [])
        seen.extend(texts)
        dialog.reject()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    return timer


STATES = ["start page", "plan", "draft report", "final report", "received report"]


@pytest.mark.parametrize("state", STATES)
def test_every_action_in_every_state_shows_sentences_not_python_errors(qtbot, soum_window, state, monkeypatch,
                                                                       tmp_path):
    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    window = soum_window
    if state == "plan":
        window.open_document("s000-plan")
    elif state == "draft report":
        window.create_report(window.ops.plan("s000-plan"), Period.H1)
    elif state == "final report":
        window.open_document("s000-report")
    elif state == "received report":
        window.open_document("s001-report")  # another body's report, as the aimag has it
    actions = [a for a in window.findChildren(QAction)
               if a.text() and a.isEnabled() and a not in (window.quit_action,)]
    assert {window.import_action, window.register_action, window.save_action} <= set(actions)
    seen: list[str] = []
    timer = _cancel_every_dialog(qtbot, seen)
    try:
        for action in actions:
            action.trigger()
            qtbot.wait(30)
            for widget in QApplication.topLevelWidgets():  # the guide opens beside the window
                if isinstance(widget, QDialog) and widget.isVisible():
                    seen.append(widget.windowTitle())
                    widget.close()
    finally:
        timer.stop()
    shown = seen + [window.statusBar().currentMessage()]
    assert not [t for t in shown if PYTHON_TEXT.search(t)], shown
    assert "Багц файл оруулах" in seen and "Илгээгчээс ирсэн багц файл" in seen  # Ctrl+I, register: file choosers


def test_every_shortcut_of_the_window_runs_its_action_when_its_keys_are_pressed(qtbot, soum_window, monkeypatch,
                                                                              tmp_path):
    """The window's shortcuts pressed on the keyboard, not triggered: a standard key has every
    binding this system gives it, and the first binding of each shortcut, pressed in the window,
    runs its action (its dialog cancelled); Ctrl+Z and its redo undo and redo a typed result."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from test_gui_editors import retype, wait_saved

    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    window = soum_window
    standard = {window.new_plan_action: QKeySequence.StandardKey.New, window.save_action: QKeySequence.StandardKey.Save,
                window.print_action: QKeySequence.StandardKey.Print, window.quit_action: QKeySequence.StandardKey.Quit,
                window.guide_action: QKeySequence.StandardKey.HelpContents,
                window.undo_action: QKeySequence.StandardKey.Undo, window.redo_action: QKeySequence.StandardKey.Redo}
    for action, key in standard.items():
        assert action.shortcuts() == QKeySequence.keyBindings(key), action.text()
    assert window.home_action.shortcuts() == [QKeySequence("Ctrl+Home")]

    window.create_report(window.ops.plan("s000-plan"), Period.H1)
    field = window.report_editor.result
    retype(qtbot, field, "Гараар бичсэн")
    wait_saved(qtbot, window)
    window.navigator.setFocus()  # the keys go to the window, not to the field's own undo
    QTest.keySequence(window.navigator, window.undo_action.shortcuts()[0])
    qtbot.waitUntil(lambda: field.toPlainText() == "")
    QTest.keySequence(window.navigator, window.redo_action.shortcuts()[0])
    qtbot.waitUntil(lambda: field.toPlainText() == "Гараар бичсэн")

    pressed = [a for a in window.findChildren(QAction)  # the window's own (an editor's keys act in the editor)
               if a.parent() is window and a.shortcuts() and a.isEnabled()
               and a not in (window.quit_action, window.undo_action, window.redo_action, window.home_action)]
    assert {window.save_action, window.print_action, window.guide_action, window.import_action} <= set(pressed)
    ran: list[QAction] = []
    seen: list[str] = []
    timer = _cancel_every_dialog(qtbot, seen)
    try:
        for action in [*pressed, window.home_action]:  # the start page last: it leaves the report
            action.triggered.connect(lambda _=False, action=action: ran.append(action))
            window.activateWindow()  # back from the dialog the key before opened
            qtbot.waitUntil(window.isActiveWindow)
            window.navigator.setFocus()
            QTest.keySequence(window.navigator, action.shortcuts()[0])
            qtbot.waitUntil(lambda action=action: action in ran)
            for widget in QApplication.topLevelWidgets():  # the guide opens beside the window
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.close()
    finally:
        timer.stop()
    assert window.current_id is None  # Ctrl+Home: the start page
    assert not [t for t in seen if PYTHON_TEXT.search(t)], seen


def test_ctrl_s_saves_what_is_typed_at_once(qtbot, soum_window, db_path):
    window = soum_window
    report = window.create_report(window.ops.plan("s000-plan"), Period.H1)
    window.report_editor.result.setPlainText("Шууд хадгалсан")
    window.save_action.trigger()  # Ctrl+S
    assert not window.autosaver.has_pending
    check = Store.open(db_path)
    try:
        assert "Шууд хадгалсан" in [e.result for e in check.report(report.id).entries]
    finally:
        check.close()


def _bundle_from_the_soum(tmp_path: Path) -> tuple[Path, str]:
    soum = Operations.open(tmp_path / "soum.sqlite")
    try:
        soum.load_demo(home="org-bat-olzii")
        result, _ = soum.export("s000-report", tmp_path / "mail")
        return result.path, soum.own_fingerprint()
    finally:
        soum.close()


def test_the_aimag_registers_a_sender_and_imports_with_ctrl_i(qtbot, tmp_path, answer_dialogs):
    """Finding 1: Ctrl+I opens the file chooser (not a TypeError), the sender's key is
    registered from the Aimag menu, and the report reaches the aimag's data file."""
    bundle, fingerprint = _bundle_from_the_soum(tmp_path)
    aimag_db = tmp_path / "aimag.sqlite"
    aimag = Operations.open(aimag_db)
    aimag.setup_office(
        __import__("aplan_desktop.operations", fromlist=["OfficeDetails"]).OfficeDetails(
            "Өвөрхангай аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG, "aimag-ovorkhangai"))
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    window.show()

    def type_fingerprint(dialog: QInputDialog) -> None:
        dialog.setTextValue(fingerprint)
        dialog.accept()

    unanswered = answer_dialogs(choose_file(bundle), type_fingerprint)
    window.register_action.trigger()  # Аймаг → Илгээгчийн түлхүүрийг бүртгэх…
    assert not unanswered
    check = Store.open(aimag_db)
    try:
        assert [org for org, _, _ in ExchangeRecords(check).trusted_keys()] == ["org-bat-olzii"]
    finally:
        check.close()

    def import_all(inbox) -> None:
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 1 and inbox.import_button.isEnabled(), timeout=20000)
        assert inbox.table.item(0, 1).text() == "шинэ"
        inbox.import_button.click()
        qtbot.waitUntil(lambda: inbox.imported == 1 and inbox.busy.isHidden(), timeout=20000)
        inbox.accept()

    opened_in: list[Path] = []

    def choose_again(dialog: QFileDialog) -> None:
        opened_in.append(Path(dialog.directory().absolutePath()))
        choose_file(bundle)(dialog)

    unanswered = answer_dialogs(choose_again, import_all)
    window.import_action.trigger()  # Ctrl+I
    assert opened_in == [bundle.parent]  # the folder the last bundle came from
    assert not unanswered
    check = Store.open(aimag_db)
    try:
        assert check.report("s000-report").plan_id == "s000-plan"
        assert [o.id for o in check.children_of("aimag-ovorkhangai")] == ["org-bat-olzii"]  # not itself
    finally:
        check.close()
    labels = [window.navigator.topLevelItem(i).text(0) for i in range(window.navigator.topLevelItemCount())]
    assert "Бат-Өлзий сумын Засаг даргын Тамгын газар" in labels  # the navigator shows what came in


def test_import_paths_opens_the_import_dialog_on_given_files(qtbot, tmp_path, answer_dialogs):
    bundle, _ = _bundle_from_the_soum(tmp_path)
    aimag = Operations.open(tmp_path / "aimag.sqlite")
    aimag._store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    aimag._store.set_setting(HOME_ORGANISATION, "aimag-ovorkhangai")
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    listed: list[str] = []

    def look(inbox) -> None:
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 1 and inbox.busy.isHidden(), timeout=20000)
        listed.append(inbox.table.item(0, 0).text())
        assert inbox.register_button.isEnabled()  # an unknown sender: registering can act
        inbox.accept()

    answer_dialogs(look)
    window.import_paths([bundle])
    assert listed == [bundle.name]


def test_a_correction_of_the_organisation_is_kept_while_a_plan_is_open(qtbot, soum_window, db_path,
                                                                     answer_dialogs):
    """Finding 2: the open plan's next save does not write its old copy back."""
    window = soum_window
    window.open_document("s000-plan")

    def rename(dialog) -> None:
        dialog.name.setText("Бат-Өлзий сумын ЗДТГ")
        ok(dialog)

    answer_dialogs(rename)
    window.organisation_action.trigger()
    window.plan_editor.title.setText(window.plan_editor.title.text() + " ")
    window.plan_editor.title.textEdited.emit(window.plan_editor.title.text())
    window.save_action.trigger()
    check = Store.open(db_path)
    try:
        assert check.organisation("org-bat-olzii").name == "Бат-Өлзий сумын ЗДТГ"
    finally:
        check.close()


def test_first_start_chooses_the_aimag_from_the_list_and_an_aimag_office_is_not_its_own_body(
        qtbot, store, db_path, answer_dialogs):
    """Finding 3: the aimag is chosen, never typed; the declined forms are asked and kept."""
    window = MainWindow(Operations(store))
    qtbot.addWidget(window)
    refused: list[str] = []

    def set_up(dialog) -> None:
        assert not dialog.aimag.isEditable()
        dialog.name.setText("Өвөрхангай аймгийн Засаг даргын Тамгын газар")
        dialog.kind.setCurrentIndex(dialog.kind.findData(OrganisationKind.AIMAG))
        ok(dialog)  # no aimag chosen yet: refused in a sentence, the dialog stays
        refused.append(dialog.message.text())
        dialog.aimag.setCurrentIndex(dialog.aimag.findText("Өвөрхангай аймаг"))
        dialog.genitive.setText("Өвөрхангай аймгийн Засаг даргын Тамгын газрын")
        dialog.dative.setText("Өвөрхангай аймгийн Засаг даргын Тамгын газарт")
        dialog.ablative.setText("Өвөрхангай аймгийн Засаг даргын Тамгын газраас")
        dialog.later.setChecked(True)
        ok(dialog)

    unanswered = answer_dialogs(set_up)
    window.new_plan_action.trigger()  # not set up yet: the setup comes first
    assert not unanswered and refused == ["Аймгаа (эсвэл нийслэлийг) жагсаалтаас сонгоно уу."]
    check = Store.open(db_path)
    try:
        home = check.organisation(check.setting(HOME_ORGANISATION))
        assert (home.id, home.parent_id) == ("aimag-ovorkhangai", None)
        assert home.forms.ablative.endswith("газраас") and check.children_of(home.id) == []
    finally:
        check.close()


def test_a_new_plan_offers_only_this_offices_own_plans_to_copy(qtbot, soum_window, answer_dialogs):
    """Finding 5: Баянхонгор аймаг's plan is not offered to the Bat-Ölzii soum."""
    offered: list[str] = []

    def look(dialog) -> None:
        combo = dialog.findChild(QComboBox)
        offered.extend(combo.itemText(i) for i in range(combo.count()))
        assert dialog.width() >= dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())  # title not cut
        dialog.reject()

    answer_dialogs(look)
    soum_window.new_plan_action.trigger()
    copies = [text for text in offered if "төлөвлөгөөний хуулбар" in text]
    assert copies and all("БАТ-ӨЛЗИЙ" in text for text in copies), offered  # the soum's 2024 plan only


def test_the_guide_jumps_from_its_contents_and_its_pictures_fit(qtbot, soum_window):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    soum_window.guide_action.trigger()  # F1
    dialog = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Хэрэглэгчийн гарын авлага"
                  and w.isVisible())
    qtbot.addWidget(dialog)
    browser = dialog.browser
    browser.anchorClicked.emit(QUrl("#3-төлөвлөгөө"))  # what a click on "3. Төлөвлөгөө" in the contents sends
    assert browser.textCursor().block().text() == "3. Төлөвлөгөө" and browser.verticalScrollBar().value() > 0
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", Path(browser.source().toLocalFile()).read_text(encoding="utf-8"))
    assert pictures
    for picture in pictures:
        image = browser.loadResource(QTextDocument.ResourceType.ImageResource.value, browser.source().resolved(
            QUrl(picture)))
        assert 0 < image.width() <= browser.viewport().width()


@pytest.mark.parametrize("text_size", [10.0, 12.5, 14.0])
def test_the_window_fits_a_1366_by_768_screen_and_keeps_its_navigator(qtbot, demo_store, text_size, monkeypatch,
                                                                        tmp_path):
    """Finding 6: at 100 % and 125 % (and 14 pt) every page fits 1366×768 less the task bar, the
    status bar included, and the navigator is not squeezed to a sliver."""
    from aplan_desktop.config import Config
    from aplan_desktop.gui.app import apply_appearance

    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    app = QApplication.instance()
    before = app.font()
    config = Config(language="mn", text_size=text_size)
    apply_appearance(app, config)
    try:
        demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
        window = MainWindow(Operations(demo_store), config)
        qtbot.addWidget(window)
        free = window.screen().availableGeometry()
        assert window.height() + 40 <= free.height() and window.width() <= free.width()  # frame and all
        window.resize(1280, 768 - 40 - 30)  # as it opens on a 1366×768 laptop, less the task and title bars
        window.show()
        characters = window.fontMetrics().averageCharWidth()
        for open_page in (window.show_start, lambda: window.open_document("s000-plan"),
                          lambda: window.create_report(window.ops.plan("s000-plan"), Period.H1),
                          lambda: window.open_document("s000-report")):
            open_page()
            qtbot.wait(20)
            needed = window.minimumSizeHint()
            assert needed.width() <= 1366 and needed.height() <= 768 - 40 - 30, (needed, text_size)
            assert window.width() <= 1366 and window.height() <= 768 - 40 - 30, (window.size(), text_size)
            assert window.statusBar().isVisible() and window.statusBar().geometry().bottom() <= window.height()
            assert window.navigator_pane.width() >= 20 * characters
    finally:
        app.setFont(before)


def test_the_navigator_runs_down_the_left_and_the_problems_sit_under_the_open_page(qtbot, soum_window):
    """The window's panes: the navigator on the left for the window's height, the open document
    right of it with its problem list under it; the person clicks a report in the navigator and
    drags the border between the page and its problems up to see more problems."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    window = soum_window
    navigator = window.navigator
    lines = navigator.findItems("Тайлан", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
    report = next(item for item in lines if item.data(0, DATA) == "s000-report")
    navigator.scrollToItem(report)
    QTest.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=navigator.visualItemRect(report).center())
    qtbot.waitUntil(lambda: window.current_id == "s000-report")

    def place(widget):
        return widget.geometry().translated(widget.parentWidget().mapTo(window, QPoint(0, 0)))

    left, page, problems = place(window.navigator_pane), place(window.page_area), place(window.problem_pane)
    assert window.problem_pane.isVisible()
    assert left.right() < page.left() and left.right() < problems.left()
    assert problems.top() > page.bottom() and left.bottom() >= problems.bottom() - 1
    handle = window.document_split.handle(1)
    before = window.problem_pane.height()
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(handle, start + QPoint(0, -80))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, -80))
    qtbot.waitUntil(lambda: window.problem_pane.height() >= before + 60)


def test_a_maximised_window_opens_maximised_next_time(qtbot, soum_window, monkeypatch, tmp_path):
    from aplan_desktop.config import Config

    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    soum_window.showMaximized()
    qtbot.waitUntil(soum_window.isMaximized)
    assert Config.load().maximised
    again = MainWindow(soum_window.ops, Config.load())
    qtbot.addWidget(again)
    again.show_as_left()
    assert again.isMaximized()


def test_setup_offers_the_declined_forms_and_keeps_the_ones_corrected(qtbot, store):
    from aplan_desktop.gui.setup import setup_dialog

    dialog = setup_dialog(Operations(store))
    qtbot.addWidget(dialog)
    dialog.dative.setText("Тамгын газарт (засвар)")  # the person corrects one form by hand
    dialog.dative.textEdited.emit(dialog.dative.text())
    dialog.name.insert("Бат-Өлзий сумын Засаг даргын Тамгын газар")  # as typed (or pasted)
    assert dialog.genitive.text() == "Бат-Өлзий сумын Засаг даргын Тамгын газрын"
    assert dialog.ablative.text() == "Бат-Өлзий сумын Засаг даргын Тамгын газраас"
    assert dialog.dative.text() == "Тамгын газарт (засвар)"


def test_a_backup_taken_by_hand_from_the_backups_window(qtbot, soum_window, db_path, answer_dialogs):
    from aplan_desktop.storage.backups import backup_folder

    rows: list[int] = []

    def back_up(dialog) -> None:
        before = dialog.table.rowCount()
        dialog.back_up_button.click()
        rows.extend((before, dialog.table.rowCount()))
        dialog.reject()

    answer_dialogs(back_up)
    soum_window.backups_action.trigger()  # Файл → Нөөц хуулбар…
    assert rows == [0, 1]
    assert len(list(backup_folder(db_path).glob("aplan-*-manual.sqlite"))) == 1
