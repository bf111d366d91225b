"""The windowed program's arguments (`aplan [--db PATH] [--lang mn|en] [FILE.aplan…]`): a bundle
given at start, or handed over by a second start, opens the import dialog on it; anything else
is said in Mongolian. And the log: start-up facts, the errors shown, background faults."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from aplan_desktop import cli
from aplan_desktop.config import Config
from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.documents import load_demo
from aplan_desktop.exchange import export_document
from aplan_desktop.gui import single_instance
from aplan_desktop.gui.app import Session
from aplan_desktop.gui.arguments import WindowStart, window_start
from aplan_desktop.gui.inbox import InboxDialog
from aplan_desktop.log import log_path, start_logging, stop_logging
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.storage import Store
from conftest import ROOT

COMMANDS = {*cli.COMMANDS, *cli.COMMANDS_ELSEWHERE, "restore"}


# ---------------------------------------------------------------- the arguments

def test_the_window_takes_db_lang_and_existing_bundles(tmp_path):
    bundle = tmp_path / "bat-olzii_2024_H2_report_r1.APLAN"
    bundle.write_bytes(b"PK")
    start = window_start(["--db", str(tmp_path / "a.sqlite"), "--lang=en", str(bundle)], COMMANDS)
    assert start == WindowStart(tmp_path / "a.sqlite", "en", [bundle.absolute()], [])
    assert window_start([], COMMANDS) == WindowStart()
    assert window_start(["gui"], COMMANDS) == WindowStart()


def test_commands_help_and_unknown_options_are_left_to_the_command_line(tmp_path):
    for argv in (["list"], ["--db", "x.sqlite", "pdf", "s000-report", "-o", "x.pdf"], ["restore", "x"],
                 ["--version"], ["--help"], ["gui", "--screenshot", "d"], ["--lang", "fr"], ["--db"]):
        assert window_start(argv, COMMANDS) is None, argv


def test_anything_but_an_existing_bundle_is_refused_by_name(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    start = window_start([str(tmp_path / "notes.txt"), str(tmp_path / "gone.aplan")], COMMANDS)
    assert start.files == [] and start.refused == [str(tmp_path / "notes.txt"), str(tmp_path / "gone.aplan")]


# ---------------------------------------------------------------- starting on a bundle

@pytest.fixture
def bundle(tmp_path) -> Path:
    """A soum's report, as the aimag receives it by e-mail."""
    soum = Store.open(tmp_path / "soum.sqlite")
    try:
        load_demo(soum)
        soum.set_setting(HOME_ORGANISATION, "org-bat-olzii")
        return export_document(soum, "s000-report", tmp_path / "mail").path
    finally:
        soum.close()


@pytest.fixture
def aimag_db(tmp_path) -> Path:
    path = tmp_path / "aimag" / "aplan.sqlite"
    path.parent.mkdir()
    store = Store.open(path)
    store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    store.set_setting(HOME_ORGANISATION, "aimag-ovorkhangai")
    store.close()
    return path


@pytest.fixture
def quiet_config(monkeypatch):
    """The window's settings as a new user has them, whatever this machine's user chose."""
    monkeypatch.setattr(Config, "load", classmethod(lambda cls: Config(language="mn")))


def _see_the_import_dialog(seen: list):
    """Answer: the import dialog, as it opens on the bundles; then close it and the window."""
    def answer(dialog):
        assert isinstance(dialog, InboxDialog), type(dialog).__name__
        seen.append([Path(p) for p in dialog.paths] if hasattr(dialog, "paths") else dialog)
        window = dialog.parent()
        QTimer.singleShot(0, dialog.reject)
        QTimer.singleShot(200, window.close)
    return answer


def test_aplan_with_a_bundle_opens_the_import_dialog_on_it(qtbot, answer_dialogs, quiet_config, aimag_db, bundle):
    seen: list = []
    unanswered = answer_dialogs(_see_the_import_dialog(seen))
    assert cli.main(["--db", str(aimag_db), str(bundle)]) == 0  # as Windows starts it for a double-click
    assert unanswered == [] and len(seen) == 1
    log = log_path(aimag_db).read_text(encoding="utf-8")
    assert "start: aplan" in log and "1 bundle(s) to import" in log
    stop_logging()


