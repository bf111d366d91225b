"""The aimag's loop on three real data files, the aimag's and soums A's and B's: the aimag's plan
sent down as a circular, each soum's report on it sent up, the consolidation per plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aplan_desktop.core.circulars import Audience
from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import OrganisationKind, Person
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.templates import list_templates
from aplan_desktop.operations import OfficeDetails, Operations, aimag_choices
from aplan_desktop.resources import templates_dir

AIMAG_NAME = "Баянхонгор аймаг"
YEAR = date.today().year


def _aimag_id() -> str:
    return next(a.id for a in aimag_choices() if a.name == AIMAG_NAME)


def _office(path: Path, name: str, kind: OrganisationKind, start="later") -> Operations:
    ops = Operations.open(path)
    ops.setup_office(OfficeDetails(name, kind, _aimag_id(), head=Person("ЗАСАГ ДАРГА", "Д. МӨНХСАЙХАН"),
                                   preparer=Person("ДАРГА", "Б. БОЛД")), start, YEAR)
    return ops


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
    sent = run_aplan("circular", plan.id, "--h1", "06-01", "--agencies", numbers[1], "-o", str(out), db=aimag)
    assert sent.returncode == 0, sent.stderr
    assert list(out.glob("*_circular_r1.aplan"))
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
