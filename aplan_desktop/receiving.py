"""Importing what other offices send: a dry run that judges every bundle on its own, and the
import that applies the same judgement again under the database's write lock.

Each file is verified while it streams (see `bundle.reader`) and then judged against this
database's own records: is the sender's key registered and is it theirs, may the sender change
what the bundle would change (`authority`), does the revision follow the one before it, and is
it newer than what is here. A file that fails any of it is listed with the reason and changes
nothing; the other files are imported all the same. Evidence and the bundle file itself are
stored with SQLite's incremental blob I/O, never held whole.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from aplan_desktop import authority, bundle
from aplan_desktop.bundle.manifest import EVIDENCE_PREFIX
from aplan_desktop.bundle.reader import member_chunks, read_bundle_file
from aplan_desktop.circulars import received_circular, received_report_on_circular
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Report, Review
from aplan_desktop.i18n import error_text, named, translate
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import backup_folder, prune_backups, take_backup
from aplan_desktop.returns import apply_receipt
from aplan_desktop.storage.exchange import BundleRecord, ExchangeRecords
from aplan_desktop.storage.reviews import ReviewRecords

BUNDLE_SUFFIX = ".aplan"
NEW, NEWER, DUPLICATE, OLDER, CONFLICT, UNKNOWN_SENDER, REFUSED = (
    "new", "newer", "duplicate", "older", "conflict", "unknown_sender", "refused")
APPLIED = (NEW, NEWER)
KEPT = (NEW, NEWER, OLDER)
_CHUNK = 1 << 20


@dataclass
class Incoming:
    path: Path
    status: str = ""
    message: str = ""  # a sentence for refused, conflicting and unknown senders
    error: UserError | None = None
    verified: bundle.VerifiedBundle | None = None
    content_sha256: str = ""
    file_sha256: str = ""
    file_size: int = 0
    chain_break: bool = False  # a conflict the user may accept (a gap or a fork in the revisions)
    registered_fingerprint: str = ""  # refused for a key other than this registered one: a replacement may be due

    def refuse(self, error: UserError, status: str = REFUSED) -> None:
        # kept without its traceback, whose frames would keep the refused file's bytes alive
        error.__traceback__ = error.__cause__ = error.__context__ = None
        self.status, self.error, self.message = status, error, error_text(error)


def content_sha256(document: dict, size: int = 0) -> str:
    """sha256 of the document's canonical JSON; for a big document (`size`: its bytes in the
    bundle) hashed piece by piece, so that the text is never made whole."""
    if size < 4_000_000:
        return hashlib.sha256(json.dumps(document, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    hasher = hashlib.sha256()
    for piece in json.JSONEncoder(ensure_ascii=False, sort_keys=True).iterencode(document):
        hasher.update(piece.encode())
    return hasher.hexdigest()


def _file_chunks(path: Path):
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def _read(path: Path, limits: bundle.Limits) -> Incoming:
    item = Incoming(path)
    try:
        size = path.stat().st_size
        if size > limits.max_total_size:
            item.refuse(bundle.BundleTooLargeError(
                N_("The bundle unpacks to more than {limit} bytes, which is more than allowed. It was not opened; "
                   "ask the sender to leave some evidence files out and export again."), limit=limits.max_total_size))
            return item
        hasher = hashlib.sha256()
        for chunk in _file_chunks(path):
            hasher.update(chunk)
        item.verified = read_bundle_file(path, limits)
    except OSError:
        item.refuse(UserError(N_("The file {path} cannot be read."), path=str(path)))
        return item
    except bundle.BundleError as exc:
        item.refuse(exc)
        return item
    item.file_sha256, item.file_size = hasher.hexdigest(), size
    document = item.verified.members.get("document.json")  # none in a receipt
    item.content_sha256 = content_sha256(item.verified.document, document.size if document else 0)
    return item


def _check_sender(store: Store, records: ExchangeRecords, item: Incoming) -> None:
    """Who signed it, and may they send this document?"""
    v = item.verified
    key = v.sender_public_key.hex()
    registered = records.trusted_key(v.sender_id)
    if registered is None:
        owner = records.key_owner(key)
        if owner is not None:
            item.refuse(UserError(N_("The bundle from {sender} is signed with the key registered for another "
                                     "organisation ({organisation}). One key belongs to one organisation; it was not "
                                     "imported."), **authority.sender_named(store, v), **named("organisation", *store.naming(owner))))
            return
        item.refuse(UserError(N_("{sender} is not registered yet. Compare the key {fingerprint} with the one on "
                                 "their cover letter (or by phone), then register it."), **authority.sender_named(store, v),
                              fingerprint=v.sender_fingerprint), UNKNOWN_SENDER)
    elif len(owners := records.key_owners(key)) > 1:
        item.refuse(UserError(N_("The key that signed the bundle from {sender} is registered for more than one "
                                 "organisation ({organisations}). It was not imported; replace the wrong "
                                 "registrations with each office's own key."), **authority.sender_named(store, v),
                              organisations=", ".join(owners)))
    elif registered != key:
        item.refuse(UserError(N_("The bundle from {sender} is signed with a key other than the one registered for "
                                 "them. Do not use it; call the sender to find out why."), **authority.sender_named(store, v)))
        item.registered_fingerprint = bundle.fingerprint(bytes.fromhex(registered))
    elif (problem := authority.sender_problem(store, v)) is not None:
        item.refuse(problem)


def _chain_problem(records: ExchangeRecords, item: Incoming, group: list[Incoming]) -> str | None:
    """"gap" when the previous revision named is not here, "fork" when the revision does not
    follow the ones here (the user may accept either once the sender confirms it); None when it
    follows them, or when another content claims the same revision."""
    v = item.verified
    known = {r.manifest_sha256: (r.revision, r.previous_manifest_sha256, r.content_sha256)
             for r in records.bundles(v.document_id, "received") if r.kind == v.kind}
    known.update({i.verified.manifest_sha256: (i.verified.revision, i.verified.previous_manifest_sha256,
                                               i.content_sha256) for i in group})
    previous = v.previous_manifest_sha256
    if previous is None:  # "the first this sender sent": nothing earlier may be here
        return "fork" if any(revision < v.revision for revision, _, _ in known.values()) else None
    if previous not in known:
        return "gap"
    if known[previous][0] >= v.revision:
        return "fork"
    siblings = [revision for sha, (revision, before, content) in known.items()
                if before == previous and sha != v.manifest_sha256 and content != item.content_sha256]
    if v.revision in siblings:
        return None  # two contents for one revision: `_classify` refuses both, and no confirmation lets one in
    return "fork" if siblings else None


def _chain_conflict(store: Store, item: Incoming, problem: str) -> None:
    v = item.verified
    if problem == "gap":
        item.refuse(UserError(N_("Revision {revision} of {sender}'s document follows a revision that has not arrived "
                                 "here. It was not applied: ask the sender for the missing revision, or import this "
                                 "one anyway once the sender confirms it."), revision=v.revision,
                              **authority.sender_named(store, v)), CONFLICT)
    else:
        item.refuse(UserError(N_("Revision {revision} of {sender}'s document does not follow the revisions already "
                                 "here. It was not applied: ask the sender which one is right, and import it anyway "
                                 "only once the sender confirms it."), revision=v.revision,
                              **authority.sender_named(store, v)), CONFLICT)
    item.chain_break = True


def _classify(store: Store, records: ExchangeRecords, document_id: str, group: list[Incoming]) -> None:
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
            item.refuse(UserError(N_("Two different versions of {sender}'s document both call themselves revision "
                                     "{revision}. Neither was applied; ask the sender which one is right."),
                                  **authority.sender_named(store, item.verified), revision=revision), CONFLICT)
        elif applied is not None and revision == applied.revision:
            item.status = DUPLICATE  # the same content exported again
        elif revision < best or (applied is not None and revision < applied.revision):
            item.status = OLDER
        elif item is chosen:
            item.status = NEW if applied is None else NEWER
            if item.verified.circular is not None and item.verified.circular.called_off:  # said before it is taken
                item.message = translate(N_("{sender} calls this plan off: nothing more is reported on it."),
                                         **authority.sender_named(store, item.verified))
        else:
            item.status = DUPLICATE  # the same content twice in one import: one is enough


def _judge(store: Store, items: list[Incoming], accept_gaps: bool) -> None:
    """Every check after the bundle's own: sender, authority, revisions. Each item on its own."""
    records = ExchangeRecords(store)
    groups: dict[tuple[str, str], list[Incoming]] = defaultdict(list)
    for item in items:
        if item.verified is None:
            continue
        item.status, item.message, item.error, item.chain_break, item.registered_fingerprint = "", "", None, False, ""
        _check_sender(store, records, item)
        if item.status:
            continue
        if records.known(item.verified.manifest_sha256):
            item.status = DUPLICATE
            continue
        if item.verified.kind == "receipt":  # not a revision of a document: new, or had already
            item.status = DUPLICATE if ReviewRecords(store).receipt_known(item.verified.manifest_sha256) else NEW
            continue
        groups[(item.verified.kind, item.verified.document_id)].append(item)
    for (_, document_id), group in groups.items():
        for item in group:
            problem = _chain_problem(records, item, group)
            if problem is not None and not accept_gaps:
                _chain_conflict(store, item, problem)
        _classify(store, records, document_id, [i for i in group if not i.status])


