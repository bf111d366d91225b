"""receipt.json (bundle format version 2): what the aimag's office received, when, and what it
decided about it (docs/bundle-format.md#receipts-and-returns).

A `receipt` bundle carries only this member; a `review` bundle carries it beside the reviewed
report, with the state of that report (accepted, or returned for correction with a reason per
measure). Parsed strictly: every field required, nothing else allowed, every value bounded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from aplan_desktop.bundle.errors import ContentsError
from aplan_desktop.bundle.manifest import CREATED_AT, CREATED_AT_FORMAT, ID, MAX_NAME, MAX_REVISION, SHA256
from aplan_desktop.core import strict_json
from aplan_desktop.core.errors import N_

RECEIVED, ACCEPTED, RETURNED = "received", "accepted", "returned"
STATES = (RECEIVED, ACCEPTED, RETURNED)
MAX_ITEMS = 2_000      # documents in one receipt
MAX_REASONS = 2_000    # reasons in one return (one per measure)
MAX_TEXT = 2_000       # characters of a reason or a note

_FIELDS = ("to", "items")
_ITEM_FIELDS = ("document_id", "kind", "revision", "manifest_sha256", "received_at", "state", "state_at", "reasons",
                "note")
_REASON_FIELDS = ("measure_id", "text")


@dataclass(frozen=True)
class Reason:
    measure_id: str
    text: str


@dataclass(frozen=True)
class ReceiptItem:
    """One revision of one document that reached the aimag, and where it stands there."""

    document_id: str
    revision: int
    manifest_sha256: str
    received_at: datetime
    state: str = RECEIVED
    state_at: datetime | None = None  # when the aimag decided (None: when it was received)
    reasons: tuple[Reason, ...] = ()
    note: str = ""
    kind: str = "report"


@dataclass(frozen=True)
class Receipt:
    to: str  # the organisation the receipt is for
    items: tuple[ReceiptItem, ...] = field(default_factory=tuple)


def _time(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime(CREATED_AT_FORMAT)


def encode(receipt: Receipt) -> bytes:
    return (json.dumps({"to": receipt.to, "items": [
        {"document_id": i.document_id, "kind": i.kind, "revision": i.revision, "manifest_sha256": i.manifest_sha256,
         "received_at": _time(i.received_at), "state": i.state, "state_at": _time(i.state_at or i.received_at),
         "reasons": [{"measure_id": r.measure_id, "text": r.text} for r in i.reasons], "note": i.note}
        for i in receipt.items]}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _invalid(path: str) -> ContentsError:
    return ContentsError(N_("The receipt in the bundle is not valid (at {path}). Ask the aimag's office to send it "
                            "again."), path=path)


def _object(value, path: str, fields: tuple[str, ...]) -> dict:
    if not isinstance(value, dict) or set(value) != set(fields):
        raise _invalid(path)
    return value


def _text(value, path: str, pattern=None, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit or (pattern is not None and not pattern.match(value)):
        raise _invalid(path)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise _invalid(path)
    return value


def _list(value, path: str, limit: int) -> list:
    if not isinstance(value, list) or len(value) > limit:
        raise _invalid(path)
    return value


def _when(value, path: str) -> datetime:
    try:
        return datetime.strptime(_text(value, path, CREATED_AT), CREATED_AT_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        raise _invalid(path) from None


def _item(value, path: str) -> ReceiptItem:
    item = _object(value, path, _ITEM_FIELDS)
    revision = item["revision"]
    if isinstance(revision, bool) or not isinstance(revision, int) or not 1 <= revision <= MAX_REVISION:
        raise _invalid(f"{path}/revision")
    if item["kind"] not in ("report", "plan") or item["state"] not in STATES:
        raise _invalid(f"{path}/{'kind' if item['kind'] not in ('report', 'plan') else 'state'}")
    received_at, state_at = (_when(item[name], f"{path}/{name}") for name in ("received_at", "state_at"))
    reasons = []
    for n, reason in enumerate(_list(item["reasons"], f"{path}/reasons", MAX_REASONS)):
        reason = _object(reason, f"{path}/reasons/{n}", _REASON_FIELDS)
        reasons.append(Reason(_text(reason["measure_id"], f"{path}/reasons/{n}/measure_id", ID),
                              _text(reason["text"], f"{path}/reasons/{n}/text")))
    return ReceiptItem(_text(item["document_id"], f"{path}/document_id", ID), revision,
                       _text(item["manifest_sha256"], f"{path}/manifest_sha256", SHA256), received_at,
                       item["state"], state_at, tuple(reasons), _text(item["note"], f"{path}/note"), item["kind"])


def parse(raw: bytes) -> Receipt:
    """The receipt, or a `ContentsError` naming where it is not of the documented shape."""
    try:
        value = strict_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, strict_json.JSONShapeError):
        raise _invalid("/") from None
    fields = _object(value, "/", _FIELDS)
    items = _list(fields["items"], "/items", MAX_ITEMS)
    return Receipt(_text(fields["to"], "/to", ID, MAX_NAME), tuple(_item(v, f"/items/{n}") for n, v in enumerate(items)))
