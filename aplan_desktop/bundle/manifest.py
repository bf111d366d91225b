"""manifest.json: what a bundle holds and who sent it, checked field by field (docs/bundle-format.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from aplan_desktop.bundle.errors import ManifestError
from aplan_desktop.core import strict_json
from aplan_desktop.core.errors import N_

FORMAT = "aplan.bundle"
FORMAT_VERSION = 3    # the newest version this program reads and writes; it reads every older one
OLDEST_VERSION = 1
KINDS = ("report", "plan", "review", "circular", "receipt")

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DOCUMENT = "document.json"
PDF = "report.pdf"
CIRCULAR = "circular.json"  # a circular's deadlines and who carries out which measure
RECEIPT = "receipt.json"
CIRCULAR_REVISION = "circular_revision.json"  # a body's report on a circular: the revision it was made on
EVIDENCE_PREFIX = "evidence/"
SINCE_VERSION = {"circular": 2, CIRCULAR: 2, "receipt": 2, RECEIPT: 2,  # the kinds and members a version added
                 CIRCULAR_REVISION: 3}

MEMBER_NAME = re.compile(r"\A(?:manifest\.json|manifest\.sig|document\.json|circular\.json|circular_revision\.json|"
                         r"report\.pdf|receipt\.json|evidence/[0-9a-f]{64})\Z")
SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")
ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}\Z")   # the interchange document's ids
UUID = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
CREATED_AT = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")
CREATED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MAX_NAME = 2_000
MAX_REVISION = 1_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")

_FIELDS = ("format", "format_version", "bundle_id", "kind", "document_id", "revision", "previous_manifest_sha256",
           "sender", "created_at", "members")
_SENDER_FIELDS = ("organisation_id", "name", "public_key")
_MEMBER_FIELDS = ("name", "size", "sha256")


@dataclass(frozen=True)
class ListedMember:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    kind: str
    document_id: str
    revision: int
    previous_manifest_sha256: str | None
    sender_id: str
    sender_name: str
    public_key: bytes
    created_at: datetime
    members: tuple[ListedMember, ...]
    fields: dict
    format_version: int = FORMAT_VERSION


def version_needed(kind: str, member_names) -> int:
    """The oldest bundle format version that carries this kind and these members."""
    return max([OLDEST_VERSION, SINCE_VERSION.get(kind, 1), *(SINCE_VERSION.get(n, 1) for n in member_names)])


def format_created_at(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError("created_at must be an aware datetime")
    return when.astimezone(timezone.utc).strftime(CREATED_AT_FORMAT)


def encode(manifest: dict) -> bytes:
    """The bytes that are signed: UTF-8 JSON, Mongolian letters as they are, fields in the documented order."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------- reading

def _invalid(path: str, expected: str, **params: object) -> ManifestError:
    return ManifestError(
        N_("The manifest of the bundle is not valid: at {path}, expected {expected}. "
           "Ask the sender to export the bundle again."), path=path, expected=expected, expected_params=params)


