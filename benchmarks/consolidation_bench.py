"""Consolidated PDF figures: the aimag's consolidated report of 165 and of 1000 bodies (each the
seed 000 second-half report under its own name), time and pages per second, and the ratio of
the 1000-body time to six times the 165-body time (1.0 = time in step with size).
Run: `python benchmarks/consolidation_bench.py [--bodies 165 1000] [--rounds 3] [--profile N]`.
The sizes are timed in turns (small, large, small, large, …) so that other work on a shared
machine weighs on both alike; `--profile N` prints cProfile's top functions for N bodies."""

from __future__ import annotations

import argparse
import copy
import cProfile
import platform
import pstats
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.consolidation import Consolidation, consolidate  # noqa: E402
from aplan_desktop.core.model import Organisation, OrganisationKind  # noqa: E402
from aplan_desktop.core.periods import Period  # noqa: E402
from aplan_desktop.core.timeliness import Timing  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.forms.consolidated_form import render_consolidated  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402


def bodies(count: int) -> Consolidation:
    """`count` soums that each sent the seed 000 second-half report, one in ten of them late."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "demo.sqlite")
        load_demo(store)
        plan, _, report = store.load_document("s000-report")
        store.close()
    aimag = Organisation("aimag", "Өвөрхангай аймаг", OrganisationKind.AIMAG)
    expected, reports = [], {}
    for n in range(count):
        org = Organisation(f"soum-{n}", f"Сум {n:04d} Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                           parent_id="aimag")
        p, r = copy.deepcopy(plan), copy.deepcopy(report)
        p.organisation = org
        for e in r.entries:
            e.percent = 50 + (n * 7 + len(e.result)) % 51
        expected.append(org)
        sent = date(2025, 1, 10 if n % 10 else 25)
        reports[org.id] = (p, r, Timing(sent, sent))
    return consolidate(aimag, 2024, Period.H2, date(2025, 1, 15), expected, reports)


def timed(c: Consolidation) -> tuple[tuple[float, float], int]:
    """(wall time, processor time) of rendering, and the pages. The processor time is what the
    rendering itself took, whatever else the machine was doing meanwhile."""
    start, cpu = time.perf_counter(), time.process_time()
    _, pages = render_consolidated(c)
    return (time.perf_counter() - start, time.process_time() - cpu), pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bodies", type=int, nargs=2, default=(165, 1000), metavar=("SMALL", "LARGE"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", type=int, metavar="N")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    if args.profile:
        c = bodies(args.profile)
        timed(c)  # fonts loaded
        profile = cProfile.Profile()
        profile.runcall(render_consolidated, c)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return
    small, large = (bodies(n) for n in args.bodies)
    timed(small)  # the first print also loads the fonts
    times: dict[int, list[tuple[float, float]]] = {n: [] for n in args.bodies}
    pages: dict[int, int] = {}
    for _ in range(args.rounds):
        for n, c in zip(args.bodies, (small, large)):
            seconds, pages[n] = timed(c)
            times[n].append(seconds)
    factor = args.bodies[1] / args.bodies[0]
    for what, index in (("wall time", 0), ("processor time", 1)):
        for n in args.bodies:
            values = [t[index] for t in times[n]]
            median = statistics.median(values)
            print(f"{n} bodies, {what}: {pages[n]} pages, median {median:.2f} s "
                  f"(of {', '.join(f'{t:.2f}' for t in values)}), {pages[n] / median:.0f} pages/s")
        s, l = (statistics.median(t[index] for t in times[n]) for n in args.bodies)
        print(f"{what}: {args.bodies[1]} bodies ÷ ({factor:.2f} × {args.bodies[0]} bodies) = {l / (factor * s):.2f} "
              f"(goal ≤ 1.2 at 1000 ÷ 6 × 165)")

if __name__ == "__main__":
    main()
