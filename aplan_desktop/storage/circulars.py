"""The circulars' records: plans marked as carried out by the bodies under their office (sent),
the ones an office received from its aimag, and the circular's revision each report was made on."""

from __future__ import annotations

import json

from aplan_desktop.core.circulars import Audience, Circular
from aplan_desktop.core.model import Report
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.storage.database import rows
from aplan_desktop.storage.store import Store, _now


def _circular(row: dict) -> Circular:
    return Circular(row["plan_id"], {Period(p): Deadline(*md) for p, md in json.loads(row["deadlines"]).items()},
                    {m: Audience(a) for m, a in json.loads(row["audience"]).items()}, row["revision"],
                    bool(row["called_off"]))


class CircularRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def save(self, circular: Circular, direction: str, sender_id: str = "") -> None:
        """Keep a circular (marked here, or received); part of the caller's transaction."""
        with self.store.transaction():
            self.store.db["circulars"].upsert({
                "plan_id": circular.plan_id, "direction": direction,
                "deadlines": json.dumps({p.value: [d.month, d.day] for p, d in circular.deadlines.items()}),
                "audience": json.dumps({m: a.value for m, a in circular.audience.items()}),
                "revision": circular.revision, "sender_id": sender_id, "updated_at": _now(),
                "called_off": int(circular.called_off)},
                pk=("plan_id", "direction"))

    def remove(self, plan_id: str, direction: str) -> None:
        with self.store.transaction():
            self.conn.execute("DELETE FROM circulars WHERE plan_id = ? AND direction = ?", [plan_id, direction])

    def get(self, plan_id: str, direction: str | None = None) -> Circular | None:
        """The plan's circular as sent from here (or passed on), else as received; or in the direction given."""
        row = next(rows(self.conn, "SELECT * FROM circulars WHERE plan_id = ? AND (? IS NULL OR direction = ?) "
                                   "ORDER BY direction DESC", [plan_id, direction, direction]), None)
        return _circular(row) if row else None

    def all(self, direction: str) -> list[Circular]:
        return [_circular(r) for r in rows(self.conn, "SELECT * FROM circulars WHERE direction = ? "
                                                      "ORDER BY updated_at DESC", [direction])]

    def sender(self, plan_id: str) -> str | None:
        row = self.conn.execute("SELECT sender_id FROM circulars WHERE plan_id = ? AND direction = 'received'",
                                [plan_id]).fetchone()
        return row[0] if row else None

    def set_report_revision(self, report_id: str, revision: int) -> None:
        with self.store.transaction():
            self.store.db["report_circulars"].upsert({"report_id": report_id, "revision": revision}, pk="report_id")

    def report_revision(self, report_id: str) -> int | None:
        """The circular's revision the report was made on (None: not a report on a circular)."""
        row = self.conn.execute("SELECT revision FROM report_circulars WHERE report_id = ?", [report_id]).fetchone()
        return row[0] if row else None


def report_of(store: Store, plan_id: str, period: Period, organisation_id: str) -> Report | None:
    """An organisation's report on a plan for a period (a report naming no organisation is the
    plan's own office's); the oldest change first, should there be several."""
    row = store.conn.execute(
        "SELECT r.id FROM reports r JOIN plans p ON p.id = r.plan_id WHERE r.plan_id = ? AND r.period = ? "
        "AND coalesce(nullif(r.organisation_id, ''), p.organisation_id) = ? ORDER BY r.updated_at, r.id LIMIT 1",
        [plan_id, period.value, organisation_id]).fetchone()
    return store.report(row[0]) if row else None


def report_senders(store: Store, plan_id: str, period: Period) -> list[tuple[str, str | None]]:
    """Every report on a plan for a period, whoever's, as its id and its organisation (None: the
    plan's own office's), oldest change first; the reports themselves are not loaded."""
    return store.conn.execute("SELECT id, organisation_id FROM reports WHERE plan_id = ? AND period = ? "
                              "ORDER BY updated_at, id", [plan_id, period.value]).fetchall()


def reported_measures(store: Store, plan_id: str) -> set[str]:
    """The measures of a plan that some report here has a result for (none when the plan is not here)."""
    return {r[0] for r in store.conn.execute(
        "SELECT DISTINCT e.measure_id FROM entries e JOIN measures m ON m.id = e.measure_id WHERE m.plan_id = ?",
        [plan_id])}