def _start_on_a_text_file(answer_dialogs, aimag_db: Path, tmp_path: Path, monkeypatch, answer) -> tuple[Path, str]:
    """`aplan notes.txt` as the windowed program (no console): the warning it shows is answered
    by `answer`, then the window closed. The file, and the warning's text."""
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    told: list[str] = []

    def read_and_answer(box):
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        answer(box)
        QTimer.singleShot(500, lambda: [w.close() for w in QApplication.topLevelWidgets()
                                        if w.inherits("QMainWindow")])

    unanswered = answer_dialogs(read_and_answer)
    monkeypatch.setattr(sys, "stdout", None)  # aplan.exe: a windowed program has no console
    assert cli.main(["--db", str(aimag_db), str(notes)]) == 0
    assert unanswered == []
    return notes, told[0]


def test_the_windowed_program_says_what_it_cannot_open(qtbot, answer_dialogs, quiet_config, aimag_db, tmp_path,
                                                       monkeypatch):
    notes, told = _start_on_a_text_file(answer_dialogs, aimag_db, tmp_path, monkeypatch, QMessageBox.accept)
    assert str(notes) in told and "aplan-cli.exe" in told and "нээсэнгүй" in told
    assert "shown: " in log_path(aimag_db).read_text(encoding="utf-8")  # the error the user saw is in the log
    stop_logging()


def test_the_details_of_a_warning_are_copied_to_send_on(qtbot, answer_dialogs, quiet_config, aimag_db, tmp_path,
                                                       monkeypatch):
    """The person clicks "Copy details" on the warning: the message, the program's version and the
    paths of the data file and the log are on the clipboard, and the box is closed."""
    def copy_the_details(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == "Дэлгэрэнгүйг хуулах").click()

    _, told = _start_on_a_text_file(answer_dialogs, aimag_db, tmp_path, monkeypatch, copy_the_details)
    copied = QApplication.clipboard().text()
    assert copied.startswith(told) and "aplan " in copied
    assert f"data file: {aimag_db}" in copied and f"log: {log_path(aimag_db)}" in copied
    stop_logging()


def test_every_message_box_is_made_where_it_is_logged():
    """A warning shown past `gui/messages.py` would miss the log and its "Copy details" button."""
    made_elsewhere = re.compile(r"QMessageBox\s*\(|QMessageBox\.(warning|critical|information|question|about)\b")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "aplan_desktop").rglob("*.py")) if path.name != "messages.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if made_elsewhere.search(line)]
    assert found == []


def test_a_second_start_hands_its_bundles_to_the_running_window(qtbot, answer_dialogs, aimag_db, bundle):
    from aplan_desktop.gui.single_instance import InstanceGuard

    ops = Operations(Store.open(aimag_db))
    session = Session(QApplication.instance(), ops, aimag_db, Config(language="mn"))
    window = session.build()
    qtbot.addWidget(window)
    window.show()
    guard = InstanceGuard(aimag_db)
    guard.files_received.connect(session.import_paths)
    seen: list = []
    unanswered = answer_dialogs(lambda dialog: (seen.append(type(dialog).__name__), dialog.reject()))
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    second = subprocess.Popen([sys.executable, "-m", "aplan_desktop", "--db", str(aimag_db), str(bundle)],
                              cwd=bundle.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: seen == ["InboxDialog"], timeout=30000)
        assert second.wait(timeout=30) == 0, second.stderr.read()
    finally:
        second.kill()
        second.communicate()
        guard.server.close()
        ops.close()
    assert unanswered == []


