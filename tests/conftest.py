"""Shared fixtures: a fresh database file per test, and the demo documents loaded into one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["APLAN_LANG"] = "mn"

import windows_rules  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# A child stopped by Popen.kill(), the nearest a test comes to a power cut: SIGKILL on POSIX,
# TerminateProcess (exit code 1) on Windows; neither lets the program run another instruction.
KILLED = 1 if sys.platform == "win32" else -9


def pytest_addoption(parser):
    parser.addoption("--kills", type=int, default=None,
                     help="how many times test_crash.py kills the writer (default: APLAN_KILLS or 100)")
    parser.addoption("--windows-rules", action="store_true",
                     help="impose Windows' file rules (tests/windows_rules.py; also APLAN_WINDOWS_RULES=1)")


def pytest_configure(config):
    if config.getoption("--kills"):
        os.environ["APLAN_KILLS"] = str(config.getoption("--kills"))
    if config.getoption("--windows-rules") or os.environ.get(windows_rules.ENV) == "1":
        os.environ[windows_rules.ENV] = "1"  # and for the child processes, through windows_site/sitecustomize.py
        site = str(ROOT / "tests" / "windows_site")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [site, os.environ.get("PYTHONPATH")]))
        windows_rules.install()


def pytest_report_header(config):
    return "Windows file rules: " + ("on" if windows_rules.active() else "off")


@pytest.fixture
def windows_rules_on():
    """Windows' file rules for this one test, whether or not the whole run has them."""
    already = windows_rules.active()
    windows_rules.install()
    yield windows_rules
    if not already:
        windows_rules.uninstall()


@pytest.fixture(autouse=True)
def no_modal_dialogs(request):
    """A modal dialog nobody answers would hang the run: one still open after UNANSWERED_S
    (a test that drives a dialog answers it long before) is closed, and the test fails with
    the dialog's text."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    import time

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    request.getfixturevalue("qapp")
    seen: list[str] = []
    opened: dict[int, float] = {}

    def close_modal():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.windowModality() != Qt.WindowModality.ApplicationModal:
            return
        if time.monotonic() - opened.setdefault(id(dialog), time.monotonic()) > UNANSWERED_S:
            seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(close_modal)
    timer.start(250)
    yield
    timer.stop()
    assert not seen, f"an unexpected modal dialog: {seen}"


UNANSWERED_S = 10


@pytest.fixture
def answer_dialogs(qtbot):
    """Answers the modal dialogs that the test's next action opens, in order: each answer gets
    the dialog once it shows. Answers left in the returned list found no dialog to answer."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    pending: list = []

    def answer_the_open_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if pending and dialog is not None and dialog.isVisible() and not dialog.property("answered"):
            dialog.setProperty("answered", True)
            pending.pop(0)(dialog)

    timer = QTimer()
    timer.timeout.connect(answer_the_open_dialog)
    timer.start(10)

    def answer(*answers) -> list:
        pending.extend(answers)
        return pending

    yield answer
    timer.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "aplan.sqlite"


@pytest.fixture
def store(db_path: Path):
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    load_demo(store)
    return store


@pytest.fixture
def window(qtbot, demo_store):
    """The window on the demo data, as the Bat-Ölzii soum's office uses it, shown and active."""
    from aplan_desktop.gui.main_window import MainWindow
    from aplan_desktop.operations import Operations
    from aplan_desktop.operations.settings import HOME_ORGANISATION

    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    w = MainWindow(Operations(demo_store))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def database_content(path: Path) -> list[str]:
    """Every row of every table of a database file, as SQL text, to compare a file before and after."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def run_aplan(*args: str, db: Path | None = None, lang: str = "mn") -> subprocess.CompletedProcess:
    """The real command, in a child process, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    env["APLAN_LANG"] = lang
    env["PYTHONIOENCODING"] = "utf-8"
    argv = [sys.executable, "-m", "aplan_desktop"] + (["--db", str(db)] if db else []) + list(args)
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120)
