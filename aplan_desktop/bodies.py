"""The bodies an aimag expects reports from, and which registered sender reports for which.

From the first day an aimag's office expects a report from each of its soums (the capital's
office from each district): the roster's entries, under the ids that offices set up from the
roster take. Beside them: the agencies the aimag adds (schools, hospitals, police), and every
sender it registered as a body of its own. A sender not set up from the roster (an older
installation, a body not in the list) is bound by the aimag, when it registers the sender's
key, to a roster entry or to an agency it added; its reports then count for that body.

All of it is the aimag's own record: what a bundle says of its sender decides nothing here.
"""

from __future__ import annotations

from aplan_desktop.core.circulars import Circular
from aplan_desktop.core.model import Organisation, OrganisationKind, Plan, new_id
from aplan_desktop.core.periods import Period
from aplan_desktop.core.roster import find_unit
from aplan_desktop.resources import roster
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import report_senders

BINDINGS = "body_bindings"  # settings: {sender's organisation id: the body it reports for}


def bindings(store: Store) -> dict[str, str]:
    return dict(store.setting(BINDINGS) or {})


def expected_bodies(store: Store, aimag_id: str) -> list[Organisation]:
    """The aimag's soums (or the capital's districts) from the roster, the agencies it added and
    the senders it registered as bodies of their own; a body stored here shows its stored details."""
    aimag = next((a for a in roster() if a.id == aimag_id), None)
    bodies = {unit.id: unit.office() for unit in aimag.units} if aimag else {}
    listed_names = {_normal(unit.office_name): unit.id for unit in aimag.units} if aimag else {}
    bound = bindings(store)
    children = [o for o in store.children_of(aimag_id) if o.id not in bound]  # a bound sender reports as its body
    stored = {o.id for o in children}
    for organisation in children:
        listed = listed_names.get(_normal(organisation.name))
        if listed is not None and listed not in stored:
            # an office registered here before the list, under its entry's very name, takes the entry's place
            bodies.pop(listed, None)
        bodies[organisation.id] = organisation
    return sorted(bodies.values(), key=lambda o: o.name)


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def reporting_for(store: Store, bodies: list[Organisation]) -> dict[str, str]:
    """Whose reports count for which body: each body's own, and those of the senders bound to it."""
    counted = {body.id: body.id for body in bodies}
    for sender, body in bindings(store).items():
        if body in counted:
            counted[sender] = body
    return counted


def carries_out(circular: Circular | None, measure_id: str, body: Organisation) -> bool:
    """Whether a body carries out a measure of a plan sent down (with no circular, every measure)."""
    return circular is None or circular.applies(measure_id, body.kind)


def expected_on_plan(store: Store, office_id: str, plan: Plan, circular: Circular | None) -> list[Organisation]:
    """The bodies expected to report on a plan the office sent down: those under it that the
    plan's circular gives a measure to."""
    measures = plan.measures()
    return [o for o in expected_bodies(store, office_id) if any(carries_out(circular, m.id, o) for m in measures)]


def reports_by_body(store: Store, office_id: str, plan: Plan, period: Period,
                    expected: list[Organisation]) -> dict[str, str]:
    """Which report on the plan for the period counts for each body that reported: its id, by the
    body's (a bound sender's report counts for its body; of several, the latest changed). The
    office's own report is no body's. Read from the reports' ids and senders alone."""
    counted = reporting_for(store, expected)
    found = {}
    for report_id, organisation_id in report_senders(store, plan.id, period):
        sender = organisation_id or plan.organisation.id
        body = counted.get(sender, sender)
        if body != office_id:
            found[body] = report_id
    return found


def add_agency(store: Store, aimag_id: str, name: str) -> Organisation:
    """An agency (school, hospital, police…) the aimag expects reports from, under its own name."""
    agency = Organisation(new_id(), name, OrganisationKind.AGENCY, parent_id=aimag_id)
    store.save_organisation(agency)
    return agency


def removal_problem(store: Store, body_id: str) -> tuple[str, str] | None:
    """Why an added body cannot be removed: ("sender", its name) when a registered sender reports
    for it, ("key", "") when its own key is registered, ("documents", "") when plans, reports or
    bundles here are its; None when nothing is bound to it."""
    from aplan_desktop.storage.exchange import ExchangeRecords

    sender = next((s for s, body in bindings(store).items() if body == body_id), None)
    if sender is not None:
        return "sender", store.naming(sender)[0]
    if ExchangeRecords(store).trusted_key(body_id) is not None:
        return "key", ""
    if store.conn.execute("SELECT 1 FROM plans WHERE organisation_id = ? UNION ALL SELECT 1 FROM reports WHERE "
                        "organisation_id = ? UNION ALL SELECT 1 FROM bundles WHERE sender_id = ? LIMIT 1",
                        [body_id] * 3).fetchone():
        return "documents", ""
    return None


def remove_body(store: Store, body_id: str) -> None:
    """An added body that nothing is bound to (`removal_problem`), gone; part of the caller's transaction."""
    store.conn.execute("DELETE FROM organisations WHERE id = ?", [body_id])


def bind(store: Store, aimag_id: str, sender: Organisation, body_id: str) -> None:
    """Record, in the aimag's own data, that `sender` (whose key is registered) is one of its
    bodies: itself (`body_id` is its own id) or a roster entry or agency it reports for, in the
    place of where it was. The caller checked `binding_problem` first; part of the caller's
    transaction."""
    here = store.conn.execute("SELECT 1 FROM organisations WHERE id = ?", [sender.id]).fetchone()
    stored = store.organisation(sender.id) if here else sender
    stored.parent_id = aimag_id  # its place under this aimag is this aimag's word, not the bundle's
    store.save_organisation(stored)
    others = {s: b for s, b in bindings(store).items() if s != sender.id}
    store.set_setting(BINDINGS, others if body_id == sender.id else {**others, sender.id: body_id})


def binding_problem(store: Store, aimag_id: str, sender_id: str, body_id: str) -> str | None:
    """Why `sender_id` cannot be bound to `body_id` here: "listed" (the sender was set up as a
    roster entry: it is that entry and no other), "unknown" (not one of this aimag's bodies) or
    "taken" (another registered sender already reports for it); None when it can."""
    if body_id == sender_id:
        return None
    if find_unit(roster(), sender_id) is not None:
        return "listed"
    if body_id not in {b.id for b in expected_bodies(store, aimag_id)}:
        return "unknown"
    from aplan_desktop.storage.exchange import ExchangeRecords

    taken = {body for sender, body in bindings(store).items() if sender != sender_id}
    if body_id in taken or ExchangeRecords(store).trusted_key(body_id) is not None:
        return "taken"
    return None