def bundle_files(paths: list[Path]) -> list[Path]:
    """The files given, and the .aplan files in the folders given."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob(f"*{BUNDLE_SUFFIX}")) if path.is_dir() else [path]
    return files


def dry_run(store: Store, paths: list[Path], limits: bundle.Limits = bundle.Limits(),
            accept_gaps: bool = False) -> list[Incoming]:
    """What importing these files would do, changing nothing. Folders are searched for .aplan files.

    The outcome does not depend on the order of the files: per document, the highest revision
    wins; two different contents claiming the same revision are a conflict and neither is used.
    With `accept_gaps` (the user asked the sender), a revision whose previous one is missing
    here, or that does not follow it, is imported like any other.
    """
    items = [_read(path, limits) for path in bundle_files(paths)]
    _judge(store, items, accept_gaps)
    return items


def _keep_local_reviews(incoming: Report, local: Report | None) -> None:
    """A body's own report never sets the aimag's review: whatever review fields it carries are
    replaced by the ones here (or none)."""
    reviews = {e.measure_id: e.review for e in local.entries} if local is not None else {}
    for entry in incoming.entries:
        entry.review = copy.deepcopy(reviews.get(entry.measure_id, Review()))


def _merge_review(local: Report, reviewed: Report) -> None:
    """A review from the aimag brings its scores and comments; the body's own text stays."""
    reviews = {e.measure_id: e.review for e in reviewed.entries}
    for entry in local.entries:
        if entry.measure_id in reviews:
            entry.review = copy.deepcopy(reviews[entry.measure_id])


