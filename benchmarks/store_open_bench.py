"""A read-only start of the store as a whole process: Python starts, imports the storage, opens
the demo data file and reads the seed 001 report with its plan and the list of documents, as
the window's start and `aplan pdf` do. With `--before DIR` (another copy of the code, e.g. the
code before a change, unpacked with `git archive REV | tar -x -C DIR`) the two run in turns,
so that other work on a shared machine weighs on both alike; each child's own processor time
and peak memory, and the ratios within each round. `-X importtime` then shows what the storage
and the libraries it may load cost in each.

With `--big`, the process opens instead the database of `store_bench.py` (50 organisations × 10
years, about 75 MB), reads one report and closes it, and a third child runs this code with the
record of the last whole check removed before each run, so that it reads the file through
(`aplan_desktop/storage/whole_check.py`): the opening when the check is due. With `--cold`
the data file's pages are dropped from the system's cache before each child (Linux), so that it
is read from the disk, as at the first start after a boot; Python's own files stay cached.
Run: `python benchmarks/store_open_bench.py [--before DIR] [--rounds 20] [--big] [--cold]`."""

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

from aplan_desktop.storage.whole_check import record_path  # noqa: E402

READ = """
import sys
from aplan_desktop.storage import Store
store = Store.open(sys.argv[1])
plan, parent, report = store.load_document("s001-report")
assert report.entries and store.documents()
store.close()
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""

READ_BIG = """
import sys
from aplan_desktop.storage import Store
store = Store.open(sys.argv[1])
assert store.report(sys.argv[2]).entries
store.close()
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""
DUE = "this code, check due"

# What the read path may load, by top module: the storage itself and sqlite-utils with its imports.
WATCHED = ("aplan_desktop.storage", "sqlite_utils", "click", "pluggy", "dateutil")


def child(tree: Path, read: list[str], env: dict[str, str], importtime: bool = False
          ) -> tuple[float, float, float, str]:
    """Wall time, processor time (user and system) and peak memory in MB of one child reading
    with the code of `tree` (`read`: the script and its arguments), and its stderr. The peak is
    the child's own (Linux's VmHWM): the resource usage's would count the pages of this process,
    which the child was forked from."""
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-c", *read]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=tree, env={**env, "PYTHONPATH": str(tree)}, stdout=out, stderr=err,
                                   text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = 0  # reaped above
        out.seek(0), err.seek(0)
        peak_kb, errors = out.read(), err.read()
    assert status == 0, errors
    return elapsed, usage.ru_utime + usage.ru_stime, int(peak_kb) / 1024, errors


def import_times(errors: str) -> dict[str, float]:
    """The cumulative import time in ms of each watched module that was loaded."""
    found = {}
    for line in errors.splitlines():
        if line.startswith("import time:"):
            _, cumulative, name = line[len("import time:"):].split("|")
            if name.strip() in WATCHED and cumulative.strip().isdigit():
                found[name.strip()] = int(cumulative) / 1000
    return found


def demo_database(folder: Path) -> Path:
    from aplan_desktop.documents import load_demo
    from aplan_desktop.storage import Store

    path = folder / "demo.sqlite"
    store = Store.open(path)
    load_demo(store)
    store.close()
    return path


def big_database(folder: Path) -> tuple[Path, str]:
    """The database of store_bench.py, and a report in it."""
    from store_bench import build

    path = folder / "big.sqlite"
    report_id, _ = build(path, 50, 10)
    return path, report_id


def forget_cached(path: Path) -> None:
    """The file's pages out of the system's cache: the next reading comes from the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, help="another copy of the code, run in turns with this one")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--big", action="store_true", help="open a database of about 75 MB instead of the demo's")
    ap.add_argument("--cold", action="store_true", help="the data file read from the disk by each child")
    args = ap.parse_args()
    trees = {"this code": ROOT, **({"before": args.before.resolve()} if args.before else {}),
             **({DUE: ROOT} if args.big else {})}
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; load average at the start {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.big:
            db, report_id = big_database(Path(tmp))
            read = [READ_BIG, str(db), report_id]
            print(f"database: {db.stat().st_size / 1024 / 1024:.1f} MB")
        else:
            db = demo_database(Path(tmp))
            read = [READ, str(db)]
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "APLAN_DB")}
        runs: dict[str, list[tuple[float, float, float, str]]] = {name: [] for name in trees}
        for name, tree in trees.items():  # the first runs write the bytecode
            child(tree, read, {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / name)})
        for _ in range(args.rounds):
            for name, tree in trees.items():
                if name == DUE:
                    record_path(db).unlink(missing_ok=True)
                if args.cold:
                    forget_cached(db)
                runs[name].append(child(tree, read, {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / name)}))
        for name, found in runs.items():
            print(f"{name}: wall median {statistics.median(r[0] for r in found) * 1000:.0f} ms, processor time "
                  f"median {statistics.median(r[1] for r in found) * 1000:.0f} ms "
                  f"(min {min(r[1] for r in found) * 1000:.0f}), peak memory median "
                  f"{statistics.median(r[2] for r in found):.1f} MB")
        if args.before:
            for what, index in (("wall time", 0), ("processor time", 1), ("peak memory", 2)):
                ratios = [a[index] / b[index] for a, b in zip(runs["this code"], runs["before"])]
                print(f"{what}: this code ÷ before, per round: median {statistics.median(ratios):.2f} "
                      f"(range {min(ratios):.2f}–{max(ratios):.2f})")
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        for name, tree in [(name, tree) for name, tree in trees.items() if name != DUE]:
            found = import_times(child(tree, read, {**env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / name)}, True)[3])
            print(f"-X importtime, {name}: " + ", ".join(
                f"{top} {found[top]:.1f} ms" if top in found else f"{top} not loaded" for top in WATCHED))


if __name__ == "__main__":
    main()
