"""Backups: taken by hand or every half hour when something changed, listed, restored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.operations.changes import Changes
from aplan_desktop.storage import Store


COPY_AWAY_EVERY = timedelta(days=30)  # how long the data may live on this PC's disk alone


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

    def copy_away(self, folder: Path) -> Path:
        """A checked backup of now written into `folder` (a USB drive, another disk), since the
        backups beside the data file are lost with the PC's disk; remembered for the reminder."""
        from aplan_desktop.storage.backups import backup_folder, take_backup

        folder = Path(folder)
        if folder.resolve() in (self._store.path.parent.resolve(), backup_folder(self._store.path).resolve()):
            raise UserError(N_("That folder is on this PC, beside the data. Choose the USB drive (or a folder on "
                               "it), so that the copy is kept away from this PC's disk."))
        path = take_backup(self._store, folder=folder, reason="copy")
        self.settings._set_last_copy_away(datetime.now())
        self.remember_folder("copy", folder)
        self.announce(Changes.setting("last_copy_away"))
        return path

    def copy_away_due(self, now: datetime | None = None) -> bool:
        """True when the data has been kept on this PC alone for 30 days: no backup has been
        copied off it for that long (or ever, once the oldest backup here is 30 days old)."""
        from aplan_desktop.storage.backups import backup_folder, oldest_backup_time

        now = now or datetime.now()
        since = self.settings.last_copy_away or oldest_backup_time(backup_folder(self._store.path))
        return since is not None and now - since >= COPY_AWAY_EVERY

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
