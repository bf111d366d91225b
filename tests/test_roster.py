"""The roster (resources/aimags.json, docs/roster.md) and setting an office up from it."""

import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import OfficeDetails, Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.resources import aimags, roster
from aplan_desktop.storage import Store

# each aimag's soums as the statistics office's list gives them (docs/roster.md)
SOUMS = {"Архангай аймаг": 19, "Баян-Өлгий аймаг": 13, "Баянхонгор аймаг": 20, "Булган аймаг": 16,
         "Говь-Алтай аймаг": 18, "Говьсүмбэр аймаг": 3, "Дархан-Уул аймаг": 4, "Дорноговь аймаг": 14,
         "Дорнод аймаг": 14, "Дундговь аймаг": 15, "Завхан аймаг": 24, "Орхон аймаг": 2, "Өвөрхангай аймаг": 19,
         "Өмнөговь аймаг": 15, "Сүхбаатар аймаг": 13, "Сэлэнгэ аймаг": 17, "Төв аймаг": 27, "Увс аймаг": 19,
         "Ховд аймаг": 17, "Хөвсгөл аймаг": 23, "Хэнтий аймаг": 18}


def test_the_roster_has_21_aimags_with_their_soums_and_the_capital_with_9_districts():
    aimag_list = [a for a in roster() if a.id != "aimag-ulaanbaatar"]
    capital = next(a for a in roster() if a.id == "aimag-ulaanbaatar")
    assert len(aimag_list) == 21
    assert {a.name: len(a.units) for a in aimag_list} == SOUMS
    assert sum(SOUMS.values()) == 330
    assert all(u.kind == OrganisationKind.SOUM for a in aimag_list for u in a.units)
    assert [u.name for u in capital.units] == ["Багануур", "Багахангай", "Баянгол", "Баянзүрх", "Налайх",
                                               "Сонгинохайрхан", "Сүхбаатар", "Хан-Уул", "Чингэлтэй"]
    assert all(u.kind == OrganisationKind.DISTRICT for u in capital.units) and capital.iso == "MN-1"


def test_every_id_and_code_is_unique_and_each_soum_code_is_its_aimags():
    units = [u for a in roster() for u in a.units]
    assert len({u.id for u in units}) == len(units) == 339
    assert len({a.iso for a in roster()}) == 22 and all(re.fullmatch(r"MN-(\d{3}|1)", a.iso) for a in roster())
    for aimag in roster():
        for unit in aimag.units:
            assert unit.code.startswith(aimag.code) and unit.id.endswith("-" + unit.code) and unit.aimag_id == aimag.id
            assert unit.name == " ".join(unit.name.split()) and "-" not in (unit.name[0], unit.name[-1])
    # the aimags' ids of the first version of the file stay: offices' data files hold them
    assert [a.id for a in aimags()][:3] == ["aimag-arkhangai", "aimag-bayan-olgii", "aimag-bayankhongor"]


def test_names_are_written_as_official_documents_write_them():
    names = {u.name for a in roster() for u in a.units}
    assert {"Бат-Өлзий", "Ихтамир", "Өндөр-Улаан", "Баян-Агт", "Чандмань-Өндөр", "Цагааннуур"} <= names
    assert not any(" " in n or re.search(r"-[а-яөү]", n) for n in names)


def _soum(unit_id, aimag_id="aimag-ovorkhangai", kind=OrganisationKind.SOUM, name="Бат-Өлзий сумын ЗДТГ"):
    return OfficeDetails(name, kind, aimag_id, unit_id)


