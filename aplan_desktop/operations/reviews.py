"""Returns for correction and receipts: the aimag accepts or returns a body's report, writes
each sender a receipt on import; a body sees where its reports stand with the aimag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Entry, Report, ReportStatus
from aplan_desktop.operations.changes import Changes

BUNDLE_VERSION = "bundle_version"  # settings: the bundle format the aimag reads (None: as old as each bundle allows)


def entry_content(entry: Entry | None) -> tuple:
    """What the body wrote for a measure, as a correction changes it: the result, the
    percentage, the money spent and its source, the evidence files and links (not the aimag's
    own score and comment)."""
    if entry is None:
        return ("", None, None, "", ())
    return (entry.result, entry.percent, entry.spent.amount, entry.spent.source,
            tuple((e.sha256, e.url) for e in entry.evidence))


@dataclass(frozen=True, eq=False, repr=False)
class ReturnedMeasures:
    """The measures of a report the aimag returned for correction, each with its reason, in
    the plan's order, and what each held in the revision the aimag returned (read from the
    copy sent from here). A returned measure counts as corrected once what the body wrote for
    it differs from that; changed back, it is not corrected any more."""

    revision: int  # the revision the aimag returned
    reasons: dict[str, str]  # measure id → the aimag's reason
    as_returned: dict[str, tuple] | None  # measure id → `entry_content` then; None: the sent copy is not here

    def corrected(self, report: Report) -> set[str] | None:
        """The returned measures corrected in the report as it is now; None: this cannot be told."""
        if self.as_returned is None:
            return None
        entries = {e.measure_id: e for e in report.entries}
        return {m for m in self.reasons if entry_content(entries.get(m)) != self.as_returned[m]}


@dataclass(frozen=True, eq=False, repr=False)
class Revision:
    """One line of a report's exchange history: a revision that arrived, and the word on it."""

    revision: int
    received_at: str  # UTC, ISO
    state: str
    at: str
    reasons: tuple[tuple[str, str], ...]
    note: str


