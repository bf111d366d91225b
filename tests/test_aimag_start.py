"""The start page of an aimag's office that sent its plan down: its own reporting deadlines count
its own reports only (the bodies' reports on its plan are theirs), and the counts of who reported
on each plan sent down are those of the plan's consolidation. On real data files."""

from __future__ import annotations

from datetime import date

import pytest

from aplan_desktop.bodies import expected_bodies
from aplan_desktop.core.model import Entry, OrganisationKind, Report, ReportStatus
from aplan_desktop.core.periods import Period
from test_loop import YEAR, _office, _template

AIMAG = "Баянхонгор аймгийн Засаг даргын Тамгын газар"


@pytest.fixture
def aimag(tmp_path):
    """The aimag's office with its plan of this year, marked as carried out by the bodies under it."""
    ops = _office(tmp_path / "aimag.sqlite", AIMAG, OrganisationKind.AIMAG, _template())
    [plan] = ops.plans()
    assert plan.year == YEAR
    yield ops, plan
    ops.close()


def _body_report(ops, plan, body_id: str, period: Period = Period.H1, status=ReportStatus.FINAL) -> Report:
    """A body's report on the aimag's plan, as the aimag keeps it once imported."""
    report = Report(f"r-{body_id}-{period.value}", plan.id, period,
                    [Entry(m.id, "хийсэн", 80) for m in plan.measures()], status, organisation_id=body_id)
    ops._store.save_report(report)
    return report


def _line(due, plan, period):
    return next(d for d in due if d.plan.id == plan.id and d.period == period)


def test_a_bodys_report_on_the_aimags_plan_is_not_the_aimags_own(aimag, qtbot):
    from aplan_desktop.gui.main_window import MainWindow
    from test_gui import shown_text

    ops, plan = aimag
    ops.mark_circular(plan.id)
    soum = expected_bodies(ops._store, ops.home_organisation().id)[0]
    _body_report(ops, plan, soum.id)  # the soum's final first-half report on the aimag's plan

    first = _line(ops.due_reports(), plan, Period.H1)
    assert first.report is None and not first.done  # the aimag has not started its own
    window = MainWindow(ops)
    qtbot.addWidget(window)
    window.start_page.refresh(today=date(YEAR, 4, 30))
    shown = shown_text(window.start_page.deadlines)
    assert "I хагас жил: " in shown and "эхлээгүй" in shown.split("I хагас жил: ")[1].split("\n")[0]
    assert "хийгдсэн" not in shown

    ops.create_report(plan.id, Period.H1)  # the aimag's own report, begun
    own = ops.existing_report(plan.id, Period.H1)
    assert own.organisation_id is None
    first = _line(ops.due_reports(), plan, Period.H1)
    assert first.report.id == own.id and not first.done
    assert ops.existing_report(plan.id, Period.H1, soum.id).id == f"r-{soum.id}-H1"  # the soum's, asked for by name

