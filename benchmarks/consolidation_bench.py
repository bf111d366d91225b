"""Consolidated PDF figures: the aimag's consolidated report of 165 and of 1000 bodies (each the
seed 000 second-half report under its own name), time and pages per second, the garbage
collector's share (its full passes and the time in it), and the ratio of the 1000-body time to
six times the 165-body time (1.0 = time in step with size).
Run: `python benchmarks/consolidation_bench.py [--bodies 165 1000] [--rounds 3] [--before DIR] [--profile N]`.
Each print is timed in a process of its own, as the program makes it (the bodies made, a small
report printed first to load the fonts), the small and the large one in turns, round after
round; with `--before DIR` the code of another checkout (the code before a change) takes its
turn in every round, so that other work on a shared machine weighs on both alike. `--profile N` prints cProfile's top functions for
N bodies."""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "--child" not in sys.argv:  # a child runs the code its PYTHONPATH names
    sys.path.insert(0, str(ROOT))

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


class Collector:
    """The garbage collector's passes while it is attached: full passes, and processor time in
    all of them."""

    def __init__(self) -> None:
        self.full, self.seconds, self._start = 0, 0.0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
            return
        self.seconds += time.process_time() - self._start
        self.full += info["generation"] == 2


def timed(c: Consolidation) -> dict:
    """Wall and processor time of rendering, the pages, and the collector's part. The processor
    time is what the rendering itself took, whatever else the machine was doing meanwhile."""
    collector = Collector()
    gc.callbacks.append(collector)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        _, pages = render_consolidated(c)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        gc.callbacks.remove(collector)
    return {"wall": wall, "cpu": cpu, "pages": pages, "full": collector.full, "gc": collector.seconds}


def child(size: int) -> None:
    """One print in a process of its own, as the program makes it (one consolidation in memory),
    printed as JSON."""
    c = bodies(size)
    render_consolidated(bodies(3))  # the first print also loads the fonts
    print(json.dumps(timed(c)))


def run(code: Path, size: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, __file__, "--child", str(size)], env=env, cwd=code,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def report(name: str, sizes: list[int], rounds: list[list[dict]]) -> dict[int, float]:
    """Print one checkout's figures; return its median processor time per size."""
    small, large = sizes
    factor = large / small
    medians = {}
    print(name)
    for index, n in enumerate(sizes):
        runs = [r[index] for r in rounds]
        cpu, wall = (statistics.median(run[key] for run in runs) for key in ("cpu", "wall"))
        medians[n] = cpu
        each = ", ".join(f"{run['cpu']:.2f}" for run in runs)
        print(f"  {n} bodies, {runs[0]['pages']} pages: processor time median {cpu:.2f} s "
              f"(of {each}), {runs[0]['pages'] / cpu:.0f} pages/s; "
              f"wall time median {wall:.2f} s")
        print(f"    collector: {', '.join(str(run['full']) for run in runs)} full passes, "
              f"{statistics.median(run['gc'] for run in runs):.2f} s in all its passes (median)")
    ratios = [r[1]["cpu"] / (factor * r[0]["cpu"]) for r in rounds]
    print(f"  processor time: {large} bodies ÷ ({factor:.2f} × {small} bodies) = "
          f"{medians[large] / (factor * medians[small]):.2f} of the medians; per round "
          f"{', '.join(f'{r:.2f}' for r in ratios)} (goal ≤ 1.2 at 1000 ÷ 6 × 165)")
    return medians


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bodies", type=int, nargs=2, default=(165, 1000), metavar=("SMALL", "LARGE"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", type=Path, metavar="DIR", help="a checkout of the code before, run in the same rounds")
    ap.add_argument("--profile", type=int, metavar="N")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"load average at the start {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.profile:
        c = bodies(args.profile)
        timed(c)  # fonts loaded
        profile = cProfile.Profile()
        profile.runcall(render_consolidated, c)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return
    sizes = list(args.bodies)
    codes = {"this checkout": ROOT} | ({"the code before": args.before.resolve()} if args.before else {})
    results: dict[str, list[list[dict]]] = {name: [] for name in codes}
    for _ in range(args.rounds):
        for name, code in codes.items():
            results[name].append([run(code, n) for n in sizes])
    medians = {name: report(name, sizes, rounds) for name, rounds in results.items()}
    if args.before:
        for n in sizes:
            print(f"{n} bodies, processor time: this checkout ÷ the code before = "
                  f"{medians['this checkout'][n] / medians['the code before'][n]:.2f}")
    print(f"load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
