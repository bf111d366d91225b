"""Two working days through the window, as the people do them, checking what reached the disk:
the soum officer's (first start → plan → report → evidence → finalise → PDF → bundle) and the
aimag officer's (setup → register the sender → import → review → review bundle → consolidate)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog, QLineEdit, QPushButton

from aplan_desktop.core.model import OrganisationKind, ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.storage import Store

SOUM = "Бат-Өлзий сумын Засаг даргын Тамгын газар"
AIMAG = "Өвөрхангай аймгийн Засаг даргын Тамгын газар"


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def type_path(path: Path, seen: list[str] | None = None):
    """A file dialog answered by typing the path into its name box (and noting what it offered)."""
    def answer(dialog: QFileDialog) -> None:
        box = dialog.findChild(QLineEdit)
        if seen is not None:
            seen.append(str(Path(dialog.directory().absolutePath()) / box.text()))
        box.setText(str(path))
        dialog.accept()
    return answer


def later(action):
    """Click after the current dialog's answer returns (the answering timer does not nest)."""
    QTimer.singleShot(0, action)


def on_disk(db_path: Path) -> Store:
    return Store.open(db_path)


def set_up(name: str, kind: OrganisationKind, template: bool):
    def answer(dialog) -> None:
        dialog.name.setText(name)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.aimag.setCurrentIndex(dialog.aimag.findText("Өвөрхангай аймаг"))
        if kind == OrganisationKind.SOUM:
            dialog.unit.setCurrentIndex(dialog.unit.findText("Бат-Өлзий"))
        dialog.head_title.setText("ЗАСАГ ДАРГА")
        dialog.head_name.setText("Н. ОРХОНТУУЛ")
        dialog.preparer_title.setText("ЗДТГ-ЫН ДАРГА")
        dialog.preparer_name.setText("Н. БАТ-ЭРДЭНЭ")
        if template:
            next(b for b, s in dialog.source_buttons if s.template.key == "atg-model").setChecked(True)
        else:
            dialog.later.setChecked(True)
        ok(dialog)
        assert dialog.result() == 1, dialog.message.text()
    return answer


def test_the_soum_officers_day(qtbot, tmp_path, answer_dialogs, monkeypatch):
    # first start: who we are, and this year's plan from the model template
    window, db_path = _new_office_window(qtbot, tmp_path, answer_dialogs, monkeypatch, SOUM, OrganisationKind.SOUM,
                                         template=True)
    assert window.stack.currentWidget() is window.plan_editor
    plan = window.plan_editor.document
    with_plan = on_disk(db_path)
    assert [p.id for p in with_plan.plans()] == [plan.id] and plan.organisation.name == SOUM
    with_plan.close()

    # the first half's report
    def new_report(dialog) -> None:
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H1))
        ok(dialog)

    unanswered = answer_dialogs(new_report)
    window.new_report_action.trigger()  # Ctrl+Shift+N
    assert not unanswered and window.stack.currentWidget() is window.report_editor
    editor = window.report_editor
    report_id = editor.document.id
    for measure in plan.measures():
        editor.select_measure(measure.id)
        editor.result.setPlainText(f"{measure.number}: сургалт зохион байгуулсан")
        editor.percent.setCurrentIndex(editor.percent.findData(90))

    # a photo as evidence of the first measure
    photo = tmp_path / "сургалт.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    image.save(str(photo))
    editor.select_measure(plan.measures()[0].id)
    unanswered = answer_dialogs(type_path(photo))
    next(b for b in editor.findChildren(QPushButton) if b.text() == "Файл нэмэх…").click()
    assert not unanswered
    window.save_action.trigger()  # Ctrl+S

    # finalise
    editor.finalise_button.click()
    stored = on_disk(db_path)
    report = stored.report(report_id)
    assert report.status == ReportStatus.FINAL, editor.banner.text()
    assert report.entries[0].evidence and report.entries[0].evidence[0].name == "сургалт.png"
    stored.close()
    assert "эцсийн" in window.navigator.currentItem().text(0)  # the navigator shows the new state

    # the report as a PDF, under a readable name; the status line says where it went
    offered: list[str] = []
    pdf = tmp_path / "Тайлан.pdf"

    def save_the_pdf(preview) -> None:
        qtbot.waitUntil(lambda: preview.save_button.isEnabled(), timeout=30000)
        later(preview.save_button.click)

    def close_preview_after(answer):
        def wrapped(dialog) -> None:
            preview = dialog.parent()
            answer(dialog)
            later(preview.accept)
        return wrapped

    unanswered = answer_dialogs(save_the_pdf, close_preview_after(type_path(pdf, offered)))
    window.print_action.trigger()  # Ctrl+P
    assert not unanswered
    assert pdf.read_bytes().startswith(b"%PDF")
    assert Path(offered[0]).name.startswith(f"{plan.year} Бат-Өлзий") and offered[0].endswith(".pdf")
    assert str(pdf) in window.statusBar().currentMessage()

    # the bundle to e-mail to the aimag
    mail = tmp_path / "Илгээх"
    sent_bundle = send_into(window, mail, qtbot, answer_dialogs)
    assert sent_bundle.path.parent == mail and sent_bundle.path.suffix == ".aplan"
    assert sent_bundle.letter_path.exists()
    sent = on_disk(db_path)
    assert sent.report(report_id).status == ReportStatus.SENT
    sent.close()
    window.close()


