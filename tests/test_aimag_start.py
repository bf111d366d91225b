"""The start page of an aimag's office that sent its plan down: its own reporting deadlines count
its own reports only (the bodies' reports on its plan are theirs), and the counts of who reported
on each plan sent down are those of the plan's consolidation. On real data files."""

from __future__ import annotations

from datetime import date

import pytest

from aplan_desktop.bodies import BINDINGS, add_agency, expected_bodies
from aplan_desktop.core.circulars import Audience
from aplan_desktop.core.model import Entry, Organisation, OrganisationKind, Report, ReportStatus
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


def test_the_counts_of_the_plans_sent_down_are_the_consolidations(aimag):
    """Roster soums that reported and that did not, a sender bound to a soum (its report counts for
    the soum), an agency the aimag added that the circular gives no measure to (not expected, but
    listed once it reports), one it gives nothing and that did not report, a body from elsewhere
    that reported, and the aimag's own report (no body's)."""
    ops, plan = aimag
    store, home = ops._store, ops.home_organisation().id
    ops.mark_circular(plan.id, audience={m.id: Audience.SOUMS for m in plan.measures()})
    soums = expected_bodies(store, home)
    reported, bound_to, missing = soums[0], soums[1], soums[2:]
    _body_report(ops, plan, reported.id)
    _body_report(ops, plan, reported.id, Period.H2, ReportStatus.DRAFT)
    sender = Organisation("sender-old", "Хуучин суулгацын сум", OrganisationKind.SOUM, parent_id=home)
    store.save_organisation(sender)
    store.set_setting(BINDINGS, {sender.id: bound_to.id})
    _body_report(ops, plan, sender.id)
    hospital = add_agency(store, home, "Аймгийн Нэгдсэн эмнэлэг")
    add_agency(store, home, "Аймгийн Цагдаагийн газар")  # given no measure: neither expected nor reported
    _body_report(ops, plan, hospital.id)
    elsewhere = Organisation("soum-elsewhere", "Өөр аймгийн сум", OrganisationKind.SOUM)
    store.save_organisation(elsewhere)
    _body_report(ops, plan, elsewhere.id)
    ops.create_report(plan.id, Period.H1)  # the aimag's own

    [(sent_plan, counts)] = ops.sent_circulars()
    assert sent_plan.id == plan.id and [c[0] for c in counts] == [Period.H1, Period.H2]
    for period, deadline, received, listed in counts:
        c = ops.plan_consolidation(plan.id, period)
        assert (deadline, received, listed) == (c.deadline, len(c.received()), len(c.bodies))
    assert [c[2:] for c in counts] == [(4, len(soums) + 2), (1, len(soums))]
    assert {b.organisation.id for b in ops.plan_consolidation(plan.id, Period.H1).missing()} == {m.id for m in missing}
