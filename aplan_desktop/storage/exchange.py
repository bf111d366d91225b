"""The exchange's records: bundles sent and received, and the senders' registered keys.

One key belongs to one organisation and one organisation has one key: registering never
replaces a key; `replace_key` does, and the change is logged with both keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from aplan_desktop.storage.database import rows
from aplan_desktop.storage.store import Store, _computer_user, _now

KEY_LOG = "key_register_log"  # settings: every key replaced, oldest first


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


def _bundle(row: dict) -> BundleRecord:
    return BundleRecord(**{**row, "applied": bool(row["applied"])})


class ExchangeRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -------------------------------------------------------------- keys

    def trusted_key(self, organisation_id: str) -> str | None:
        row = self.conn.execute("SELECT public_key FROM trusted_keys WHERE organisation_id = ?",
                                [organisation_id]).fetchone()
        return row[0] if row else None

    def key_owners(self, public_key_hex: str) -> list[str]:
        """The organisations a key is registered for: one at most, but a database of an older
        version of the program may hold a key registered for more than one."""
        return [r[0] for r in self.conn.execute("SELECT organisation_id FROM trusted_keys WHERE public_key = ? "
                                                "ORDER BY organisation_id", [public_key_hex])]

    def key_owner(self, public_key_hex: str) -> str | None:
        """The organisation a key is registered for, if any."""
        owners = self.key_owners(public_key_hex)
        return owners[0] if owners else None

    def trust_key(self, organisation_id: str, public_key_hex: str) -> None:
        """Register the first key of an organisation (the caller checked that neither has one)."""
        with self.store.transaction():
            self.store.db["trusted_keys"].insert({"organisation_id": organisation_id, "public_key": public_key_hex,
                                            "registered_at": _now()})

    def replace_key(self, organisation_id: str, public_key_hex: str) -> str:
        """Put a new key in the place of an organisation's registered one and log both; returns the old one."""
        with self.store.transaction():
            old = self.trusted_key(organisation_id)
            self.store.db["trusted_keys"].upsert({"organisation_id": organisation_id, "public_key": public_key_hex,
                                            "registered_at": _now()}, pk="organisation_id")
            log = self.store.setting(KEY_LOG) or []
            log.append({"at": _now(), "organisation_id": organisation_id, "old_key": old, "new_key": public_key_hex,
                        "computer_user": _computer_user()})
            self.store.set_setting(KEY_LOG, log)
        return old

    def key_changes(self) -> list[dict]:
        return self.store.setting(KEY_LOG) or []

    def trusted_keys(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.conn.execute(
            "SELECT organisation_id, public_key, registered_at FROM trusted_keys ORDER BY organisation_id")]

    # -------------------------------------------------------------- bundles

    def add_file_streamed(self, sha256: str, size: int, chunks: Iterable[bytes]) -> None:
        """Keep a file given as chunks under its sha256, written with SQLite's incremental blob I/O
        so that it is never held whole; the chunks must add up to `size` bytes of that sha256,
        else ValueError (and the caller's transaction is rolled back). Part of that transaction."""
        with self.store.transaction():
            if self.conn.execute("SELECT 1 FROM files WHERE sha256 = ?", [sha256]).fetchone():
                for _ in chunks:  # already kept: the chunks are still checked through to their end
                    pass
                return
            cursor = self.conn.execute("INSERT INTO files (sha256, size, content) VALUES (?, ?, zeroblob(?))",
                                       [sha256, size, size])
            hasher, written = hashlib.sha256(), 0
            with self.conn.blobopen("files", "content", cursor.lastrowid) as blob:
                for chunk in chunks:
                    if written + len(chunk) > size:
                        raise ValueError("more bytes than announced")
                    blob.write(chunk)
                    hasher.update(chunk)
                    written += len(chunk)
            if written != size or hasher.hexdigest() != sha256:
                raise ValueError("the bytes are not the ones announced")

    def record(self, record: BundleRecord) -> None:
        """Keep what is known of a bundle; its bytes are among the files (under `file_sha256`) already.
        Part of the caller's transaction."""
        with self.store.transaction():
            if record.applied:
                self.conn.execute("UPDATE bundles SET applied = 0 WHERE document_id = ? AND direction = ?",
                                  [record.document_id, record.direction])
            self.store.db["bundles"].insert({**record.__dict__, "applied": int(record.applied)}, replace=True)

    def bundles(self, document_id: str, direction: str | None = None) -> list[BundleRecord]:
        return [_bundle(r) for r in rows(self.conn, "SELECT * FROM bundles WHERE document_id = ? "
                                                    "AND (? IS NULL OR direction = ?) ORDER BY revision, at",
                                         [document_id, direction or None, direction or None])]

    def known(self, manifest_sha256: str) -> BundleRecord | None:
        row = next(rows(self.conn, "SELECT * FROM bundles WHERE manifest_sha256 = ?", [manifest_sha256]), None)
        return _bundle(row) if row else None

    def applied(self, document_id: str) -> BundleRecord | None:
        return next((b for b in self.bundles(document_id, "received") if b.applied), None)

    def last_sent(self, document_id: str, kind: str | None = None) -> BundleRecord | None:
        sent = [b for b in self.bundles(document_id, "sent") if kind is None or b.kind == kind]
        return sent[-1] if sent else None

    def first_arrival(self, document_id: str) -> tuple[datetime, datetime] | None:
        """The signed export time and the import time of the first bundle of a document that
        arrived here, or None when none did."""
        row = self.conn.execute("SELECT created_at, at FROM bundles WHERE document_id = ? AND direction = 'received' "
                                "AND kind != 'review' ORDER BY at, revision LIMIT 1", [document_id]).fetchone()
        return (datetime.fromisoformat(row[0]), datetime.fromisoformat(row[1])) if row else None