def test_bundles_opened_together_in_the_file_manager_share_one_import_dialog(qtbot, answer_dialogs, aimag_db,
                                                                             bundle):
    """Several bundles opened at once start aplan once for each: the first start's import dialog
    lists them all, checked: one dialog and not one per file."""
    others = []
    soum = Store.open(bundle.parent.parent / "soum.sqlite")
    try:
        others = [export_document(soum, doc_id, bundle.parent).path for doc_id in ("s002-plan", "s003-plan")]
    finally:
        soum.close()
    ops = Operations(Store.open(aimag_db))
    session = Session(QApplication.instance(), ops, aimag_db, Config(language="mn"))
    window = session.build()
    qtbot.addWidget(window)
    window.show()
    guard = single_instance.InstanceGuard(aimag_db)
    guard.files_received.connect(session.import_paths)
    seen, listed, starts = [], [], [_second_start(aimag_db, bundle)]

    def the_others_join(dialog: InboxDialog) -> None:
        seen.append(type(dialog).__name__)
        starts.extend(_second_start(aimag_db, path) for path in others)  # while this dialog is open
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and not dialog.busy.isVisible(), timeout=8000)
        listed.extend(dialog.table.item(row, 0).text() for row in range(3))
        assert dialog.summary.text().startswith("3 файл")
        dialog.reject()

    unanswered = answer_dialogs(the_others_join)
    try:
        qtbot.waitUntil(lambda: bool(listed), timeout=30000)
        assert [start.wait(timeout=30) for start in starts] == [0, 0, 0]
    finally:
        for start in starts:
            start.kill()
            start.communicate()
        guard.server.close()
        ops.close()
    assert unanswered == [] and seen == ["InboxDialog"]  # one dialog for the three files
    assert sorted(listed) == sorted(path.name for path in [bundle, *others])
    assert window.inbox is None  # closed: the next file opens a dialog of its own


def test_a_second_start_waits_for_the_first_window_to_listen(qtbot, answer_dialogs, aimag_db, bundle):
    """The first start holds the data file from its beginning, but listens only once its window
    is up: a second start in between waits, then hands its bundle over (and opens nothing)."""
    ops = Operations(Store.open(aimag_db))
    session = Session(QApplication.instance(), ops, aimag_db, Config(language="mn"))
    assert single_instance.claim(aimag_db)  # as the first start does before it opens the data file
    seen: list = []
    unanswered = answer_dialogs(lambda dialog: (seen.append(type(dialog).__name__), dialog.reject()))
    second = _second_start(aimag_db, bundle)
    guard = None
    try:
        qtbot.wait(1500)  # the first window is still being built
        assert second.poll() is None  # waiting, not opening the data file a second time
        window = session.build()
        qtbot.addWidget(window)
        window.show()
        guard = single_instance.InstanceGuard(aimag_db)
        guard.files_received.connect(session.import_paths)
        qtbot.waitUntil(lambda: seen == ["InboxDialog"], timeout=30000)
        assert second.wait(timeout=30) == 0, second.stderr.read()
    finally:
        second.kill()
        second.communicate()
        if guard is not None:
            guard.server.close()
        single_instance.release()
        ops.close()
    assert unanswered == []


HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from aplan_desktop.gui.single_instance import claim
assert claim(Path(sys.argv[1]))
print("HELD", flush=True)
time.sleep(120)
"""


def test_a_start_says_so_when_the_program_holding_the_data_file_does_not_answer(aimag_db):
    """Another aplan holds the data file but never listens (a dialog before its window, or it
    hangs): the start does not open the file too. Once that program is gone (a crash, a power
    cut), its lock is taken over."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(aimag_db)], stdout=subprocess.PIPE,
                              text=True, env=env, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        assert single_instance.hand_over(aimag_db, patience_ms=500) == single_instance.NOT_ANSWERING
    finally:
        holder.kill()
        holder.communicate()
    try:
        assert single_instance.hand_over(aimag_db, patience_ms=500) == single_instance.FREE
    finally:
        single_instance.release()


