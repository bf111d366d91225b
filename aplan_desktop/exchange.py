"""Sending to the aimag and importing what the soums send: the service behind the CLI and GUI.

Export: the report (or plan) with its PDF and its evidence, photos recompressed, signed with
this installation's key, written atomically with its cover letter; the report becomes "sent".
Import: a dry run classifies every file first (new, newer revision, duplicate, older, conflict,
unknown sender, refused and why); applying it stores everything in one transaction. A bundle
whose sender's key is not registered, or differs from the registered one, is never applied.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from aplan_desktop import bundle
from aplan_desktop.atomic import write_atomic
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, Report, ReportStatus
from aplan_desktop.core.workflow import mark_sent
from aplan_desktop.forms.letter_form import cover_letter_for, render_letter
from aplan_desktop.forms.plan_form import render_plan
from aplan_desktop.forms.report_form import render_report
from aplan_desktop.printing import layout_for
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import backup_folder, prune_backups, take_backup
from aplan_desktop.storage.exchange import BundleRecord, ExchangeRecords

SIGNING_KEY = "signing_key"  # settings: this installation's Ed25519 seed, hex
BUNDLE_SUFFIX = ".aplan"


def signing_seed(store: Store) -> bytes:
    """This installation's signing key, made on first use."""
    seed = store.setting(SIGNING_KEY)
    if not seed:
        seed = bundle.generate_key().hex()
        store.set_setting(SIGNING_KEY, seed)
    return bytes.fromhex(seed)


def own_fingerprint(store: Store) -> str:
    return bundle.fingerprint(bundle.public_key(signing_seed(store)))


