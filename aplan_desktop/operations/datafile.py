"""The data file before there is an `Operations` to ask: opening it, the backups of a damaged
one and putting one in its place, the move off a network or removable drive, and what an
interrupted save left beside it. The window's start runs these; it never touches the store."""

from __future__ import annotations

from pathlib import Path

from aplan_desktop.operations import Operations
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import BackupInfo, backup_folder, list_backups, restore_backup
from aplan_desktop.storage.database import DamagedDatabaseError, copy_database_to, default_db_path, normal_db_path
from aplan_desktop.storage.location import location_problem, remove_leftovers

__all__ = ["DamagedDatabaseError", "backups_beside", "clear_leftovers", "default_db_path", "move_data_file",
           "move_offer", "open_data_file", "restore_in_place"]


def open_data_file(db_path: Path) -> Operations:
    """The jobs on a data file (made, or brought up to date, when needed); a damaged file
    raises `DamagedDatabaseError`."""
    return Operations(Store.open(db_path))


def backups_beside(db_path: Path) -> list[BackupInfo]:
    """The backups of a data file that cannot be opened, newest first, each checked."""
    return list_backups(backup_folder(db_path))


def restore_in_place(backup: Path, db_path: Path) -> Path | None:
    """Put a backup in the place of a data file that is not open; returns where the old one was kept."""
    return restore_backup(backup, db_path)


def move_offer(db_path: Path) -> tuple[str, Path] | None:
    """Why the data file's place is a risk (a network, removable or cloud-synced drive; a
    message to translate with `path`) and the normal place to move it to; None when it is fine."""
    problem, target = location_problem(db_path), normal_db_path()
    return None if problem is None or target == db_path else (problem, target)


def move_data_file(ops: Operations, target: Path) -> Operations:
    """A checked copy of the data at `target`, worked on from now on (the old file stays where it was)."""
    copy_database_to(ops._store, target)
    ops.close()
    return open_data_file(target)


def clear_leftovers(ops: Operations) -> None:
    """Temporary files an interrupted save left beside the data and in the last export folder."""
    for folder in {ops.path.parent, ops.settings.last_folder("export") or ops.path.parent}:
        remove_leftovers(folder)
