"""Where the data file may live, leftovers of interrupted writes, and one window per file."""

import os
import time
from pathlib import Path

from aplan_desktop.i18n import translate
from aplan_desktop.storage.location import location_problem, remove_leftovers

MOUNTS = """/dev/vda1 / ext4 rw 0 0
server:/export /mnt/office nfs4 rw 0 0
//nas/share /srv/share cifs rw 0 0
/dev/sdb1 /media/bat/USB vfat rw 0 0
"""


def test_a_normal_folder_is_fine(tmp_path):
    assert location_problem(tmp_path / "aplan.sqlite", MOUNTS) is None


def test_network_removable_and_cloud_folders_are_named():
    network = location_problem(Path("/mnt/office/aplan.sqlite"), MOUNTS)
    assert "network drive" in network
    assert "network drive" in location_problem(Path("/srv/share/aplan/aplan.sqlite"), MOUNTS)
    assert "removable drive" in location_problem(Path("/media/bat/USB/aplan.sqlite"), MOUNTS)
    cloud = location_problem(Path("/home/bat/OneDrive/Documents/aplan.sqlite"), MOUNTS)
    assert "cloud program" in cloud
    assert "{path}" in cloud and "/home" in translate(cloud, "en", path="/home/x")
    assert translate(network, "mn", path="x") != translate(network, "en", path="x")


def test_only_old_leftovers_of_interrupted_writes_are_removed(tmp_path):
    old = tmp_path / ".report.pdf.abc123.tmp"
    fresh = tmp_path / ".letter.pdf.def456.tmp"
    mine = tmp_path / "report.pdf"
    for path in (old, fresh, mine):
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert remove_leftovers(tmp_path) == [old]
    assert fresh.exists() and mine.exists()


def test_a_second_start_wakes_the_first_window(qtbot, tmp_path):
    from aplan_desktop.gui.single_instance import InstanceGuard, wake_running_instance

    db = tmp_path / "aplan.sqlite"
    assert not wake_running_instance(db)
    guard = InstanceGuard(db)
    woken = []
    guard.wake_requested.connect(lambda: woken.append(True))
    assert wake_running_instance(db)
    qtbot.waitUntil(lambda: woken == [True], timeout=5000)
    assert not wake_running_instance(tmp_path / "another.sqlite")