def _store(store: Store, records: ExchangeRecords, item: Incoming, received: str) -> None:
    v = item.verified
    applies = item.status in APPLIED
    if v.kind == "receipt":
        apply_receipt(store, v)
        ReviewRecords(store).record_receipt(v.manifest_sha256, v.sender_id, v.created_at,
                                            datetime.fromisoformat(received))
        return
    if applies and v.kind == "review":
        local = store.report(v.document_id)
        _merge_review(local, v.report)
        store.save_report(local)
        if v.receipt is not None:
            apply_receipt(store, v, only=v.document_id)
    elif applies:
        sizes = {m["name"]: m["size"] for m in v.manifest["members"]}
        for sha in v.evidence_files:
            name = EVIDENCE_PREFIX + sha
            records.add_file_streamed(sha, sizes[name], member_chunks(v, name))
        if v.report is not None:
            local = store.report(v.report.id) if store.conn.execute(
                "SELECT 1 FROM reports WHERE id = ?", [v.report.id]).fetchone() else None
            _keep_local_reviews(v.report, local)
        organisation, parent = authority.organisation_as_here(store, v.plan.organisation, v.parent)
        v.plan.organisation = organisation
        if v.kind == "circular":
            received_circular(store, v, parent)
        elif v.report is not None and v.report.organisation_id not in (None, v.plan.organisation.id):
            received_report_on_circular(store, v)
        else:
            store.save_document(v.plan, parent, v.report)
    records.add_file_streamed(item.file_sha256, item.file_size, _file_chunks(item.path))
    records.record(BundleRecord(
        v.manifest_sha256, v.bundle_id, "received", v.kind, v.document_id, v.revision,
        v.previous_manifest_sha256, item.content_sha256, v.sender_id, v.created_at.isoformat(), received,
        applies, item.file_sha256))


def apply_import(store: Store, items: list[Incoming], accept_gaps: bool = False,
                 limits: bundle.Limits = bundle.Limits()) -> list[Incoming]:
    """Import the files of a dry run: they are judged again under the write lock (what the dry run
    called new is what is imported, unless something changed since), a backup is taken, and each
    bundle is stored on its own: one that fails is listed with its reason and the others are
    imported. A file is streamed from disk once more as it is stored, checked again against the
    signed hashes and the file's own, so a file changed since the dry run is refused, not stored.
    Returns the outcome per file (new items; the dry run's are left as they were)."""
    fresh = [Incoming(item.path, verified=item.verified, content_sha256=item.content_sha256,
                      file_sha256=item.file_sha256, file_size=item.file_size) if item.verified is not None
             else _read(item.path, limits) for item in items]
    _judge(store, fresh, accept_gaps)
    if not any(item.status in KEPT for item in fresh):
        return fresh
    take_backup(store, reason="import")
    prune_backups(backup_folder(store.path))
    records = ExchangeRecords(store)
    received = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with store.transaction():
        _judge(store, fresh, accept_gaps)  # again, under the write lock: nothing changed meanwhile
        for item in fresh:
            if item.status not in KEPT:
                continue
            try:
                with store.transaction():  # a savepoint: a bundle that fails leaves the others
                    _store(store, records, item, received)
            except UserError as exc:
                item.refuse(exc)
            except (OSError, ValueError):
                item.refuse(UserError(N_("The file {path} changed or could not be read while it was imported. "
                                         "It was not imported; import it again."), path=str(item.path)))
            finally:
                item.verified.source.close()
    return fresh
