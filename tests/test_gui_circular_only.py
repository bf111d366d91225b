"""A soum whose only plan for the year is the one its aimag sent: the start page leads it to
report on the aimag's plan instead of saying it has none, the navigator says the plan came to
be carried out, and both the start page's button and File → New report… start the soum's own
report on it. Real data files, the real window; what reached the soum's file is checked."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt

from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.main_window import MainWindow
from test_gui_returns import _window
from test_journeys import ok
from test_loop import YEAR, _import, _office, _template, _trust

AIMAG = "Баянхонгор аймгийн Засаг даргын Тамгын газар"
SOUM = "Баянбулаг сумын Засаг даргын Тамгын газар"


@pytest.fixture
def circular_only(tmp_path):
    """The aimag, whose plan of this year is sent down; the soum, with no plan of its own, that
    registered the aimag's key and imported the plan."""
    aimag = _office(tmp_path / "aimag.sqlite", AIMAG, OrganisationKind.AIMAG, _template())
    soum = _office(tmp_path / "soum.sqlite", SOUM, OrganisationKind.SOUM)
    plan = aimag.plans()[0]
    aimag.mark_circular(plan.id)
    down, _ = aimag.export(plan.id, tmp_path / "down")
    _trust(soum, down.path, aimag)
    _import(soum, down.path)
    yield soum, plan
    aimag.close()
    soum.close()


def _reports_on_disk(db_path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT plan_id, period, organisation_id FROM reports ORDER BY period").fetchall()


def _navigator_lines(window: MainWindow) -> list[str]:
    lines, items = [], [window.navigator.topLevelItem(i) for i in range(window.navigator.topLevelItemCount())]
    while items:
        item = items.pop()
        lines.append(item.text(0))
        items += [item.child(i) for i in range(item.childCount())]
    return lines


def test_the_start_page_says_the_soum_reports_on_the_aimags_plan(circular_only):
    soum, _ = circular_only
    assert soum.no_plan_text(YEAR) == (f"{YEAR} онд тус байгууллага өөрийн төлөвлөгөөгүй: доорх аймгаас ирсэн "
                                       "төлөвлөгөөг хэрэгжүүлж, биелэлтийг нь “Тайлан эхлүүлэх” товчоор тайлагнана.")
    # another year: the aimag's plan is of this one, so the office has no plan at all then
    assert soum.no_plan_text(YEAR + 1).startswith(f"{YEAR + 1} оны төлөвлөгөө хараахан үүсээгүй байна.")


def test_the_circular_only_soum_is_led_to_the_aimags_plan_and_reports_on_it(qtbot, circular_only, answer_dialogs):
    soum, plan = circular_only
    window = _window(qtbot, soum)
    window.start_page.refresh(date(YEAR, 3, 1))
    deadlines = window.start_page.deadlines.text()
    assert "өөрийн төлөвлөгөөгүй" in deadlines and "Шинэ төлөвлөгөө" not in deadlines
    assert window.start_page.circulars.isVisible()
    assert any(line.endswith("\nХэрэгжүүлэхээр ирсэн") for line in _navigator_lines(window))

    # the start page's button beside the first half starts the soum's report on the aimag's plan
    button = window.start_page.circulars.buttons[(plan.id, Period.H1)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.report_editor
    home = soum.home_organisation().id
    assert _reports_on_disk(soum.path) == [(plan.id, "H1", home)]

    # File → New report… offers the aimag's plan, and the second half is started on it
    offered = []

    def second_half(dialog) -> None:
        offered.extend(dialog.plan.itemData(i).id for i in range(dialog.plan.count()))
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H2))
        ok(dialog)

    unanswered = answer_dialogs(second_half)
    window.new_report_action.trigger()  # Ctrl+Shift+N
    assert unanswered == [] and offered == [plan.id]
    assert _reports_on_disk(soum.path) == [(plan.id, "H1", home), (plan.id, "H2", home)]
    assert window.report_editor.document.period == Period.H2
    window.close()
