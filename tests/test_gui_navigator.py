"""The navigator of an office that holds many others' documents (an aimag holds every body's
reports): this office first and open, the others closed until the person opens one, and left as
the person left them when the list is filled again. With few organisations, all stay open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import list_templates, plan_from_template
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.resources import templates_dir
from test_gui_returns import _window as shown_window
from test_journeys import ok

HOME = "Бат-Өлзий сумын Засаг даргын Тамгын газар"


def _window(qtbot, store) -> MainWindow:
    store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    return shown_window(qtbot, Operations(store))


def _organisations(window) -> list[tuple[str, bool]]:
    tree = window.navigator
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).isExpanded()) for i in range(tree.topLevelItemCount())]


def test_with_few_organisations_every_one_is_open(qtbot, demo_store):
    shown = _organisations(_window(qtbot, demo_store))
    assert len(shown) == 5 and shown[0] == (HOME, True) and all(opened for _, opened in shown)


def test_many_bodies_stay_closed_until_opened_and_this_office_comes_first(qtbot, demo_store, answer_dialogs):
    template = list_templates(templates_dir())[0]
    for n in range(1, 5):  # four more agencies' plans, as an aimag holds its bodies' documents: nine in all
        agency = Organisation(f"org-agency-{n}", f"Агентлаг {n}", OrganisationKind.AGENCY)
        demo_store.save_organisation(agency)
        demo_store.save_plan(plan_from_template(template, agency, 2025))
    window = _window(qtbot, demo_store)
    shown = _organisations(window)
    assert len(shown) == 9 and shown[0] == (HOME, True)  # this office first, though not first by its name
    assert [name for name, _ in shown[1:]] == sorted(name for name, _ in shown[1:])
    assert not any(opened for _, opened in shown[1:])

    # the person opens one of the bodies with the keyboard (→ on its line)
    tree = window.navigator
    agency = next(tree.topLevelItem(i) for i in range(9) if tree.topLevelItem(i).text(0) == "Агентлаг 2")
    tree.setFocus()
    tree.setCurrentItem(agency)
    QTest.keyClick(tree.viewport(), Qt.Key.Key_Right)
    assert agency.isExpanded()

    # a new report fills the list again: the body opened stays open, the new report's office is open
    def first_half(dialog) -> None:
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H1))
        ok(dialog)

    unanswered = answer_dialogs(first_half)
    window.new_report_action.trigger()
    assert unanswered == [] and window.report_editor.document.period == Period.H1
    shown = dict(_organisations(window))
    assert shown["Агентлаг 2"] and shown[HOME] and not shown["Агентлаг 1"]
    assert window.navigator.currentItem().data(0, 256) == window.report_editor.document.id
    window.close()
