"""Start-up figures: aplan started as the user starts it, to its main window on the demo data
(the seed 001 report open), beside a bare PySide6 window, the two started in turns so that other
work on a shared machine weighs on both alike; each child's own peak memory; the ratio within
each round. `--imports` lists, by `-X importtime`, the libraries the first window loads that it
does not show (printing, PDF viewing, spreadsheets, Word files, signing, sqlite-utils' command
line helpers), with what each costs.
Run: `QT_QPA_PLATFORM=offscreen python benchmarks/startup_bench.py [--rounds 10] [--imports]`."""

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

from gui_bench import APLAN, BARE, window_database  # noqa: E402

# What the first window does not need, by the top module of each (and what it is for).
NOT_NEEDED_FIRST = {
    "reportlab": "printing (ReportLab)", "pypdfium2": "the print preview's pages (PDFium)",
    "openpyxl": ".xlsx tables (openpyxl)",
    "docx": ".docx tables (python-docx)", "nacl": "signing bundles (PyNaCl)", "PIL": "photos (Pillow)",
    "click": "sqlite-utils' command line (click)", "tabulate": "sqlite-utils' command line (tabulate)",
    "dateutil": "sqlite-utils' date parsing (dateutil)", "pluggy": "sqlite-utils' plugins (pluggy)",
    "babel": "number and date formats (Babel)",
}


def run(code: str, *args: str, env: dict[str, str], importtime: bool = False) -> tuple[float, float, str, float]:
    """Wall time until the window is shown (the child quits then), the child's own peak memory
    in MB (its own resource usage, so that runs in turns do not mix), what it wrote on stderr, and
    its processor time (user and system), which other work on a busy machine disturbs less."""
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", code, *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        _, _, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = 0  # reaped above
        out.seek(0), err.seek(0)
        shown, errors = out.read(), err.read()
    assert "SHOWN" in shown, errors
    return elapsed, usage.ru_maxrss / 1024, errors, usage.ru_utime + usage.ru_stime


def _owner(module: str) -> str | None:
    """The entry of NOT_NEEDED_FIRST a module belongs to (the longest that names it or its package)."""
    owners = [top for top in NOT_NEEDED_FIRST if module == top or module.startswith(top + ".")]
    return max(owners, key=len) if owners else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--imports", action="store_true")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        db = window_database(Path(tmp))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPATH=str(ROOT),
                   PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"), APLAN_CONFIG=str(Path(tmp) / "config.json"))
        run(BARE, env=env), run(APLAN, str(db), env=env)  # the first runs write the bytecode
        bare, aplan = [], []
        for _ in range(args.rounds):
            bare.append(run(BARE, env=env))
            aplan.append(run(APLAN, str(db), env=env))
        for name, runs in (("bare PySide6 window shown", bare), ("aplan to its main window, seed 001 open", aplan)):
            times, cpu = [r[0] for r in runs], [r[3] for r in runs]
            print(f"{name}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}); "
                  f"processor time median {statistics.median(cpu):.3f} s; "
                  f"peak memory median {statistics.median(r[1] for r in runs):.0f} MB")
        for what, index in (("wall time", 0), ("processor time", 3)):
            ratios = [a[index] / b[index] for a, b in zip(aplan, bare)]
            print(f"{what}: aplan ÷ bare, per round: median {statistics.median(ratios):.2f} "
                  f"(range {min(ratios):.2f}–{max(ratios):.2f}; goal ≤ 1.6, peak ≤ 80 MB)")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        if args.imports:
            _, _, err, _ = run(APLAN, str(db), env=env, importtime=True)
            loaded: dict[str, float] = {}
            for line in err.splitlines():
                if line.startswith("import time:"):
                    own, _, name = line[len("import time:"):].split("|")
                    if own.strip().isdigit() and (top := _owner(name.strip())):
                        loaded[top] = loaded.get(top, 0.0) + int(own) / 1000
            print("loaded for the first window though it shows none of it (import time of the library's own "
                  "modules):")
            for top, what in NOT_NEEDED_FIRST.items():
                print(f"  {what}: " + (f"{loaded[top]:.1f} ms" if top in loaded else "not loaded"))
            print(f"  all of these: {sum(loaded.values()):.1f} ms")

if __name__ == "__main__":
    main()
