"""Start-up figures: aplan started as the user starts it, to its main window on the demo data,
beside a bare PySide6 window, all started in turns so that other work on a shared machine weighs
on each alike; each child's own peak memory and processor time; the ratios within each round.

Two starts of aplan are timed: on the start page (the issue's measure: the window shown, the
start page filled; the goal is ≤ 1.6 × the bare window and ≤ 80 MB), and reopening the seed 001
report where the person left it (the report editor built as well). `--before DIR` starts the
code of another checkout too (the code before a change; repeatable), in the same rounds. `--imports` lists,
by `-X importtime`, the libraries the first window loads that it does not show, with their cost.
Two references run beside them: the bare window with one line of text (what any window that
shows words pays: Qt's font database), and the same line aligned by `Qt.AlignmentFlag` (what a
window that names any of the `Qt` namespace's enumerations pays: PySide makes all 93 of them). Run: `QT_QPA_PLATFORM=offscreen python benchmarks/startup_bench.py [--rounds 10] [--before DIR] [--imports]`."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gui_bench import APLAN, BARE  # noqa: E402

# What the first window does not need, by the top module of each (and what it is for).
NOT_NEEDED_FIRST = {
    "reportlab": "printing (ReportLab)", "pypdfium2": "the print preview's pages (PDFium)",
    "openpyxl": ".xlsx tables (openpyxl)",
    "docx": ".docx tables (python-docx)", "nacl": "signing bundles (PyNaCl)", "PIL": "photos (Pillow)",
    "PySide6.QtNetwork": "handing over to a running window (QtNetwork)",
    "sqlite_utils": "the store's writing (sqlite-utils)",
    "click": "sqlite-utils' command line (click)", "tabulate": "sqlite-utils' command line (tabulate)",
    "dateutil": "sqlite-utils' date parsing (dateutil)", "pluggy": "sqlite-utils' plugins (pluggy)",
    "babel": "number and date formats (Babel)",
}


# References only; the goal is against the bare window. The bare window with one line of text pays
# Qt's font database; aligning it names `Qt.AlignmentFlag`, and PySide makes the 93 enumeration
# classes of the `Qt` namespace at the first use of any of them (aplan's start page names none).
BARE_WITH_TEXT = BARE.replace("w.show()", "from PySide6.QtWidgets import QLabel; "
                              "w.setCentralWidget(QLabel('Төлөвлөгөө')); w.show()")
BARE_WITH_QT = BARE.replace("w.show()", "from PySide6.QtCore import Qt; from PySide6.QtWidgets import QLabel; "
                            "w.setCentralWidget(QLabel('Төлөвлөгөө', alignment=Qt.AlignmentFlag.AlignTop)); w.show()")


class Child:
    """One kind of start: its code, the folder its `aplan_desktop` comes from, its arguments."""

    def __init__(self, name: str, code: str, source: Path, *args: str) -> None:
        self.name, self.code, self.source, self.args = name, code, source, args
        self.runs: list[tuple[float, float, float]] = []  # wall time, peak MB, processor time

    def run(self, env: dict[str, str], importtime: bool = False) -> str:
        """Wall time until the window is shown (the child quits then; it runs in its source folder,
        which `python -c` puts first on the path), the child's own peak memory
        in MB (its own resource usage, so that runs in turns do not mix) and its processor time
        (user and system, which other work on a busy machine disturbs less); returns its stderr."""
        command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", self.code, *self.args]
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            start = time.perf_counter()
            child = subprocess.Popen(command, cwd=self.source, env={**env, "PYTHONPATH": str(self.source)}, stdout=out,
                                     stderr=err, text=True)
            _, _, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            child.returncode = 0  # reaped above
            out.seek(0), err.seek(0)
            shown, errors = out.read(), err.read()
        assert "SHOWN" in shown, errors
        if not importtime:
            self.runs.append((elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime))
        return errors

    def report(self, bare: Child | None) -> None:
        times, peaks, cpu = ([r[i] for r in self.runs] for i in range(3))
        print(f"{self.name}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}); "
              f"processor time median {statistics.median(cpu):.3f} s; peak memory median "
              f"{statistics.median(peaks):.0f} MB (max {max(peaks):.0f})")
        if bare is None:
            return
        for what, index in (("wall time", 0), ("processor time", 2)):
            ratios = [a[index] / b[index] for a, b in zip(self.runs, bare.runs)]
            print(f"    ÷ bare, per round, {what}: median {statistics.median(ratios):.2f} "
                  f"(range {min(ratios):.2f}–{max(ratios):.2f})")


def _owner(module: str) -> str | None:
    """The entry of NOT_NEEDED_FIRST a module belongs to (the longest that names it or its package)."""
    owners = [top for top in NOT_NEEDED_FIRST if module == top or module.startswith(top + ".")]
    return max(owners, key=len) if owners else None


def imports_not_needed(child: Child, env: dict[str, str]) -> None:
    loaded: dict[str, float] = {}
    for line in child.run(env, importtime=True).splitlines():
        if line.startswith("import time:"):
            own, _, name = line[len("import time:"):].split("|")
            if own.strip().isdigit() and (top := _owner(name.strip())):
                loaded[top] = loaded.get(top, 0.0) + int(own) / 1000
    print(f"loaded by {child.name} though it shows none of it (import time of the library's own modules):")
    for top, what in NOT_NEEDED_FIRST.items():
        print(f"  {what}: " + (f"{loaded[top]:.1f} ms" if top in loaded else "not loaded"))
    print(f"  all of these: {sum(loaded.values()):.1f} ms")


def data_files(source: Path, folder: Path, env: dict[str, str]) -> list[Path]:
    """The demo data on the start page and on the seed 001 report, each made by the code of
    `source` itself, so that a checkout from before a change of the file's schema opens its own."""
    folder.mkdir()
    make = ("import sys; from pathlib import Path; from gui_bench import window_database; "
            "print(window_database(Path(sys.argv[1]), None)); print(window_database(Path(sys.argv[1])))")
    made = subprocess.run([sys.executable, "-c", make, str(folder)], cwd=source, check=True, capture_output=True,
                          text=True, env={**env, "PYTHONPATH": f"{source}{os.pathsep}{source / 'benchmarks'}"})
    return [Path(line) for line in made.stdout.split()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--before", type=Path, action="append", default=[],
                    help="another checkout of aplan (the code before a change), started in the same rounds; repeatable")
    ap.add_argument("--imports", action="store_true")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; load average at the start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "APLAN_DB")}
        env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"), APLAN_CONFIG=str(Path(tmp) / "config.json"))
        bare = Child("bare PySide6 window shown", BARE, ROOT)
        with_text = Child("bare PySide6 window with one line of text", BARE_WITH_TEXT, ROOT)
        with_qt = Child("the same, the line aligned (the Qt namespace's enumerations)", BARE_WITH_QT, ROOT)
        sources = [("", ROOT)] + [(f" ({folder.name})", folder.resolve()) for folder in args.before]
        aplans = [Child(f"aplan to its window, {what}{label}", APLAN, source, str(db))
                  for number, (label, source) in enumerate(sources)
                  for what, db in zip(("start page", "seed 001 report reopened"),
                                      data_files(source, Path(tmp) / str(number), env))]
        for child in (bare, with_text, with_qt, *aplans):  # the first runs write the bytecode
            child.run(env)
            child.runs.clear()
        for _ in range(args.rounds):
            for child in (bare, with_text, with_qt, *aplans):
                child.run(env)
        bare.report(None)
        with_text.report(bare)
        with_qt.report(bare)
        for child in aplans:
            child.report(bare)
        print(f"goal: start page ≤ 1.6 × bare, peak ≤ 80 MB; load average at the end {os.getloadavg()[0]:.1f}")
        if args.imports:
            for child in aplans[:2]:
                imports_not_needed(child, env)


if __name__ == "__main__":
    main()
