"""The aimag's import dialog, driven as the officer does: Ctrl+I, the bundle chosen in the file
chooser, the dialog's buttons clicked; what reached the data file is checked afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QInputDialog

from aplan_desktop import bundle
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.documents import load_demo
from aplan_desktop.exchange import export_document, own_fingerprint
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.i18n import label, translate
from aplan_desktop.key_register import HOME_ORGANISATION
from aplan_desktop.operations import OfficeDetails, Operations
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords
from test_journeys import AIMAG, later, on_disk, type_path
from test_trust import _revision_2



@pytest.fixture
def soum(tmp_path):
    """A soum whose first report the aimag imported after registering the soum's key."""
    soum = Store.open(tmp_path / "soum.sqlite")
    load_demo(soum)
    soum.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    first = export_document(soum, "s000-report", tmp_path / "r1").path
    aimag = Operations.open(tmp_path / "aimag.sqlite")
    aimag.setup_office(OfficeDetails(AIMAG, OrganisationKind.AIMAG, "aimag-ovorkhangai"))
    aimag.register_sender(first, own_fingerprint(soum))
    aimag.import_checked(aimag.check_import([first]))
    aimag.close()
    yield soum
    soum.close()


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    monkeypatch.setenv("HOME", str(tmp_path))
    window = MainWindow(Operations.open(tmp_path / "aimag.sqlite"))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def _rows(inbox) -> list[tuple[str, str, str]]:
    return [tuple(inbox.table.item(row, column).text() for column in range(3)) for row in range(inbox.table.rowCount())]


def _when(condition, action) -> None:
    """`action` once `condition` holds, waiting without blocking (a dialog it opens may be open)."""
    def poll() -> None:
        if condition():
            action()
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def _checked(qtbot, inbox) -> None:
    qtbot.waitUntil(lambda: bool(inbox.items) and inbox.busy.isHidden(), timeout=30000)


def test_a_bundle_refused_while_being_stored_keeps_its_reason(qtbot, tmp_path, soum, window, answer_dialogs):
    r2 = _revision_2(soum, tmp_path / "r2")
    shown = []

    def spoil_then_import(inbox) -> None:
        _checked(qtbot, inbox)
        assert inbox.import_button.isEnabled()
        data = r2.read_bytes()  # the file changes after the check (a second download over it)
        r2.write_bytes(data[:-40] + bytes(40))
        inbox.import_button.click()
        qtbot.waitUntil(inbox.busy.isHidden, timeout=30000)
        shown.append(_rows(inbox))
        later(inbox.accept)

    unanswered = answer_dialogs(type_path(r2), spoil_then_import)
    window.import_action.trigger()  # Ctrl+I
    assert not unanswered
    reason = translate(N_("The file {path} changed or could not be read while it was imported. It was not imported; "
                          "import it again."), path=str(r2))
    assert shown == [[(r2.name, label("refused"), reason)]]
    stored = on_disk(tmp_path / "aimag.sqlite")
    assert stored.report("s000-report").revision == 1
    stored.close()


def test_a_senders_new_key_is_taken_once_its_fingerprint_is_typed(qtbot, tmp_path, soum, window, answer_dialogs):
    old = own_fingerprint(soum)
    soum.set_setting("signing_key", "22" * 32)  # the soum's new computer
    new = own_fingerprint(soum)
    r2 = _revision_2(soum, tmp_path / "r2")
    asked, shown = [], []

    def type_new_fingerprint(dialog: QInputDialog) -> None:
        asked.append(dialog.labelText())
        dialog.setTextValue(new)
        dialog.accept()

    def replace_then_import(inbox) -> None:
        _checked(qtbot, inbox)
        assert inbox.replace_button.isEnabled() and not inbox.import_button.isEnabled()
        assert not inbox.confirmed_button.isEnabled()
        answer_dialogs(type_new_fingerprint)
        later(inbox.replace_button.click)

        def close() -> None:
            shown.append(_rows(inbox))
            inbox.accept()

        _when(inbox.import_button.isEnabled, lambda: inbox.import_button.click() or _when(
            lambda: inbox.imported == 1 and inbox.busy.isHidden(), close))

    unanswered = answer_dialogs(type_path(r2), replace_then_import)
    window.import_action.trigger()
    assert not unanswered
    assert len(asked) == 1 and old in asked[0] and new in asked[0] and "Тамгын газарт бүртгэлтэй" in asked[0]
    assert shown == [[(r2.name, translate(N_("imported")), "")]]
    stored = on_disk(tmp_path / "aimag.sqlite")
    (key,) = ExchangeRecords(stored).trusted_keys()
    assert bundle.fingerprint(bytes.fromhex(key[1])) == new and len(ExchangeRecords(stored).key_changes()) == 1
    assert stored.report("s000-report").revision == 2
    stored.close()


