"""The consolidation of one plan carried out by many bodies: an aimag's plan of the demo (seed 003's
integrity plan, 17 measures) reported on by N bodies, stored in a real data file; the time to
gather it from the file, and to write it as PDF, .xlsx and .docx, with the pages and sizes.
Run: `python benchmarks/plan_consolidation_bench.py [--bodies 30 330]`."""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.model import Entry, Organisation, OrganisationKind, Report, ReportStatus  # noqa: E402
from aplan_desktop.core.circulars import Circular  # noqa: E402
from aplan_desktop.core.periods import Period  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.plan_consolidation import plan_consolidation_for  # noqa: E402
from aplan_desktop.printing import write_plan_consolidation  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402
from aplan_desktop.storage.circulars import CircularRecords  # noqa: E402

PLAN = "s003-plan"


def data_file(folder: Path, count: int) -> tuple[Store, str]:
    """The demo, its aimag's integrity plan marked as a circular, and `count` bodies' reports on it."""
    store = Store.open(folder / "aimag.sqlite")
    load_demo(store)
    plan = store.plan(PLAN)
    office = plan.organisation
    CircularRecords(store).save(Circular(PLAN, revision=1), "sent")
    with store.transaction():
        for n in range(count):
            body = Organisation(f"soum-{n}", f"Сум {n:04d} Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                                parent_id=office.id)
            store.save_organisation(body)
            entries = [Entry(m.id, f"{m.number}: сургалт зохион байгуулж, {40 + n % 60} албан хаагч хамрагдсан. "
                             * 3, 50 + (n * 7 + i) % 51) for i, m in enumerate(plan.measures())]
            store.save_report(Report(f"r-{n}", PLAN, Period.H1, entries, ReportStatus.SENT,
                                     organisation_id=body.id))
    return store, office.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bodies", type=int, nargs="+", default=(30, 330))
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    for count in args.bodies:
        with tempfile.TemporaryDirectory() as tmp:
            store, office = data_file(Path(tmp), count)
            start = time.perf_counter()
            c = plan_consolidation_for(store, office, PLAN, Period.H1)
            gathered = time.perf_counter() - start
            line = [f"{count} bodies, {len(c.plan.measures())} measures: gathered in {gathered:.2f} s"]
            for suffix in (".pdf", ".xlsx", ".docx"):
                path = Path(tmp) / f"c{suffix}"
                start = time.perf_counter()
                pages = write_plan_consolidation(store, office, PLAN, Period.H1, path)
                took = time.perf_counter() - start
                line.append(f"{suffix} {took:.2f} s, {path.stat().st_size // 1000} kB"
                            + (f", {pages} pages" if pages else ""))
            store.close()
            print("; ".join(line))


if __name__ == "__main__":
    main()
