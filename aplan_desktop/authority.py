"""Who may send what: a bundle changes only what its sender's role allows, judged against the
receiving database's own records and never against what the bundle claims.

| kind   | accepted only from the key registered for        | may create or change            |
|--------|--------------------------------------------------|---------------------------------|
| report | the report's organisation                        | that organisation's report, and |
|        |                                                  | its plan if the plan is its own |
| plan   | the plan's organisation                          | that plan                       |
| review | the parent, in the receiver's records, of the    | the review fields (scores and   |
|        | report's organisation                            | comments) of that report only,  |
|        |                                                  | and its state (receipt.json)    |
| circular | the parent, in the receiver's records, of the  | that plan (the measures that    |
|        | receiving office (its own plan, or one it passes | apply to the receiver) only     |
|        | on from the office above it)                     |                                 |
| report on a circular | the report's own organisation      | that report only; the plan must |
|        |                                                  | be one this office sent down    |
| receipt| the parent, in the receiver's records, of this   | the states of this office's own |
|        | office (its aimag); addressed to this office     | reports only                    |

Each check returns the refusal as a `UserError` (a sentence for the user), or None.
"""

from __future__ import annotations

from aplan_desktop import bundle
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, Plan, Report
from aplan_desktop.i18n import named
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords


def _report_owner_here(store: Store, report_id: str) -> str | None:
    """The organisation whose report the one with this id is here (its own body, else its plan's;
    "" for a report whose plan is missing), or None when there is no such report."""
    row = store.conn.execute("SELECT coalesce(r.organisation_id, p.organisation_id, '') FROM reports r "
                             "LEFT JOIN plans p ON p.id = r.plan_id WHERE r.id = ?", [report_id]).fetchone()
    return row[0] if row else None


def _plan_owner_here(store: Store, plan_id: str) -> str | None:
    row = store.conn.execute("SELECT organisation_id FROM plans WHERE id = ?", [plan_id]).fetchone()
    return row[0] if row else None


def _taken_ids(store: Store, plan: Plan) -> str | None:
    """An objective or measure id of the bundle's plan that belongs to another plan here."""
    for table, ids in (("objectives", [o.id for o in plan.objectives]), ("measures", [m.id for m in plan.measures()])):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            row = store.conn.execute(
                f"SELECT id FROM {table} WHERE plan_id != ? AND id IN ({','.join('?' * len(chunk))}) LIMIT 1",
                [plan.id, *chunk]).fetchone()
            if row:
                return row[0]
    return None


def _other_owner(store: Store, plan: Plan, report: Report | None, owner_id: str) -> tuple[str, str] | None:
    """(document id, its owner here) when the plan's or report's id is another organisation's here."""
    plan_owner = _plan_owner_here(store, plan.id)
    if plan_owner is not None and plan_owner != owner_id:
        return plan.id, plan_owner
    if report is not None:
        report_owner = _report_owner_here(store, report.id)
        if report_owner is not None and report_owner != owner_id:
            return report.id, report_owner
    return None


def sender_named(store: Store, v: bundle.VerifiedBundle) -> dict[str, str]:
    """A bundle's sender as messages name it (`i18n.named`): in its own words, declined as this
    office stored that name or else by rule."""
    return named("sender", *store.naming(v.sender_id, v.sender_name))


def _taken(taken_id: str) -> UserError:
    return UserError(N_("The id {id} already belongs to another plan. The document was not saved."), id=taken_id)


def own_documents_problem(store: Store, plan: Plan, report: Report | None, owner_id: str) -> UserError | None:
    """Whether a plan (and report) of `owner_id` may be saved here without touching another
    organisation's documents: the same ids here must be that organisation's own."""
    if (other := _other_owner(store, plan, report, owner_id)) is not None:
        return UserError(N_("The document {id} here belongs to {organisation}. Nothing was saved."),
                         id=other[0], **named("organisation", *store.naming(other[1])))
    if (taken := _taken_ids(store, plan)) is not None:
        return _taken(taken)
    return None


