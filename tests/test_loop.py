"""The aimag's loop on three real data files, the aimag's and soums A's and B's: the aimag's plan
sent down as a circular, each soum's report on it sent up, the consolidation per plan."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from aplan_desktop.core.circulars import Audience
from aplan_desktop.core.consolidation import Arrival
from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import OrganisationKind, Person
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.templates import list_templates
from aplan_desktop.i18n import error_text
from aplan_desktop.operations import OfficeDetails, Operations, aimag_choices
from aplan_desktop.resources import roster, templates_dir

AIMAG_NAME = "Баянхонгор аймаг"
YEAR = date.today().year


def _aimag_id() -> str:
    return next(a.id for a in aimag_choices() if a.name == AIMAG_NAME)


def _office(path: Path, name: str, kind: OrganisationKind, start="later", in_aimag: bool = True) -> Operations:
    """A new office set up as its people do: a soum picked from its aimag's list in the roster;
    `in_aimag` False: an office under no aimag (the national one)."""
    ops = Operations.open(path)
    unit = next((u.id for u in _aimag().units if name.startswith(u.name + " ")), "")
    ops.setup_office(OfficeDetails(name, kind, _aimag_id() if in_aimag else None,
                                   unit if kind == OrganisationKind.SOUM else "",
                                   head=Person("ЗАСАГ ДАРГА", "Д. МӨНХСАЙХАН"), preparer=Person("ДАРГА", "Б. БОЛД")),
                     start, YEAR)
    return ops


def _aimag():
    return next(a for a in roster() if a.name == AIMAG_NAME)


def _template():
    return next(t for t in list_templates(templates_dir()) if t.key == "atg-model")


def _trust(receiver: Operations, bundle: Path, sender: Operations) -> None:
    receiver.register_sender(bundle, sender.own_fingerprint())


def _import(ops: Operations, *paths: Path):
    items, _ = ops.import_checked(ops.check_import(list(paths)))
    return items


@pytest.fixture
def offices(tmp_path):
    aimag = _office(tmp_path / "aimag.sqlite", "Баянхонгор аймгийн Засаг даргын Тамгын газар",
                    OrganisationKind.AIMAG, _template())
    soum_a = _office(tmp_path / "a.sqlite", "Баянбулаг сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    soum_b = _office(tmp_path / "b.sqlite", "Галуут сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    yield aimag, soum_a, soum_b
    for ops in (aimag, soum_a, soum_b):
        ops.close()


def test_the_aimags_plan_reaches_its_soums_as_a_circular(offices, tmp_path):
    aimag, soum_a, soum_b = offices
    plan = aimag.plans()[0]
    first, second = plan.measures()[0], plan.measures()[1]
    aimag.mark_circular(plan.id, audience={second.id: Audience.AGENCIES})
    out = tmp_path / "down"
    result, _ = aimag.export(plan.id, out)
    assert result.path.name.endswith("_circular_r1.aplan") and result.letter_path is None

    for soum in (soum_a, soum_b):
        refused = _import(soum, result.path)
        assert refused[0].status == "unknown_sender"
        _trust(soum, result.path, aimag)
        assert [i.status for i in _import(soum, result.path)] == ["new"]
        [received] = soum.received_circulars()
        assert received.plan.id == plan.id and received.plan.organisation.id == _aimag_id()
        assert [(p, d) for p, d, _ in received.due] == [(Period.H1, date(YEAR, 5, 10)), (Period.H2, date(YEAR, 11, 10))]
        ids = [m.id for m in soum.plan(plan.id).measures()]
        assert first.id in ids and second.id not in ids  # the agencies' measure stays with the agencies
        assert soum.plans(soum.home_organisation().id) == []  # the aimag's plan is not the soum's own

    # a soum's own circular to another soum is refused: only the aimag the soum reports to sends them
    soum_b_plan = soum_b.create_plan(_template(), YEAR).open
    soum_b.mark_circular(soum_b_plan)
    sideways, _ = soum_b.export(soum_b_plan, tmp_path / "sideways")
    _trust(soum_a, sideways.path, soum_b)
    [item] = _import(soum_a, sideways.path)
    assert item.status == "refused" and "accepted only from the aimag" in item.error.message
    assert "Галуут" in item.message and soum_a.received_circulars()[0].plan.id == plan.id


def test_marking_a_circular_checks_its_deadlines_and_measures(offices):
    aimag, soum_a, _ = offices
    plan = aimag.plans()[0]
    with pytest.raises(UserError):
        aimag.mark_circular(plan.id, deadlines={Period.H1: Deadline(13, 1)})
    with pytest.raises(UserError):
        aimag.mark_circular(plan.id, audience={"no-such-measure": Audience.SOUMS})
    with pytest.raises(UserError):
        soum_a.mark_circular(plan.id)  # not in the soum's data file
    aimag.mark_circular(plan.id, deadlines={Period.H1: Deadline(6, 1), Period.H2: Deadline(12, 1)})
    assert aimag.circular(plan.id).due(Period.H1, YEAR) == date(YEAR, 6, 1)


def test_a_circular_marked_by_mistake_is_withdrawn_until_it_was_written_then_called_off(offices, tmp_path):
    from aplan_desktop.i18n import error_text
    from aplan_desktop.storage import Store

    aimag, soum_a, _ = offices
    plan = aimag.plans()[0]
    with pytest.raises(UserError) as unmarked:
        aimag.withdraw_circular(plan.id)
    assert error_text(unmarked.value) == "Энэ төлөвлөгөөг харьяа байгууллагууд хэрэгжүүлэхээр тэмдэглээгүй байна."
    aimag.mark_circular(plan.id, audience={plan.measures()[1].id: Audience.AGENCIES})
    aimag.withdraw_circular(plan.id)
    on_disk = Store.open(tmp_path / "aimag.sqlite")
    try:
        assert on_disk.conn.execute("SELECT COUNT(*) FROM circulars").fetchone() == (0,)
        actions = [h["action"] for h in on_disk.history(plan.id)]
        assert actions[-2:] == ["circular_marked", "circular_withdrawn"]
    finally:
        on_disk.close()
    assert aimag.circular_plans() == [] and aimag.plans()[0] == plan  # the plan itself unchanged
    result, _ = aimag.export(plan.id, tmp_path / "out")  # a plan again, not a circular
    assert result.path.name.endswith("_plan_r1.aplan")

    aimag.mark_circular(plan.id)
    sent, _ = aimag.export(plan.id, tmp_path / "down")
    _trust(soum_a, sent.path, aimag)
    _import(soum_a, sent.path)
    with pytest.raises(UserError):  # a circular received is the aimag's, not the soum's to withdraw
        soum_a.withdraw_circular(plan.id)
    assert soum_a.received_circulars()[0].plan.id == plan.id

    # once written, the bodies may hold it: taken back, it is called off, and they are told
    aimag.withdraw_circular(plan.id)
    assert aimag.circular(plan.id).called_off and aimag.circular(plan.id).revision == 1
    assert [h["action"] for h in aimag.history(plan.id)][-1] == "circular_called_off"
    assert [(p.id, counts) for p, counts in aimag.sent_circulars()] == [(plan.id, None)]  # no counts: called off
    assert [p.id for p in aimag.circular_plans()] == [plan.id]
    with pytest.raises(UserError) as again:
        aimag.withdraw_circular(plan.id)
    assert error_text(again.value).startswith("Энэ төлөвлөгөө аль хэдийн цуцлагдсан.")
    notice, _ = aimag.export(plan.id, tmp_path / "notice")
    assert notice.path.name.endswith("_circular_r2.aplan")
    assert [i.status for i in _import(soum_a, notice.path)] == ["newer"]
    assert soum_a.circular(plan.id).called_off


def test_the_command_line_marks_sends_and_starts_reports(tmp_path):
    from conftest import run_aplan

    db = tmp_path / "demo.sqlite"
    assert run_aplan("demo", db=db).returncode == 0
    started = run_aplan("new-report", "s000-plan", "--period", "H1", "--org", "org-bat-olzii", db=db)
    assert started.returncode == 0, started.stderr
    report_id = started.stdout.strip()
    listed = run_aplan("list", "--json", db=db).stdout
    assert f'"id": "{report_id}"' in listed
    again = run_aplan("new-report", "s000-plan", "--period", "H1", "--org", "org-bat-olzii", db=db)
    assert again.stdout.strip() == report_id  # the existing report, not a second one
    for wrong in (["--org", "no-such-org"], ["--period", "H3"]):
        refused = run_aplan("new-report", "s000-plan", "--period", "H1", *wrong, db=db)
        assert refused.returncode != 0 and "Traceback" not in refused.stderr and refused.stderr.startswith("aplan: ")

    aimag = tmp_path / "aimag.sqlite"
    ops = _office(aimag, "Баянхонгор аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG, _template())
    plan = ops.plans()[0]
    ops.close()
    numbers = [m.number for m in plan.measures()]
    out = tmp_path / "out"
    assert run_aplan("circular", plan.id, db=aimag).returncode == 0  # marked, the wrong plan: not written yet
    withdrawn = run_aplan("circular", plan.id, "--withdraw", db=aimag)
    assert withdrawn.returncode == 0 and "тэмдгийг арилгалаа" in withdrawn.stdout
    sent = run_aplan("circular", plan.id, "--h1", "06-01", "--agencies", numbers[1], "-o", str(out), db=aimag)
    assert sent.returncode == 0, sent.stderr
    notice = tmp_path / "notice"  # written, so taken back it is called off, and -o writes the notice
    called_off = run_aplan("circular", plan.id, "--withdraw", "-o", str(notice), db=aimag)
    assert called_off.returncode == 0, called_off.stderr
    assert called_off.stdout.startswith("Төлөвлөгөөг цуцаллаа.\n") and "_circular_r2.aplan" in called_off.stdout
    assert list(out.glob("*_circular_r1.aplan")) and list(notice.glob("*_circular_r2.aplan"))
    again = run_aplan("circular", plan.id, "--withdraw", db=aimag)
    assert again.returncode == 1 and "аль хэдийн цуцлагдсан" in again.stderr and "Traceback" not in again.stderr
    marked = Operations.open(aimag)
    assert marked.circular(plan.id).audience == {plan.measures()[1].id: Audience.AGENCIES}
    assert marked.circular(plan.id).due(Period.H1, plan.year) == date(plan.year, 6, 1)
    marked.close()
    bad = run_aplan("circular", plan.id, "--h1", "13-40", db=aimag)
    assert bad.returncode == 1 and "05-10" in bad.stderr
    unknown = run_aplan("circular", plan.id, "--soums", "99.9", db=aimag)
    assert unknown.returncode == 1 and "99.9" in unknown.stderr

    table = tmp_path / "нэгтгэл.docx"
    made = run_aplan("consolidate", "--plan", plan.id, "--period", "H1", "-o", str(table), db=aimag)
    assert made.returncode == 0, made.stderr
    assert table.stat().st_size > 0


def _fill_and_send(soum: Operations, plan_id: str, percent: int, out: Path) -> Path:
    """The soum's first-half report on the circular: every measure done, finalised, sent."""
    report_id = soum.create_report(plan_id, Period.H1).open
    session = soum.editing.open_report(report_id)
    assert not session.reviewing  # the soum's own report, on the aimag's plan
    for measure in soum.plan(plan_id).measures():
        session.set_entry_field(measure.id, "result", f"{measure.number}: хийсэн ажил")
        session.set_entry_field(measure.id, "percent", str(percent))
    session.save()
    soum.finalise(report_id)
    result, _ = soum.export(report_id, out)
    return result.path


