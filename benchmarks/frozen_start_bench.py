"""The frozen build's start (dist/aplan, made by `make dist`), cold and warm: from starting
`aplan` on the demo data (the seed 001 report open) until its window is on an X screen (Xvfb),
and `aplan-cli list` as a whole process. Cold is after the system's page cache is dropped (as
after a reboot: every file of the one-folder build read from the disk again), which needs root;
warm is the same start again at once. Cold and warm are taken in turns, round after round.
Run: `python benchmarks/frozen_start_bench.py [--rounds 5] [--dist dist/aplan]` (Linux, as root,
with Xvfb and xdotool)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gui_bench import window_database  # noqa: E402

DISPLAY = ":93"


def drop_page_cache() -> None:
    subprocess.run(["sync"], check=True)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def _window_shown(env: dict[str, str]) -> bool:
    """Whether a window of aplan is visible on the benchmark's own X screen (nothing else runs there)."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^aplan"], env=env,
                           capture_output=True, text=True)
    return bool(found.stdout.strip())


def window_start(program: Path, db: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the windowed program until its window is visible (polled every
    10 ms), and its peak memory in MB by then (it is ended at once)."""
    errors = db.parent / "window-errors.txt"
    start = time.perf_counter()
    child = subprocess.Popen([str(program), "--db", str(db)], env=env, stdout=subprocess.DEVNULL,
                             stderr=errors.open("w"))
    try:
        while not _window_shown(env):
            if child.poll() is not None:
                raise RuntimeError(f"{program} ended with {child.returncode} before its window showed: "
                                   + errors.read_text()[-2000:])
            if time.perf_counter() - start > 120:
                raise RuntimeError(f"{program} showed no window in 120 s")
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
    finally:
        if child.returncode is None:
            os.kill(child.pid, signal.SIGTERM)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = status  # reaped above
    return elapsed, usage.ru_maxrss / 1024


def cli_run(program: Path, db: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(program), "--db", str(db), "list"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _summary(name: str, values: list[float]) -> str:
    return (f"{name}: median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f}, "
            f"{len(values)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dist", type=Path, default=ROOT / "dist" / "aplan")
    args = ap.parse_args()
    dist = args.dist.resolve()
    exe = ".exe" if sys.platform == "win32" else ""
    gui, cli = dist / f"aplan{exe}", dist / f"aplan-cli{exe}"
    if not gui.exists():
        raise SystemExit(f"{gui} is missing: build it first (make dist)")
    if os.geteuid() != 0 or not shutil.which("Xvfb") or not shutil.which("xdotool"):
        raise SystemExit("needs root (to drop the page cache), Xvfb and xdotool")
    files = [f for f in dist.rglob("*") if f.is_file() and not f.is_symlink()]
    size = sum(f.stat().st_size for f in files)
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, {os.cpu_count()} cores; "
          f"build {dist} ({size / 1e6:.0f} MB, {len(files)} files); "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = window_database(folder)
        (folder / "home").mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(folder / "home"), "TMPDIR": str(folder), "LC_ALL": "C.UTF-8",
               "DISPLAY": DISPLAY, "APLAN_CONFIG": str(folder / "config.json")}
        screen = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode:
                time.sleep(0.1)  # the screen is not up yet
            window_start(gui, db, env)  # the first start sets up what later starts find
            times: dict[str, list[float]] = {k: [] for k in ("window cold", "window warm", "cli cold", "cli warm")}
            memory = []
            for _ in range(args.rounds):
                drop_page_cache()
                times["window cold"].append(window_start(gui, db, env)[0])
                warm, peak = window_start(gui, db, env)
                times["window warm"].append(warm)
                memory.append(peak)
                drop_page_cache()
                times["cli cold"].append(cli_run(cli, db, env))
                times["cli warm"].append(cli_run(cli, db, env))
        finally:
            screen.terminate()
            screen.wait(timeout=30)
    for name, values in times.items():
        print(_summary(name, values))
    print(f"peak memory of the windowed program when its window shows: median {statistics.median(memory):.0f} MB "
          f"(min {min(memory):.0f}, max {max(memory):.0f})")
    for what in ("window", "cli"):
        ratios = [c / w for c, w in zip(times[f"{what} cold"], times[f"{what} warm"])]
        print(f"{what}: cold ÷ warm, per round: median {statistics.median(ratios):.2f} "
              f"(range {min(ratios):.2f}–{max(ratios):.2f})")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
