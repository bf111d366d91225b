"""The operations layer as the window and the command line use it: each job checks, saves in
one transaction, and says (and announces) what changed."""

from __future__ import annotations

import pytest

from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import OrganisationKind, Person
from aplan_desktop.core.periods import Period
from aplan_desktop.core.workflow import StepRefused
from aplan_desktop.operations import Changes, OfficeDetails, Operations
from aplan_desktop.printing import consolidation_for
from aplan_desktop.storage import Store

SOUM = "Бат-Өлзий сумын Засаг даргын Тамгын газар"


def soum(**changes) -> OfficeDetails:
    details = OfficeDetails(SOUM, OrganisationKind.SOUM, "aimag-ovorkhangai", head=Person("ЗАСАГ ДАРГА", "Б. Бат"),
                            preparer=Person("мэргэжилтэн", "Д. Сараа"), genitive=SOUM[:-5] + "газрын",
                            dative=SOUM + "т", ablative=SOUM[:-5] + "газраас")
    for key, value in changes.items():
        setattr(details, key, value)
    return details


@pytest.fixture
def ops(store: Store) -> Operations:
    return Operations(store)


def test_setup_keeps_the_office_its_aimag_and_declined_name_and_starts_the_plan(ops, db_path):
    heard: list[Changes] = []
    ops.subscribe(lambda changes, origin: heard.append(changes))
    template = ops.plan_sources()[0].template
    changes = ops.setup_office(soum(), template, 2026)
    assert changes.organisation and changes.open and heard == [changes]
    reopened = Store.open(db_path)  # what reached the disk
    try:
        home = reopened.organisation(reopened.setting("home_organisation"))
        assert (home.name, home.parent_id) == (SOUM, "aimag-ovorkhangai")
        assert home.forms.ablative.endswith("газраас")
        assert [p.id for p in reopened.plans(home.id)] == [changes.open]
    finally:
        reopened.close()


@pytest.mark.parametrize("aimag", ["abc", None, "Өвөрхангай аймаг"])
def test_setup_refuses_an_aimag_not_chosen_from_the_list_and_saves_nothing(ops, aimag):
    with pytest.raises(UserError):
        ops.setup_office(soum(aimag_id=aimag))
    assert not ops.is_set_up() and ops.documents() == []


def test_an_aimag_office_is_not_its_own_subordinate_nor_missing_from_its_consolidation(ops, store):
    office = OfficeDetails("Өвөрхангай аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG,
                           "aimag-ovorkhangai")
    ops.setup_office(office)
    home = ops.home_organisation()
    assert (home.id, home.parent_id) == ("aimag-ovorkhangai", None)
    assert store.children_of(home.id) == []
    missing = consolidation_for(store, home.id, 2026, Period.H1).missing()
    assert home.id not in {b.organisation.id for b in missing} and len(missing) == 19  # its soums, from the list


def test_a_correction_of_the_organisation_survives_the_open_plans_next_save(ops, store):
    ops.setup_office(soum(name="ABC"), ops.plan_sources()[0].template, 2026)
    plan = ops.plan(ops.settings.last_place.doc)  # the editor's copy, with the old name
    ops.change_organisation(soum())
    plan.title += " (засвар)"
    store.save_plan(plan)  # what the plan editor's autosave does
    assert ops.home_organisation().name == SOUM
    assert ops.plan(plan.id).organisation.name == SOUM


def test_a_new_plan_copies_only_this_offices_own_plans(ops, demo_store):
    ops.setup_office(soum(), ops.plan_sources()[0].template, 2025)
    own = ops.home_organisation().id
    copies = [s for s in ops.plan_sources() if s.label_key == "copy"]
    assert copies and all(ops.plan(s.plan_id).organisation.id == own for s in copies)
    with pytest.raises(UserError):  # Баянхонгор аймаг's plan, the one finding 5 saw copied
        ops.create_plan(type(copies[0])("copy", "x", plan_id="s003-plan"), 2027)
    created = ops.create_plan("copy", 2027)
    assert ops.plan(created.open).organisation.id == own


def test_approve_is_refused_with_the_problems_and_reopening_needs_a_reason(ops, demo_store):
    changes = ops.setup_office(soum(), ops.plan_sources()[0].template, 2026)
    with pytest.raises(StepRefused) as refused:
        ops.approve(changes.open)  # the template's measures are not filled in yet
    assert refused.value.problems and ops.plan(changes.open).status.value == "draft"
    with pytest.raises(StepRefused):
        ops.reopen("s000-plan", "  ")
    assert ops.plan("s000-plan").status.value == "approved"
    assert ops.reopen("s000-plan", "Засвар").documents == {"s000-plan"}
    assert ops.plan("s000-plan").status.value == "draft"
    assert (ops.history("s000-plan")[-1]["action"], ops.history("s000-plan")[-1]["reason"]) == ("reopened", "Засвар")


def test_send_register_import_and_consolidate_between_two_offices(tmp_path):
    soum = Operations.open(tmp_path / "soum.sqlite")
    soum.load_demo(home="org-bat-olzii")
    (result, sent) = soum.export("s000-report", tmp_path / "mail")
    assert sent.documents == {"s000-report"} and soum.report("s000-report").status.value == "sent"
    fingerprint = soum.own_fingerprint()
    soum.close()

    aimag = Operations.open(tmp_path / "aimag.sqlite")
    aimag.setup_office(OfficeDetails("Өвөрхангай аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG,
                                     "aimag-ovorkhangai"))
    with pytest.raises(UserError):
        aimag.register_sender(result.path, "AAAA-BBBB")  # a wrong fingerprint registers nothing
    assert aimag.register_sender(result.path, fingerprint)[1].senders
    outcome, changes = aimag.import_checked(aimag.check_import([result.path]))
    assert [i.status for i in outcome] == ["new"]
    assert changes.created == {"s000-report"} and aimag.report("s000-report").plan_id == "s000-plan"
    pages = aimag.write_consolidation(2024, Period.H2, tmp_path / "нэгтгэл.pdf")
    assert pages and (tmp_path / "нэгтгэл.pdf").read_bytes().startswith(b"%PDF")
    aimag.close()


def test_a_soum_office_is_told_that_consolidating_is_the_aimags_job(ops, demo_store):
    ops.setup_office(soum())
    with pytest.raises(UserError):
        ops.render_consolidation(2024, Period.H2)


def test_restore_puts_the_backup_back_and_the_operations_go_on(ops, demo_store):
    ops.setup_office(soum())
    backup = ops.backup()
    ops.reopen("s000-plan", "Засвар")
    kept, changes = ops.restore(backup)
    assert changes.everything and kept is not None and kept.exists()
    assert ops.plan("s000-plan").status.value == "approved"  # as it was when the backup was taken
    assert ops.create_plan(ops.plan_sources()[0], 2027).created  # the restored file is in use
    ops.close()