def _content_sha256(document: dict) -> str:
    return hashlib.sha256(json.dumps(document, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------ export

@dataclass
class ExportResult:
    path: Path
    letter_path: Path | None
    size: int
    revision: int
    too_big: list[tuple[str, int]]  # the biggest files, when over the e-mail limit


def _evidence_for_bundle(store: Store, report: Report) -> dict[str, bytes]:
    """Evidence bytes by sha256, photos recompressed; the report's entries are updated to
    name the files as they travel."""
    files: dict[str, bytes] = {}
    for entry in report.entries:
        for item in entry.evidence:
            if not item.sha256:
                continue
            content = store.file_content(item.sha256)
            smaller = bundle.recompress_photo(content)
            if smaller != content:
                item.sha256 = hashlib.sha256(smaller).hexdigest()
                item.size = len(smaller)
                item.media_type = "image/png" if smaller.startswith(b"\x89PNG") else "image/jpeg"
                content = smaller
            files[item.sha256] = content
    return files


def export_document(store: Store, doc_id: str, folder: Path, kind: str | None = None) -> ExportResult:
    """Write the bundle (and, for a report, its cover letter) into `folder`."""
    plan, parent, report = store.load_document(doc_id)
    kind = kind or ("report" if report else "plan")
    records = ExchangeRecords(store)
    if kind == "report" and report.status == ReportStatus.DRAFT:
        raise UserError(N_("Finalise the report before sending it to the aimag."))
    sender = store.organisation(store.setting("home_organisation")) if kind == "review" else plan.organisation
    travelling = copy.deepcopy(report) if report else None
    if travelling is not None and kind == "report" and travelling.status == ReportStatus.FINAL:
        travelling.status = ReportStatus.SENT  # as it will be here once written
    evidence = _evidence_for_bundle(store, travelling) if travelling else {}
    document = interchange.document_from_objects(plan, parent, travelling)
    layout = layout_for(store, plan.organisation.id)
    pdf, pages = render_report(report, plan, layout) if report else render_plan(plan, layout)
    previous = records.last_sent(doc_id)
    revision = report.revision if report else (previous.revision + 1 if previous else 1)
    if previous is None:
        chain = None
    elif previous.revision < revision:
        chain = previous.manifest_sha256
    else:  # the same revision sent again: it follows what the first sending followed
        chain = previous.previous_manifest_sha256
    data = bundle.build_bundle(
        document, signing_seed(store), kind=kind, revision=revision, previous_manifest_sha256=chain,
        sender_id=sender.id, sender_name=sender.name, pdf=pdf, evidence=evidence)
    period = report.period.value if report else "plan"
    name = bundle.bundle_file_name(sender.short_name or sender.name, plan.year, period, kind, revision)
    path = folder / name
    letter_path = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        if report is not None and kind == "report":
            letter = cover_letter_for(report, plan, parent, pages, date.today())
            letter.extra_lines.append(f"Тоон гарын үсгийн түлхүүр: {own_fingerprint(store)}")
            letter_path = path.with_name(path.stem + "_letter.pdf")
            write_atomic(letter_path, render_letter(letter, layout)[0])
    except OSError:
        raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                        path=str(path)) from None
    verified = bundle.read_bundle(data)
    with store.transaction():
        records.record(BundleRecord(
            verified.manifest_sha256, verified.bundle_id, "sent", kind, verified.document_id, revision,
            verified.previous_manifest_sha256, _content_sha256(document), sender.id,
            verified.created_at.isoformat(), _utc_now(), True, hashlib.sha256(data).hexdigest()), data)
        if kind == "report" and report.status == ReportStatus.FINAL:
            event = mark_sent(report)
            store.save_report(report)
            store.add_history("report", report.id, event.action, f"r{revision}")
    return ExportResult(path, letter_path, len(data), revision, bundle.size_report(data))


# ------------------------------------------------------------------------------ import

NEW, NEWER, DUPLICATE, OLDER, CONFLICT, UNKNOWN_SENDER, REFUSED = (
    "new", "newer", "duplicate", "older", "conflict", "unknown_sender", "refused")
APPLIED = (NEW, NEWER)
KEPT = (NEW, NEWER, OLDER)


@dataclass
class Incoming:
    path: Path
    status: str
    message: str = ""  # a sentence for refused, conflicting and unknown senders
    error: UserError | None = None
    verified: bundle.VerifiedBundle | None = None
    data: bytes = field(default=b"", repr=False)
    content_sha256: str = ""


def _refused(path: Path, error: UserError) -> Incoming:
    return Incoming(path, REFUSED, error_text(error), error=error)


def _read(path: Path, limits: bundle.Limits) -> Incoming:
    try:
        if path.stat().st_size > limits.max_total_size:
            return _refused(path, bundle.BundleTooLargeError(
                N_("The bundle unpacks to more than {limit} bytes, which is more than allowed. It was not opened; "
                   "ask the sender to leave some evidence files out and export again."), limit=limits.max_total_size))
        data = path.read_bytes()
    except OSError:
        return _refused(path, UserError(N_("The file {path} cannot be read."), path=str(path)))
    try:
        verified = bundle.read_bundle(data, limits)
    except bundle.BundleError as exc:
        return _refused(path, exc)
    return Incoming(path, "", verified=verified, data=data, content_sha256=_content_sha256(verified.document))


def _check_sender(store: Store, records: ExchangeRecords, item: Incoming) -> None:
    """Who signed it, and may they send this document?"""
    v = item.verified
    registered = records.trusted_key(v.sender_id)
    if registered is None:
        item.status = UNKNOWN_SENDER
        item.message = translate(N_("{sender} is not registered yet. Compare the key {fingerprint} with the one on "
                                "their cover letter (or by phone), then register it."), sender=v.sender_name,
                                 fingerprint=v.sender_fingerprint)
        return
    if registered != v.sender_public_key.hex():
        item.status = REFUSED
        item.message = translate(N_("The bundle from {sender} is signed with a key other than the one registered for "
                                "them. Do not use it; call the sender to find out why."), sender=v.sender_name)
        return
    plan_org = v.plan.organisation
    if v.kind == "review":
        local = _local_report(store, v.document_id)
        if plan_org.parent_id != v.sender_id or local is None:
            item.status = REFUSED
            item.message = translate(N_("The review from {sender} is about a report this office did not send to them."),
                                 sender=v.sender_name)
    elif plan_org.id != v.sender_id:
        item.status = REFUSED
        item.message = translate(N_("{sender} sent a document of another organisation ({organisation}). It was not "
                                "imported."), sender=v.sender_name, organisation=plan_org.name)
    elif (owner := _other_owner_here(store, v)) is not None:
        item.status = REFUSED
        item.message = translate(N_("The bundle from {sender} carries the number of a document that belongs to "
                                "{organisation} here. It was not imported; call the sender."),
                                 sender=v.sender_name, organisation=owner.name)


def _other_owner_here(store: Store, v: bundle.VerifiedBundle) -> Organisation | None:
    """The organisation, other than the sender, that owns a document here with the bundle's plan
    or report id: a sender may only ever change its own documents."""
    try:
        local_plans = [store.plan(v.plan.id)]
    except UserError:
        local_plans = []
    if v.report is not None and (local := _local_report(store, v.report.id)) is not None:
        local_plans.append(store.plan(local.plan_id))
    return next((p.organisation for p in local_plans if p.organisation.id != v.sender_id), None)


def _local_report(store: Store, report_id: str) -> Report | None:
    try:
        return store.report(report_id)
    except UserError:
        return None


def dry_run(store: Store, paths: list[Path], limits: bundle.Limits = bundle.Limits()) -> list[Incoming]:
    """What importing these files would do, changing nothing. Folders are searched for .aplan files.

    The outcome does not depend on the order of the files: per document, the highest revision
    wins; two different contents claiming the same revision are a conflict and neither is used.
    """
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob(f"*{BUNDLE_SUFFIX}")) if path.is_dir() else [path]
    records = ExchangeRecords(store)
    items = [_read(path, limits) for path in files]
    candidates: dict[str, list[Incoming]] = defaultdict(list)
    for item in items:
        if item.status:
            continue
        _check_sender(store, records, item)
        if item.status:
            continue
        if records.known(item.verified.manifest_sha256):
            item.status, item.message = DUPLICATE, ""
            continue
        candidates[(item.verified.kind, item.verified.document_id)].append(item)
    for (_, document_id), group in candidates.items():
        _classify(records, document_id, group)
    return items


