"""Store figures for a large aimag: 10 years × 50 organisations of plans and reports.

Prints the time to open the database, to load one report with its plan, to save one entry
(the editor's autosave), to search, and the file size. Run: `make bench` (or
`python benchmarks/store_bench.py [--orgs 50] [--years 10] [--keep FILE]`).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.model import Entry, Organisation, OrganisationKind, Person, Report, ReportStatus  # noqa: E402
from aplan_desktop.core.periods import Period  # noqa: E402
from aplan_desktop.core.templates import list_templates, plan_from_template  # noqa: E402
from aplan_desktop.resources import templates_dir  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402

RESULT = ("Авлигын эсрэг хууль тогтоомжийг сурталчлах ажлын хүрээнд {n} удаагийн сургалт зохион байгуулж, "
          "нийт {m} албан хаагч, иргэнийг хамруулсан. Мэдээллийг цахим хуудас, олон нийтийн сүлжээ, "
          "мэдээллийн самбараар дамжуулан түгээж, Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран ажилласан. ") * 3


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and worst time of `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def build(path: Path, orgs: int, years: int) -> tuple[str, str]:
    template = {t.key: t for t in list_templates(templates_dir())}["atg-model"]
    aimag = Organisation(id="aimag", name="Өвөрхангай аймаг", kind=OrganisationKind.AIMAG)
    store = Store.open(path)
    store.save_organisation(aimag)
    sample_report = sample_measure = ""
    for o in range(orgs):
        org = Organisation(id=f"soum-{o}", name=f"Сум {o} Засаг даргын Тамгын газар", kind=OrganisationKind.SOUM,
                           parent_id=aimag.id)
        for year in range(2016, 2016 + years):
            plan = plan_from_template(template, org, year)
            with store.transaction():
                store.save_plan(plan, aimag)
                for period in (Period.H1, Period.H2):
                    report = Report(id=f"{plan.id}-{period.value}", plan_id=plan.id, period=period,
                                    status=ReportStatus.FINAL, prepared_by=Person("ЗДТГ-ЫН ДАРГА", "Н. БАТ"),
                                    entries=[Entry(m.id, RESULT.format(n=i, m=i * 7), 70 + (i * 10) % 40)
                                             for i, m in enumerate(plan.measures())])
                    store.save_report(report)
                    sample_report, sample_measure = report.id, plan.measures()[3].id
    store.close()
    return sample_report, sample_measure


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=50)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--keep", type=Path, help="keep the database at this path")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        path.unlink(missing_ok=True)
        start = time.perf_counter()
        report_id, measure_id = build(path, args.orgs, args.years)
        build_s = time.perf_counter() - start

        def open_close():
            Store.open(path).close()

        open_ms = timed(open_close, 20)
        store = Store.open(path)
        counts = {t: store.db[t].count for t in ("plans", "reports", "measures", "entries")}
        load_ms = timed(lambda: (store.report(report_id), store.plan(store.report(report_id).plan_id)), 50)
        typed = iter(range(10**6))
        save_ms = timed(lambda: store.save_entry(report_id, Entry(measure_id, RESULT.format(n=next(typed), m=1), 90)),
                        50)
        search_ms = timed(lambda: store.search("Үйлчилгээний төвтэй"), 20)
        list_ms = timed(store.documents, 10)
        store.close()
        size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    print(f"database: {args.orgs} organisations × {args.years} years: {counts['plans']} plans, "
          f"{counts['reports']} reports, {counts['measures']} measures, {counts['entries']} entries")
    print(f"build (one transaction per plan with its two reports): {build_s:.1f} s")
    for name, (median, worst) in (("open database", open_ms), ("load one report with its plan", load_ms),
                                  ("save one entry (autosave)", save_ms), ("full-text search", search_ms),
                                  ("list all documents", list_ms)):
        print(f"{name}: median {median:.1f} ms, worst {worst:.1f} ms")
    print(f"file size: {size / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
