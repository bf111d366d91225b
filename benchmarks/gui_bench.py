"""GUI figures: start to main window on the demo data beside a bare PySide6 window, the
longest stall of the event loop while typing with autosave, and peak memory.
Run: `QT_QPA_PLATFORM=offscreen python benchmarks/gui_bench.py`.
With `--typing`, the cost of each key typed into reports of 40 to 3000 measures, and the
memory it leaves behind (`--typing plan`: into a measure of plans that size); with
`--first-save`, the first save after a start as the user starts it."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1366, 768); w.show()
QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), app.quit()))
app.exec()
"""
# In the order the program itself loads them: `aplan` runs aplan_desktop.cli:main, whose module
# comes before Qt (PySide6 then checks each module imported after it for its own use).
APLAN = """
import sys
from aplan_desktop.cli import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])  # the program's own start below uses it; the timer fires once its window is up
QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), app.quit()))
main(["--db", sys.argv[1]])
"""


def run(code: str, *args: str, pycache: Path) -> tuple[float, float]:
    """Wall time until the window is shown, and the child's peak memory in MB.

    The child may keep compiled bytecode (in `pycache`), as every installed copy does: the
    Windows build ships it, and pip writes it on install. Without it (PYTHONDONTWRITEBYTECODE
    on a source checkout) each start would also compile aplan's own modules, some 40 ms.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPYCACHEPREFIX=str(pycache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    elapsed = time.perf_counter() - start
    assert "SHOWN" in out.stdout, out.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def typing_stall(db: Path) -> tuple[float, int]:
    """Type a long Mongolian result letter by letter while autosave runs, in the program's own
    event loop; the longest gap between ticks of a 5 ms timer is the longest time the window
    did not respond. (A loop calling processEvents() by hand starves Qt's timers now and then
    and reports gaps of 35–55 ms in which no event took longer than 15 ms.)"""
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT))
    from aplan_desktop.core.periods import Period
    from aplan_desktop.gui.app import freeze_start_up_objects
    from aplan_desktop.gui.main_window import MainWindow
    from aplan_desktop.operations import Operations
    from aplan_desktop.storage import Store

    app = QApplication.instance() or QApplication([])
    store = Store.open(db)
    window = MainWindow(Operations(store))
    window.show()
    plan = store.plan("s001-plan")
    window.create_report(plan, Period.H1)
    freeze_start_up_objects()  # as the program does once its window is up
    editor = window.report_editor.result
    text = ("Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран сургалт зохион байгуулж, 85 албан хаагч хамрагдсан. " * 8)
    saves = [0]
    window.autosaver.saved.connect(lambda: saves.__setitem__(0, saves[0] + 1))
    clock, gaps, typed, resume_at = QElapsedTimer(), [], [0], [0]
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    def type_a_letter() -> None:  # a fast typist: 50 letters a second, a pause every 200 letters
        if clock.elapsed() < resume_at[0]:
            return
        if typed[0] == len(text):
            window.autosaver.flush()
            app.quit()
            return
        editor.insertPlainText(text[typed[0]])
        typed[0] += 1
        if typed[0] % 200 == 0:
            resume_at[0] = clock.elapsed() + 800  # autosave runs in the pause

    timers = []
    for interval, slot in ((5, tick), (20, type_a_letter)):
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        timer.start(interval)
        timers.append(timer)
    app.exec()
    store.close()
    return max(gaps[5:]), saves[0]


def grown_report_db(path: Path, measures: int) -> tuple[str, str]:
    """A data file with a draft plan of `measures` measures (the model template's, repeated)
    and its first-half report, every entry with a paragraph of result: (report id, a measure
    in the middle)."""
    from aplan_desktop.core.model import Entry, Measure, Objective, new_id
    from aplan_desktop.core.periods import Period
    from aplan_desktop.core.templates import list_templates
    from aplan_desktop.core.workflow import new_report
    from aplan_desktop.documents import load_demo
    from aplan_desktop.operations.settings import HOME_ORGANISATION
    from aplan_desktop.resources import templates_dir
    from aplan_desktop.storage import Store
    from aplan_desktop.core.templates import plan_from_template

    store = Store.open(path)
    load_demo(store)
    store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    plan = plan_from_template(template, store.organisation("org-bat-olzii"), 2026)
    model = plan.measures()
    plan.objectives = [Objective(new_id(), str(o + 1), f"Зорилт {o + 1}") for o in range(max(1, measures // 10))]
    for i in range(measures):
        source = model[i % len(model)]
        objective = plan.objectives[i * len(plan.objectives) // measures]
        objective.measures.append(Measure(new_id(), f"{objective.number}.{len(objective.measures) + 1}",
                                          source.text, list(source.criteria), responsible="ТЗУХ"))
    report = new_report(plan, Period.H1)
    report.entries = [Entry(m.id, result=RESULT * 3, percent=70) for m in plan.measures()]
    with store.transaction():
        store.save_plan(plan)
        store.save_report(report)
    store.set_setting("ui:last", {"doc": report.id, "measure": ""})
    store.close()
    return report.id, plan.measures()[measures // 2].id


RESULT = "Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран сургалт зохион байгуулж, 85 албан хаагч хамрагдсан. "


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def typing_latency(measures: int, letters: int, kind: str = "report") -> dict:
    """Type `letters` letters into the result of a measure in the middle of an N-measure report
    (kind "plan": into the measure's text in its plan's editor) with real key events. Each key is
    timed from the key event until the event loop has nothing
    left to do (posted events, zero timers and the editor's deferred work); the autosave that
    and the problem list's refresh, which run in the pauses (every 200 letters, as a typist
    pauses), are timed on their own. Memory is
    read before the first letter and after the last, after a collection."""
    import gc

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from aplan_desktop.gui.main_window import MainWindow
    from aplan_desktop.operations import Operations

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "grown.sqlite"
        report_id, measure_id = grown_report_db(db, measures)
        ops = Operations.open(db)
        window = MainWindow(ops)
        window.resize(1366, 768)
        window.show()
        if kind == "plan":
            editor = window.plan_editor
            window.open_document(ops.report(report_id).plan_id)
            editor.select_object(measure_id)
            field = editor.measure_text
        else:
            editor = window.report_editor
            window.open_document(report_id)
            editor.select_measure(measure_id)
            field = editor.result
        field.setFocus()
        field.moveCursor(field.textCursor().MoveOperation.End)
        for _ in range(5):
            app.processEvents()
        gc.collect()
        memory_before = _rss_mb()
        times, saves = [], []
        text = (RESULT * (letters // len(RESULT) + 1))[:letters]
        for n, letter in enumerate(text, 1):
            start = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                        letter))
            app.processEvents()
            times.append((time.perf_counter() - start) * 1000)
            if n % 200 == 0 or n == len(text):
                start = time.perf_counter()
                window.autosaver.flush()  # what the autosave timer runs after the typist's pause
                flushed = time.perf_counter()
                editor.document_changed.emit()  # and the problem list's, the navigator line's
                app.processEvents()
                saves.append(((time.perf_counter() - start) * 1000, (flushed - start) * 1000))
        gc.collect()
        memory_after = _rss_mb()
        window.close()
        ops.close()
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95)], "max": times[-1],
            "save": statistics.median(t for t, _ in saves), "flush": statistics.median(f for _, f in saves),
            "memory": memory_after - memory_before}


def print_typing(kind: str = "report") -> None:
    for measures, letters in ((40, 5000), (300, 400), (1000, 400), (3000, 400)):
        r = typing_latency(measures, letters, kind)
        print(f"typing {letters} letters in a {measures}-measure {kind}: per key median {r['median']:.2f} ms, "
              f"95th percentile {r['p95']:.2f} ms, worst {r['max']:.1f} ms; autosave after a pause "
              f"{r['save']:.1f} ms (with the problem list; the save alone {r['flush']:.1f} ms); "
              f"memory after − before {r['memory']:+.1f} MB")



def window_database(folder: Path, last: str | None = "s001-report") -> Path:
    """The demo data, set up (no first-run questions), to open on the seed 001 report (or on
    the document `last`; None: on the start page)."""
    sys.path.insert(0, str(ROOT))
    from aplan_desktop.documents import load_demo
    from aplan_desktop.storage import Store

    db = folder / f"demo-{last or 'start'}.sqlite"
    store = Store.open(db)
    load_demo(store)
    if last:
        store.set_setting("ui:last", {"doc": last, "measure": ""})
    store.set_setting("home_organisation", "org-bat-olzii")
    store.close()
    return db


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = window_database(Path(tmp))
        os.environ["APLAN_CONFIG"] = str(Path(tmp) / "config.json")  # not this computer's settings
        pycache = Path(tmp) / "pycache"
        bare = [run(BARE, pycache=pycache) for _ in range(6)][1:]  # the first run writes the bytecode
        aplan = [run(APLAN, str(db), pycache=pycache) for _ in range(6)][1:]
        stall, saves = typing_stall(db)
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    bare_s, aplan_s = statistics.median(t for t, _ in bare), statistics.median(t for t, _ in aplan)
    print(f"bare PySide6 window shown: median {bare_s:.2f} s; peak memory {max(m for _, m in bare):.0f} MB")
    print(f"aplan started as the user starts it, to its window on the demo data (seed 001 report open): "
          f"median {aplan_s:.2f} s "
          f"({aplan_s / bare_s:.1f} × bare); peak memory {max(m for _, m in aplan):.0f} MB")
    print(f"typing 800 letters with autosave ({saves} saves): longest event-loop stall {stall:.0f} ms")


# The program started as the user starts it, on a draft report; after `wait` ms one letter is typed
# into a result and the autosave runs at once: how long that first save took, and whether the
# store's writing library (sqlite-utils) was loaded before it.
FIRST_SAVE = """
import sys, time
from aplan_desktop.cli import main
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
app = QApplication([])

def type_and_save():
    window = next(w for w in app.topLevelWidgets() if w.inherits("QMainWindow") and w.isVisible())
    field = window.report_editor.result
    field.setFocus()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, "а"))
    loaded = "sqlite_utils" in sys.modules
    start = time.perf_counter()
    assert window.autosaver.has_pending and window.autosaver.flush()
    print(f"SAVED {(time.perf_counter() - start) * 1000:.1f} {loaded}", flush=True)
    app.quit()