def _classify(records: ExchangeRecords, document_id: str, group: list[Incoming]) -> None:
    """Per revision, the contents claimed for it; the highest revision with one content wins.

    Within one import the order of the files does not matter. Across imports, a revision
    already applied stays: a different content for it later is a conflict, not a replacement.
    """
    applied = records.applied(document_id)
    contents: dict[int, set[str]] = defaultdict(set)
    for record in records.bundles(document_id, "received"):
        contents[record.revision].add(record.content_sha256)
    for item in group:
        contents[item.verified.revision].add(item.content_sha256)
    clear = [revision for revision, shas in contents.items() if len(shas) == 1]
    best = max(clear, default=0)
    chosen = min((i for i in group if i.verified.revision == best), default=None,
                 key=lambda i: i.verified.manifest_sha256)
    for item in group:
        revision = item.verified.revision
        if len(contents[revision]) > 1:
            item.status = CONFLICT
            item.message = translate(N_("Two different versions of {sender}'s document both call themselves revision "
                                    "{revision}. Neither was applied; ask the sender which one is right."),
                                 sender=item.verified.sender_name, revision=revision)
        elif applied is not None and revision == applied.revision:
            item.status = DUPLICATE  # the same content exported again
        elif revision < best or (applied is not None and revision < applied.revision):
            item.status = OLDER
        elif item is chosen:
            item.status = NEW if applied is None else NEWER
        else:
            item.status = DUPLICATE  # the same content twice in one import: one is enough


def _merge_local_reviews(incoming: Report, local: Report | None) -> None:
    """A new revision from the soum keeps the aimag's own scores where it brings none."""
    if local is None:
        return
    reviews = {e.measure_id: e.review for e in local.entries}
    for entry in incoming.entries:
        if entry.review.score is None and not entry.review.comment and entry.measure_id in reviews:
            entry.review = copy.deepcopy(reviews[entry.measure_id])


def _merge_review(local: Report, reviewed: Report) -> None:
    """A review from the aimag brings its scores and comments; the body's own text stays."""
    reviews = {e.measure_id: e.review for e in reviewed.entries}
    for entry in local.entries:
        if entry.measure_id in reviews:
            entry.review = copy.deepcopy(reviews[entry.measure_id])


def apply_import(store: Store, items: list[Incoming]) -> None:
    """Store what the dry run accepted, all in one transaction, after a backup; refused files
    change nothing."""
    records = ExchangeRecords(store)
    received = _utc_now()
    if any(item.status in KEPT for item in items):
        take_backup(store, reason="import")
        prune_backups(backup_folder(store.path))
    with store.transaction():
        for item in items:
            if item.status not in KEPT:
                continue
            v = item.verified
            applies = item.status in APPLIED
            if applies and v.kind == "review":
                local = store.report(v.document_id)
                _merge_review(local, v.report)
                store.save_report(local)
            elif applies:
                for content in v.evidence.values():
                    store.add_file(content)
                if v.report is not None:
                    _merge_local_reviews(v.report, _local_report(store, v.report.id))
                store.save_document(v.plan, v.parent, v.report)
            records.record(BundleRecord(
                v.manifest_sha256, v.bundle_id, "received", v.kind, v.document_id, v.revision,
                v.previous_manifest_sha256, item.content_sha256, v.sender_id, v.created_at.isoformat(), received,
                applies, hashlib.sha256(item.data).hexdigest()), item.data)


def trust_sender(store: Store, path: Path, typed_fingerprint: str) -> bundle.VerifiedBundle:
    """Register the key of a bundle's sender after the user typed the fingerprint they read on
    the cover letter or heard on the phone."""
    item = _read(Path(path), bundle.Limits())
    if item.error is not None:
        raise item.error
    v = item.verified

    def normal(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())

    if normal(typed_fingerprint) != normal(v.sender_fingerprint):
        raise UserError(N_("The fingerprint you typed does not match the key that signed this bundle "
                           "({fingerprint}). Check it again with the sender; the key was not registered."),
                        fingerprint=v.sender_fingerprint)
    ExchangeRecords(store).trust_key(v.sender_id, v.sender_public_key.hex())
    return v
