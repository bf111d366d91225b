"""Reading a bundle: every check of docs/bundle-format.md, in order, before anything is returned.

The zip's directory, the manifest and its signature are checked before any other member is
read; then every member is streamed through its sha256 and CRC-32, never held whole (only the
document, which is parsed, is). `read_bundle` (bytes) and `read_bundle_file` (a path) either
return a `VerifiedBundle` whose every byte was covered by the signature, or raise a
`BundleError`; nothing is ever written to disk. `member_chunks` streams a member again (to
store it), checking it once more on the way. Whether the signing key is the one registered
for the sender is the caller's decision: the public key and its fingerprint are on the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aplan_desktop.bundle import container, keys
from aplan_desktop.bundle.errors import (
    BundleDocumentError,
    BundleTooLargeError,
    ContentsError,
    ManifestError,
    SignatureError,
    UnsafeMemberError,
)
from aplan_desktop.bundle import receipt as receipts
from aplan_desktop.bundle.manifest import (
    CIRCULAR, CIRCULAR_REVISION, DOCUMENT, EVIDENCE_PREFIX, MANIFEST, MEMBER_NAME, PDF, RECEIPT, SIGNATURE, Manifest,
)
from aplan_desktop.bundle.manifest import parse as parse_manifest
from aplan_desktop.core import strict_json
from aplan_desktop.core.circulars import Circular, circular_from_dict, made_on_from_dict
from aplan_desktop.core.errors import N_, DocumentFormatError
from aplan_desktop.core.interchange import check_shape, objects_from_document, parse
from aplan_desktop.core.model import Organisation, Plan, Report

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What a reader accepts; the writer refuses to make a bundle beyond the default ones."""

    max_members: int = 2000
    max_member_size: int = 50 * MB
    max_total_size: int = 200 * MB
    max_ratio: int = 200            # uncompressed / compressed, for members over ratio_min_size
    ratio_min_size: int = 1 * MB
    max_manifest_size: int = 1 * MB  # manifest.json and manifest.sig


@dataclass(frozen=True)
class VerifiedBundle:
    bundle_id: str
    kind: str
    document_id: str
    revision: int
    previous_manifest_sha256: str | None
    sender_id: str
    sender_name: str
    sender_public_key: bytes
    created_at: datetime
    manifest_sha256: str
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    document: dict  # {} in a receipt
    plan: Plan | None  # None in a receipt
    parent: Organisation | None
    report: Report | None
    source: container.Source
    members: dict[str, container.Member]
    circular: Circular | None = None  # a circular bundle's deadlines and who carries out which measure
    receipt: receipts.Receipt | None = None  # a receipt's, or a review's (bundle format version 2)
    made_on: int | None = None  # a body's report on a circular: the circular's revision it was made on (version 3)
    format_version: int = 1

    @property
    def sender_fingerprint(self) -> str:
        return keys.fingerprint(self.sender_public_key)

    @property
    def evidence_files(self) -> list[str]:
        """The sha256 of each evidence file the bundle carries."""
        return [name[len(EVIDENCE_PREFIX):] for name in self.members if name.startswith(EVIDENCE_PREFIX)]

    @property
    def pdf(self) -> bytes | None:
        return b"".join(member_chunks(self, PDF)) if PDF in self.members else None

    @property
    def evidence(self) -> dict[str, bytes]:
        """Every evidence file whole: for small bundles and tests; the importer streams them."""
        return {sha: b"".join(member_chunks(self, EVIDENCE_PREFIX + sha)) for sha in self.evidence_files}


