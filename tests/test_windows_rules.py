"""Each of Windows' file rules bites under the switch: a naive operation fails with the rules on
and works with them off (tests/windows_rules.py)."""

import os
import sqlite3
import sys

import pytest

import windows_rules
from windows_rules import SharingViolation, hold_like_excel, imposed

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the rules are imposed on Linux")


def both_ways(operation):
    """The operation fails with the rules and works without them; the error it raised."""
    with imposed(True):
        with pytest.raises(OSError) as caught:
            operation("on")
    with imposed(False):
        operation("off")
    return caught.value


def test_fsync_on_a_read_only_handle_is_a_bad_file_descriptor(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")

    def naive(_):
        with open(path, "rb") as f:
            os.fsync(f.fileno())

    assert both_ways(naive).errno == 9  # EBADF, as Windows' _commit says
    with imposed(True), open(path, "r+b") as f:
        os.fsync(f.fileno())  # a handle opened for writing is flushed


def test_a_folder_cannot_be_opened_to_flush_it(tmp_path):
    def naive(_):
        fd = os.open(tmp_path, os.O_RDONLY)
        os.close(fd)

    assert isinstance(both_ways(naive), PermissionError)


@pytest.mark.parametrize("operation", ["replace over", "replace away", "rename", "unlink"])
def test_a_file_open_in_this_process_cannot_be_replaced_renamed_or_deleted(tmp_path, operation):
    def naive(run):
        held, other = tmp_path / f"held-{run}.txt", tmp_path / f"other-{run}.txt"
        held.write_text("old")
        other.write_text("new")
        with open(held, "rb"):
            if operation == "replace over":
                os.replace(other, held)
            elif operation == "replace away":
                os.replace(held, other)
            elif operation == "rename":
                os.rename(held, tmp_path / f"renamed-{run}.txt")
            else:
                os.unlink(held)

    error = both_ways(naive)
    assert isinstance(error, SharingViolation) and error.winerror == 32


def test_a_file_sqlite_holds_cannot_be_deleted(tmp_path):
    def naive(run):
        path = tmp_path / f"{run}.sqlite"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        try:
            path.unlink()
        finally:
            conn.close()

    assert isinstance(both_ways(naive), SharingViolation)


@pytest.mark.parametrize("operation", ["replace", "write", "delete"])
def test_a_file_another_program_holds_cannot_be_replaced_deleted_or_written(tmp_path, operation):
    target, new = tmp_path / "table.xlsx", tmp_path / "new.xlsx"
    target.write_bytes(b"old")
    naive = {"replace": lambda _: (new.write_bytes(b"new"), os.replace(new, target)),
             "write": lambda _: target.write_bytes(b"new"),
             "delete": lambda _: target.unlink()}[operation]
    with hold_like_excel(target):
        assert isinstance(both_ways(naive), SharingViolation)


def test_a_held_file_can_be_read_and_is_free_once_released(tmp_path):
    target, new = tmp_path / "report.pdf", tmp_path / "new.pdf"
    target.write_bytes(b"old")
    with imposed(True), hold_like_excel(target) as holder:
        assert target.read_bytes() == b"old"  # reading is shared
        new.write_bytes(b"new")
        with pytest.raises(SharingViolation):
            os.replace(new, target)
        holder.release()  # the user closes Acrobat
        os.replace(new, target)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("name", ["CON", "nul.pdf", "COM1.xlsx", "Lpt9", "aux.aplan", "report.", "report ",
                                  "a:b.pdf", "what?.csv"])
def test_reserved_names_trailing_dots_and_spaces_are_refused(tmp_path, name):
    def naive(run):
        folder = tmp_path / run
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(b"x")

    assert both_ways(naive).errno == 22


def test_a_path_of_260_characters_is_too_long(tmp_path):
    def naive(run):
        folder = tmp_path / run
        folder.mkdir(exist_ok=True)
        name = "x" * (windows_rules.MAX_PATH - len(str(folder)) - 1) + ".pdf"
        (folder / name).write_bytes(b"x")

    assert isinstance(both_ways(naive), FileNotFoundError)


def test_names_are_case_insensitive(tmp_path):
    (tmp_path / "Report.PDF").write_bytes(b"old")
    with imposed(True):
        assert (tmp_path / "report.pdf").exists()
        (tmp_path / "report.pdf").write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Report.PDF"]
    assert (tmp_path / "Report.PDF").read_bytes() == b"new"
    with imposed(False):
        assert not (tmp_path / "report.pdf").exists()