class ReviewJobs:
    """Mixed into `Operations`."""

    def resolve_report_id(self, text: str) -> str:
        """The full id of a report given by its id or the start of it; a plan's id is refused."""
        kind, full_id = self._store.resolve_id(text)
        if kind != "report":
            raise UserError(N_("{id} is a plan; give the id of a report."), id=full_id)
        return full_id

    # ------------------------------------------------------------ the aimag's word

    def accept_report(self, report_id: str, origin=None) -> Changes:
        from aplan_desktop.returns import decide
        from aplan_desktop.storage.reviews import ACCEPTED

        decide(self._store, report_id, ACCEPTED)
        return self.announce(Changes.document(report_id), origin)

    def return_report(self, report_id: str, reasons: dict[str, str], note: str = "", origin=None) -> Changes:
        """Return the report for correction: a reason beside each measure to correct (measure id
        → text), or a note. The review sent back afterwards carries the return to the body."""
        from aplan_desktop.returns import decide
        from aplan_desktop.storage.reviews import RETURNED

        decide(self._store, report_id, RETURNED, reasons, note)
        return self.announce(Changes.document(report_id), origin)

    def revisions(self, report_id: str) -> list[Revision]:
        """Every revision of a body's report that arrived here and every word said on it, oldest first."""
        from aplan_desktop.storage.exchange import ExchangeRecords
        from aplan_desktop.storage.reviews import ReviewRecords

        lines = [Revision(b.revision, b.at, "received", b.at, (), "")
                 for b in ExchangeRecords(self._store).bundles(report_id, "received") if b.kind == "report"]
        lines += [Revision(s.revision, s.received_at.isoformat(), s.state, s.at.isoformat(), s.reasons, s.note)
                  for s in ReviewRecords(self._store).states(report_id)]
        return sorted(lines, key=lambda line: (line.revision, line.at, line.state != "received"))

    def _review_events(self, doc_id: str) -> list[dict]:
        """The revisions that arrived and the states, as lines of the document's history."""
        events = []
        for line in self.revisions(doc_id):
            reasons = "; ".join(text for _, text in line.reasons)
            why = " — ".join(part for part in (f"r{line.revision}", line.note, reasons) if part)
            events.append({"at": line.at, "action": line.state, "reason": why, "computer_user": "", "signatory": ""})
        return events

    # ------------------------------------------------------------ receipts

    def write_receipts(self, outcome, folder: Path | None = None) -> list[Path]:
        """After an import: a signed receipt for each sender whose report arrived, in `folder`
        (default: the folder of bundles to e-mail, else "receipts" beside the data file)."""
        from aplan_desktop.exchange import APPLIED, signing_seed
        from aplan_desktop.returns import write_receipts

        senders = [i.verified.sender_id for i in outcome if i.status in APPLIED and i.verified.kind == "report"]
        if not senders or not self.settings.home_organisation_id:  # an office not set up signs no receipt
            return []
        folder = Path(folder) if folder else self.outbox_folder()
        paths = write_receipts(self._store, senders, folder, signing_seed(self._store))
        return paths

    def outbox_folder(self) -> Path:
        folder = self.settings.last_folder("export")
        return folder if folder and folder.is_dir() else self.path.parent / "receipts"

    # ------------------------------------------------------------ the body's side

    def standing(self, report: Report):
        """Where the report stands with the aimag (a `ReportState`), or None: not heard of yet."""
        from aplan_desktop.storage.reviews import ReviewRecords, standing_of

        return standing_of(ReviewRecords(self._store).states(report.id), report.revision,
                           report.status == ReportStatus.SENT)

    def standing_text(self, state) -> str:
        """"Аймаг хүлээн авсан: 2025.05.09", or accepted, or returned for correction."""
        from aplan_desktop.i18n import translate
        from aplan_desktop.storage.reviews import ACCEPTED, RECEIVED, RETURNED

        words = {RECEIVED: N_("Received by the aimag: {date}"), ACCEPTED: N_("Accepted by the aimag: {date}"),
                 RETURNED: N_("Returned for correction by the aimag: {date}")}
        return translate(words[state.state], date=f"{state.at.astimezone():%Y.%m.%d}")

    def _with_standing(self, summaries: list) -> list:
        """The documents' summaries, each report's with where it stands with the aimag, and each
        plan the office above sent to be carried out saying so, or that it was called off (not
        the status it had there)."""
        from dataclasses import replace

        from aplan_desktop.i18n import translate
        from aplan_desktop.storage.circulars import CircularRecords
        from aplan_desktop.storage.reviews import ReviewRecords, standing_of

        states = ReviewRecords(self._store).states_of([s.id for s in summaries if s.kind == "report"])
        received = {c.plan_id: c.called_off for c in CircularRecords(self._store).all("received")}
        found = []
        for s in summaries:
            if s.kind == "plan" and s.id in received:
                words = N_("Called off by the aimag") if received[s.id] else N_("Received to carry out")
                found.append(replace(s, standing=translate(words)))
                continue
            state = standing_of(states[s.id], s.revision, s.status == ReportStatus.SENT.value) if s.id in states \
                else None
            found.append(replace(s, standing=self.standing_text(state)) if state else s)
        return found

    def returned_measures(self, report: Report) -> ReturnedMeasures | None:
        """When the report stands returned for correction (`standing`): the measures returned,
        with their reasons, and what each held in the revision returned; else None."""
        from aplan_desktop.storage.reviews import RETURNED

        state = self.standing(report)
        if state is None or state.state != RETURNED:
            return None
        reasons = dict(state.reasons)
        ordered = {m.id: reasons[m.id] for m in self._store.plan(report.plan_id).measures() if m.id in reasons}
        return ReturnedMeasures(state.revision, ordered, self._as_sent(report.id, state.revision, list(ordered)))

    def _as_sent(self, report_id: str, revision: int, measure_ids: list[str]) -> dict[str, tuple] | None:
        """Each measure's `entry_content` in that revision as this office sent it (the bundle
        kept here when it was sent); None when no copy of that revision is here (it was sent
        from another data file) or it does not read."""
        from aplan_desktop import bundle
        from aplan_desktop.storage.exchange import ExchangeRecords

        sent = [b for b in ExchangeRecords(self._store).bundles(report_id, "sent")
                if b.kind == "report" and b.revision == revision]
        if not sent:
            return None
        try:
            report = bundle.read_bundle(self._store.file_content(sent[-1].file_sha256)).report
        except UserError:  # a bundle error, or the file not here
            return None
        entries = {e.measure_id: e for e in report.entries}
        return {m: entry_content(entries.get(m)) for m in measure_ids}

    def returned_reports(self) -> list[Report]:
        """This office's reports the aimag returned for correction and not yet sent again."""
        from aplan_desktop.storage.reviews import RETURNED, ReviewRecords

        home = self.settings.home_organisation_id
        records = ReviewRecords(self._store)
        found = []
        for report_id in records.ids_with_state(RETURNED):
            if records.report_owner(report_id) == home:
                report = self._store.report(report_id)
                if (state := self.standing(report)) is not None and state.state == RETURNED:
                    found.append(report)
        return found

    # ------------------------------------------------------------ the version the aimag reads

    @property
    def bundle_version(self) -> int | None:
        """The bundle format version this office's reports and plans are written in (None: the oldest
        that holds everything each one carries)."""
        return self._store.setting(BUNDLE_VERSION) or None

    def set_bundle_version(self, version: int | None) -> Changes:
        """Write bundles the aimag's older program reads (when nothing new is needed); None: each in the
        oldest version that holds all of it."""
        from aplan_desktop.bundle.manifest import FORMAT_VERSION, OLDEST_VERSION

        if version is not None and not (isinstance(version, int) and OLDEST_VERSION <= version <= FORMAT_VERSION):
            raise UserError(N_("This program writes bundle format versions {oldest} to {newest}."),
                            oldest=OLDEST_VERSION, newest=FORMAT_VERSION)
        self._store.set_setting(BUNDLE_VERSION, version)
        return self.announce(Changes.setting("bundle_version"))
