"""Printing figures, each as a whole process as the user runs it: `aplan pdf s001-report` (after
`aplan demo` into a scratch database) beside the floor, a plain ReportLab script drawing the same
cells with the same fonts (plain_reportlab_report.py), and beside LibreOffice converting the same
table as .docx made by `aplan table` (if `soffice` is installed). The commands are run in turns,
round after round, so that other work on a shared machine weighs on all alike; the ratios are
taken within each round. `--before DIR` adds `aplan pdf` run from another checkout (the code before
a change, on a database made by its own `aplan demo`) to every round. `--imports` also lists what
the pdf command imports, by `-X importtime`.
Run: `python benchmarks/print_bench.py [--rounds 15] [--before DIR] [--imports]`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab.platypus import Paragraph, Spacer, Table  # noqa: E402

from aplan_desktop.forms.layout import Layout  # noqa: E402
from aplan_desktop.forms.report_form import report_story  # noqa: E402
from aplan_desktop.forms.table import FormTable  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402


def _paragraphs(flowables) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in flowables]


def _spec(flowable) -> dict:
    if isinstance(flowable, Paragraph):
        return {"type": "paragraph", "style": flowable.style.name, "markup": flowable.text}
    if isinstance(flowable, Spacer):
        return {"type": "spacer", "height": flowable.height}
    if isinstance(flowable, FormTable):
        rows = flowable.header + flowable.rows
        return {"type": "table", "grid": True, "widths": flowable.widths, "repeat": len(flowable.header),
                "rows": [[_paragraphs(cell) for cell in r.cells] for r in rows],
                "kinds": [r.kind for r in rows], "spans": [r.spans for r in rows]}
    if isinstance(flowable, Table):
        return {"type": "table", "grid": False, "widths": flowable._colWidths,
                "rows": [[_paragraphs(cell if isinstance(cell, list) else [cell]) for cell in row]
                         for row in flowable._cellvalues]}
    raise TypeError(f"not in the plain script: {flowable!r}")


def cells_spec(db: Path, doc_id: str) -> dict:
    """The report's story as plain data: the title, the table's cells (style and markup of each
    paragraph), widths, spans and row kinds, the signatures, the spaces between."""
    store = Store.open(db)
    plan, _, report = store.load_document(doc_id)
    store.close()
    layout = Layout()
    story = []
    for flowable in report_story(report, plan, layout):
        story.append(_spec(flowable))
        if isinstance(flowable, FormTable):  # what is printed below the table: the signatures
            story += [_spec(f) for f in flowable.tail]
    mm = 72 / 25.4
    return {"font_size": layout.font_size, "story": story,
            "margins": [m * mm for m in (layout.margin_left, layout.margin_right, layout.margin_top,
                                         layout.margin_bottom)]}


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time, and the processor time (user and system) the process and its children took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def imports(command: list[str], env: dict[str, str], top: int = 15) -> None:
    """What the command imports, by -X importtime: the costliest top-level imports (cumulative)."""
    err = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=env, cwd=ROOT, capture_output=True,
                         text=True, check=True).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:"):
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit() and not name[1:].startswith(" "):  # imported by the script itself
                rows.append((int(cumulative), name.strip()))
    total = sum(us for us, _ in rows)
    print(f"  imports of `{' '.join(command[-6:])}`: {total / 1000:.0f} ms in all; the costliest:")
    for us, name in sorted(rows, reverse=True)[:top]:
        print(f"    {us / 1000:6.1f} ms  {name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--imports", action="store_true")
    ap.add_argument("--before", type=Path, metavar="DIR", help="a checkout of the code before, run in the same rounds")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "demo.sqlite"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(folder / "pycache"), APLAN_LANG="mn")
        aplan = [sys.executable, "-m", "aplan_desktop.cli", "--db", str(db)]
        subprocess.run([*aplan, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run([*aplan, "table", "s001-report", "-o", str(folder / "s001.docx")], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        (folder / "cells.json").write_text(json.dumps(cells_spec(db, "s001-report"), ensure_ascii=False),
                                           encoding="utf-8")
        pdf = ["pdf", "s001-report", "-o"]
        commands = {  # name: the command, its environment, its folder
            "aplan pdf s001-report": ([*aplan, *pdf, str(folder / "aplan.pdf")], env, ROOT),
            "plain ReportLab script": ([sys.executable, str(ROOT / "benchmarks" / "plain_reportlab_report.py"),
                                        str(folder / "cells.json"), str(folder / "plain.pdf")], env, ROOT),
        }
        if args.before:  # on a database of its own, made by its own `aplan demo` (its data file's version)
            before, before_env = args.before.resolve(), {**env, "PYTHONPATH": str(args.before.resolve())}
            before_aplan = [sys.executable, "-m", "aplan_desktop.cli", "--db", str(folder / "before.sqlite")]
            subprocess.run([*before_aplan, "demo"], check=True, env=before_env, cwd=before, stdout=subprocess.DEVNULL)
            commands["aplan pdf, the code before"] = ([*before_aplan, *pdf, str(folder / "before.pdf")], before_env,
                                                      before)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice:
            commands["LibreOffice .docx → PDF"] = ([
                soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                "pdf", "--outdir", str(folder / "lo"), str(folder / "s001.docx")], env, ROOT)
        else:
            print("LibreOffice (soffice) is not installed: no comparison with it")
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for name, command in commands.items():  # the first run writes bytecode and LibreOffice's profile
            run(*command)
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(run(*command))
        pages = {name: len(PdfReader(folder / name).pages) for name in ("aplan.pdf", "plain.pdf")}
        print(f"pages: aplan {pages['aplan.pdf']}, plain ReportLab script {pages['plain.pdf']}; "
              f"load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for name, values in times.items():
            walls, cpus = [w for w, _ in values], [c for _, c in values]
            print(f"{name}: median {statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}, "
                  f"{len(values)} runs); processor time median {statistics.median(cpus):.3f} s")
        for what, index in (("wall time", 0), ("processor time", 1)):
            for name in [n for n in commands if n.startswith("aplan pdf")]:
                _ratios(what, name, [t[index] for t in times[name]],
                        {other: [t[index] for t in values] for other, values in times.items() if other != name})
        if args.imports:
            imports(commands["aplan pdf s001-report"][0], env)
            imports(commands["plain ReportLab script"][0], env)


def _ratios(what: str, name: str, own: list[float], others: dict[str, list[float]]) -> None:
    """The per-round ratios of one aplan command: to the plain script, LibreOffice's to it, and
    to the code before."""
    def line(label: str, ratios: list[float], goal: str, digits: int) -> None:
        print(f"{what}: {label}, per round: median {statistics.median(ratios):.{digits}f} "
              f"(range {min(ratios):.{digits}f}–{max(ratios):.{digits}f}{goal})")
    line(f"{name} ÷ plain ReportLab script", [a / b for a, b in zip(own, others["plain ReportLab script"])],
         "; goal ≤ 1.15", 2)
    if "LibreOffice .docx → PDF" in others:
        line(f"LibreOffice ÷ {name}", [b / a for a, b in zip(own, others["LibreOffice .docx → PDF"])], "; goal ≥ 4", 1)
    if name != "aplan pdf, the code before" and "aplan pdf, the code before" in others:
        line(f"{name} ÷ the code before", [a / b for a, b in zip(own, others["aplan pdf, the code before"])], "", 2)


if __name__ == "__main__":
    main()
