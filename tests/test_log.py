"""The log beside the data file: each command's start is written to it, and a log past its
limit is rotated when the next command starts, the three newest old logs kept."""

from __future__ import annotations

from aplan_desktop.log import KEEP, MAX_BYTES, log_path
from conftest import run_aplan


def test_a_log_under_its_limit_is_added_to(demo_store, db_path):
    demo_store.close()
    log = log_path(db_path)
    log.write_text("earlier start\n", encoding="utf-8")
    assert run_aplan("list", db=db_path).returncode == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier start\n") and "start: aplan" in text and "(list)" in text
    assert not log.with_name(log.name + ".1").exists()


def test_a_log_past_its_limit_is_rotated_when_a_command_starts(demo_store, db_path):
    demo_store.close()
    log = log_path(db_path)
    old = {number: log.with_name(f"{log.name}.{number}") for number in range(1, KEEP + 2)}
    for number in range(1, KEEP + 1):
        old[number].write_text(f"log {number}\n", encoding="utf-8")
    log.write_text("full\n" * (MAX_BYTES // 5 + 1), encoding="utf-8")
    result = run_aplan("pdf", "s001-report", "-o", str(db_path.parent / "r.pdf"), db=db_path)
    assert result.returncode == 0, result.stderr
    assert old[1].read_text(encoding="utf-8").startswith("full\n")
    assert [old[n].read_text(encoding="utf-8") for n in range(2, KEEP + 1)] == [f"log {n}\n" for n in range(1, KEEP)]
    assert not old[KEEP + 1].exists()  # the oldest is dropped
    text = log.read_text(encoding="utf-8")
    assert "full" not in text and "start: aplan" in text and "(pdf)" in text