def _soum_bundle(tmp_path: Path) -> tuple[Path, str]:
    soum = Operations.open(tmp_path / "soum.sqlite")
    soum.load_demo(home="org-bat-olzii")
    result, _ = soum.export("s000-report", tmp_path / "mail")
    fingerprint = soum.own_fingerprint()
    soum.close()
    return result.path, fingerprint


def _new_office_window(qtbot, tmp_path: Path, answer_dialogs, monkeypatch, name: str, kind: OrganisationKind,
                       template: bool) -> tuple[MainWindow, Path]:
    """A new office's window, its first-run setup answered (with this year's plan from the model
    template, or none); returns the window and its data file."""
    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    monkeypatch.setenv("HOME", str(tmp_path))
    db_path = tmp_path / f"{kind.value}.sqlite"
    window = MainWindow(Operations.open(db_path))
    qtbot.addWidget(window)
    window.show()
    unanswered = answer_dialogs(set_up(name, kind, template))
    window.new_plan_action.trigger()  # the first start asks who we are
    assert not unanswered
    return window, db_path


def _import_all(qtbot):
    """Answer: the import dialog's Import clicked, waited for, and the dialog closed."""
    def answer(inbox) -> None:
        qtbot.waitUntil(lambda: inbox.import_button.isEnabled(), timeout=30000)
        inbox.import_button.click()
        qtbot.waitUntil(lambda: inbox.imported == 1 and inbox.busy.isHidden(), timeout=30000)
        later(inbox.accept)
    return answer


def send_into(window, folder: Path, qtbot, answer_dialogs):
    """Send clicked and the folder typed into its dialog; what was sent, once it is written."""
    folder.mkdir()
    unanswered = answer_dialogs(type_path(folder))
    window.send_action.trigger()
    assert not unanswered
    qtbot.waitUntil(lambda: getattr(window, "last_sent", None) is not None, timeout=30000)
    return window.last_sent


def save_the_table(qtbot, path: Path) -> tuple:
    """Answers: the preview's table button clicked once the preview is ready, the file named,
    and the preview closed once the file is written."""
    def click_table(preview) -> None:
        qtbot.waitUntil(lambda: preview.save_button.isEnabled(), timeout=30000)
        later(preview.table_button.click)

    def table_file(dialog) -> None:
        preview = dialog.parent()
        type_path(path)(dialog)
        later(lambda: qtbot.waitUntil(path.exists, timeout=30000) or preview.accept())
    return click_table, table_file


