"""Backups: taken by hand or every half hour when something changed, listed, restored."""

from __future__ import annotations

from pathlib import Path

from aplan_desktop.operations.changes import Changes
from aplan_desktop.storage import Store


class UpkeepJobs:
    """Mixed into `Operations`."""

    def backup(self, reason: str = "manual") -> Path:
        """A checked copy of the data file now; old copies thinned out."""
        from aplan_desktop.storage.backups import backup_folder, prune_backups, take_backup

        path = take_backup(self._store, reason=reason)
        prune_backups(backup_folder(self._store.path))
        return path

    def backup_if_changed(self) -> Path | None:
        """The automatic backup: only when something changed since the last one."""
        from aplan_desktop.storage.backups import changed_since_last_backup

        return self.backup("auto") if changed_since_last_backup(self._store) else None

    def backups(self, check: bool = True):
        """Every backup, newest first, with what it holds (or why it cannot be used)."""
        from aplan_desktop.storage.backups import backup_folder, list_backups

        return list_backups(backup_folder(self._store.path), check)

    def restore(self, backup: Path) -> tuple[Path | None, Changes]:
        """Put a backup in the place of the data file (the data as it was is kept as a backup
        too) and go on with the restored file. Returns where the old data was kept."""
        from aplan_desktop.storage.backups import restore_backup

        path = self._store.path
        self._store.close()
        try:
            kept = restore_backup(Path(backup), path)
        finally:
            self._reopen(Store.open(path))
        return kept, self._announce(Changes(everything=True))

    def _reopen(self, store: Store) -> None:
        self._store = store
        self.settings._store = store
