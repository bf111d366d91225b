"""Bundles as a hostile or broken sender could make them: signed, but with whatever manifest and
document bytes a test wants (the program's own writer refuses to make most of these)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timezone

from aplan_desktop.bundle import container, keys
from aplan_desktop.bundle.manifest import encode


def raw_bundle(document: bytes, seed: bytes, *, kind: str, document_id: str, revision: int, sender_id: str,
               sender_name: str, previous: str | None = None, evidence: dict[str, bytes] | None = None,
               manifest_changes: dict | None = None, signed_by: bytes | None = None, stored: bool = False) -> bytes:
    """`signed_by`: another seed than the one whose public key the manifest names (a forgery);
    `stored`: members not compressed (so that no ratio limit stops a big document before it is read)."""
    files = [("document.json", document)] + [(f"evidence/{sha}", data) for sha, data in sorted((evidence or {}).items())]
    manifest = {
        "format": "aplan.bundle", "format_version": 1, "bundle_id": str(uuid.uuid4()), "kind": kind,
        "document_id": document_id, "revision": revision, "previous_manifest_sha256": previous,
        "sender": {"organisation_id": sender_id, "name": sender_name, "public_key": keys.public_key(seed).hex()},
        "created_at": "2024-12-20T09:30:00Z",
        "members": [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in files],
    }
    manifest.update(manifest_changes or {})
    manifest_bytes = encode(manifest)
    members = [("manifest.json", manifest_bytes), ("manifest.sig", keys.sign(signed_by or seed, manifest_bytes))] + files
    packed = [(name, data, container.STORED, data) if stored else (name, data, container.DEFLATED,
                                                                      container.deflate(data)) for name, data in members]
    return container.pack(packed,
                          datetime(2024, 12, 20, 9, 30, tzinfo=timezone.utc))
