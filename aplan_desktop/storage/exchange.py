"""The exchange's records: bundles sent and received, and the senders' registered keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aplan_desktop.storage.store import Store, _now


@dataclass(frozen=True)
class BundleRecord:
    manifest_sha256: str
    bundle_id: str
    direction: str
    kind: str
    document_id: str
    revision: int
    previous_manifest_sha256: str | None
    content_sha256: str
    sender_id: str
    created_at: str
    at: str
    applied: bool
    file_sha256: str


class ExchangeRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # -------------------------------------------------------------- keys

    def trusted_key(self, organisation_id: str) -> str | None:
        row = self.db.execute("SELECT public_key FROM trusted_keys WHERE organisation_id = ?",
                              [organisation_id]).fetchone()
        return row[0] if row else None

    def trust_key(self, organisation_id: str, public_key_hex: str) -> None:
        with self.store.transaction():
            self.db["trusted_keys"].upsert({"organisation_id": organisation_id, "public_key": public_key_hex,
                                            "registered_at": _now()}, pk="organisation_id")

    def trusted_keys(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT organisation_id, public_key, registered_at FROM trusted_keys ORDER BY organisation_id")]

    # -------------------------------------------------------------- bundles

    def record(self, record: BundleRecord, content: bytes) -> None:
        """Keep a bundle (its bytes among the files); part of the caller's transaction."""
        with self.store.transaction():
            self.store.add_file(content)
            if record.applied:
                self.db.execute("UPDATE bundles SET applied = 0 WHERE document_id = ? AND direction = ?",
                                [record.document_id, record.direction])
            self.db["bundles"].insert({**record.__dict__, "applied": int(record.applied)}, replace=True)

    def bundles(self, document_id: str, direction: str | None = None) -> list[BundleRecord]:
        where, params = "document_id = ?", [document_id]
        if direction:
            where, params = where + " AND direction = ?", params + [direction]
        return [BundleRecord(**{**r, "applied": bool(r["applied"])})
                for r in self.db["bundles"].rows_where(where, params, order_by="revision, at")]

    def known(self, manifest_sha256: str) -> BundleRecord | None:
        rows = list(self.db["bundles"].rows_where("manifest_sha256 = ?", [manifest_sha256]))
        return BundleRecord(**{**rows[0], "applied": bool(rows[0]["applied"])}) if rows else None

    def applied(self, document_id: str) -> BundleRecord | None:
        return next((b for b in self.bundles(document_id, "received") if b.applied), None)

    def last_sent(self, document_id: str) -> BundleRecord | None:
        sent = self.bundles(document_id, "sent")
        return sent[-1] if sent else None

    def first_received_at(self, document_id: str) -> datetime | None:
        row = self.db.execute("SELECT min(at) FROM bundles WHERE document_id = ? AND direction = 'received'",
                              [document_id]).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None
