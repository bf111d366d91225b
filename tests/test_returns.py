"""Receipts and returns for correction on three real databases: the aimag, soums A and B.

A and B send their reports; the aimag imports them and writes each a receipt; A's report is
returned with a reason beside a measure, A reopens it, corrects it and sends revision 2; the
aimag sees the history; both soums see what the aimag said; timeliness is by the signed time.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from aplan_desktop import bundle
from aplan_desktop.core.consolidation import Arrival
from aplan_desktop.core.model import Organisation, OrganisationKind, ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import copy_plan_to_year
from aplan_desktop.core.workflow import new_report
from aplan_desktop.core.errors import UserError
from aplan_desktop.exchange import DUPLICATE, NEW, NEWER, REFUSED, export_document
from aplan_desktop.i18n import error_text
from aplan_desktop.operations import Operations
from aplan_desktop.printing import consolidation_for
from conftest import run_aplan

UTC = timezone.utc
AIMAG = "aimag-ovorkhangai"


def _ops(path, home):
    ops = Operations.open(path)
    ops._store.set_setting("home_organisation", home)
    return ops


@pytest.fixture
def three(tmp_path):
    """The aimag's database, soum A (Bat-Ölzii, the demo) and soum B (Kharkhorin, its own plan)."""
    aimag = _ops(tmp_path / "aimag.sqlite", AIMAG)
    aimag._store.save_organisation(Organisation(AIMAG, "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    a = _ops(tmp_path / "a.sqlite", "org-bat-olzii")
    a.load_demo()
    b = _ops(tmp_path / "b.sqlite", "org-kharkhorin")
    b.load_demo()
    kharkhorin = Organisation("org-kharkhorin", "Хархорин сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                              short_name="Хархорин", parent_id=AIMAG)
    plan = copy_plan_to_year(b.plan("s000-plan"), 2024)
    plan.organisation = kharkhorin
    b._store.save_plan(plan)
    report = new_report(plan, Period.H2)
    report.id = "r-kharkhorin"
    for entry in report.entries:
        entry.result, entry.percent = "Хархорин: хийгдсэн ажил", 80
    report.status = ReportStatus.FINAL
    b._store.save_report(report)
    yield aimag, a, b
    for ops in (aimag, a, b):
        ops.close()


def _import(ops, paths, receipts=None):
    items = ops.check_import(paths)
    for item in items:
        if item.status == "unknown_sender":
            ops.register_sender(item.path, item.verified.sender_fingerprint)
    outcome, _ = ops.import_checked(ops.check_import(paths))
    return outcome, ops.write_receipts(outcome, receipts) if receipts else []


def test_the_loop_of_receipts_and_a_return_for_correction(three, tmp_path):
    aimag, a, b = three
    out = tmp_path / "mail"
    sent_a = export_document(a._store, "s000-report", out, now=datetime(2024, 11, 5, 9, tzinfo=UTC)).path
    sent_b = export_document(b._store, "r-kharkhorin", out, now=datetime(2024, 11, 9, 9, tzinfo=UTC)).path

    # the aimag imports both and writes each soum its receipt
    outcome, receipts = _import(aimag, [sent_a, sent_b], tmp_path / "receipts")
    assert [i.status for i in outcome] == [NEW, NEW]
    assert sorted(p.name for p in receipts) == sorted(p.name for p in (tmp_path / "receipts").iterdir())
    assert len(receipts) == 2 and all("_receipt_" in p.name for p in receipts)
    today = datetime.now().astimezone().strftime("%Y.%m.%d")

    # each soum takes the receipt addressed to it and refuses the other's
    for ops, report_id in ((a, "s000-report"), (b, "r-kharkhorin")):
        mine = [p for p in receipts if bundle.read_bundle(p.read_bytes()).receipt.to == ops.settings.home_organisation_id]
        other = [p for p in receipts if p not in mine]
        items, _ = _import(ops, mine + other)
        assert [i.status for i in items] == [NEW, REFUSED]
        assert "not for this office" in error_text(items[1].error, "en")
        assert ops.standing_text(ops.standing(ops.report(report_id))) == f"Аймаг хүлээн авсан: {today}"
        assert [i.status for i in ops.import_checked(ops.check_import(mine))[0]] == [DUPLICATE]

    # the aimag returns A's report with a reason beside measure 1.2, and sends the review back
    first_measure = aimag.report("s000-report").entries[1].measure_id
    with pytest.raises(UserError):
        aimag.return_report("s000-report", {}, "")  # no reason at all
    aimag.return_report("s000-report", {first_measure: "Нотлох баримт хавсаргаагүй"}, "Засаад дахин ирүүлнэ үү")
    returned_line = [e for e in aimag.history("s000-report") if e["action"] == "returned"]
    assert len(returned_line) == 1 and "Нотлох баримт хавсаргаагүй" in returned_line[0]["reason"]
    review = aimag.export("s000-report", tmp_path / "reviews")[0].path
    assert bundle.read_bundle(review.read_bytes()).receipt.items[0].state == "returned"
    _import(a, [review])
    assert [r.id for r in a.returned_reports()] == ["s000-report"]
    assert [e["action"] for e in a.history("s000-report") if e["action"] in ("received", "returned")] == [
        "received", "returned"]
    returned = a.standing(a.report("s000-report"))
    assert returned.reasons == ((first_measure, "Нотлох баримт хавсаргаагүй"),)
    assert a.standing_text(returned).startswith("Аймгаас буцаасан:")

    # A reopens it: the reasons stay beside the measures while it is corrected, then revision 2 goes
    a.reopen("s000-report", "Аймгаас засварт буцаасан")
    draft = a.report("s000-report")
    assert draft.revision == 2 and a.standing(draft).reasons == returned.reasons
    assert [r.id for r in a.returned_reports()] == ["s000-report"]
    draft.entries[1].result += " Нотлох баримтыг хавсаргав."
    a._store.save_report(draft)
    a.finalise("s000-report")
    second = a.export("s000-report", out)[0].path
    assert a.returned_reports() == []
    outcome, receipts = _import(aimag, [second], tmp_path / "receipts2")
    assert [i.status for i in outcome] == [NEWER] and len(receipts) == 1
    aimag.accept_report("s000-report")
    assert [(r.revision, r.state) for r in aimag.revisions("s000-report")] == [
        (1, "received"), (1, "returned"), (2, "received"), (2, "accepted")]
    _import(a, receipts)
    assert a.standing_text(a.standing(a.report("s000-report"))) == f"Аймаг хүлээн авсан: {today}"

    # on time by the signed time of the first sending, though imported long after the deadline
    c = consolidation_for(aimag._store, AIMAG, 2024, Period.H2)
    assert {x.organisation.id: (x.arrival, x.sent) for x in c.received()} == {
        "org-bat-olzii": (Arrival.ON_TIME, date(2024, 11, 5)), "org-kharkhorin": (Arrival.ON_TIME, date(2024, 11, 9))}


def test_a_receipt_from_anyone_but_the_aimag_is_refused(three, tmp_path):
    """B's office signs a receipt for A: A registered B's key, but B is not A's aimag."""
    aimag, a, b = three
    sent = export_document(a._store, "s000-report", tmp_path / "mail").path
    outcome, forged = _import(b, [sent], tmp_path / "forged")  # B imports A's report as if it were A's aimag
    assert len(forged) == 1 and bundle.read_bundle(forged[0].read_bytes()).receipt.to == "org-bat-olzii"
    items, _ = _import(a, forged)
    assert [i.status for i in items] == [REFUSED]
    assert a.standing(a.report("s000-report")) is None


def test_the_command_line_returns_and_shows_the_history(three, tmp_path):
    aimag, a, b = three
    sent = export_document(a._store, "s000-report", tmp_path / "mail").path
    _import(aimag, [sent])
    measure = aimag.report("s000-report").entries[0].measure_id
    db = aimag.path
    aimag.close()
    result = run_aplan("review", "s000-report", "--return", "--reason", f"{measure}=Тоо баримт дутуу", db=db)
    assert result.returncode == 0, result.stderr
    shown = run_aplan("review", "s000-rep", db=db, lang="en")
    assert shown.returncode == 0 and "r1" in shown.stdout and "Тоо баримт дутуу" in shown.stdout
    bad = run_aplan("review", "s000-report", "--return", "--reason", "nowhere=x", db=db, lang="en")
    assert bad.returncode == 1 and "no measure nowhere" in bad.stderr
    assert run_aplan("bundle-version", "1", db=db).returncode == 0
    assert "version 1" in run_aplan("bundle-version", db=db, lang="en").stdout
    assert run_aplan("bundle-version", "7", db=db).returncode == 1
