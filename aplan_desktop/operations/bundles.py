"""Between a body and its aimag: the bundle sent, senders' keys registered, bundles checked and
imported, the consolidation of the bodies' reports; and the names of the printed forms' files
(printing them: `print_jobs.PrintJobs`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.operations.changes import Changes


def _words(text: str) -> str:
    """A name part for a file: the words of a title, without characters Windows refuses."""
    kept = "".join(ch if ch.isalnum() or ch in " -" else " " for ch in text)
    return " ".join(kept.split())[:60].strip()


class BundleJobs:
    """Mixed into `Operations`: sending, receiving, the printed forms' names."""

    # ------------------------------------------------------------ printed forms

    def file_name(self, doc_id: str, form: str = "") -> str:
        """A readable name for a saved form, without its ending: "2026 Бат-Өлзий сум … тайлан I хагас"."""
        from aplan_desktop.i18n import label

        plan, report = self.load_document(doc_id)
        organisation = plan.organisation.short_name or plan.organisation.name
        what = label(form) if form else label("report" if report else plan.kind.value)
        period = label(report.period.value) if report else ""
        return _words(" ".join(p for p in (str(plan.year), organisation, what, period) if p)) or "aplan"

    # ------------------------------------------------------------ sending

    def export(self, doc_id: str, folder: Path, review: bool | None = None):
        """The signed bundle (and a report's cover letter) written into `folder`, to e-mail;
        returns the export's result and what changed (a report becomes "sent"). `review`:
        the aimag's review of another body's report going back to it; None: a report of
        another body is sent back as its review, this office's own as its report."""
        from aplan_desktop.exchange import export_document

        if review is None:
            plan, report = self.load_document(doc_id)
            review = report is not None and (report.organisation_id or plan.organisation.id) != \
                self.settings.home_organisation_id
        folder = Path(folder)
        result = export_document(self._store, doc_id, folder, kind="review" if review else None,
                                 format_version=self.bundle_version)
        self.remember_folder("export", folder)
        return result, self._announce(Changes.document(self._store.resolve_id(doc_id)[1]))

    def own_fingerprint(self) -> str:
        """This office's key as the aimag checks it (made on first use)."""
        from aplan_desktop.exchange import own_fingerprint

        return own_fingerprint(self._store)

    # ------------------------------------------------------------ receiving

    def register_sender(self, bundle_path: Path, typed_fingerprint: str):
        """Register the key that signed a bundle, once the fingerprint typed (read on the cover
        letter or heard on the phone) matches it; returns the verified bundle and the changes."""
        from aplan_desktop.key_register import ITSELF, trust_sender_as

        if not typed_fingerprint.strip():
            raise UserError(N_("Type the fingerprint printed on the sender's cover letter."))
        with self._store.transaction():  # at an aimag's office, the sender is one of its bodies, as itself
            verified = trust_sender_as(self._store, Path(bundle_path), typed_fingerprint, ITSELF)
        return verified, self._announce(Changes(senders=True))

    def replace_sender_key(self, bundle_path: Path, typed_fingerprint: str):
        """A registered sender's new key (a new computer), from a bundle it signed and the
        fingerprint read on its letter; the old key is no longer accepted."""
        from aplan_desktop.exchange import replace_key

        with self._store.transaction():
            change = replace_key(self._store, Path(bundle_path), typed_fingerprint)
        return change, self._announce(Changes(senders=True))

    def naming(self, org_id: str, name: str | None = None):
        """The organisation's name and the declined forms stored here for it, for `i18n.named`."""
        return self._store.naming(org_id, name)

    def senders(self) -> tuple[list[tuple[str, str, str]], list[dict]]:
        """The registered senders (organisation id, key fingerprint, when) and the keys replaced."""
        from aplan_desktop.bundle import fingerprint
        from aplan_desktop.storage.exchange import ExchangeRecords

        records = ExchangeRecords(self._store)
        keys = [(org_id, fingerprint(bytes.fromhex(key)), at) for org_id, key, at in records.trusted_keys()]
        changes = [{**change, "old_key": fingerprint(bytes.fromhex(change["old_key"])),
                    "new_key": fingerprint(bytes.fromhex(change["new_key"]))} for change in records.key_changes()]
        return keys, changes

    def check_import(self, paths: list[Path], accept_gaps: bool = False):
        """What importing the bundles would do, file by file; nothing is changed."""
        from aplan_desktop.exchange import dry_run

        return dry_run(self._store, [Path(p) for p in paths], accept_gaps=accept_gaps)

    def import_checked(self, items, accept_gaps: bool = False):
        """Import what the check accepted (judged again, after a backup; one bad bundle does not
        stop the others); returns the outcome per file and what changed."""
        from aplan_desktop.exchange import APPLIED, apply_import

        outcome = apply_import(self._store, items, accept_gaps=accept_gaps)
        applied = [i.verified for i in outcome if i.status in APPLIED]
        ids = frozenset(v.document_id for v in applied if v.kind != "receipt")
        told = frozenset(item.document_id for v in applied if v.kind == "receipt" for item in v.receipt.items)
        return outcome, self._announce(Changes(documents=ids | told, created=ids))

    # ------------------------------------------------------------ the aimag's consolidation

    def aimag_office_id(self) -> str:
        """This office's id when it is an aimag's (or the capital's) office; refused otherwise."""
        home = self.home_organisation()
        if home.kind != OrganisationKind.AIMAG:
            raise UserError(N_("The consolidated report is made by an aimag's (or the capital's) office."))
        return home.id

    def render_consolidation(self, year: int, period: Period) -> tuple[bytes, int]:
        from aplan_desktop.printing import render_consolidation

        return render_consolidation(self._store, self.aimag_office_id(), year, Period(period))

    def write_consolidation(self, year: int, period: Period, path: Path, aimag_id: str | None = None) -> int | None:
        """The consolidated report as a PDF or an .xlsx; pages written (None for a table)."""
        from aplan_desktop.printing import write_consolidation

        return write_consolidation(self._store, aimag_id or self.aimag_office_id(), year, Period(period), Path(path))

    def consolidation_years(self) -> list[int]:
        years = sorted({d.year for d in self._store.documents()}, reverse=True)
        return years or [date.today().year]