def test_the_aimag_officers_day(qtbot, tmp_path, answer_dialogs, monkeypatch):
    from PySide6.QtCore import Qt

    from aplan_desktop.gui.panels import DATA
    from aplan_desktop.storage.exchange import ExchangeRecords

    bundle, fingerprint = _soum_bundle(tmp_path)
    window, db_path = _new_office_window(qtbot, tmp_path, answer_dialogs, monkeypatch, AIMAG, OrganisationKind.AIMAG,
                                         template=False)

    def type_fingerprint(dialog: QInputDialog) -> None:
        dialog.setTextValue(fingerprint)
        dialog.accept()

    unanswered = answer_dialogs(type_path(bundle), type_fingerprint)
    window.register_action.trigger()  # Аймаг → Илгээгчийн түлхүүрийг бүртгэх…
    assert not unanswered

    unanswered = answer_dialogs(type_path(bundle), _import_all(qtbot))
    window.import_action.trigger()  # Ctrl+I
    assert not unanswered
    stored = on_disk(db_path)
    assert [org for org, _, _ in ExchangeRecords(stored).trusted_keys()] == ["org-bat-olzii"]
    assert stored.report("s000-report").status == ReportStatus.SENT
    stored.close()

    # the imported report, opened from the navigator with a click, and scored
    items = [window.navigator.topLevelItem(i) for i in range(window.navigator.topLevelItemCount())]
    while items and items[-1].data(0, DATA) != "s000-report":
        item = items.pop()
        items = [item.child(i) for i in range(item.childCount())] + items
    rect = window.navigator.visualItemRect(items[-1])
    qtbot.mouseClick(window.navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = window.report_editor
    assert window.stack.currentWidget() is editor and editor.reviewing
    measure = editor.plan.measures()[0]
    editor.select_measure(measure.id)
    editor.review_score.setCurrentIndex(editor.review_score.findData(80))
    editor.review_comment.setPlainText("Нотлох баримт дутуу")
    window.save_action.trigger()
    stored = on_disk(db_path)
    entry = next(e for e in stored.report("s000-report").entries if e.measure_id == measure.id)
    assert (entry.review.score, entry.review.comment) == (80, "Нотлох баримт дутуу")
    stored.close()

    # the review back to the soum
    back = tmp_path / "Буцаах"
    review = send_into(window, back, qtbot, answer_dialogs)
    assert review.path.parent == back and "review" in review.path.name

    # the consolidated report of the aimag's bodies, as a table
    xlsx = tmp_path / "нэгтгэл.xlsx"

    def year_and_period(dialog) -> None:
        dialog.year.setValue(2024)
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H2))
        ok(dialog)

    unanswered = answer_dialogs(year_and_period, *save_the_table(qtbot, xlsx))
    window.consolidate_action.trigger()
    assert not unanswered and xlsx.stat().st_size > 0
    from openpyxl import load_workbook

    cells = [str(c.value) for sheet in load_workbook(xlsx) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Бат-Өлзий" in c for c in cells)
    assert not any(AIMAG == c for c in cells)  # the aimag's office is not one of its own bodies
    window.close()


def test_bundles_dropped_on_the_window_open_the_import_dialog(qtbot, tmp_path, answer_dialogs, monkeypatch):
    """The aimag drags an e-mailed bundle (and a stray PDF) from the file manager onto the window."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    bundle, fingerprint = _soum_bundle(tmp_path)
    window, db_path = _new_office_window(qtbot, tmp_path, answer_dialogs, monkeypatch, AIMAG, OrganisationKind.AIMAG,
                                         template=False)

    kept: list[QMimeData] = []  # the events point at their data: it must outlive them

    def drag(paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent]:
        files = QMimeData()
        kept.append(files)
        files.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        where = QPoint(window.width() // 2, window.height() // 2)
        enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, enter)
        drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        return enter, drop

    stray = tmp_path / "тайлан.pdf"
    stray.write_bytes(b"%PDF-1.4\n")
    enter, _ = drag([stray])
    assert not enter.isAccepted()  # only bundles are taken

    shown: list[list[str]] = []

    def look_then_close(inbox) -> None:
        qtbot.waitUntil(lambda: inbox.busy.isHidden(), timeout=30000)
        shown.append([inbox.table.item(row, 0).text() for row in range(inbox.table.rowCount())])
        later(inbox.reject)

    enter, drop = drag([bundle, stray])
    assert enter.isAccepted()
    unanswered = answer_dialogs(look_then_close)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: not unanswered, timeout=30000)  # the import dialog opened on the bundle alone
    assert shown == [[bundle.name]]

    window.ops.register_sender(bundle, fingerprint)  # as Аймаг → Илгээгчийн түлхүүрийг бүртгэх… does

    enter, drop = drag([bundle])
    unanswered = answer_dialogs(_import_all(qtbot))
    QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: not unanswered, timeout=30000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=30000)
    assert on_disk(db_path).report("s000-report").status == ReportStatus.SENT
    window.close()