def _check_members(entries: list[container.CentralEntry]) -> None:
    seen: set[bytes] = set()
    for e in entries:
        if e.is_link:
            raise UnsafeMemberError(
                N_("The bundle contains a link (\"{name}\") where a file should be. It was not opened; "
                   "ask the sender to export the bundle again."), name=e.name)
        if e.is_directory:
            raise UnsafeMemberError(
                N_("The bundle contains a folder (\"{name}\") where a file should be. It was not opened; "
                   "ask the sender to export the bundle again."), name=e.name)
        if not e.raw_name.isascii() or not MEMBER_NAME.match(e.raw_name.decode("ascii")):
            raise UnsafeMemberError(
                N_("The bundle contains a file named \"{name}\", which has no place in an aplan bundle. "
                   "It was not opened; ask the sender to export the bundle again."), name=e.name)
        if e.raw_name in seen:
            raise UnsafeMemberError(
                N_("The bundle contains the file \"{name}\" twice. It was not opened; "
                   "ask the sender to export the bundle again."), name=e.name)
        seen.add(e.raw_name)


def _check_sizes(members: list[container.Member], limits: Limits) -> None:
    total = 0
    for m in members:
        limit = limits.max_manifest_size if m.name in (MANIFEST, SIGNATURE, RECEIPT) else limits.max_member_size
        if m.size > limit:
            raise BundleTooLargeError(
                N_("The file \"{name}\" in the bundle is {size} bytes when unpacked; at most {limit} are allowed. "
                   "It was not opened; ask the sender to make it smaller and export again."),
                name=m.name, size=m.size, limit=limit)
        total += m.size
        if total > limits.max_total_size:
            raise BundleTooLargeError(
                N_("The bundle unpacks to more than {limit} bytes, which is more than allowed. It was not opened; "
                   "ask the sender to leave some evidence files out and export again."), limit=limits.max_total_size)
        if m.size > limits.ratio_min_size and m.size > limits.max_ratio * m.compressed_size:
            raise BundleTooLargeError(
                N_("The file \"{name}\" in the bundle is compressed far more than real documents are "
                   "(it may be a \"zip bomb\"). It was not opened; ask the sender to export the bundle again."),
                name=m.name)


def _verified_manifest(source: container.Source, members: dict[str, container.Member]
                       ) -> tuple[Manifest, bytes, bytes]:
    if MANIFEST not in members:
        raise ManifestError(N_("The bundle has no manifest.json, so it is not an aplan bundle. "
                               "Ask the sender to export it again."))
    raw = container.unpack(source, members[MANIFEST])
    manifest = parse_manifest(raw)
    if SIGNATURE not in members:
        raise SignatureError(N_("The bundle is not signed (it has no manifest.sig). "
                                "Ask the sender to export it again."))
    signature = container.unpack(source, members[SIGNATURE])
    if len(signature) != keys.SIGNATURE_SIZE or not keys.verify(manifest.public_key, raw, signature):
        raise SignatureError(
            N_("The signature of the bundle does not match its contents: it was changed after it was signed, "
               "or it is forged. Do not use it; ask the sender to export the bundle again."))
    return manifest, raw, signature


def _not_signed(name: str) -> ContentsError:
    return ContentsError(N_("The file \"{name}\" in the bundle is not the one that was signed. "
                            "Do not use it; ask the sender to export the bundle again."), name=name)


def _check_contents(manifest: Manifest, members: dict[str, container.Member]) -> None:
    """The members present are the ones the signed manifest lists, of the listed sizes; read nothing."""
    listed = {m.name: m for m in manifest.members}
    for name in listed:
        if name not in members:
            raise ContentsError(N_("The file \"{name}\" that the bundle's manifest lists is missing from the bundle. "
                                   "Ask the sender to export the bundle again."), name=name)
    for name in members:
        if name not in listed and name not in (MANIFEST, SIGNATURE):
            raise ContentsError(N_("The bundle contains the file \"{name}\", which its signed manifest does not "
                                   "list. Ask the sender to export the bundle again."), name=name)
    if manifest.kind == "receipt" and set(listed) != {RECEIPT}:
        raise ContentsError(N_("A receipt carries only receipt.json. Ask the sender to export it again."))
    if manifest.kind != "receipt" and DOCUMENT not in listed:
        raise ContentsError(N_("The bundle has no document.json. Ask the sender to export it again."))
    if (CIRCULAR in listed) != (manifest.kind == "circular"):
        raise ContentsError(N_("The bundle's manifest and its files disagree about whether it is a circular. "
                               "Ask the sender to export the bundle again."))
    if CIRCULAR_REVISION in listed and manifest.kind != "report":
        raise ContentsError(N_("Only a body's report on a circular carries circular_revision.json. Ask the sender "
                               "to export the bundle again."))
    if RECEIPT in listed and manifest.kind not in ("receipt", "review"):
        raise ContentsError(N_("Only the aimag's receipts and reviews carry receipt.json. Ask the sender to export "
                               "the bundle again."))
    for name, expected in listed.items():
        if members[name].size != expected.size:
            raise _not_signed(name)
        if name.startswith(EVIDENCE_PREFIX) and name[len(EVIDENCE_PREFIX):] != expected.sha256:
            raise ContentsError(N_("The evidence file \"{name}\" in the bundle is not named by its checksum. "
                                   "Ask the sender to export the bundle again."), name=name)