QTimer.singleShot(int(sys.argv[2]), type_and_save)
main(["--db", sys.argv[1]])
"""


def first_save(rounds: int = 8) -> None:
    """The first save after a start, against the later ones (typing_latency's): a start leaves the
    store's writing library unloaded until the first change is written."""
    sys.path.insert(0, str(ROOT))
    from aplan_desktop.core.periods import Period
    from aplan_desktop.operations import Operations

    with tempfile.TemporaryDirectory() as tmp:
        db = window_database(Path(tmp))
        ops = Operations.open(db)
        draft = ops.create_report("s000-plan", Period.H1).open  # the home office's plan
        ops.remember_place(draft, "")
        ops.close()
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "APLAN_DB")}
        env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(ROOT),
                   PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"), APLAN_CONFIG=str(Path(tmp) / "config.json"))
        for wait in (0, 3000):
            saves = []
            for _ in range(rounds + 1):  # the first run writes the bytecode
                out = subprocess.run([sys.executable, "-c", FIRST_SAVE, str(db), str(wait)], capture_output=True,
                                     text=True, cwd=ROOT, env=env)
                line = next((l for l in out.stdout.splitlines() if l.startswith("SAVED")), None)
                assert line, out.stderr
                saves.append((float(line.split()[1]), line.split()[2] == "True"))
            saves = saves[1:]
            print(f"first save, {wait} ms after the window is shown: median "
                  f"{statistics.median(t for t, _ in saves):.1f} ms (max {max(t for t, _ in saves):.1f}); "
                  f"sqlite-utils loaded before it in {sum(loaded for _, loaded in saves)} of {len(saves)} starts")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--typing"]:
        print_typing(*sys.argv[2:3])
    elif sys.argv[1:] == ["--first-save"]:
        first_save()
    else:
        main()
