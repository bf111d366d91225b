"""Writing a bundle: the document, the printed report and the evidence, signed, as zip bytes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from aplan_desktop.bundle import container, keys
from aplan_desktop.bundle import receipt as receipts
from aplan_desktop.bundle.errors import BundleDocumentError, BundleError, BundleTooLargeError
from aplan_desktop.bundle.manifest import (
    CIRCULAR,
    CIRCULAR_REVISION,
    DOCUMENT,
    EVIDENCE_PREFIX,
    FORMAT,
    ID,
    KINDS,
    MANIFEST,
    PDF,
    RECEIPT,
    SHA256,
    SIGNATURE,
    encode,
    format_created_at,
    version_needed,
)
from aplan_desktop.bundle.reader import Limits
from aplan_desktop.bundle.versions import written_as
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import N_, DocumentFormatError

EMAIL_LIMIT = 7_000_000  # bytes; a bundle above this may not get through mail servers


def _members(document_bytes: bytes, pdf: bytes | None, evidence: Mapping[str, bytes],
             small: list[tuple[str, dict]]) -> list[tuple[str, bytes]]:
    members = [(DOCUMENT, document_bytes)]
    members += [(name, interchange.dumps(content).encode("utf-8")) for name, content in small]
    if pdf is not None:
        members.append((PDF, bytes(pdf)))
    for sha in sorted(evidence):
        if not isinstance(sha, str) or not SHA256.match(sha):
            raise ValueError(f"evidence is keyed by sha256 in 64 lowercase hex digits, not {sha!r}")
        data = bytes(evidence[sha])
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleError(
                N_("An evidence file has changed since it was attached (its checksum is no longer {sha256}). "
                   "Attach it again, then export again."), sha256=sha)
        members.append((EVIDENCE_PREFIX + sha, data))
    return members


def _check_limits(members: list[tuple[str, bytes]], limits: Limits) -> None:
    if len(members) + 2 > limits.max_members:
        raise BundleTooLargeError(
            N_("A bundle may carry at most {limit} files; this one would have {count}. "
               "Leave some evidence files out, then export again."), limit=limits.max_members, count=len(members) + 2)
    total = 0
    for name, data in members:
        if len(data) > limits.max_member_size:
            raise BundleTooLargeError(
                N_("The file \"{name}\" is {size} bytes; a bundle may carry at most {limit} bytes per file. "
                   "Make it smaller, then export again."), name=name, size=len(data), limit=limits.max_member_size)
        total += len(data)
    if total + limits.max_manifest_size > limits.max_total_size:
        raise BundleTooLargeError(
            N_("The files to send add up to {size} bytes; a bundle may carry at most {limit}. "
               "Leave some evidence files out or make them smaller, then export again."),
            size=total, limit=limits.max_total_size - limits.max_manifest_size)


def _entry(name: str, data: bytes, limits: Limits) -> tuple[str, bytes, int, bytes]:
    """Deflated, unless deflating would look like a zip bomb to a reader (a blank scan): then stored."""
    payload = container.deflate(data)
    if len(data) > limits.ratio_min_size and len(data) > limits.max_ratio * len(payload):
        return name, data, container.STORED, data
    return name, data, container.DEFLATED, payload


def build_bundle(document: dict | None, signing_seed: bytes, *, kind: str, revision: int,
                 previous_manifest_sha256: str | None, sender_id: str, sender_name: str,
                 pdf: bytes | None = None, evidence: Mapping[str, bytes] | None = None,
                 created_at: datetime | None = None, bundle_id: str | None = None,
                 limits: Limits = Limits(), circular: dict | None = None, receipt: receipts.Receipt | None = None,
                 format_version: int | None = None, made_on: dict | None = None) -> bytes:
    """A signed bundle (docs/bundle-format.md) carrying `document` (from `document_from_objects`;
    None for a receipt) and, for a receipt or a review, `receipt`.

    `evidence` maps each file's sha256 to its bytes. `created_at` (aware) and `bundle_id` default to
    now and a new UUID. A `circular` bundle carries its plan's `circular` (`circulars.circular_to_dict`),
    a body's report on a circular the revision it was made on (`made_on`, `circulars.made_on_to_dict`).
    `format_version`: the version the receiver reads, refused when the bundle needs a newer one;
    None: the oldest version that carries all of it (`versions.written_as`). Raises `BundleError`
    for what the user can fix (an evidence file changed on disk, files too big, a version too old
    for what the bundle carries), ValueError for arguments no caller should pass.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValueError("revision must be an integer of 1 or more")
    if (kind == "circular") != (circular is not None):
        raise ValueError("a circular bundle, and only one, carries the circular")
    if made_on is not None and kind != "report":
        raise ValueError("only a report says the circular's revision it was made on")
    if (kind == "receipt") != (document is None) or (receipt is not None and kind not in ("receipt", "review")):
        raise ValueError("a receipt carries a receipt and no document; only a receipt or a review carries a receipt")
    if kind in ("report", "review") and document.get("report", {}).get("revision") != revision:
        raise ValueError("a report's bundle has the report's own revision")
    if previous_manifest_sha256 is not None and not SHA256.match(str(previous_manifest_sha256)):
        raise ValueError("previous_manifest_sha256 must be 64 lowercase hex digits or None")
    if not isinstance(sender_id, str) or not ID.match(sender_id):
        raise ValueError("sender_id must be an organisation id")
    if not isinstance(sender_name, str) or not sender_name.strip():
        raise ValueError("sender_name must not be empty")
    bundle_id = str(uuid.UUID(bundle_id)) if bundle_id is not None else str(uuid.uuid4())
    when = created_at or datetime.now(timezone.utc)
    verify_key = keys.public_key(signing_seed)
    small = [(name, given) for name, given in ((CIRCULAR, circular), (CIRCULAR_REVISION, made_on)) if given]
    needed = version_needed(kind, [name for name, _ in small] + ([RECEIPT] if receipt else []))
    if format_version is not None and format_version < needed:
        raise BundleError(N_("This bundle needs bundle format version {needed}, but the settings say the aimag reads "
                             "version {version}. Ask the aimag's office to install the newest aplan, then set "
                             "\"Bundle format the aimag reads\" to {needed}."), needed=needed, version=format_version)
    document_id = receipt.to if document is None else _document_id(document, kind)
    version, carried = written_as(document, needed, format_version)
    if document is None:
        members = [(RECEIPT, receipts.encode(receipt))]
    else:
        members = _members(interchange.dumps(carried).encode("utf-8"), pdf, evidence or {}, small)
        if receipt is not None:
            members.insert(1, (RECEIPT, receipts.encode(receipt)))
    _check_limits(members, limits)
    manifest = {
        "format": FORMAT,
        "format_version": version,
        "bundle_id": bundle_id,
        "kind": kind,
        "document_id": document_id,
        "revision": revision,
        "previous_manifest_sha256": previous_manifest_sha256,
        "sender": {"organisation_id": sender_id, "name": sender_name, "public_key": verify_key.hex()},
        "created_at": format_created_at(when),
        "members": [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in members],
    }
    manifest_bytes = encode(manifest)
    if len(manifest_bytes) > limits.max_manifest_size:
        raise ValueError("the manifest would be bigger than a reader accepts")
    signature = keys.sign(signing_seed, manifest_bytes)
    entries = [_entry(MANIFEST, manifest_bytes, limits), _entry(SIGNATURE, signature, limits)]
    entries += [_entry(name, data, limits) for name, data in members]
    return container.pack(entries, when.astimezone(timezone.utc))