def _signed_chunks(source: container.Source, member: container.Member, sha256: str) -> Iterator[bytes]:
    """The member's chunks; after the last, its sha256 must be the signed one (else `ContentsError`)."""
    hasher = hashlib.sha256()
    for chunk in container.stream(source, member):
        hasher.update(chunk)
        yield chunk
    if hasher.hexdigest() != sha256:
        raise _not_signed(member.name)


def member_chunks(v: "VerifiedBundle", name: str) -> Iterator[bytes]:
    """A member of a verified bundle streamed again, checked again against the signed sha256 as
    it streams: the file may have changed since it was verified."""
    listed = {m["name"]: m["sha256"] for m in v.manifest["members"]}
    return _signed_chunks(v.source, v.members[name], listed[name])


def _gathered(chunks: Iterator[bytes], size: int) -> bytearray:
    """A member's chunks in one buffer of its (checked) size, without a second copy."""
    out = bytearray(size)
    at = 0
    for chunk in chunks:
        out[at:at + len(chunk)] = chunk
        at += len(chunk)
    return out


def _document(manifest: Manifest, chunks: Iterator[bytes], size: int
              ) -> tuple[dict, Plan, Organisation | None, Report | None]:
    """The document: its bytes are checked (depth, items) before they are decoded, and each stage's
    copy is let go of as soon as the next one exists."""
    raw = _gathered(chunks, size)
    try:
        check_shape(raw)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleDocumentError(N_("The file {path} is not UTF-8 text; it is not an aplan document."),
                                  path=DOCUMENT) from None
    except DocumentFormatError as exc:
        raise BundleDocumentError(exc.message, **exc.params) from None
    del raw
    try:
        document = parse(text, shape_checked=True)
        del text
        plan, parent, report = objects_from_document(document)
    except DocumentFormatError as exc:
        raise BundleDocumentError(exc.message, **exc.params) from exc
    carries_report = manifest.kind not in ("plan", "circular")
    if carries_report != (report is not None):
        raise BundleDocumentError(
            N_("The bundle's manifest and its document disagree about whether it carries a plan or a report. "
               "Ask the sender to export the bundle again."), kind=manifest.kind, type=document["type"])
    found = report.id if report is not None else plan.id
    if found != manifest.document_id:
        raise BundleDocumentError(
            N_("The document in the bundle ({found}) is not the one its manifest names ({named}). "
               "Ask the sender to export the bundle again."), found=found, named=manifest.document_id)
    if report is not None and report.revision != manifest.revision:
        raise BundleDocumentError(
            N_("The bundle's manifest calls it revision {named}, but the report in it is revision {found}. "
               "Ask the sender to export the bundle again."), named=manifest.revision, found=report.revision)
    return document, plan, parent, report


def _members(source: container.Source, limits: Limits) -> dict[str, container.Member]:
    """Checks 1 to 5 before unpacking: a zip, not too many members, allowed names, aplan's layout, sizes."""
    entries = container.read_directory(source, limits.max_members)
    _check_members(entries)
    members = container.check_layout(source, entries)
    _check_sizes(members, limits)
    return {m.name: m for m in members}


