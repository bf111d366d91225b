"""The aimag's bodies: every soum of the roster expected from the first day, agencies it adds,
and senders registered many at once, each ticked and placed by the aimag's own records."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer

from aplan_desktop import bundle
from aplan_desktop.bundle.keys import fingerprint, public_key
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import Organisation, OrganisationKind, ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.documents import load_demo
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.i18n import error_text
from aplan_desktop.operations import OfficeDetails, Operations, SenderChoice
from aplan_desktop.storage import Store

AIMAG = "Өвөрхангай аймгийн Засаг даргын Тамгын газар"
BAT_OLZII = Organisation("soum-6207", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                         parent_id="aimag-ovorkhangai")  # set up from the roster
OLD_KHUJIRT = Organisation("org-khujirt", "Хужирт сумын ЗДТГ", OrganisationKind.SOUM,
                           parent_id="aimag-ovorkhangai")  # an older installation: its own id
SCHOOL = Organisation("org-school-1", "Арвайхээр 1-р сургууль", OrganisationKind.AGENCY,
                      parent_id="aimag-arkhangai")  # claims another aimag: this aimag's records decide
SEEDS = {BAT_OLZII.id: bytes(range(1, 33)), OLD_KHUJIRT.id: bytes(range(2, 34)), SCHOOL.id: bytes(range(3, 35))}


def _report_bundle(folder: Path, sender: Organisation, year: int = 2024) -> Path:
    """The demo's report of the first half, as `sender`'s own (its own ids), signed with its key."""
    demo = Store.open(folder.parent / "demo.sqlite")
    try:
        load_demo(demo)
        plan, report = copy.deepcopy(demo.plan("s000-plan")), copy.deepcopy(demo.report("s000-report"))
    finally:
        demo.close()
    prefix = sender.id + "-"
    plan.id, plan.organisation, plan.year = prefix + "plan", copy.deepcopy(sender), year
    for objective in plan.objectives:
        objective.id = prefix + objective.id
        for measure in objective.measures:
            measure.id = prefix + measure.id
    report.id, report.plan_id, report.period, report.status = prefix + "report", plan.id, Period.H1, ReportStatus.SENT
    for entry in report.entries:
        entry.measure_id = prefix + entry.measure_id
    aimag = Organisation(sender.parent_id, "аймаг", OrganisationKind.AIMAG)
    data = bundle.build_bundle(interchange.document_from_objects(plan, aimag, report), SEEDS[sender.id],
                               kind="report", revision=1, previous_manifest_sha256=None, sender_id=sender.id,
                               sender_name=sender.name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sender.id}.aplan"
    path.write_bytes(data)
    return path


def _key(sender: Organisation) -> str:
    return fingerprint(public_key(SEEDS[sender.id]))


@pytest.fixture
def aimag(tmp_path) -> Operations:
    ops = Operations.open(tmp_path / "aimag.sqlite")
    ops.setup_office(OfficeDetails(AIMAG, OrganisationKind.AIMAG, "aimag-ovorkhangai"))
    yield ops
    ops.close()


def _consolidated_text(ops: Operations) -> str:
    pdf, _ = ops.render_consolidation(2024, Period.H1)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_aimag_expects_all_its_soums_from_the_first_day(aimag):
    bodies = aimag.expected_bodies()
    assert len(bodies) == 19 and all(b.listed and not b.sender for b in bodies)
    assert "Бат-Өлзий сумын Засаг даргын Тамгын газар" in {b.organisation.name for b in bodies}
    text = _consolidated_text(aimag)
    assert "Бат-Өлзий сумын Засаг даргын Тамгын газар" in text and "Хужирт сумын Засаг даргын" in text
    assert text.count("Ирүүлээгүй") == 19


def test_senders_are_bound_to_their_bodies_and_the_consolidation_lists_everyone(aimag, tmp_path):
    mail = tmp_path / "mail"
    bundles = [_report_bundle(mail, BAT_OLZII), _report_bundle(mail, OLD_KHUJIRT), _report_bundle(mail, SCHOOL)]
    aimag.add_agency("Арвайхээр сумын 1-р сургууль")
    school_body = next(b.organisation for b in aimag.expected_bodies() if not b.listed)
    assert {o.id for o in aimag.body_choices()} >= {"soum-6255", school_body.id}

    refused, _ = aimag.register_senders([
        SenderChoice(bundles[0], _key(BAT_OLZII), ""),  # set up from the list: itself
        SenderChoice(bundles[1], _key(OLD_KHUJIRT), "soum-6255"),  # the older Khujirt office: Хужирт in the list
        SenderChoice(bundles[2], _key(SCHOOL), school_body.id)])
    assert [text for _, text in refused] == ["", "", ""]
    outcome, _ = aimag.import_checked(aimag.check_import(bundles))
    assert [i.status for i in outcome] == ["new", "new", "new"]

    store = aimag._store
    assert store.organisation("org-school-1").parent_id == "aimag-ovorkhangai"  # the aimag's word, not the bundle's
    bodies = {b.organisation.id: b for b in aimag.expected_bodies()}
    assert len(bodies) == 20 and "org-khujirt" not in bodies and "org-school-1" not in bodies
    assert bodies["soum-6255"].sender == "Хужирт сумын ЗДТГ" and bodies["soum-6255"].fingerprint == _key(OLD_KHUJIRT)
    consolidation = __import__("aplan_desktop.printing", fromlist=["x"]).consolidation_for(
        store, "aimag-ovorkhangai", 2024, Period.H1)
    received = {b.organisation.id for b in consolidation.received()}
    assert received == {"soum-6207", "soum-6255", school_body.id}
    assert len(consolidation.missing()) == 17  # every other soum of the list, with no data file anywhere
    text = _consolidated_text(aimag)
    assert text.count("Ирүүлээгүй") == 17 and "Арвайхээр сумын 1-р сургууль" in text


def test_binding_follows_the_aimags_records_and_one_body_has_one_key(aimag, tmp_path):
    mail = tmp_path / "mail"
    bat, khujirt = _report_bundle(mail, BAT_OLZII), _report_bundle(mail, OLD_KHUJIRT)
    refused, _ = aimag.register_senders([
        SenderChoice(bat, _key(BAT_OLZII), "soum-6255"),  # a roster soum is itself, never another
        SenderChoice(khujirt, _key(OLD_KHUJIRT), None),  # not placed: nothing registered
        SenderChoice(khujirt, "AAAA-BBBB", "soum-6255")])  # not the key that signed it
    texts = [text for _, text in refused]
    assert texts[0].startswith("Бат-Өлзий сумын Засаг даргын Тамгын газар улсын жагсаалтаас өөрийн нэгжээр")
    assert texts[1].startswith("Хужирт сумын ЗДТГ энэ аймгийн аль байгууллага болохыг сонгоно уу")
    assert texts[2].startswith("Таны бичсэн хурууны хээ")
    assert aimag.senders()[0] == [] and aimag._store.setting("body_bindings") is None

    aimag.register_senders([SenderChoice(khujirt, _key(OLD_KHUJIRT), "soum-6207")])  # bound to Бат-Өлзий's place
    refused, _ = aimag.register_senders([SenderChoice(bat, _key(BAT_OLZII), "")])
    assert refused[0][1].startswith("Энд Бат-Өлзий сумын Засаг даргын Тамгын газрын өмнөөс өөр бүртгэлтэй илгээгч")
    assert [org for org, _, _ in aimag.senders()[0]] == ["org-khujirt"]


def test_the_aimag_ticks_the_senders_it_compared_and_their_bundles_are_imported(
        qtbot, aimag, tmp_path, answer_dialogs):
    from aplan_desktop.gui.inbox import InboxDialog

    mail = tmp_path / "mail"
    bundles = [_report_bundle(mail, BAT_OLZII), _report_bundle(mail, OLD_KHUJIRT)]
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    shown = {}

    def tick(dialog) -> None:
        rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
        shown["rows"] = {name: dialog.table.item(r, 1).text() for name, r in rows.items()}
        shown["enabled before"] = dialog.ok_button.isEnabled()
        khujirt = rows["Хужирт сумын ЗДТГ"]
        dialog.table.item(khujirt, 0).setCheckState(Qt.CheckState.Checked)  # compared with its letter
        box = dialog.bodies[khujirt]
        box.setCurrentIndex(box.findText("Хужирт сумын Засаг даргын Тамгын газар"))
        shown["bat-olzii box"] = dialog.bodies[rows[BAT_OLZII.name]].currentText()
        dialog.ok_button.click()  # Бат-Өлзий not ticked: its letter has not come yet

    def import_dialog(inbox) -> None:
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 2 and inbox.busy.isHidden(), timeout=20000)
        answer_dialogs(tick)

        def close_once_imported() -> None:
            if inbox.imported == 1 and inbox.busy.isHidden():
                shown["summary"] = inbox.summary.text()
                inbox.accept()
            else:
                QTimer.singleShot(50, close_once_imported)

        QTimer.singleShot(0, inbox.register_button.click)  # the senders dialog opens from the import's
        close_once_imported()

    answer_dialogs(import_dialog)
    window.import_paths(bundles)
    assert shown["rows"] == {"Хужирт сумын ЗДТГ": _key(OLD_KHUJIRT), BAT_OLZII.name: _key(BAT_OLZII)}
    imported, receipts = shown["summary"].split("\n")  # the import, and the receipt written for its sender
    assert imported == "1 баримт бичгийг орууллаа." and receipts.startswith("1 илгээгчид буцаах хүлээн авсан баримтыг")
    assert not shown["enabled before"] and BAT_OLZII.name in shown["bat-olzii box"]
    check = Store.open(tmp_path / "aimag.sqlite")
    try:
        assert check.setting("body_bindings") == {"org-khujirt": "soum-6255"}
        assert check.report("org-khujirt-report").entries[0].result  # imported
        assert not check.db.execute("SELECT 1 FROM reports WHERE id = 'soum-6207-report'").fetchone()
    finally:
        check.close()


def test_the_bodies_window_lists_the_soums_and_adds_an_agency(qtbot, aimag, tmp_path, answer_dialogs):
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    seen = {}

    def name_the_agency(dialog) -> None:
        dialog.setTextValue("Өвөрхангай аймгийн Цагдаагийн газар")
        dialog.accept()

    def bodies(dialog) -> None:
        seen["before"] = dialog.table.rowCount()
        answer_dialogs(name_the_agency)

        def add_then_close() -> None:
            dialog.add_button.click()
            seen["after"] = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
            dialog.accept()

        QTimer.singleShot(0, add_then_close)

    answer_dialogs(bodies)
    window.bodies_action.trigger()  # Аймаг → Харьяа байгууллагууд…
    assert seen["before"] == 19 and "Өвөрхангай аймгийн Цагдаагийн газар" in seen["after"]
    check = Store.open(tmp_path / "aimag.sqlite")
    try:
        police = [o for o in check.children_of("aimag-ovorkhangai") if o.kind == OrganisationKind.AGENCY]
        assert [o.name for o in police] == ["Өвөрхангай аймгийн Цагдаагийн газар"]
    finally:
        check.close()


def test_the_command_line_lists_the_bodies_adds_an_agency_and_registers_a_sender_as_a_body(aimag, tmp_path):
    from conftest import run_aplan

    db = tmp_path / "aimag.sqlite"
    aimag.close()
    khujirt = _report_bundle(tmp_path / "mail", OLD_KHUJIRT)
    listed = run_aplan("bodies", "--add-agency", "Өвөрхангай аймгийн Цагдаагийн газар", db=db)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 20 and "soum-6207  Бат-Өлзий сумын Засаг даргын Тамгын газар  [улсын жагсаалт]  —" in lines
    wrong = run_aplan("bodies", "--register", str(khujirt), "--fingerprint", _key(OLD_KHUJIRT), "--as", "nowhere",
                      db=db)
    assert wrong.returncode == 1 and "энэ аймгийн харьяа байгууллага биш" in wrong.stderr
    bound = run_aplan("bodies", "--register", str(khujirt), "--fingerprint", _key(OLD_KHUJIRT), "--as", "soum-6255",
                      db=db)
    assert bound.returncode == 0, bound.stderr
    assert f"soum-6255  Хужирт сумын Засаг даргын Тамгын газар  [улсын жагсаалт]  Хужирт сумын ЗДТГ " \
           f"({_key(OLD_KHUJIRT)})" in bound.stdout.splitlines()
    check = Store.open(db)
    try:
        assert check.setting("body_bindings") == {"org-khujirt": "soum-6255"}
    finally:
        check.close()


def test_an_office_above_is_registered_as_itself_never_as_one_of_the_aimags_bodies(aimag, tmp_path):
    """A review or circular comes down from the office above: registering its key places nothing."""
    above = Organisation("org-atg", "Авлигатай тэмцэх газар", OrganisationKind.AGENCY)
    SEEDS[above.id] = bytes(range(4, 36))
    demo = Store.open(tmp_path / "demo.sqlite")
    load_demo(demo)
    plan = copy.deepcopy(demo.plan("s003-plan"))
    demo.close()
    plan.organisation = above
    from aplan_desktop.core.circulars import Circular, circular_to_dict

    data = bundle.build_bundle(interchange.document_from_objects(plan, None, None), SEEDS[above.id], kind="circular",
                               revision=1, previous_manifest_sha256=None, sender_id=above.id, sender_name=above.name,
                               circular=circular_to_dict(Circular(plan.id, revision=1)))
    path = tmp_path / "circular.aplan"
    path.write_bytes(data)
    refused, _ = aimag.register_senders([SenderChoice(path, _key(above), None)])
    assert refused[0][1] == ""
    assert [org for org, _, _ in aimag.senders()[0]] == ["org-atg"]
    assert "org-atg" not in {b.organisation.id for b in aimag.expected_bodies()}


def test_a_sender_bound_to_the_wrong_soum_is_placed_again_from_the_bodies_window(
        qtbot, aimag, tmp_path, answer_dialogs):
    khujirt = _report_bundle(tmp_path / "mail", OLD_KHUJIRT)
    aimag.register_senders([SenderChoice(khujirt, _key(OLD_KHUJIRT), "soum-6207")])  # the wrong soum ticked
    aimag.import_checked(aimag.check_import([khujirt]))
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    seen = {}

    def choose_khujirt(dialog) -> None:
        seen["question"] = dialog.labelText()
        dialog.setTextValue("Хужирт сумын Засаг даргын Тамгын газар")
        dialog.accept()

    def bodies(dialog) -> None:
        row = next(r for r in range(dialog.table.rowCount())
                   if dialog.table.item(r, 0).text() == "Бат-Өлзий сумын Засаг даргын Тамгын газар")
        dialog.table.setCurrentCell(row, 0)
        seen["enabled"] = dialog.place_button.isEnabled()
        answer_dialogs(choose_khujirt)

        def place_then_close() -> None:
            dialog.place_button.click()
            seen["senders"] = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text()
                               for r in range(dialog.table.rowCount())}
            dialog.accept()

        QTimer.singleShot(0, place_then_close)

    answer_dialogs(bodies)
    window.bodies_action.trigger()
    assert seen["enabled"] and seen["question"].startswith("Хужирт сумын ЗДТГ")
    assert seen["senders"]["Хужирт сумын Засаг даргын Тамгын газар"] == "Хужирт сумын ЗДТГ"
    assert seen["senders"]["Бат-Өлзий сумын Засаг даргын Тамгын газар"] == "—"
    check = Store.open(tmp_path / "aimag.sqlite")
    try:
        assert check.setting("body_bindings") == {"org-khujirt": "soum-6255"}
    finally:
        check.close()
    with pytest.raises(UserError) as refused:  # a sender with no key here is not placed
        aimag.place_sender("soum-6201", "")
    assert error_text(refused.value) == "soum-6201 энд бүртгэлтэй түлхүүргүй байна; эхлээд бүртгэнэ үү."


def _agency(ops: Operations, name: str) -> Organisation:
    ops.add_agency(name)
    return next(b.organisation for b in ops.expected_bodies() if b.organisation.name == name)


def test_an_agency_added_by_mistake_is_removed_and_one_bound_to_a_sender_or_documents_stays(aimag, tmp_path):
    wrong = _agency(aimag, "Арвайхээр сумын 2-р сургуль")  # a typing mistake
    school = _agency(aimag, "Арвайхээр сумын 1-р сургууль")
    police = _agency(aimag, "Өвөрхангай аймгийн Цагдаагийн газар")
    mail = tmp_path / "mail"
    aimag.register_senders([SenderChoice(_report_bundle(mail, SCHOOL), _key(SCHOOL), school.id),
                            SenderChoice(_report_bundle(mail, OLD_KHUJIRT), _key(OLD_KHUJIRT), "")])
    demo = Store.open(tmp_path / "demo.sqlite")
    plan = copy.deepcopy(demo.plan("s000-plan"))
    demo.close()
    plan.organisation = police  # the police's plan, loaded from the file it sent
    (tmp_path / "police.json").write_text(interchange.dumps(interchange.document_from_objects(
        plan, aimag.home_organisation())),
                                          encoding="utf-8")
    aimag.load_file(tmp_path / "police.json")

    def refusal(body_id: str) -> str:
        with pytest.raises(UserError) as refused:
            aimag.remove_agency(body_id)
        return error_text(refused.value)

    assert refusal("soum-6207").startswith("Бат-Өлзий сумын Засаг даргын Тамгын газар улсын жагсаалтад байгаа тул")
    assert refusal(school.id).startswith("Арвайхээр 1-р сургууль нь Арвайхээр сумын 1-р сургуулийн өмнөөс тайлан")
    assert refusal("org-khujirt").startswith("Хужирт сумын ЗДТГ өөрийн бүртгэлтэй түлхүүртэй")
    assert refusal(police.id).startswith("Энд Өвөрхангай аймгийн Цагдаагийн газрын төлөвлөгөө, тайлан")
    assert refusal("no-such-body").startswith("no-such-body энэ аймгийн харьяа байгууллага биш")
    aimag.remove_agency(wrong.id)

    check = Store.open(tmp_path / "aimag.sqlite")
    try:
        kept = {o.id for o in check.children_of("aimag-ovorkhangai")}
        assert wrong.id not in kept and {school.id, police.id, "org-khujirt"} <= kept
        assert check.setting("body_bindings") == {"org-school-1": school.id}
    finally:
        check.close()
    assert wrong.id not in {b.organisation.id for b in aimag.expected_bodies()}


def test_the_bodies_window_removes_an_agency_once_asked_and_says_why_another_stays(
        qtbot, aimag, tmp_path, answer_dialogs):
    from PySide6.QtWidgets import QMessageBox

    wrong = _agency(aimag, "Арвайхээр сумын 2-р сургуль")
    school = _agency(aimag, "Арвайхээр сумын 1-р сургууль")
    aimag.register_senders([SenderChoice(_report_bundle(tmp_path / "mail", SCHOOL), _key(SCHOOL), school.id)])
    window = MainWindow(aimag)
    qtbot.addWidget(window)
    seen = {"questions": []}

    def yes(box: QMessageBox) -> None:
        seen["questions"].append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    def bodies(dialog) -> None:
        rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
        dialog.table.setCurrentCell(rows["Бат-Өлзий сумын Засаг даргын Тамгын газар"], 0)
        seen["soum enabled"] = dialog.remove_button.isEnabled()
        answer_dialogs(yes, yes)

        def remove_both_then_close() -> None:
            for name in (school.name, wrong.name):
                dialog.table.setCurrentCell(rows[name], 0)
                seen.setdefault("enabled", []).append(dialog.remove_button.isEnabled())
                dialog.remove_button.click()
                seen.setdefault("messages", []).append(dialog.message.text())
            seen["after"] = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
            dialog.accept()

        QTimer.singleShot(0, remove_both_then_close)

    answer_dialogs(bodies)
    window.bodies_action.trigger()  # Аймаг → Харьяа байгууллагууд…
    assert not seen["soum enabled"] and seen["enabled"] == [True, True]
    assert seen["questions"][1] == "Энэ аймгийн харьяа байгууллагуудын жагсаалтаас хасах уу?\n" + wrong.name
    assert seen["messages"][0].startswith("Арвайхээр 1-р сургууль нь Арвайхээр сумын 1-р сургуулийн өмнөөс")
    assert seen["messages"][1] == ""
    assert school.name in seen["after"] and wrong.name not in seen["after"] and len(seen["after"]) == 20
    check = Store.open(tmp_path / "aimag.sqlite")
    try:
        kept = {o.id for o in check.children_of("aimag-ovorkhangai")}
        assert school.id in kept and wrong.id not in kept
    finally:
        check.close()


def test_the_command_line_removes_an_agency_added_by_mistake_and_never_a_soum(aimag, tmp_path):
    from conftest import run_aplan

    wrong = _agency(aimag, "Арвайхээр сумын 2-р сургуль")
    aimag.close()
    db = tmp_path / "aimag.sqlite"
    removed = run_aplan("bodies", "--remove", wrong.id, db=db)
    assert removed.returncode == 0, removed.stderr
    assert len(removed.stdout.splitlines()) == 19 and wrong.name not in removed.stdout
    soum = run_aplan("bodies", "--remove", "soum-6207", db=db)
    assert soum.returncode == 1 and "улсын жагсаалтад байгаа тул хасахгүй" in soum.stderr
    assert "Traceback" not in soum.stderr