def test_the_loop_on_three_data_files_and_one_level_up(tmp_path):
    national = _office(tmp_path / "national.sqlite", "Авлигатай тэмцэх газар", OrganisationKind.AGENCY, _template(),
                       in_aimag=False)
    aimag = _office(tmp_path / "aimag.sqlite", "Баянхонгор аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG)
    soum_a = _office(tmp_path / "a.sqlite", "Баянбулаг сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    soum_b = _office(tmp_path / "b.sqlite", "Галуут сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    try:
        # the national office's plan, down to the aimag, which passes it on to its soums
        plan = national.plans()[0]
        national.mark_circular(plan.id)
        down, _ = national.export(plan.id, tmp_path / "national-out")
        aimag.register_superior(down.path, national.own_fingerprint())
        home = aimag.home_organisation()
        aimag.change_organisation(OfficeDetails.of(home, aimag.settings.preparer))  # its details corrected later
        assert aimag.home_organisation().parent_id == national.home_organisation().id  # still its office above
        assert [i.status for i in _import(aimag, down.path)] == ["new"]
        aimag.mark_circular(plan.id)
        passed_on, _ = aimag.export(plan.id, tmp_path / "aimag-out")
        assert passed_on.path.name.endswith("_circular_r1.aplan")

        reports = []
        for soum, percent in ((soum_a, 100), (soum_b, 70)):
            _trust(soum, passed_on.path, aimag)
            assert [i.status for i in _import(soum, passed_on.path)] == ["new"]
            reports.append(_fill_and_send(soum, plan.id, percent, tmp_path / "soum-out"))
            report = soum.report(soum.own_report(plan.id, Period.H1).id)
            assert report.organisation_id == soum.home_organisation().id
            printed = PdfReader(io.BytesIO(soum.render(report.id)[0])).pages[0].extract_text()
            assert soum.home_organisation().name.split()[0].upper() in " ".join(printed.split())

        for path, soum in zip(reports, (soum_a, soum_b)):
            _trust(aimag, path, soum)
        arrived = _import(aimag, *reports)
        assert [i.status for i in arrived] == ["new", "new"]
        # each soum gets the aimag's signed receipt: its report shows when the aimag received it
        receipts = aimag.write_receipts(arrived, tmp_path / "receipts")
        received = f"Аймаг хүлээн авсан: {datetime.now().astimezone():%Y.%m.%d}"
        for soum in (soum_a, soum_b):
            assert sorted(i.status for i in _import(soum, *receipts)) == ["new", "refused"]  # the other's is not its
            assert soum.standing_text(soum.standing(soum.own_report(plan.id, Period.H1))) == received
        c = aimag.plan_consolidation(plan.id, Period.H1)
        names = {b.organisation.name: b for b in c.received()}
        assert set(names) == {soum_a.home_organisation().name, soum_b.home_organisation().name}
        assert soum_a.home_organisation().id == "soum-6407"  # Баянбулаг, as the roster lists it
        assert {b.organisation.kind for b in c.received()} == {OrganisationKind.SOUM}
        missing = [b.organisation.name for b in c.missing()]  # the roster's other soums, with no data file at all
        assert "Баацагаан сумын Засаг даргын Тамгын газар" in missing and len(missing) == len(_aimag().units) - 2
        first = c.measures()[0]
        assert sorted(cell.percent for _, cell in first.cells) == [70, 100] and first.mean_percent == 85
        signed = datetime.now(timezone.utc).date()  # the export's signed time is UTC
        on_time = Arrival.ON_TIME if signed <= c.deadline else Arrival.LATE
        assert all(b.sent == signed and b.arrival == on_time for b in c.received())

        # the aimag's score on soum A's report goes back to soum A as a review
        report_a = soum_a.own_report(plan.id, Period.H1)
        scoring = aimag.editing.open_report(report_a.id)
        assert scoring.reviewing
        scoring.set_review_field(first.measure.id, "score", 90)
        scoring.save()
        aimag.return_report(report_a.id, {first.measure.id: "Нотлох баримт хавсаргаагүй"})  # with the review
        review, _ = aimag.export(report_a.id, tmp_path / "review")
        assert "_review_" in review.path.name
        assert [i.status for i in _import(soum_a, review.path)] == ["new"]
        assert soum_a.report(report_a.id).entry(first.measure.id).review.score == 90
        # A sees it returned first, reopens it with the reason beside the measure and sends revision 2
        assert [r.id for r in soum_a.returned_reports()] == [report_a.id]
        soum_a.reopen(report_a.id, "Аймгаас засварт буцаасан")
        assert soum_a.standing(soum_a.report(report_a.id)).reasons == ((first.measure.id, "Нотлох баримт хавсаргаагүй"),)
        soum_a.finalise(report_a.id)
        corrected, _ = soum_a.export(report_a.id, tmp_path / "soum-out")
        assert corrected.revision == 2 and soum_a.returned_reports() == []
        assert [i.status for i in _import(aimag, corrected.path)] == ["newer"]
        assert [(r.revision, r.state) for r in aimag.revisions(report_a.id)] == [
            (1, "received"), (1, "returned"), (2, "received")]
        again = {b.organisation.id: b for b in aimag.plan_consolidation(plan.id, Period.H1).received()}
        assert again[report_a.organisation_id].sent == signed  # on time by the first sending's signed time
        assert aimag.plan_consolidation(plan.id, Period.H1).measures()[0].mean_score == 90

        # one level up: the aimag's consolidated results, imported by the national office
        aimag.upward_report(plan.id, Period.H1)
        own = aimag.own_report(plan.id, Period.H1)
        aimag.finalise(own.id)
        up, _ = aimag.export(own.id, tmp_path / "up")
        _trust(national, up.path, aimag)
        assert [i.status for i in _import(national, up.path)] == ["new"]
        top = national.plan_consolidation(plan.id, Period.H1)
        [body] = top.received()
        assert body.organisation.id == aimag.home_organisation().id
        assert body.organisation.kind == OrganisationKind.AIMAG and body.self_score == 85
        entry = body.report.entries[0]
        assert "Баянбулаг" in entry.result and "Галуут" in entry.result and entry.percent == 85
    finally:
        for ops in (national, aimag, soum_a, soum_b):
            ops.close()


def _report_on_the_first_revision(aimag: Operations, soum: Operations, folder: Path):
    """Revision 1 of the aimag's plan at the soum, and the soum's first-half report started on it
    with every measure done: the plan and the report's id."""
    plan = aimag.plans()[0]
    aimag.mark_circular(plan.id)
    r1, _ = aimag.export(plan.id, folder / "r1")
    _trust(soum, r1.path, aimag)
    _import(soum, r1.path)
    report_id = soum.create_report(plan.id, Period.H1).open
    session = soum.editing.open_report(report_id)
    for measure in soum.plan(plan.id).measures():
        session.set_entry_field(measure.id, "result", f"{measure.number}: хийсэн")
        session.set_entry_field(measure.id, "percent", "90")
    session.save()
    return plan, report_id


def _added_measure_done(soum: Operations, report_id: str, added: str) -> None:
    session = soum.editing.open_report(report_id)
    session.set_entry_field(added, "result", "шинэ ажил")
    session.set_entry_field(added, "percent", "80")
    session.save()


def test_a_new_revision_of_the_circular_is_matched_by_measure_and_shown_to_the_soum(offices, tmp_path):
    aimag, soum, _ = offices
    plan, report_id = _report_on_the_first_revision(aimag, soum, tmp_path)
    first, _, third = plan.measures()[:3]
    assert soum.circular_changes(soum.report(report_id)) == (1, 1, [])

    # the aimag changes its plan: a measure reworded, one added, one taken out; and sends it again
    editing = aimag.editing.open_plan(plan.id)
    editing.set_measure_field(first.id, "text", "Ил тод байдлыг шинэчилсэн үгээр")
    editing.add_measure(plan.objectives[0].id)
    added = editing.plan.objectives[0].measures[-1].id
    editing.set_measure_field(added, "text", "Шинэ арга хэмжээ")
    editing.delete(third.id)
    editing.save()
    r2, _ = aimag.export(plan.id, tmp_path / "r2")
    assert r2.path.name.endswith("_circular_r2.aplan")
    assert [i.status for i in _import(soum, r2.path)] == ["newer"]

    made_on, now, changes = soum.circular_changes(soum.report(report_id))
    assert (made_on, now) == (1, 2)
    by_id = {c.measure_id: c for c in changes}
    assert by_id[first.id].change == "changed" and by_id[first.id].fields == ("text",)
    assert by_id[added].change == "added" and by_id[third.id].change == "removed"
    kept = [m.id for m in soum.plan(plan.id).measures()]
    assert third.id in kept and added in kept  # the result typed for the removed measure is not lost
    assert soum.report(report_id).entry(third.id).result.endswith("хийсэн")

    # the soum completes the report and sends it; the aimag keeps the results of its plan's measures
    _added_measure_done(soum, report_id, added)
    soum.finalise(report_id)
    sent, _ = soum.export(report_id, tmp_path / "up")
    _trust(aimag, sent.path, soum)
    assert [i.status for i in _import(aimag, sent.path)] == ["new"]
    arrived = aimag.report(report_id)
    assert arrived.organisation_id == soum.home_organisation().id
    assert third.id not in [e.measure_id for e in arrived.entries] and arrived.entry(added).percent == 80
    assert [(h["action"], h["reason"]) for h in aimag.history(report_id)][-1] == ("left_out", third.number)


def test_new_report_refuses_an_office_whose_documents_come_from_a_registered_key(tmp_path):
    from conftest import run_aplan

    soum = Operations.open(tmp_path / "soum.sqlite")
    soum.load_demo(home="org-bat-olzii")
    sent, _ = soum.export("s000-report", tmp_path / "mail")
    fingerprint = soum.own_fingerprint()
    soum.close()
    db = tmp_path / "demo.sqlite"
    assert run_aplan("demo", db=db).returncode == 0
    assert run_aplan("keys", "--trust", str(sent.path), "--fingerprint", fingerprint, db=db).returncode == 0
    refused = run_aplan("new-report", "s000-plan", "--period", "H1", "--org", "org-bat-olzii", db=db)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Бат-Өлзий" in refused.stderr and refused.stdout == ""
    assert run_aplan("new-report", "s000-plan", "--period", "H1", db=db).returncode == 1  # no office set up


def test_the_start_pages_circular_counts_load_no_printing(offices, tmp_path):
    """The aimag's start page counts who reported on each plan it sent down without loading the
    printed forms (they are loaded when something is printed) or gathering the consolidation."""
    import subprocess
    import sys

    aimag, _, _ = offices
    plan = aimag.plans()[0]
    aimag.mark_circular(plan.id)
    aimag.export(plan.id, tmp_path / "down")
    script = ("import sys\nfrom aplan_desktop.operations import Operations\n"
              f"ops = Operations.open({str(aimag.path)!r})\n[(p, counts)] = ops.sent_circulars()\n"
              "print(len(counts), sorted(m for m in sys.modules if m.startswith(('reportlab', 'aplan_desktop.forms', "
              "'aplan_desktop.printing', 'nacl', 'aplan_desktop.plan_consolidation', "
              "'aplan_desktop.core.consolidation'))))")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert shown.stdout.split(" ", 1) == ["2", "[]\n"], shown.stderr


def test_the_aimag_sees_which_revision_of_its_plan_a_report_was_made_on(offices, tmp_path):
    """Soum A starts its report on revision 1 of the aimag's plan, B on revision 2: each report's
    bundle says so (bundle format 3), and the aimag's review and consolidation show it, A's flagged."""
    from openpyxl import load_workbook

    from aplan_desktop.bundle import read_bundle
    from aplan_desktop.storage.circulars import CircularRecords
    from conftest import run_aplan

    aimag, soum_a, soum_b = offices
    plan = aimag.plans()[0]
    aimag.mark_circular(plan.id)
    r1, _ = aimag.export(plan.id, tmp_path / "r1")
    for soum in (soum_a, soum_b):
        _trust(soum, r1.path, aimag)
        _import(soum, r1.path)
    report_a = soum_a.create_report(plan.id, Period.H1).open  # made on revision 1
    editing = aimag.editing.open_plan(plan.id)
    editing.set_measure_field(plan.measures()[0].id, "text", "Ил тод байдлыг шинэчилсэн үгээр")
    editing.save()
    r2, _ = aimag.export(plan.id, tmp_path / "r2")
    for soum in (soum_a, soum_b):
        assert [i.status for i in _import(soum, r2.path)] == ["newer"]
    sent_a = _fill_and_send(soum_a, plan.id, 90, tmp_path / "a")
    sent_b = _fill_and_send(soum_b, plan.id, 80, tmp_path / "b")  # made on revision 2
    assert (read_bundle(sent_a.read_bytes()).made_on, read_bundle(sent_b.read_bytes()).made_on) == (1, 2)
    # the circular in the version that added circulars; a report saying its revision in the one that added that
    assert [read_bundle(p.read_bytes()).format_version for p in (r1.path, r2.path, sent_a, sent_b)] == [2, 2, 3, 3]
    for path, soum in ((sent_a, soum_a), (sent_b, soum_b)):
        _trust(aimag, path, soum)
    assert [i.status for i in _import(aimag, sent_a, sent_b)] == ["new", "new"]

    report_b = soum_b.own_report(plan.id, Period.H1).id
    assert aimag.made_on_text(aimag.report(report_a)) == ("Төлөвлөгөөний 1-р засвараар хийсэн; түүнээс хойш 2-р "
                                                          "засварыг хүргүүлсэн")
    assert aimag.made_on_text(aimag.report(report_b)) == "Төлөвлөгөөний хамгийн сүүлийн, 2-р засвараар хийсэн"
    table = tmp_path / "нэгтгэл.xlsx"
    aimag.write_plan_consolidation(plan.id, Period.H1, table)
    names = {soum_a.home_organisation().name, soum_b.home_organisation().name}
    arrival = {row[1]: row[3] for sheet in load_workbook(table).worksheets
               for row in sheet.iter_rows(values_only=True) if len(row) > 3 and row[1] in names}
    assert arrival[soum_a.home_organisation().name].endswith("; төлөвлөгөөний 1-р засвараар (хуучин; одоо 2-р засвар)")
    assert arrival[soum_b.home_organisation().name].endswith("; төлөвлөгөөний 2-р засвараар")
    shown = run_aplan("review", report_a, db=aimag.path)
    assert shown.returncode == 0 and shown.stdout.splitlines()[-1] == aimag.made_on_text(aimag.report(report_a))

    # for an aimag whose program reads version 2, the revision is left out: nothing it could not read
    soum_a.set_bundle_version(2)
    again, _ = soum_a.export(report_a, tmp_path / "a-again")
    assert (read_bundle(again.path.read_bytes()).made_on, read_bundle(again.path.read_bytes()).format_version) == (
        None, 2)

    # a report saying it was made on a revision the aimag never sent is refused, with the sentence
    soum_b.reopen(report_b, "Нэмэлт")
    CircularRecords(soum_b._store).set_report_revision(report_b, 5)
    soum_b.finalise(report_b)
    odd, _ = soum_b.export(report_b, tmp_path / "b-odd")
    [item] = _import(aimag, odd.path)
    assert item.status == "refused" and "5 дугаар засвараар" in item.message and "2 дугаар засвар хүртэл" in item.message
    assert CircularRecords(aimag._store).report_revision(report_b) == 2  # what arrived before stays


def _second_revision(aimag: Operations, soum: Operations, folder: Path) -> tuple[str, str]:
    """The soum's report on revision 1 of the aimag's plan, then revision 2 with one measure
    added: the report's id and the added measure's."""
    plan, report_id = _report_on_the_first_revision(aimag, soum, folder)
    editing = aimag.editing.open_plan(plan.id)
    editing.add_measure(plan.objectives[0].id)
    added = editing.plan.objectives[0].measures[-1].id
    editing.set_measure_field(added, "text", "Шинэ арга хэмжээ")
    editing.save()
    r2, _ = aimag.export(plan.id, folder / "r2")
    assert [i.status for i in _import(soum, r2.path)] == ["newer"]
    return report_id, added


def test_the_soum_says_its_report_follows_the_newer_revision_and_the_aimag_sees_it(offices, tmp_path):
    from aplan_desktop.bundle import read_bundle

    aimag, soum, _ = offices
    report_id, added = _second_revision(aimag, soum, tmp_path)
    assert soum.circular_changes(soum.report(report_id))[:2] == (1, 2)
    own_plan = soum.create_plan(_template()).open
    with pytest.raises(UserError) as refused:  # a report on the office's own plan has nothing to follow
        soum.follow_circular_revision(soum.create_report(own_plan, Period.H1).open)
    assert error_text(refused.value) == "Энэ тайлан аймгаас ирсэн төлөвлөгөөний тайлан биш."

    _added_measure_done(soum, report_id, added)
    soum.finalise(report_id)  # a final report is what was sent: reopened first
    with pytest.raises(UserError) as refused:
        soum.follow_circular_revision(report_id)
    assert error_text(refused.value).startswith("Тайлан эцсийн болсон байна. Дахин нээж")
    assert "2 дахь хувилбарт" in error_text(refused.value) and soum.circular_changes(soum.report(report_id))[:2] == (1, 2)
    soum.reopen(report_id, "Аймгийн шинэ хувилбар")

    soum.follow_circular_revision(report_id)
    assert soum.circular_changes(soum.report(report_id)) == (2, 2, [])
    assert [(h["action"], h["reason"]) for h in soum.history(report_id)][-1] == ("follows_revision", "1 → 2")
    with pytest.raises(UserError) as refused:
        soum.follow_circular_revision(report_id)
    assert "2 дахь хувилбарт аль хэдийн нийцсэн" in error_text(refused.value)

    soum.finalise(report_id)
    sent, _ = soum.export(report_id, tmp_path / "up")
    assert read_bundle(sent.path.read_bytes()).made_on == 2
    _trust(aimag, sent.path, soum)
    assert [i.status for i in _import(aimag, sent.path)] == ["new"]
    assert aimag.made_on_text(aimag.report(report_id)) == "Төлөвлөгөөний хамгийн сүүлийн, 2-р засвараар хийсэн"


def test_a_circular_called_off_reaches_the_soum_whose_reports_stay_and_sent_again_is_taken_up(offices, tmp_path):
    """The aimag calls off a plan its soums hold: the notice is the circular's next revision,
    signed and read strictly (circular.json version 2). The soum keeps its report on it, makes no
    new one, and its start page lists no deadline; marked and sent again, it is taken up again."""
    import json
    import zipfile

    from aplan_desktop.bundle import read_bundle

    aimag, soum, _ = offices
    plan, report_id = _report_on_the_first_revision(aimag, soum, tmp_path)
    assert "аймгаас ирсэн төлөвлөгөөг хэрэгжүүлж" in soum.no_plan_text(plan.year)  # it carries out the aimag's
    aimag.withdraw_circular(plan.id)
    notice, _ = aimag.export(plan.id, tmp_path / "notice")
    with zipfile.ZipFile(notice.path) as z:
        written = json.loads(z.read("circular.json"))
    assert (written["format_version"], written["called_off"]) == (2, True)
    assert read_bundle(notice.path.read_bytes()).circular.called_off
    [checked] = soum.check_import([notice.path])  # the import dialog says it before it is taken
    assert checked.message == "Баянхонгор аймгийн Засаг даргын Тамгын газар энэ төлөвлөгөөг цуцалж байна: " \
                              "цаашид тайлагнахгүй."
    assert [i.status for i in _import(soum, notice.path)] == ["newer"]

    [shown] = soum.received_circulars()
    assert shown.circular.called_off and shown.due == []  # no deadline, no "Start the report"
    assert [(h["action"], h["reason"]) for h in soum.history(plan.id)][-1] == ("circular_called_off_received", "r2")
    assert soum.no_plan_text(plan.year) == f"{plan.year} оны төлөвлөгөө хараахан үүсээгүй байна. “Шинэ төлөвлөгөө…” " \
                                           "командаар үүсгэнэ үү."
    assert plan.id not in [p.id for p in soum.report_choices()[0]]
    with pytest.raises(UserError) as refused:
        soum.create_report(plan.id, Period.H2)
    assert error_text(refused.value) == ("Аймаг энэ төлөвлөгөөг цуцалсан тул үүн дээр шинэ тайлан үүсгэхгүй. "
                                         "Аль хэдийн үүсгэсэн тайлан хэвээр үлдэнэ.")
    assert soum.create_report(plan.id, Period.H1).open == report_id  # the report made stays, and opens
    assert soum.report(report_id).entries[0].result.endswith("хийсэн")
    assert soum.circular_changes(soum.report(report_id)) is None and soum.called_off(soum.report(report_id))

    aimag.mark_circular(plan.id)  # sent again: taken up again, as a circular like any other
    again, _ = aimag.export(plan.id, tmp_path / "again")
    assert not read_bundle(again.path.read_bytes()).circular.called_off
    assert [i.status for i in _import(soum, again.path)] == ["newer"]
    assert not soum.circular(plan.id).called_off and soum.received_circulars()[0].due
    assert soum.create_report(plan.id, Period.H2).created