def _bundle(soum: Store, folder: Path, revision: int, previous: str, percent: int) -> Path:
    plan, parent, report = soum.load_document("s000-report")
    report.revision, report.entries[8].percent = revision, percent
    data = bundle.build_bundle(interchange.document_from_objects(plan, parent, report),
                               bytes.fromhex(soum.setting("signing_key")), kind="report", revision=revision,
                               previous_manifest_sha256=previous, sender_id=plan.organisation.id,
                               sender_name=plan.organisation.name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"r{revision}_{percent}.aplan"
    path.write_bytes(data)
    return path


def test_a_gap_the_sender_confirmed_is_imported_but_two_versions_of_one_revision_are_not(
        qtbot, tmp_path, soum, window, answer_dialogs):
    aimag = on_disk(tmp_path / "aimag.sqlite")
    r1 = ExchangeRecords(aimag).applied("s000-report").manifest_sha256
    aimag.close()
    gap = _bundle(soum, tmp_path / "mail", 3, "ab" * 32, 70)  # revision 2 never arrived
    twin_a, twin_b = (_bundle(soum, tmp_path / "mail", 2, r1, percent) for percent in (50, 60))
    before, after = [], []

    def confirm_the_gap(inbox) -> None:
        _checked(qtbot, inbox)
        before.append([(i.path, i.status, i.chain_break) for i in inbox.items])
        inbox.table.selectRow(next(row for row, i in enumerate(inbox.items) if i.path == twin_a))
        assert inbox.confirmed_button.isEnabled() and not inbox.import_button.isEnabled()
        inbox.confirmed_button.click()  # the selected twin is not for it: the gap is imported
        qtbot.waitUntil(lambda: inbox.imported == 1 and inbox.busy.isHidden(), timeout=30000)
        after.append((_rows(inbox), inbox.confirmed_button.isEnabled()))
        later(inbox.accept)

    unanswered = answer_dialogs(type_path(tmp_path / "mail"), confirm_the_gap)
    # the file chooser takes the three files typed as a list
    unanswered[0] = _type_files([gap, twin_a, twin_b])
    window.import_action.trigger()
    assert not unanswered
    assert sorted(before[0]) == sorted([(gap, "conflict", True), (twin_a, "conflict", False),
                                        (twin_b, "conflict", False)])
    rows, still_offered = after[0]
    assert dict((name, status) for name, status, _ in rows) == {
        gap.name: translate(N_("imported")), twin_a.name: label("conflict"), twin_b.name: label("conflict")}
    assert not still_offered
    stored = on_disk(tmp_path / "aimag.sqlite")
    report = stored.report("s000-report")
    assert report.revision == 3 and report.entries[8].percent == 70
    stored.close()


def _type_files(paths: list[Path]):
    def answer(dialog) -> None:
        from PySide6.QtWidgets import QLineEdit

        dialog.setDirectory(str(paths[0].parent))
        dialog.findChild(QLineEdit).setText(" ".join(f'"{p.name}"' for p in paths))
        dialog.accept()
    return answer
