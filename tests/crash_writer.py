"""A child process for test_crash.py (a script, not a test): save and save again until killed.

    python tests/crash_writer.py DB_PATH FIRST_NUMBER SEED

It opens the Store on DB_PATH (which must already hold the demo documents) and loops:
mostly `Store.save_entry` of one result, now and then a whole `save_report` that changes a
few results at once, now and then a `save_plan` that changes the plan's title and one
measure's text. Every text it writes is `make_text(n, doc_id, key)` for a sequence number n
that is never used twice (FIRST_NUMBER grows from one run to the next), so the test can tell
from a text alone which save wrote it and whether it is whole.

For each operation it prints, and flushes, one line per text before calling the Store and
one line per text after the call has returned (= committed):

    INTENT <n> <doc_id> <key> <sha256 of the text>
    ACK <n> <doc_id> <key> <sha256 of the text>

`doc_id` is the report id and `key` the measure id for a result; for a plan they are the
plan id and "title" or "measure:<measure id>". "READY" is printed once the Store is open.
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script from anywhere: find the package beside tests/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aplan_desktop.core.model import Entry  # noqa: E402

# Mongolian Cyrillic (with Ө and Ү), some Latin, digits and punctuation, and line breaks.
_LETTERS = ("абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү"
            "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӨҮ"
            "abcdefghijklmnopqrstuvwxyz0123456789")
_FILLER = _LETTERS + "     ,.;:-–“”()%№\n"
_PREFIX = {"result": "Үр дүн", "title": "Төлөвлөгөө", "measure": "Арга хэмжээ"}
TEXT_PATTERN = re.compile(r"^(Үр дүн|Төлөвлөгөө|Арга хэмжээ) #(\d+) \[([^|\]]+)\|([^\]]+)\] ")


def _kind(key: str) -> str:
    return "title" if key == "title" else "measure" if key.startswith("measure:") else "result"


def make_text(n: int, doc_id: str, key: str) -> str:
    """The one text save number n writes under (doc_id, key): the same on every call."""
    rng = random.Random(n)
    kind = _kind(key)
    if kind == "title":
        length = rng.randint(0, 200)
    elif rng.random() < 0.3:
        length = rng.randint(600, 6000)  # longer than a page: overflow pages
    else:
        length = rng.randint(0, 600)
    filler = "".join(rng.choices(_FILLER, k=length))
    return f"{_PREFIX[kind]} #{n} [{doc_id}|{key}] {filler} ■{n}"


def parse_text(text: str) -> tuple[int, str, str] | None:
    """(n, doc_id, key) of a text this script wrote, or None for any other text."""
    match = TEXT_PATTERN.match(text)
    return (int(match.group(2)), match.group(3), match.group(4)) if match else None


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _say(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()


def main(db_path: str, first: int, seed: str) -> None:
    from aplan_desktop.storage import Store

    rng = random.Random(f"{seed}/{first}")
    store = Store.open(db_path)
    reports = [r[0] for r in store.db.execute("SELECT id FROM reports ORDER BY id")]
    plan_of = {r: store.report(r).plan_id for r in reports}
    measures = {p: [m.id for m in store.plan(p).measures()] for p in set(plan_of.values())}
    _say(["READY"])
    n = first
    while True:
        report_id = rng.choice(reports)
        plan_id = plan_of[report_id]
        roll = rng.random()
        if roll < 0.80:  # the editor's autosave: one result
            measure_id = rng.choice(measures[plan_id])
            text = make_text(n, report_id, measure_id)
            entry = store.report(report_id).entry(measure_id) or Entry(measure_id=measure_id)
            entry.result = text
            entry.percent = rng.choice([None, 0, 30, 50, 70, 90, 100])
            changes = [(n, report_id, measure_id, text)]
            _say([f"INTENT {n} {report_id} {measure_id} {sha(text)}"])
            store.save_entry(report_id, entry)
        elif roll < 0.93:  # the whole report at once: several results, all or none
            report = store.report(report_id)
            changes = []
            for i, measure_id in enumerate(rng.sample(measures[plan_id], rng.randint(1, 4))):
                text = make_text(n + i, report_id, measure_id)
                entry = report.entry(measure_id)
                if entry is None:
                    entry = Entry(measure_id=measure_id)
                    report.entries.append(entry)
                entry.result = text
                changes.append((n + i, report_id, measure_id, text))
            _say([f"INTENT {c[0]} {c[1]} {c[2]} {sha(c[3])}" for c in changes])
            store.save_report(report)
        else:  # the plan: its title and one measure's text
            plan = store.plan(plan_id)
            measure = rng.choice(plan.measures())
            plan.title = make_text(n, plan_id, "title")
            measure.text = make_text(n + 1, plan_id, f"measure:{measure.id}")
            changes = [(n, plan_id, "title", plan.title), (n + 1, plan_id, f"measure:{measure.id}", measure.text)]
            _say([f"INTENT {c[0]} {c[1]} {c[2]} {sha(c[3])}" for c in changes])
            store.save_plan(plan)
        _say([f"ACK {c[0]} {c[1]} {c[2]} {sha(c[3])}" for c in changes])
        n += len(changes)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
