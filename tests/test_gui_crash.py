"""Kill the program right after it says "Saved": the text must be there on the next start."""

import os
import subprocess
import sys

from aplan_desktop.storage import Store
from conftest import KILLED, ROOT


def test_an_edit_shown_as_saved_survives_sigkill(demo_store, db_path):
    demo_store.close()
    text = "Цахилгаан тасрахаас өмнө бичсэн үр дүн: Өвөрхангай, Үйлчилгээ."
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "APLAN_LANG": "mn", "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "gui_driver.py"), str(db_path), text],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = child.stdout.readline()
        assert line.startswith("SAVED "), child.stderr.read()
        child.kill()  # SIGKILL; TerminateProcess on Windows
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == KILLED
    _, report_id, measure_id = line.split()
    store = Store.open(db_path)
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.report(report_id).entry(measure_id).result == text
    finally:
        store.close()
