"""Circulars between an office and the bodies under it: receiving one, the revision a report was
made on, and what changed since (docs/bundle-format.md, "Circulars").

The receiving body keeps the measures of the circular that apply to it (soums, agencies or
both). A later revision replaces the plan, measures matched by id; a measure the new revision
leaves out stays while a report here has a result for it, so nothing typed is lost. Every
revision received is kept as its bundle, so the plan a report was made on can be read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aplan_desktop.core.circulars import Circular, MeasureChange, plan_changes, plan_for_body
from aplan_desktop.core.model import Objective, Organisation, OrganisationKind, Plan, Report
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords, reported_measures

if TYPE_CHECKING:  # the bundle code (and PyNaCl) is loaded to read a bundle, not for the start page
    from aplan_desktop import bundle


def _home(store: Store) -> Organisation:
    return store.organisation(store.setting("home_organisation"))


def _keep_reported(store: Store, new: Plan) -> None:
    """Measures of the plan here that the new revision leaves out but a report here has a result
    for: kept at the end of their objective (the objective too, after the others, when the new
    revision leaves it out), so no result is lost."""
    reported = reported_measures(store, new.id)
    if not reported:
        return
    old = store.plan(new.id)
    kept_ids = {m.id for m in new.measures()}
    objectives = {o.id: o for o in new.objectives}
    for objective in old.objectives:
        for measure in objective.measures:
            if measure.id in reported and measure.id not in kept_ids:
                target = objectives.get(objective.id)
                if target is None:
                    target = Objective(objective.id, objective.number, objective.text, [],
                                       objective.section_id)
                    new.objectives.append(target)
                    objectives[objective.id] = target
                target.measures.append(measure)


def received_circular(store: Store, v: bundle.VerifiedBundle, parent: Organisation | None) -> None:
    """Keep a circular's plan as this office does: the measures that apply to it, with the
    circular's deadlines and revision; or, called off, that nothing more is reported on it (the
    reports made on it stay). Part of the import's transaction."""
    plan = plan_for_body(v.plan, v.circular, _home(store).kind)
    _keep_reported(store, plan)
    store.save_document(plan, parent)
    CircularRecords(store).save(v.circular, "received", v.sender_id)
    store.add_history("plan", plan.id, "circular_called_off_received" if v.circular.called_off else "circular_received",
                      f"r{v.revision}")


def _kind_from_name(name: str) -> OrganisationKind:
    """A body seen for the first time, by the words of its name (its office can be corrected)."""
    words = name.lower()
    for word, kind in (("сум", OrganisationKind.SOUM), ("дүүр", OrganisationKind.DISTRICT),
                       ("аймаг", OrganisationKind.AIMAG), ("аймг", OrganisationKind.AIMAG)):
        if word in words:
            return kind
    return OrganisationKind.AGENCY


def received_report_on_circular(store: Store, v: bundle.VerifiedBundle) -> None:
    """A body's report on a plan this office sent down: the report alone is kept (the plan here is
    this office's own), as the body's; results for measures the plan here no longer has are
    left out and named in the report's history (measures are matched by id). A body seen for the
    first time is kept under this office, named as the sender names itself. Part of the import's
    transaction."""
    report = v.report
    if not store.db["organisations"].count_where("id = ?", [report.organisation_id]):
        store.save_organisation(Organisation(report.organisation_id, v.sender_name, _kind_from_name(v.sender_name),
                                             parent_id=store.setting("home_organisation")))
    measures = {m.id for m in store.plan(report.plan_id).measures()}
    left_out = [v.plan.measure(e.measure_id).number for e in report.entries if e.measure_id not in measures]
    report.entries = [e for e in report.entries if e.measure_id in measures]
    store.save_report(report)
    if v.made_on is not None:  # the revision of this office's circular it was made on (bundle format 3)
        CircularRecords(store).set_report_revision(report.id, v.made_on)
    if left_out:  # said in the report's history, not dropped unseen
        store.add_history("report", report.id, "left_out", ", ".join(left_out))


def received_plan(store: Store, plan_id: str, revision: int) -> Plan | None:
    """The circular's plan as this office received it in that revision (None when that
    revision's bundle is not here)."""
    from aplan_desktop.bundle import read_bundle
    from aplan_desktop.storage.exchange import ExchangeRecords

    for record in ExchangeRecords(store).bundles(plan_id, "received"):
        if record.kind == "circular" and record.revision == revision:
            v = read_bundle(store.file_content(record.file_sha256))
            return plan_for_body(v.plan, v.circular, _home(store).kind)
    return None


def changes_since(store: Store, report: Report) -> tuple[int, int, list[MeasureChange]] | None:
    """For a report on a received circular: the revision it was made on, the circular's
    revision now, and the measures that changed between them (None: not on a circular, or on
    one called off since: there is nothing to follow)."""
    records = CircularRecords(store)
    made_on = records.report_revision(report.id)
    if made_on is None:
        return None
    circular = records.get(report.plan_id, "received")
    if circular is not None and circular.called_off:
        return None
    if circular is None or circular.revision == made_on:
        return made_on, made_on, []
    before = received_plan(store, report.plan_id, made_on)
    after = received_plan(store, report.plan_id, circular.revision)
    changes = plan_changes(before, after) if before is not None and after is not None else []
    return made_on, circular.revision, changes


def made_on(store: Store, report: Report) -> tuple[int, int] | None:
    """For a body's report on a plan this office sent down: the revision of it the report was made
    on (as its bundle said) and the revision sent last; None for this office's own reports, and
    for a report whose bundle did not say."""
    records = CircularRecords(store)
    if report.organisation_id in (None, store.setting("home_organisation")):
        return None
    sent, revision = records.get(report.plan_id, "sent"), records.report_revision(report.id)
    return (revision, sent.revision) if sent is not None and revision is not None else None


def received_circulars(store: Store) -> list[tuple[Plan, Circular, str]]:
    """The circulars this office received, newest first: the plan, its circular and the sender's id."""
    records = CircularRecords(store)
    return [(store.plan(c.plan_id), c, records.sender(c.plan_id) or "") for c in records.all("received")]
