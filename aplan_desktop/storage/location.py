"""Where the database may live: not on a network drive, a removable drive or in a folder a
cloud program synchronises. Those copy or cut the file while SQLite writes it, and lose work.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from aplan_desktop.core.errors import N_

# Folders that cloud programs synchronise (as they are named on Windows and elsewhere).
CLOUD_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "icloud drive", "yandex.disk",
                 "yandexdisk", "mega", "megasync", "box sync", "nextcloud", "owncloud", "pcloud")
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "davfs", "fuse.davfs2"}
REMOVABLE_MOUNTS = ("/media/", "/run/media/", "/mnt/usb")


def _windows_drive_type(path: Path) -> int:
    import ctypes

    root = os.path.splitdrive(str(path.resolve()))[0] + "\\"
    return ctypes.windll.kernel32.GetDriveTypeW(root)  # 2 removable, 4 network


def _linux_filesystem(path: Path, mounts: str) -> tuple[str, str]:
    """The mount point and file-system type holding `path`, from /proc/mounts."""
    best = ("/", "")
    target = str(path.resolve())
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) >= len(best[0]):
                best = (parts[1], parts[2])
    return best


def location_problem(path: Path, mounts: str | None = None) -> str | None:
    """Why the database should not be at `path` (a msgid with {path}), or None when it is fine."""
    path = Path(path)
    if any(part.lower() in CLOUD_FOLDERS for part in path.resolve().parts):
        return N_("The data file {path} is in a folder a cloud program synchronises. Such programs copy the "
                  "file while aplan writes it and can lose your work. Keep it in the normal data folder.")
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return N_("The data file {path} is on a network drive. A broken connection can lose your work. "
                  "Keep it in the normal data folder on this computer.")
    if sys.platform == "win32":
        kind = _windows_drive_type(path)
        if kind == 4:
            return N_("The data file {path} is on a network drive. A broken connection can lose your work. "
                      "Keep it in the normal data folder on this computer.")
        if kind == 2:
            return N_("The data file {path} is on a removable drive. Taking it out while aplan writes loses work. "
                      "Keep it in the normal data folder on this computer.")
        return None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            mounts = ""
    mount_point, filesystem = _linux_filesystem(path, mounts)
    if filesystem in NETWORK_FILESYSTEMS:
        return N_("The data file {path} is on a network drive. A broken connection can lose your work. "
                  "Keep it in the normal data folder on this computer.")
    if (mount_point.rstrip("/") + "/").startswith(REMOVABLE_MOUNTS):
        return N_("The data file {path} is on a removable drive. Taking it out while aplan writes loses work. "
                  "Keep it in the normal data folder on this computer.")
    return None


def remove_leftovers(folder: Path, older_than_s: float = 3600) -> list[Path]:
    """Temporary files that a write interrupted by a power cut left behind (`write_atomic`'s
    `.<name>.<random>.tmp`); only old ones, so a write going on right now is not touched."""
    removed = []
    for leftover in Path(folder).glob(".*.tmp"):
        try:
            if time.time() - leftover.stat().st_mtime > older_than_s:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            pass
    return removed
