"""Where each revision of a body's report stands with the aimag (table `report_states`), and the
receipts a body received (table `receipts`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from aplan_desktop.storage.database import rows
from aplan_desktop.storage.search import reindex_returns
from aplan_desktop.storage.store import Store, _computer_user

RECEIVED, ACCEPTED, RETURNED = "received", "accepted", "returned"  # a report's states with the aimag


@dataclass(frozen=True, eq=False)
class ReportState:
    """One word of the aimag on one revision of a body's report: received, accepted or returned."""

    report_id: str
    revision: int
    state: str                        # received, accepted, returned
    received_at: datetime             # when the revision reached the aimag
    at: datetime                      # when the aimag received it or decided
    reasons: tuple[tuple[str, str], ...] = ()  # (measure id, reason) of a return
    note: str = ""
    source: str = ""                  # '' decided here; else the bundle that told it


def _state(row) -> ReportState:
    return ReportState(row["report_id"], row["revision"], row["state"], datetime.fromisoformat(row["received_at"]),
                       datetime.fromisoformat(row["at"]), tuple((r["measure_id"], r["text"])
                                                                for r in json.loads(row["reasons"])),
                       row["note"], row["source"])


def standing_of(states: list[ReportState], revision: int, sent: bool) -> ReportState | None:
    """The report's standing with the aimag, from its states (oldest first): the last word on
    its current revision; for a revision not sent yet, the return of the one before it (its
    reasons are what to correct)."""
    current = [s for s in states if s.revision == revision]
    if current or sent or revision < 2:
        return current[-1] if current else None
    before = [s for s in states if s.revision == revision - 1]
    return before[-1] if before and before[-1].state == RETURNED else None


class ReviewRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def add(self, state: ReportState) -> None:
        """Part of the caller's transaction."""
        with self.store.transaction():
            self.store.db["report_states"].insert({
                "report_id": state.report_id, "revision": state.revision, "state": state.state,
                "received_at": state.received_at.isoformat(timespec="seconds"),
                "at": state.at.isoformat(timespec="seconds"),
                "reasons": json.dumps([{"measure_id": m, "text": t} for m, t in state.reasons], ensure_ascii=False),
                "note": state.note, "source": state.source, "computer_user": _computer_user()})
            reindex_returns(self.conn, state.report_id)

    def report_owner(self, report_id: str) -> str | None:
        """The organisation a report belongs to here (the report's own, else its plan's)."""
        row = self.conn.execute("SELECT coalesce(r.organisation_id, p.organisation_id) FROM reports r "
                                "JOIN plans p ON p.id = r.plan_id WHERE r.id = ?", [report_id]).fetchone()
        return row[0] if row else None

    def states(self, report_id: str) -> list[ReportState]:
        """Every state of the report, oldest first."""
        return [_state(r) for r in rows(self.conn, "SELECT * FROM report_states WHERE report_id = ? "
                                                   "ORDER BY revision, at, id", [report_id])]

    def latest(self, report_id: str, revision: int) -> ReportState | None:
        """The last word on that revision of the report."""
        row = next(rows(self.conn, "SELECT * FROM report_states WHERE report_id = ? AND revision = ? "
                                   "ORDER BY at DESC, id DESC LIMIT 1", [report_id, revision]), None)
        return _state(row) if row else None

    def states_of(self, report_ids: list[str]) -> dict[str, list[ReportState]]:
        """Every state of each of these reports, oldest first."""
        found: dict[str, list[ReportState]] = {}
        for start in range(0, len(report_ids), 500):
            chunk = report_ids[start:start + 500]
            for row in rows(self.conn, f"SELECT * FROM report_states WHERE report_id IN "
                                       f"({','.join('?' * len(chunk))}) ORDER BY revision, at, id", chunk):
                found.setdefault(row["report_id"], []).append(_state(row))
        return found

    def ids_with_state(self, state: str) -> list[str]:
        """The reports that were ever in this state."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT report_id FROM report_states WHERE state = ? "
                                                "ORDER BY report_id", [state])]

    def receipt_known(self, manifest_sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM receipts WHERE manifest_sha256 = ?", [manifest_sha256]).fetchone() \
            is not None

    def record_receipt(self, manifest_sha256: str, sender_id: str, created_at: datetime, at: datetime) -> None:
        with self.store.transaction():
            self.store.db["receipts"].insert({"manifest_sha256": manifest_sha256, "sender_id": sender_id,
                                        "created_at": created_at.isoformat(), "at": at.isoformat()})
