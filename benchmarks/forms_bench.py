"""PDF figures: time and pages per second for the seed 001 report, for reports of 200 and 1000
measures, and for seed 000's report with one result of 10, 50 and 100 KB, to show that time
grows in step with size, in the number of rows and in the length of one cell alike. Times are
the process's CPU time, the median of a few prints.
`--no-accelerator` runs without ReportLab's C accelerator (rl_accel), to show what it gives.
Run: `python benchmarks/forms_bench.py [--no-accelerator]`."""

from __future__ import annotations

import copy
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--no-accelerator" in sys.argv:
    sys.modules["_rl_accel"] = None  # ReportLab falls back to its Python code

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


SENTENCE = ("Сумын Засаг даргын Тамгын газар Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран иргэдэд "
            "зориулсан сургалт зохион байгуулж, 120 гаруй иргэнийг хамруулсан. ")


def with_long_result(report, plan, size: int):
    """The report with its second result `size` letters long, in one paragraph (the hardest case)."""
    report = copy.deepcopy(report)
    text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    report.entries[1].result = text
    return report, plan


def measure(report, plan, repeat: int) -> tuple[float, int]:
    times, pages = [], 0
    for _ in range(repeat):
        start = time.process_time()  # CPU time: on a shared machine, what others run weighs less on it
        _, pages = render_report(report, plan)
        times.append(time.process_time() - start)
    return statistics.median(times), pages


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "demo.sqlite")
        load_demo(store)
        report = store.report("s001-report")
        plan = store.plan(report.plan_id)
        short = store.report("s000-report")
        short_plan = store.plan(short.plan_id)
        store.close()
    accelerated = sys.modules.get("_rl_accel") is not None
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"ReportLab's C accelerator: {'yes' if accelerated else 'no'}")
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
    for size in (10_000, 50_000, 100_000):
        seconds, pages = measure(*with_long_result(short, short_plan, size), 3)
        print(f"seed 000 report with one result of {size // 1000} KB: {pages} pages, {seconds:.3f} s, "
              f"{seconds / size * 1e6:.1f} µs per letter")


if __name__ == "__main__":
    main()