def _object(value: Any, path: str, fields: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise _invalid(path, N_("an object"))
    for key in value:
        if key not in fields:
            raise _invalid(f"{path.rstrip('/')}/{key}", N_("no such field"))
    for key in fields:
        if key not in value:
            raise _invalid(f"{path.rstrip('/')}/{key}", N_("this field"))
    return value


def _text(value: Any, path: str, pattern: re.Pattern | None = None, expected: str = N_("text")) -> str:
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        raise _invalid(path, expected)
    if len(value) > MAX_NAME or _SURROGATE.search(value):
        raise _invalid(path, expected)
    return value


def _integer(value: Any, path: str, minimum: int, maximum: int, expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise _invalid(path, expected, limit=maximum)
    return value


def parse(raw: bytes) -> Manifest:
    """The manifest, refused unless it is UTF-8 JSON of exactly the documented shape and version."""
    try:
        fields = strict_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, strict_json.JSONShapeError):
        raise ManifestError(N_("The manifest of the bundle is not readable JSON. Ask the sender to export the "
                               "bundle again.")) from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise ManifestError(N_("The file is not an aplan bundle (its manifest does not say \"format\": "
                               "\"aplan.bundle\"). Ask the sender to export it again."))
    version = fields.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < OLDEST_VERSION:
        raise ManifestError(
            N_("The bundle's manifest names no bundle format version this program knows ({found}). "
               "Ask the sender to export the bundle again."), found=json.dumps(version)[:20])
    if version > FORMAT_VERSION:
        raise ManifestError(
            N_("The bundle is in bundle format version {found}, which is newer than this program reads "
               "(versions {oldest} to {known}). Install the newest aplan (the aimag's office has the installer), "
               "or ask the sender to set \"Bundle format the aimag reads\" to {known} in the settings and export "
               "again."), found=version, oldest=OLDEST_VERSION, known=FORMAT_VERSION)
    _object(fields, "/", _FIELDS)
    bundle_id = _text(fields["bundle_id"], "/bundle_id", UUID, N_("a bundle id (a UUID in lowercase)"))
    kind = fields["kind"]
    if kind not in KINDS:
        raise _invalid("/kind", N_("one of: {choices}"), choices=", ".join(KINDS))
    document_id = _text(fields["document_id"], "/document_id", ID,
                        N_("an id of letters, digits and . _ : - (at most 64)"))
    revision = _integer(fields["revision"], "/revision", 1, MAX_REVISION,
                        N_("a revision number from 1 to {limit}"))
    previous = fields["previous_manifest_sha256"]
    if previous is not None:
        _text(previous, "/previous_manifest_sha256", SHA256, N_("a sha256 in 64 lowercase hex digits, or null"))
    sender = _object(fields["sender"], "/sender", _SENDER_FIELDS)
    sender_id = _text(sender["organisation_id"], "/sender/organisation_id", ID,
                      N_("an id of letters, digits and . _ : - (at most 64)"))
    sender_name = _text(sender["name"], "/sender/name")
    if not sender_name.strip():
        raise _invalid("/sender/name", N_("the organisation's name"))
    key_hex = _text(sender["public_key"], "/sender/public_key", SHA256,
                    N_("a public key in 64 lowercase hex digits"))
    created_text = _text(fields["created_at"], "/created_at", CREATED_AT,
                         N_("a date and time in UTC written YYYY-MM-DDTHH:MM:SSZ"))
    try:
        created_at = datetime.strptime(created_text, CREATED_AT_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise _invalid("/created_at", N_("a date and time in UTC written YYYY-MM-DDTHH:MM:SSZ")) from None
    if not isinstance(fields["members"], list):
        raise _invalid("/members", N_("a list"))
    members = []
    names = set()
    for i, item in enumerate(fields["members"]):
        path = f"/members/{i}"
        _object(item, path, _MEMBER_FIELDS)
        name = _text(item["name"], f"{path}/name", MEMBER_NAME, N_("the name of a file a bundle may hold"))
        if name in (MANIFEST, SIGNATURE):
            raise _invalid(f"{path}/name", N_("the name of a file a bundle may hold"))
        if name in names:
            raise _invalid(f"{path}/name", N_("each file listed once"))
        names.add(name)
        size = _integer(item["size"], f"{path}/size", 0, 2 ** 32, N_("a size of 0 bytes or more"))
        sha = _text(item["sha256"], f"{path}/sha256", SHA256, N_("a sha256 in 64 lowercase hex digits"))
        members.append(ListedMember(name, size, sha))
    if version < version_needed(kind, names):
        raise _invalid("/format_version", N_("version {limit} or later for what the bundle carries"),
                       limit=version_needed(kind, names))
    return Manifest(bundle_id=bundle_id, kind=kind, document_id=document_id, revision=revision,
                    previous_manifest_sha256=previous, sender_id=sender_id, sender_name=sender_name,
                    public_key=bytes.fromhex(key_hex), created_at=created_at, members=tuple(members), fields=fields,
                    format_version=version)