def _document_id(document: dict, kind: str) -> str:
    try:
        plan, _, report = interchange.objects_from_document(document)
    except DocumentFormatError as exc:
        raise BundleDocumentError(exc.message, **exc.params) from exc
    if (kind in ("plan", "circular")) != (report is None):
        raise ValueError(f"a {kind} bundle carries a {'report' if report is None else 'plan'} document")
    return plan.id if report is None else report.id


def size_report(members: bytes | Mapping[str, bytes | int] | Iterable[tuple[str, bytes | int]],
                limit: int = EMAIL_LIMIT, count: int = 5) -> list[tuple[str, int]]:
    """The biggest files, largest first, when they add up to more than `limit`; [] when all is well.

    `members` is either a built bundle (sizes as stored in it, names as in the zip) or the files
    about to go into one, as name → bytes or size (photos and PDFs hardly compress, so their sum
    is close to the bundle's size). The caller names the files in the warning it shows.
    """
    if isinstance(members, (bytes, bytearray, memoryview)):
        source = container.Source(members)
        entries = container.read_directory(source, Limits().max_members)
        sizes = [(e.name, e.compressed_size) for e in entries]
        total = len(source)
    else:
        items = members.items() if isinstance(members, Mapping) else members
        sizes = [(name, value if isinstance(value, int) else len(value)) for name, value in items]
        total = sum(size for _, size in sizes)
    if total <= limit:
        return []
    return sorted(sizes, key=lambda item: (-item[1], item[0]))[:count]