def sender_problem(store: Store, v: bundle.VerifiedBundle) -> UserError | None:
    """Whether the (registered) sender of `v` may change what `v` would change here."""
    if v.kind == "receipt":
        from aplan_desktop.returns import receipt_problem

        return receipt_problem(store, v)
    if v.kind == "review":
        owner = _report_owner_here(store, v.document_id)
        parent = store.conn.execute("SELECT parent_id FROM organisations WHERE id = ?", [owner]).fetchone() \
            if owner else None
        if parent is None or parent[0] != v.sender_id:
            return UserError(N_("The review from {sender} is about a report that is not one of the reports of the "
                                "bodies under {sender} here. It was not imported."),
                             **sender_named(store, v))
        return None
    if v.kind == "circular":
        return _circular_problem(store, v)
    organisation = v.plan.organisation
    if v.report is not None and v.report.organisation_id not in (None, organisation.id):
        return _report_on_circular_problem(store, v)
    if organisation.id != v.sender_id:
        return UserError(N_("{sender} sent a document of another organisation ({organisation}). It was not "
                            "imported."), sender=v.sender_name, organisation=organisation.name)
    return _ids_problem(store, v, v.report, v.sender_id)


def _ids_problem(store: Store, v: bundle.VerifiedBundle, report: Report | None, owner_id: str) -> UserError | None:
    """The bundle's plan (and report) ids are `owner_id`'s here, or new; its objectives' and
    measures' ids are no other plan's."""
    if (other := _other_owner(store, v.plan, report, owner_id)) is not None:
        return UserError(N_("The bundle from {sender} carries the number of a document that belongs to "
                            "{organisation} here. It was not imported; call the sender."),
                         **sender_named(store, v),
                         **named("organisation", *store.naming(other[1])))
    if (taken := _taken_ids(store, v.plan)) is not None:
        return _taken(taken)
    return None


def _circular_problem(store: Store, v: bundle.VerifiedBundle) -> UserError | None:
    """A circular comes only from the office this one reports to, as this office's records say."""
    home = store.setting("home_organisation")
    row = store.conn.execute("SELECT parent_id FROM organisations WHERE id = ?", [home]).fetchone() if home else None
    if row is None or row[0] != v.sender_id or v.plan.organisation.id == home:
        return UserError(N_("The circular from {sender} was not imported: a circular is accepted only from the "
                            "aimag this office reports to (see Organisation…)."), **sender_named(store, v))
    # the plan is the sender's own, or one the sender passes on from the office above it
    return _ids_problem(store, v, None, v.plan.organisation.id)


def _report_on_circular_problem(store: Store, v: bundle.VerifiedBundle) -> UserError | None:
    """A body's report on another's plan: the body must be the sender, the plan one this office
    sent down to the bodies under it, and the report's id no other organisation's here."""
    if v.report.organisation_id != v.sender_id:
        return UserError(N_("{sender} sent a document of another organisation ({organisation}). It was not "
                            "imported."), sender=v.sender_name, organisation=v.report.organisation_id)
    sent = CircularRecords(store).get(v.plan.id, "sent")
    if sent is None:
        return UserError(N_("The report from {sender} is on a plan that this office did not send to the bodies "
                            "under it. It was not imported."), **sender_named(store, v))
    if v.made_on is not None and v.made_on > sent.revision:
        return UserError(N_("The report from {sender} says it was made on revision {made_on} of the plan, but this "
                            "office sent it only up to revision {revision}. It was not imported; ask the sender to "
                            "export it again."), made_on=v.made_on, revision=sent.revision, **sender_named(store, v))
    report_owner = _report_owner_here(store, v.report.id)
    if report_owner is not None and report_owner != v.sender_id:
        return UserError(N_("The bundle from {sender} carries the number of a document that belongs to "
                            "{organisation} here. It was not imported; call the sender."),
                         **sender_named(store, v), **named("organisation", *store.naming(report_owner)))
    return None


def organisation_as_here(store: Store, org: Organisation, parent: Organisation | None
                         ) -> tuple[Organisation, Organisation | None]:
    """The sender's organisation as it will be saved: its own details from the bundle, but the
    place in the hierarchy (its parent) as the receiver's records have it, once it has one."""
    row = store.conn.execute("SELECT parent_id FROM organisations WHERE id = ?", [org.id]).fetchone()
    if row is None:
        return org, parent
    org.parent_id = row[0]
    return org, None
