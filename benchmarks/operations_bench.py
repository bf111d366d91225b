"""The operations layer's jobs, timed as the window and the command line run them.

On a data file with the demo documents and N more plans of this office (default 300), prints
the median time of: setting up the office with this year's plan, starting a plan from the
template, starting a report, an approval refused with its problems, reopening with a reason,
one navigator line (`document_summary`) against the whole list (`documents`), and the
soum → aimag exchange (export, register, check, import). Run:
`python benchmarks/operations_bench.py [--plans 300] [--runs 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.errors import UserError  # noqa: E402
from aplan_desktop.core.model import OrganisationKind, Person  # noqa: E402
from aplan_desktop.core.periods import Period  # noqa: E402
from aplan_desktop.operations import OfficeDetails, Operations  # noqa: E402

SOUM = OfficeDetails("Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM, "aimag-ovorkhangai",
                     preparer=Person("ЗДТГ-ЫН ДАРГА", "Н. БАТ-ЭРДЭНЭ"))
AIMAG = OfficeDetails("Өвөрхангай аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG, "aimag-ovorkhangai")


def timed(runs: int, job) -> float:
    """The median of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def refused(job) -> None:
    try:
        job()
    except UserError:
        return
    raise AssertionError("not refused")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ops = Operations.open(folder / "soum.sqlite")
        ops.load_demo()
        template = ops.plan_sources()[0]
        print(f"set up the office with this year's plan: {timed(1, lambda: ops.setup_office(SOUM, template)):.1f} ms")
        print(f"a plan from the template: {timed(args.runs, lambda: ops.create_plan(template, 2025)):.1f} ms")
        for i in range(args.plans):
            ops.create_plan(template, 2000 + i % 100)
        plan_id = ops.settings.last_place.doc
        docs = len(ops.documents())
        print(f"data file: {docs} documents")
        print(f"a report on a {len(ops.plan(plan_id).measures())}-measure plan: "
              f"{timed(1, lambda: ops.create_report(plan_id, Period.H1)):.1f} ms")
        print(f"an approval refused with its problems: {timed(args.runs, lambda: refused(lambda: ops.approve(plan_id))):.1f} ms")
        print(f"reopening a report with a reason: {timed(args.runs, lambda: ops.reopen('s000-report', 'Засвар')):.1f} ms")
        print(f"one navigator line (document_summary): {timed(args.runs * 4, lambda: ops.document_summary(plan_id)):.2f} ms")
        print(f"the whole navigator list (documents): {timed(args.runs, ops.documents):.1f} ms")
        ops.close()

        soum = Operations.open(folder / "bundle-soum.sqlite")
        soum.load_demo(home="org-bat-olzii")
        result, _ = soum.export("s000-report", folder / "mail")
        fingerprint = soum.own_fingerprint()
        soum.close()
        aimag = Operations.open(folder / "aimag.sqlite")
        aimag.setup_office(AIMAG)
        print(f"register a sender: {timed(1, lambda: aimag.register_sender(result.path, fingerprint)):.1f} ms")
        print(f"check one bundle: {timed(args.runs, lambda: aimag.check_import([result.path])):.1f} ms")
        items = aimag.check_import([result.path])
        print(f"import it (with the backup before): {timed(1, lambda: aimag.import_checked(items)):.1f} ms")
        aimag.close()


if __name__ == "__main__":
    main()