def test_a_soums_office_takes_its_roster_id_and_a_body_not_in_the_list_its_own(tmp_path):
    ops = Operations.open(tmp_path / "soum.sqlite")
    with pytest.raises(UserError, match="soum"):
        ops.setup_office(_soum(None))  # not chosen: refused in a sentence
    with pytest.raises(UserError):
        ops.setup_office(_soum("soum-6501"))  # Архангай's soum under Өвөрхангай
    with pytest.raises(UserError):
        ops.setup_office(_soum("district-1110", "aimag-ulaanbaatar"))  # a district is not a soum
    assert ops._store.setting(HOME_ORGANISATION) is None  # nothing saved
    ops.setup_office(_soum("soum-6207"))
    assert ops.home_organisation().id == "soum-6207" and ops.home_organisation().parent_id == "aimag-ovorkhangai"
    # a later correction keeps the id; it cannot make the office another soum's
    ops.change_organisation(_soum("soum-6207", name="Бат-Өлзий сумын Засаг даргын Тамгын газар"))
    with pytest.raises(UserError, match="Хужирт"):
        ops.change_organisation(_soum("soum-6255"))
    assert ops.home_organisation().name == "Бат-Өлзий сумын Засаг даргын Тамгын газар"

    other = Operations.open(tmp_path / "new.sqlite")
    other.setup_office(_soum(""))  # "not in the list": a new id
    assert not other.home_organisation().id.startswith("soum-")
    school = Operations.open(tmp_path / "school.sqlite")
    school.setup_office(OfficeDetails("Арвайхээр сумын 1-р сургууль", OrganisationKind.AGENCY, "aimag-ovorkhangai",
                                      None))
    assert school.home_organisation().name == "Арвайхээр сумын 1-р сургууль"
    assert not school.home_organisation().id.startswith("soum-")


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, dialog.message.text()


def _first_start(qtbot, db_path, answer_dialogs, choose):
    window = MainWindow(Operations(Store.open(db_path)))
    qtbot.addWidget(window)
    unanswered = answer_dialogs(choose)
    window.new_plan_action.trigger()  # not set up yet: the setup comes first
    assert not unanswered
    window.ops._store.close()
    return Store.open(db_path)


def test_setup_picks_the_aimag_then_the_soum_and_the_name_follows(qtbot, db_path, answer_dialogs):
    seen = {}

    def set_up(dialog) -> None:
        assert not dialog.unit.isEnabled()  # no aimag yet: no soums to choose from
        dialog.aimag.setCurrentIndex(dialog.aimag.findText("Өвөрхангай аймаг"))
        seen["soums"] = [dialog.unit.itemText(i) for i in range(1, dialog.unit.count() - 1)]
        dialog.unit.setCurrentIndex(dialog.unit.findText("Хужирт"))
        dialog.unit.setCurrentIndex(dialog.unit.findText("Бат-Өлзий"))  # changed her mind: the name follows
        seen["forms"] = (dialog.genitive.text(), dialog.ablative.text())
        dialog.later.setChecked(True)
        ok(dialog)

    check = _first_start(qtbot, db_path, answer_dialogs, set_up)
    try:
        assert len(seen["soums"]) == 19 and seen["soums"][0] == "Арвайхээр"
        assert seen["forms"] == ("Бат-Өлзий сумын Засаг даргын Тамгын газрын",
                                 "Бат-Өлзий сумын Засаг даргын Тамгын газраас")
        home = check.organisation(check.setting(HOME_ORGANISATION))
        assert (home.id, home.name, home.kind, home.parent_id) == (
            "soum-6207", "Бат-Өлзий сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM, "aimag-ovorkhangai")
        assert home.forms.dative == "Бат-Өлзий сумын Засаг даргын Тамгын газарт"
    finally:
        check.close()


def test_a_district_of_the_capital_is_chosen_the_same_way(qtbot, db_path, answer_dialogs):
    def set_up(dialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(OrganisationKind.DISTRICT))
        dialog.aimag.setCurrentIndex(dialog.aimag.findText("Нийслэл Улаанбаатар"))
        dialog.unit.setCurrentIndex(dialog.unit.findText("Баянзүрх"))
        dialog.later.setChecked(True)
        ok(dialog)

    check = _first_start(qtbot, db_path, answer_dialogs, set_up)
    try:
        home = check.organisation(check.setting(HOME_ORGANISATION))
        assert (home.id, home.name) == ("district-1110", "Баянзүрх дүүргийн Засаг даргын Тамгын газар")
    finally:
        check.close()