def _second_start(db: Path, bundle: Path) -> subprocess.Popen:
    """`aplan --db DB BUNDLE`, as a double-click on an e-mailed bundle starts it."""
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.Popen([sys.executable, "-m", "aplan_desktop", "--db", str(db), str(bundle)],
                            cwd=bundle.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# ---------------------------------------------------------------- the log

def test_a_command_logs_its_start_and_the_error_it_printed(tmp_path, demo_store, db_path):
    demo_store.close()
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    result = subprocess.run([sys.executable, "-m", "aplan_desktop", "--db", str(db_path), "check", "no-such-id"],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    log = log_path(db_path).read_text(encoding="utf-8")
    assert "start: aplan" in log and "(check)" in log and str(db_path) in log
    assert result.stderr.strip().removeprefix("aplan: ") in log


def test_a_fault_in_background_work_is_logged_with_its_traceback(qtbot, demo_store, db_path):
    from aplan_desktop.gui.background import run_in_background

    start_logging(db_path, "window")
    told: list[str] = []

    def broken(ops):
        raise RuntimeError("a fault of the program")

    run_in_background(db_path, broken, lambda _: None, told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    stop_logging()
    log = log_path(db_path).read_text(encoding="utf-8")
    assert "fault: Traceback" in log and "RuntimeError: a fault of the program" in log
    assert "RuntimeError" not in told[0] and "aplan" in told[0]  # a sentence, not Python's words


def test_a_fault_in_a_command_is_a_sentence_and_its_traceback_is_logged(tmp_path, demo_store, db_path, monkeypatch,
                                                                         capsys):
    """`aplan pdf` when the PDF library itself fails (not our code: ReportLab made to fail): the
    person reads a sentence that says where the details are, and the log has the traceback."""
    from reportlab.platypus import doctemplate

    demo_store.close()

    def broken_build(*args, **kwargs):
        raise RuntimeError("a fault inside the PDF library")

    monkeypatch.setattr(doctemplate.BaseDocTemplate, "build", broken_build)
    try:
        code = cli.main(["--db", str(db_path), "pdf", "s001-report", "-o", str(tmp_path / "тайлан.pdf")])
    finally:
        stop_logging()
    told = capsys.readouterr()
    assert code == 70 and told.out == "" and not (tmp_path / "тайлан.pdf").exists()
    assert told.err.startswith("aplan: Программын алдааны улмаас үүнийг хийж чадсангүй.")
    assert "Traceback" not in told.err and "RuntimeError" not in told.err and str(log_path(db_path)) in told.err
    log = log_path(db_path).read_text(encoding="utf-8")
    assert "fault: Traceback" in log and "RuntimeError: a fault inside the PDF library" in log


def test_a_damaged_data_file_is_replaced_by_the_backup_the_person_picks(qtbot, answer_dialogs, quiet_config,
                                                                         aimag_db):
    """A power cut broke the data file: the start says so, lists the backups, restores the one
    chosen (after Yes), and the window opens on it."""
    from aplan_desktop.gui.restore_dialog import RestoreDialog
    from aplan_desktop.storage.backups import backup_folder
    from test_backups import _damage

    ops = Operations.open(aimag_db)
    ops.backup("auto")
    ops.close()
    _damage(aimag_db, "organisations")
    told: list[str] = []

    def read_the_warning(box: QMessageBox) -> None:
        told.append(box.text())
        box.accept()

    def pick_the_backup(dialog: RestoreDialog) -> None:
        dialog.table.selectRow(0)
        QTimer.singleShot(0, dialog.restore_button.click)  # its question is answered next

    def say_yes(box: QMessageBox) -> None:
        box.button(QMessageBox.StandardButton.Yes).click()
        QTimer.singleShot(500, lambda: [w.close() for w in QApplication.topLevelWidgets()
                                        if w.inherits("QMainWindow")])

    unanswered = answer_dialogs(read_the_warning, pick_the_backup, say_yes)
    assert cli.main(["--db", str(aimag_db)]) == 0
    assert unanswered == []
    assert "Traceback" not in told[0] and str(aimag_db) in told[0]
    restored = Store.open(aimag_db)
    assert restored.organisation("aimag-ovorkhangai").name == "Өвөрхангай аймаг"
    restored.close()
    assert len(list(backup_folder(aimag_db).iterdir())) >= 1
    stop_logging()


# ---------------------------------------------------------------- what the first window loads

# What the first window shows nothing of: loaded when a print, a preview, a table, a bundle, a
# plan, a circular or the first-run questions are first wanted; QtNetwork and the store's writing
# library (sqlite-utils, with click, pluggy and dateutil) once the window is up (docs/performance.md,
# "Start-up measured in turns").
NOT_FOR_THE_FIRST_WINDOW = (
    "reportlab", "pypdfium2", "PySide6.QtPdf", "PySide6.QtNetwork", "openpyxl", "docx", "nacl", "PIL", "babel",
    "tabulate", "aplan_desktop.bundle", "aplan_desktop.exchange", "aplan_desktop.receiving", "aplan_desktop.forms",
    "aplan_desktop.printing", "aplan_desktop.gui.preview", "aplan_desktop.gui.inbox", "aplan_desktop.gui.plan_editor",
    "aplan_desktop.gui.circular_dialog", "aplan_desktop.gui.setup", "sqlite_utils", "click", "pluggy", "dateutil",
    "aplan_desktop.cli_circulars", "aplan_desktop.cli_bodies", "aplan_desktop.cli_reviews",
    "aplan_desktop.plan_consolidation", "aplan_desktop.core.consolidation", "aplan_desktop.storage.exchange",
    "aplan_desktop.bodies", "aplan_desktop.core.roster", "aplan_desktop.core.timeliness",
    "aplan_desktop.core.interchange", "aplan_desktop.core.reader", "uuid", "aplan_desktop.gui.return_dialog",
    "hashlib", "_hashlib", "platform", "_strptime",
    "html",  # its package loads the 2,231 named entities for `unescape`: markup is escaped by core.text
)
# ... and what the start page does without: the report editor and the widgets only it uses.
NOT_FOR_THE_START_PAGE = (
    "aplan_desktop.gui.report_editor", "aplan_desktop.gui.editing", "aplan_desktop.gui.report_evidence",
    "aplan_desktop.gui.dialogs", "aplan_desktop.core.validation", "aplan_desktop.core.columns",
)
# Qt's classes with many enumeration members, each made into a Python enumeration when the class is
# first used (QStyle 566 members, QEvent 179, about 10 and 3 ms), and the `Qt` namespace, whose 93
# enumerations (1,195 members, about 20 ms) come with the first one named or handed to PySide (a dock
# area, an orientation, a window state, a key sequence given to `setShortcut`): the start page
# shows nothing that needs them.
QT_NOT_FOR_THE_START_PAGE = (
    "PySide6.QtWidgets.QStyle", "PySide6.QtCore.QEvent", "PySide6.QtWidgets.QDialogButtonBox", "PySide6.QtCore.Qt",
)

FIRST_WINDOW = """
import sys
from aplan_desktop.cli import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])

def shown():
    window = next(w for w in app.topLevelWidgets() if w.inherits("QMainWindow") and w.isVisible())
    print(window.current_id)
    qt = [f"{name}.{cls}" for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
          for cls in vars(sys.modules[name])]  # PySide makes a class (and its enumerations) when first used
    print(" ".join(sorted(sys.modules) + qt))
    app.quit()

QTimer.singleShot(0, shown)
main(["--db", sys.argv[1]])
"""


def _first_window(store: Store, db_path: Path, tmp_path: Path, last: str) -> tuple[str, set[str]]:
    """Start the program as `aplan` starts it, on the demo data open at `last`: the document its
    window shows, and what was loaded by then."""
    store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    store.set_setting("ui:last", {"doc": last, "measure": ""})
    store.close()
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    env.update(QT_QPA_PLATFORM="offscreen", APLAN_CONFIG=str(tmp_path / "config.json"))
    result = subprocess.run([sys.executable, "-c", FIRST_WINDOW, str(db_path)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    shown, loaded = result.stdout.splitlines()[-2:]
    return shown, set(loaded.split())


def _not_needed(loaded: set[str], not_needed: tuple[str, ...] = NOT_FOR_THE_FIRST_WINDOW) -> list[str]:
    return sorted(m for m in loaded if any(m == top or m.startswith(top + ".") for top in not_needed))


def test_the_first_window_loads_nothing_it_does_not_show(demo_store, db_path, tmp_path):
    shown, loaded = _first_window(demo_store, db_path, tmp_path, "s001-report")
    assert shown == "s001-report"
    assert _not_needed(loaded) == []
    assert "PySide6.QtWidgets.QStyle" in loaded  # the report's problems have the style's icons: the check sees it
    assert "aplan_desktop.gui.report_editor" in _not_needed(loaded, NOT_FOR_THE_START_PAGE)  # what that check sees


def test_the_start_page_loads_no_editor(demo_store, db_path, tmp_path):
    shown, loaded = _first_window(demo_store, db_path, tmp_path, "")
    assert shown == "None"
    assert _not_needed(loaded, NOT_FOR_THE_FIRST_WINDOW + NOT_FOR_THE_START_PAGE + QT_NOT_FOR_THE_START_PAGE) == []


def test_the_check_itself_sees_what_a_plan_opened_at_start_loads(demo_store, db_path, tmp_path):
    shown, loaded = _first_window(demo_store, db_path, tmp_path, "s001-plan")
    assert shown == "s001-plan"
    assert _not_needed(loaded) == ["aplan_desktop.gui.plan_editor"]
