"""The operations layer: one method per job a person does, with no Qt in it.

The window and the command line both get an `Operations` made from the store and call its
jobs; neither touches the store itself. Each job checks its input (a refusal is a `UserError`
sentence and changes nothing), runs in one transaction, and returns a `Changes` saying what
changed, which it also announces to the subscribers: the window refreshes only that.

    ops = Operations(Store.open(path))          # or Operations.open(path)
    unsubscribe = ops.subscribe(listener)       # listener(changes, origin)
    changes = ops.approve(plan_id, origin=self) # origin: who asked, handed back to listeners
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, Plan, Report
from aplan_desktop.operations.bodies import BodyJobs, SenderChoice
from aplan_desktop.operations.bundles import BundleJobs
from aplan_desktop.operations.changes import Changes
from aplan_desktop.operations.circulars import CircularJobs
from aplan_desktop.operations.documents import DocumentJobs, PlanSource
from aplan_desktop.operations.office import OfficeDetails, OfficeJobs, aimag_choices
from aplan_desktop.operations.reviews import ReviewJobs
from aplan_desktop.operations.settings import Place, Settings
from aplan_desktop.operations.upkeep import UpkeepJobs
from aplan_desktop.print_jobs import PrintJobs
from aplan_desktop.storage import DocumentSummary, Store

if TYPE_CHECKING:
    from aplan_desktop.operations.editing import Editing

Listener = Callable[[Changes, object], None]

__all__ = ["Changes", "DocumentSummary", "OfficeDetails", "Operations", "Place", "PlanSource", "SenderChoice", "Settings",
           "aimag_choices"]


class Operations(OfficeJobs, DocumentJobs, BundleJobs, PrintJobs, BodyJobs, CircularJobs, ReviewJobs, UpkeepJobs):
    def __init__(self, store: Store) -> None:
        self._store = store
        self.settings = Settings(store)
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: Path | str) -> "Operations":
        """On a connection of its own (a job in another thread opens one like this)."""
        return cls(Store.open(path))

    def close(self) -> None:
        self._store.close()

    @cached_property
    def editing(self) -> Editing:
        """Opening documents for editing, loaded when first used (printing needs none of it)."""
        from aplan_desktop.operations.editing import Editing

        return Editing(self)

    @property
    def path(self) -> Path:
        """The data file."""
        return self._store.path

    def prepare_to_write(self) -> None:
        """Load what writing needs and reading does without (the store's writing library, about
        50 ms): a window calls it once it is up, so that its first save does not wait for it."""
        self._store.db

    # ------------------------------------------------------------ announcing changes

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(changes, origin)` after every job that changed something; returns
        the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def announce(self, changes: Changes, origin: object = None) -> Changes:
        """Tell the subscribers; a job run on another connection (in the background) is
        announced here once it is done."""
        for listener in list(self._listeners):
            listener(changes, origin)
        return changes

    _announce = announce

    # ------------------------------------------------------------ reading

    def home_organisation(self) -> Organisation:
        """This office, as stored (refused before the first-run setup)."""
        home = self.settings.home_organisation_id
        if not home:
            raise UserError(N_("Tell the program who you are first: the first-run setup was not finished."))
        return self._store.organisation(home)

    def is_set_up(self) -> bool:
        return self.settings.home_organisation_id is not None

    def aimag_of(self, organisation: Organisation) -> Organisation | None:
        return self._store.parent_of(organisation)

    def documents(self) -> list[DocumentSummary]:
        return self._with_standing(self._store.documents())

    def document_summary(self, doc_id: str) -> DocumentSummary | None:
        """One line of the navigator, to refresh that line alone."""
        found = self._with_standing(self._store.documents(doc_id))
        return found[0] if found else None

    def load_document(self, doc_id: str) -> tuple[Plan, Report | None]:
        """A plan, or a report with its plan, by id or an unambiguous start of one."""
        plan, _, report = self._store.load_document(doc_id)
        return plan, report

    def plan(self, plan_id: str) -> Plan:
        return self._store.plan(plan_id)

    def report(self, report_id: str) -> Report:
        return self._store.report(report_id)

    def plans(self, organisation_id: str | None = None, year: int | None = None) -> list[Plan]:
        return self._store.plans(organisation_id, year)

    def reports(self, year: int | None = None) -> list[Report]:
        return [self._store.report(d.id) for d in self._store.documents()
                if d.kind == "report" and (year is None or d.year == year)]

    def problems(self, doc_id: str):
        """Every problem of a plan, or of a report against its plan and the percentage scale."""
        from aplan_desktop.core.validation import validate_plan, validate_report

        plan, report = self.load_document(doc_id)
        return validate_report(report, plan, self.settings.score_scale) if report else validate_plan(plan)

    def document_json(self, doc_id: str) -> str:
        """A plan, or a report with its plan, as an interchange document."""
        from aplan_desktop.documents import document_json

        return document_json(self._store, doc_id)

    def write_document_json(self, doc_id: str, path: Path) -> None:
        from aplan_desktop.documents import write_document_json

        write_document_json(self._store, doc_id, Path(path))

    def history(self, doc_id: str) -> list[dict]:
        """What was done to the document here, and for a report each revision that reached the
        aimag and the aimag's word on it, oldest first."""
        return sorted(self._review_events(doc_id) + self._store.history(doc_id), key=lambda event: event["at"])

    def search(self, words: str):
        return self._store.search(words)

    def file_content(self, sha256: str) -> bytes:
        return self._store.file_content(sha256)