def manifest_sha256(data: bytes, limits: Limits = Limits()) -> str:
    """sha256 (hex) of a bundle's manifest.json bytes: what the next revision names as its previous one.

    It unpacks only the manifest and does not check the signature; for a bundle that `read_bundle`
    accepts it equals `VerifiedBundle.manifest_sha256`.
    """
    source = container.Source(data)
    members = _members(source, limits)
    if MANIFEST not in members:
        raise ManifestError(N_("The bundle has no manifest.json, so it is not an aplan bundle. "
                               "Ask the sender to export it again."))
    return hashlib.sha256(container.unpack(source, members[MANIFEST])).hexdigest()


def _read(source: container.Source, limits: Limits) -> VerifiedBundle:
    members = _members(source, limits)
    manifest, manifest_bytes, signature = _verified_manifest(source, members)
    _check_contents(manifest, members)
    listed = {m.name: m.sha256 for m in manifest.members}
    document, plan, parent, report = _document(
        manifest, _signed_chunks(source, members[DOCUMENT], listed[DOCUMENT]), members[DOCUMENT].size) \
        if DOCUMENT in listed else ({}, None, None, None)

    def small(name: str, read):
        """A small JSON member beside the document, read strictly by `read` (None when not listed)."""
        if name not in listed:
            return None
        if members[name].size > limits.max_manifest_size:
            raise BundleTooLargeError(
                N_("The file \"{name}\" in the bundle is {size} bytes when unpacked; at most {limit} are allowed. "
                   "It was not opened; ask the sender to make it smaller and export again."),
                name=name, size=members[name].size, limit=limits.max_manifest_size)
        raw = b"".join(_signed_chunks(source, members[name], listed[name]))
        try:
            return read(strict_json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, strict_json.JSONShapeError):
            raise BundleDocumentError(N_("The circular in the bundle is not readable JSON. Ask the sender to "
                                         "export it again.")) from None
        except DocumentFormatError as exc:
            raise BundleDocumentError(exc.message, **exc.params) from None

    circular = small(CIRCULAR, lambda value: circular_from_dict(value, plan, manifest.revision))
    made_on = small(CIRCULAR_REVISION, lambda value: made_on_from_dict(value, plan))
    receipt = receipts.parse(b"".join(_signed_chunks(source, members[RECEIPT], listed[RECEIPT]))) \
        if RECEIPT in listed else None
    for name in listed:  # the rest is only hashed on the way through
        if name not in (DOCUMENT, CIRCULAR, CIRCULAR_REVISION, RECEIPT):
            for _ in _signed_chunks(source, members[name], listed[name]):
                pass
    return VerifiedBundle(
        bundle_id=manifest.bundle_id,
        kind=manifest.kind,
        document_id=manifest.document_id,
        revision=manifest.revision,
        previous_manifest_sha256=manifest.previous_manifest_sha256,
        sender_id=manifest.sender_id,
        sender_name=manifest.sender_name,
        sender_public_key=manifest.public_key,
        created_at=manifest.created_at,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        manifest=manifest.fields,
        manifest_bytes=manifest_bytes,
        signature=signature,
        document=document,
        plan=plan,
        parent=parent,
        report=report,
        source=source,
        members={name: m for name, m in members.items() if name in listed},
        circular=circular,
        receipt=receipt,
        made_on=made_on,
        format_version=manifest.format_version,
    )


def read_bundle(data: bytes, limits: Limits = Limits()) -> VerifiedBundle:
    """The verified contents of a bundle in memory, or a `BundleError` saying what is wrong and what to do."""
    return _read(container.Source(data), limits)


def read_bundle_file(path: Path, limits: Limits = Limits()) -> VerifiedBundle:
    """The same for a file, read piece by piece; `OSError` if it cannot be read. The file is let go
    of on return; `member_chunks` opens it again."""
    source = container.FileSource(path)
    try:
        return _read(source, limits)
    finally:
        source.close()
