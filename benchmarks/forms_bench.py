"""PDF figures: time and pages per second for the seed 001 report, and for reports of 200 and
1000 measures, to show that time grows in step with size. Run: `python benchmarks/forms_bench.py`."""

from __future__ import annotations

import copy
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.model import Objective  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.forms.report_form import render_report  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402


def scaled(report, plan, measures: int):
    """The seed 001 report grown to `measures` measures by repeating its own measures and results."""
    plan, report = copy.deepcopy(plan), copy.deepcopy(report)
    source = [(o, m) for o in plan.objectives for m in o.measures]
    by_measure = {e.measure_id: e for e in report.entries}
    objectives, entries = [], []
    for i in range(measures):
        objective, measure = source[i % len(source)]
        if i % 10 == 0:
            objectives.append(Objective(f"o{i}", str(i // 10 + 1), objective.text))
        m = copy.deepcopy(measure)
        m.id, m.number = f"m{i}", f"{i // 10 + 1}.{i % 10 + 1}"
        objectives[-1].measures.append(m)
        if measure.id in by_measure:
            e = copy.deepcopy(by_measure[measure.id])
            e.measure_id = m.id
            entries.append(e)
    plan.objectives, report.entries = objectives, entries
    return report, plan


def measure(report, plan, repeat: int) -> tuple[float, int]:
    times, pages = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        _, pages = render_report(report, plan)
        times.append(time.perf_counter() - start)
    return statistics.median(times), pages


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "demo.sqlite")
        load_demo(store)
        report = store.report("s001-report")
        plan = store.plan(report.plan_id)
        store.close()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    start = time.perf_counter()
    render_report(report, plan)  # the first print also loads and parses the fonts
    print(f"first print after start (fonts loaded): {time.perf_counter() - start:.3f} s")
    cases = [("seed 001 report", report, plan, 9)]
    cases += [(f"{n}-measure report", *scaled(report, plan, n), 3) for n in (200, 1000)]
    for name, r, p, repeat in cases:
        seconds, pages = measure(r, p, repeat)
        count = sum(len(o.measures) for o in p.objectives)
        print(f"{name}: {count} measures, {pages} pages, {seconds:.3f} s, {pages / seconds:.0f} pages/s, "
              f"{seconds / count * 1000:.2f} ms per measure")


if __name__ == "__main__":
    main()
