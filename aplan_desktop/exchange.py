"""Sending to the aimag and importing what the soums send: the service behind the CLI and GUI.

Export: the report (or plan) with its PDF and its evidence, photos recompressed, signed with
this installation's key, written atomically with its cover letter; the report becomes "sent".
Import (`receiving`): a dry run judges every file on its own (new, newer revision, duplicate,
older, conflict, unknown sender, refused and why); the import judges them again and stores
each one that passes. The senders' keys are registered and replaced in `key_register`.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from aplan_desktop import bundle
from aplan_desktop.atomic import write_atomic
from aplan_desktop.bundle.manifest import CIRCULAR_REVISION, SINCE_VERSION
from aplan_desktop.core import interchange
from aplan_desktop.core.circulars import circular_to_dict, made_on_to_dict
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, Report, ReportStatus
from aplan_desktop.core.workflow import mark_sent
from aplan_desktop.forms.letter_form import cover_letter_for, render_letter
from aplan_desktop.forms.plan_form import render_plan
from aplan_desktop.forms.report_form import render_report
from aplan_desktop.printing import layout_for
from aplan_desktop.returns import receipt_for
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords
from aplan_desktop.storage.exchange import BundleRecord, ExchangeRecords
from aplan_desktop.key_register import KeyChange, replace_key, trust_sender  # noqa: F401 - the exchange's API
from aplan_desktop.receiving import (  # noqa: F401 - the exchange's API
    APPLIED, BUNDLE_SUFFIX, CONFLICT, DUPLICATE, KEPT, NEW, NEWER, OLDER, REFUSED, UNKNOWN_SENDER, Incoming,
    apply_import, content_sha256, dry_run,
)

SIGNING_KEY = "signing_key"  # settings: this installation's Ed25519 seed, hex


def signing_seed(store: Store) -> bytes:
    """This installation's signing key, made on first use."""
    seed = store.setting(SIGNING_KEY)
    if not seed:
        seed = bundle.generate_key().hex()
        store.set_setting(SIGNING_KEY, seed)
    return bytes.fromhex(seed)


def own_fingerprint(store: Store) -> str:
    return bundle.fingerprint(bundle.public_key(signing_seed(store)))


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


def _made_on(store: Store, report: Report | None, kind: str, format_version: int | None) -> dict | None:
    """A body's report on a circular says the revision it was made on (bundle format 3), unless the
    office set an older version its aimag reads: that program would refuse it, and shows nothing
    of it anyway."""
    if kind != "report" or not report.organisation_id:
        return None
    if (format_version or bundle.FORMAT_VERSION) < SINCE_VERSION[CIRCULAR_REVISION]:
        return None
    revision = CircularRecords(store).report_revision(report.id)
    return made_on_to_dict(report.plan_id, revision) if revision else None


def export_document(store: Store, doc_id: str, folder: Path, kind: str | None = None,
                    now: datetime | None = None, format_version: int | None = None) -> ExportResult:
    """Write the bundle (and, for a report, its cover letter) into `folder`; `now` (aware) is
    this PC's clock, which signs the time of the export. A review carries the receipt of its
    report (which revisions arrived, and the aimag's word on each); `format_version`: the
    bundle format the aimag reads, for a report or plan (default, and always for what goes down:
    the oldest that carries the bundle)."""
    plan, parent, report = store.load_document(doc_id)
    circular = CircularRecords(store).get(plan.id, "sent") if report is None else None
    kind = kind or ("report" if report else "circular" if circular else "plan")
    records = ExchangeRecords(store)
    if kind == "report" and report.status == ReportStatus.DRAFT:
        raise UserError(N_("Finalise the report before sending it to the aimag."))
    # the body whose document it is: a report on another body's plan (a circular) is the reporting body's
    owner = store.organisation(report.organisation_id) if report and report.organisation_id else plan.organisation
    sender = store.organisation(store.setting("home_organisation")) if kind in ("review", "circular") else owner
    travelling = copy.deepcopy(report) if report else None
    if travelling is not None and kind == "report" and travelling.status == ReportStatus.FINAL:
        travelling.status = ReportStatus.SENT  # as it will be here once written
    evidence = _evidence_for_bundle(store, travelling) if travelling else {}
    document = interchange.document_from_objects(plan, parent, travelling)
    layout = layout_for(store, owner.id)
    pdf, pages = render_report(report, plan, layout) if report else render_plan(plan, layout)
    previous = records.last_sent(doc_id, kind)
    revision = report.revision if report else (previous.revision + 1 if previous else 1)
    if previous is None:
        chain = None
    elif previous.revision < revision:
        chain = previous.manifest_sha256
    else:  # the same revision sent again: it follows what the first sending followed
        chain = previous.previous_manifest_sha256
    data = bundle.build_bundle(
        document, signing_seed(store), kind=kind, revision=revision, previous_manifest_sha256=chain,
        sender_id=sender.id, sender_name=sender.name, pdf=pdf, evidence=evidence, created_at=now,
        circular=circular_to_dict(circular) if kind == "circular" else None,
        receipt=receipt_for(store, report.organisation_id or plan.organisation.id, [report.id])
        if kind == "review" else None,
        format_version=format_version if kind in ("report", "plan") else None,
        made_on=_made_on(store, report, kind, format_version))
    period = report.period.value if report else "plan"
    name = bundle.bundle_file_name(sender.short_name or sender.name, plan.year, period, kind, revision)
    path = folder / name
    letter_path = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        if report is not None and kind == "report":
            letter = cover_letter_for(report, dataclasses.replace(plan, organisation=owner), store.parent_of(owner),
                                      pages, date.today())
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
            verified.previous_manifest_sha256, content_sha256(document), sender.id,
            verified.created_at.isoformat(), _utc_now(), True, store.add_file(data)))
        if kind == "report" and report.status == ReportStatus.FINAL:
            event = mark_sent(report)
            store.save_report(report)
            store.add_history("report", report.id, event.action, f"r{revision}")
        if kind == "circular":
            circular.revision = revision
            CircularRecords(store).save(circular, "sent")
            store.add_history("plan", plan.id, "circular_sent", f"r{revision}")
    return ExportResult(path, letter_path, len(data), revision, bundle.size_report(data))


