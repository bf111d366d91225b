"""Receipts and returns between a body and its aimag (docs/bundle-format.md#receipts-and-returns).

The aimag's office accepts a body's report or returns it for correction with a reason per
measure; on import it writes each sender a small signed receipt saying which revisions arrived
and when, and where each stands; a review it sends back carries the same receipt for its report.
The body takes a receipt only from the key it registered for the organisation that is its
aimag in its own records, and only about its own reports.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from aplan_desktop import bundle
from aplan_desktop.atomic import write_atomic
from aplan_desktop.authority import sender_named
from aplan_desktop.bundle.receipt import (
    MAX_ITEMS, MAX_TEXT, RETURNED, Reason, Receipt, ReceiptItem,
)
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.key_register import HOME_ORGANISATION
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords
from aplan_desktop.storage.reviews import ReportState, ReviewRecords

def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _parent(store: Store, organisation_id: str | None) -> str | None:
    row = store.conn.execute("SELECT parent_id FROM organisations WHERE id = ?", [organisation_id]).fetchone() \
        if organisation_id else None
    return row[0] if row else None


# ------------------------------------------------------------------ the aimag decides

def _checked_reasons(store: Store, report_id: str, reasons: dict[str, str]) -> tuple[tuple[str, str], ...]:
    measures = {e.measure_id for e in store.report(report_id).entries}
    checked = []
    for measure_id, text in reasons.items():
        text = (text or "").strip()
        if not text:
            continue
        if measure_id not in measures:
            raise UserError(N_("The report has no measure {measure}; nothing was saved."), measure=measure_id)
        if len(text) > MAX_TEXT:
            raise UserError(N_("A reason may be at most {limit} characters long; shorten it. Nothing was saved."),
                            limit=MAX_TEXT)
        checked.append((measure_id, text))
    return tuple(checked)


def decide(store: Store, report_id: str, state: str, reasons: dict[str, str] | None = None,
           note: str = "") -> ReportState:
    """The aimag accepts the revision of a body's report it holds, or returns it for correction
    (a reason per measure, or a note, is required). Part of the caller's transaction."""
    owner = ReviewRecords(store).report_owner(report_id)
    home = store.setting(HOME_ORGANISATION)
    if owner is None:
        raise UserError(N_("There is no report {id} here."), id=report_id)
    if owner == home or _parent(store, owner) != home:
        raise UserError(N_("Only the reports of the bodies under this office are accepted or returned here."))
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise UserError(N_("A reason may be at most {limit} characters long; shorten it. Nothing was saved."),
                        limit=MAX_TEXT)
    checked = _checked_reasons(store, report_id, reasons or {}) if state == RETURNED else ()
    if state == RETURNED and not checked and not note:
        raise UserError(N_("Write why the report is returned: a reason beside each measure to correct, or a note."))
    report = store.report(report_id)
    arrived = [b for b in ExchangeRecords(store).bundles(report_id, "received")
               if b.kind == "report" and b.revision == report.revision]
    now = _now()
    received_at = datetime.fromisoformat(arrived[0].at) if arrived else now
    decided = ReportState(report_id, report.revision, state, received_at, now, checked, note)
    ReviewRecords(store).add(decided)
    return decided


# ------------------------------------------------------------------ receipts written by the aimag

def receipt_for(store: Store, organisation_id: str, report_ids: list[str] | None = None) -> Receipt:
    """Every revision of the organisation's reports that reached this office (or of the given
    reports only), when it arrived, and the last word on it here; the newest MAX_ITEMS."""
    rows = store.conn.execute(
        "SELECT document_id, revision, manifest_sha256, at FROM bundles WHERE direction = 'received' "
        "AND kind = 'report' AND sender_id = ? ORDER BY at DESC, revision DESC LIMIT ?",
        [organisation_id, MAX_ITEMS]).fetchall()
    reviews = ReviewRecords(store)
    items = []
    for document_id, revision, manifest_sha, at in reversed(rows):
        if report_ids is not None and document_id not in report_ids:
            continue
        received_at = datetime.fromisoformat(at)
        decided = reviews.latest(document_id, revision)
        if decided is None or decided.source:
            items.append(ReceiptItem(document_id, revision, manifest_sha, received_at))
        else:
            items.append(ReceiptItem(document_id, revision, manifest_sha, received_at, decided.state, decided.at,
                                     tuple(Reason(m, t) for m, t in decided.reasons), decided.note))
    return Receipt(organisation_id, tuple(items))


def write_receipts(store: Store, organisation_ids: list[str], folder: Path, seed: bytes) -> list[Path]:
    """A signed receipt for each of these senders, written into `folder`, to e-mail back."""
    home = store.organisation(store.setting(HOME_ORGANISATION))
    paths = []
    for organisation_id in sorted(set(organisation_ids)):
        receipt = receipt_for(store, organisation_id)
        if not receipt.items:
            continue
        now = _now()
        data = bundle.build_bundle(None, seed, kind="receipt", revision=1, previous_manifest_sha256=None,
                                   sender_id=home.id, sender_name=home.name, receipt=receipt, created_at=now)
        to = store.organisation(organisation_id)
        name = bundle.bundle_file_name(to.short_name or to.name, now.year, f"{now:%m%d-%H%M%S}", "receipt", 1)
        path = Path(folder) / name
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError:
            raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                            path=str(path)) from None
        paths.append(path)
    return paths


# ------------------------------------------------------------------ receipts read by the body

def receipt_problem(store: Store, v: bundle.VerifiedBundle) -> UserError | None:
    """A receipt is taken only from the organisation that is this office's aimag here, and only
    when it is addressed to this office."""
    home = store.setting(HOME_ORGANISATION)
    if v.sender_id != _parent(store, home) or v.receipt.to != home:
        return UserError(N_("The receipt from {sender} is not from this office's aimag, or not for this office. "
                            "It was not imported."), **sender_named(store, v))
    return None


def apply_receipt(store: Store, v: bundle.VerifiedBundle, only: str | None = None) -> int:
    """What the aimag said about this office's reports, kept beside them (the items about
    other documents are passed over); `only`: the one report a review is about. Returns how
    many items were kept. Part of the caller's transaction."""
    home = store.setting(HOME_ORGANISATION)
    reviews = ReviewRecords(store)
    kept = 0
    for item in v.receipt.items:
        if item.kind != "report" or (only is not None and item.document_id != only):
            continue
        if only is None and ReviewRecords(store).report_owner(item.document_id) != home:
            continue
        state = ReportState(item.document_id, item.revision, item.state, item.received_at,
                            item.state_at or item.received_at, tuple((r.measure_id, r.text) for r in item.reasons),
                            item.note, v.manifest_sha256)
        known = reviews.latest(item.document_id, item.revision)
        if known is None or (known.state, known.at, known.reasons, known.note) != \
                (state.state, state.at, state.reasons, state.note):
            reviews.add(state)
        kept += 1
    return kept
