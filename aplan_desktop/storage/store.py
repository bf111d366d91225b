"""The repository: core objects in, core objects out; with the other modules of `storage/`
(`writes.py`, `reviews.py`, `circulars.py`, `exchange.py`), the only code that knows the tables.

Every public write is one transaction (`Store.transaction`), so a save either lands whole or
not at all, and the search index changes in the same transaction as the text it indexes.

Reads are plain SQL on the `sqlite3` connection (`Store.conn`); documents are written by
`writes.py` through sqlite-utils' table API (`Store.db`), both loaded on the first such write:
a start, a print or an export that only reads never imports sqlite-utils (nor click, dateutil,
pluggy).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aplan_desktop.core.errors import N_, NotFoundError
from aplan_desktop.core.model import (
    Approval,
    Column,
    Entry,
    Evidence,
    Heading,
    Measure,
    Money,
    NameForms,
    Objective,
    Organisation,
    OrganisationKind,
    Person,
    Plan,
    PlanKind,
    PlanStatus,
    Report,
    ReportStatus,
    Review,
    Section,
    Timeframe,
)
from aplan_desktop.core.periods import Deadline, DeadlineRules, Period
from aplan_desktop.core.scoring import ScoreScale, mean_score
from aplan_desktop.storage import search as fts
from aplan_desktop.storage.database import open_database, rows
from aplan_desktop.storage.whole_check import record_clean_close

if TYPE_CHECKING:
    from sqlite_utils import Database

def _computer_user() -> str:
    import getpass  # here: only a change is signed with the user's name, and a print reads only

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _columns(text: str) -> list[Column]:
    return [Column(c["key"], c["label"], c.get("group", "")) for c in json.loads(text)]


def _heading(text: str | None) -> Heading:
    if text is None:
        return Heading()
    from aplan_desktop.core.interchange import read_heading  # the document format: not for most reads
    from aplan_desktop.core.reader import Reader

    return read_heading(Reader(json.loads(text)))


@dataclass(eq=False)
class DocumentSummary:
    """One line of `aplan list` and of the GUI's navigator."""

    kind: str  # 'plan' or 'report'
    id: str
    organisation: str
    year: int
    plan_kind: PlanKind
    period: Period | None
    status: str
    revision: int | None
    score: Decimal | None
    title: str
    standing: str = ""  # where a report stands with the aimag ("Аймаг хүлээн авсан: 2025.05.09"), if known
    organisation_id: str = ""  # whose document it is: the plan's office, or the body reporting on it


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._db: Database | None = None
        self._checked_file: Path | None = None  # opened by `open`, with its checks

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        store = cls(open_database(path))
        store._checked_file = Path(path)
        return store

    def close(self) -> None:
        """Closed; a file opened with its checks is recorded as aplan leaves it (`whole_check`)."""
        self.conn.close()
        if self._checked_file is not None:
            record_clean_close(self._checked_file)

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, for writing through its table API: made (and
        sqlite-utils imported) on first use."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)  # no plugins: nothing to look up
        return self._db

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.conn.execute("PRAGMA database_list").fetchone()[2])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one (as savepoints).

        It starts with BEGIN IMMEDIATE, so the write lock is taken at once and another
        program's lock is waited for (busy_timeout) rather than failing halfway through.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested transaction: undone alone when its block fails, kept when the outer one commits."""
        self.conn.execute("SAVEPOINT store")  # the innermost of that name is the one released or undone
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # an error such as a full disk may have ended the whole transaction
                self.conn.execute("ROLLBACK TO store")
                self.conn.execute("RELEASE store")
            raise
        self.conn.execute("RELEASE store")

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # not when the error already ended the transaction
            self.conn.execute("ROLLBACK")

    # ------------------------------------------------------------ organisations

    def save_organisation(self, org: Organisation, parent: Organisation | None = None) -> None:
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_organisation(self, org, parent)

    def organisation(self, org_id: str) -> Organisation:
        found = self._organisations("o.id = ?", [org_id])
        if not found:
            raise NotFoundError(N_("There is no organisation with the id {id}."), id=org_id)
        return found[0]

    def _organisations(self, where: str, params: list) -> list[Organisation]:
        """The organisations a condition on `o` (the organisations table) picks, by name, each
        with its declined name forms: one query, however many (an aimag's start lists its bodies)."""
        return [Organisation(
            id=r["id"], name=r["name"], kind=OrganisationKind(r["kind"]), short_name=r["short_name"],
            parent_id=r["parent_id"], address=r["address"], phone=r["phone"], email=r["email"], web=r["web"],
            head=Person(r["head_title"], r["head_name"]),
            forms=NameForms(r["genitive"], r["dative"], r["ablative"]) if r["genitive"] is not None else NameForms())
            for r in rows(self.conn, "SELECT o.*, n.genitive, n.dative, n.ablative FROM organisations o LEFT JOIN "
                          f"organisation_names n ON n.organisation_id = o.id WHERE {where} ORDER BY o.name", params)]

    def naming(self, org_id: str, name: str | None = None) -> tuple[str, NameForms]:
        """How a message names an organisation: `name` (a sender's own word for itself) or its
        name here (its id when it is not here), with the declined forms stored here for that
        name (empty when there are none, or they were stored for another name)."""
        row = self.conn.execute("SELECT o.name, n.genitive, n.dative, n.ablative FROM organisations o "
                                "LEFT JOIN organisation_names n ON n.organisation_id = o.id WHERE o.id = ?",
                                [org_id]).fetchone()
        if row is None:
            return name or org_id, NameForms()
        here, *forms = row
        name = name or here
        return name, NameForms(*forms) if name == here and forms[0] is not None else NameForms()

    def organisations(self) -> list[Organisation]:
        return self._organisations("1", [])

    def parent_of(self, org: Organisation) -> Organisation | None:
        return self.organisation(org.parent_id) if org.parent_id else None

    def children_of(self, org_id: str) -> list[Organisation]:
        """The soums and agencies under an aimag: the bodies it expects reports from."""
        return self._organisations("o.parent_id = ? AND o.id != ?", [org_id, org_id])

    # ------------------------------------------------------------ plans

    def save_plan(self, plan: Plan, parent: Organisation | None = None) -> None:
        """Save a plan made or edited here. The organisation it names is kept as stored: a
        document open while its details were corrected must not write its old copy back."""
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_plan(self, plan, parent, organisation_from_document=False)

    def save_plan_edits(self, plan: Plan, header: bool, sections: list[Section], objectives: list[Objective],
                        measures: list[Measure]) -> None:
        """Save what was typed into a plan whose shape has not changed since it was saved: its own
        row when `header`, and the rows of the sections, objectives and measures given (the
        editor's autosave; `writes.save_plan_edits`)."""
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_plan_edits(self, plan, header, sections, objectives, measures)

    def plan(self, plan_id: str) -> Plan:
        p = next(rows(self.conn, "SELECT * FROM plans WHERE id = ?", [plan_id]), None)
        if p is None:
            raise NotFoundError(N_("There is no plan with the id {id}."), id=plan_id)
        objectives = {r["id"]: Objective(r["id"], r["number"], r["text"], section_id=r["section_id"])
                      for r in rows(self.conn, "SELECT * FROM objectives WHERE plan_id = ? ORDER BY position",
                                    [plan_id])}
        sections = [Section(r["id"], r["number"], r["text"])
                    for r in rows(self.conn, "SELECT * FROM sections WHERE plan_id = ? ORDER BY position", [plan_id])]
        for r in rows(self.conn, "SELECT * FROM measures WHERE plan_id = ? ORDER BY position", [plan_id]):
            objectives[r["objective_id"]].measures.append(Measure(
                id=r["id"], number=r["number"], text=r["text"], criteria=json.loads(r["criteria"]),
                timeframe=Timeframe(r["timeframe_text"], _date(r["due_start"]), _date(r["due_end"])),
                target=r["target"], budget=Money(_amount(r["budget_amount"]), r["budget_source"]),
                responsible=r["responsible"], extra=json.loads(r["extra"])))
        approval = None
        if p["approval"] is not None:
            a = json.loads(p["approval"])
            approval = Approval(a["title"], a["name"], _date(a["date"]))
        return Plan(
            id=p["id"], organisation=self.organisation(p["organisation_id"]), year=p["year"],
            kind=PlanKind(p["kind"]), title=p["title"], columns=_columns(p["columns"]),
            objectives=list(objectives.values()), status=PlanStatus(p["status"]), approval=approval,
            sections=sections, heading=_heading(p["heading"]))

    # ------------------------------------------------------------ reports

    def save_report(self, report: Report) -> None:
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_report(self, report)

    def save_entry(self, report_id: str, entry: Entry) -> None:
        """Save what was typed for one measure: the editor's autosave, one small transaction."""
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_entry(self, report_id, entry)

    def report(self, report_id: str) -> Report:
        r = next(rows(self.conn, "SELECT * FROM reports WHERE id = ?", [report_id]), None)
        if r is None:
            raise NotFoundError(N_("There is no report with the id {id}."), id=report_id)
        entries = [
            Entry(measure_id=e["measure_id"], result=e["result"], percent=e["percent"],
                  spent=Money(_amount(e["spent_amount"]), e["spent_source"]),
                  evidence=[Evidence(**x) for x in json.loads(e["evidence"])],
                  review=Review(e["review_score"], e["review_comment"]))
            for e in rows(self.conn, "SELECT * FROM entries WHERE report_id = ? ORDER BY position", [report_id])
        ]
        return Report(
            id=r["id"], plan_id=r["plan_id"], period=Period(r["period"]), entries=entries,
            status=ReportStatus(r["status"]), revision=r["revision"], title=r["title"],
            report_date=_date(r["report_date"]), prepared_by=Person(r["prepared_title"], r["prepared_name"]),
            reviewed_by=Person(r["reviewed_title"], r["reviewed_name"]), columns=_columns(r["columns"]),
            heading=_heading(r["heading"]), organisation_id=r["organisation_id"])

    def reports_for_period(self, org_ids: list[str], year: int, period: Period,
                           kind: PlanKind = PlanKind.ANTI_CORRUPTION) -> dict[str, tuple[Plan, Report]]:
        """Each organisation's report for a year and period (the latest saved if there are several)."""
        if not org_ids:
            return {}
        found_ids = self.conn.execute(
            f"SELECT p.organisation_id, r.id FROM reports r JOIN plans p ON p.id = r.plan_id "
            f"WHERE p.organisation_id IN ({','.join('?' * len(org_ids))}) AND p.year = ? AND r.period = ? "
            f"AND p.kind = ? ORDER BY r.updated_at", [*org_ids, year, period.value, kind.value]).fetchall()
        found: dict[str, tuple[Plan, Report]] = {}
        for org_id, report_id in found_ids:
            report = self.report(report_id)
            found[org_id] = (self.plan(report.plan_id), report)
        return found

    # ------------------------------------------------------------ documents

    def save_document(self, plan: Plan, parent: Organisation | None, report: Report | None = None) -> None:
        """A plan, or a report with its plan, saved together or not at all (what `aplan load` does)."""
        from aplan_desktop.storage import writes

        with self.transaction():
            writes.save_plan(self, plan, parent)
            if report is not None:
                writes.save_report(self, report)

    def load_document(self, doc_id: str) -> tuple[Plan, Organisation | None, Report | None]:
        kind, full_id = self.resolve_id(doc_id)
        report = self.report(full_id) if kind == "report" else None
        plan = self.plan(report.plan_id if report else full_id)
        return plan, self.parent_of(plan.organisation), report

    def resolve_id(self, text: str) -> tuple[str, str]:
        """('plan' | 'report', full id) for an id or an unambiguous start of one, as `aplan list` shows."""
        text = text.strip()
        matches: list[tuple[str, str]] = []
        for kind, table in (("plan", "plans"), ("report", "reports")):
            exact = self.conn.execute(f"SELECT id FROM {table} WHERE id = ?", [text]).fetchone()
            if exact:
                return kind, exact[0]
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            matches += [(kind, r[0]) for r in self.conn.execute(
                f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [escaped + "%"])]
        if len(matches) == 1 and text:
            return matches[0]
        if not matches or not text:
            raise NotFoundError(N_("There is no plan or report with the id {id}. "
                                   "Run “aplan list” to see the ids."), id=text)
        raise NotFoundError(N_("The id {id} is the start of more than one document. Type more of it."), id=text)

    def documents(self, doc_id: str | None = None) -> list[DocumentSummary]:
        """Every plan and report, newest year first, for the list and the navigator (or the one
        with the id, to show its line anew)."""
        percents: dict[str, list[int | None]] = defaultdict(list)
        one = "e.report_id = ?1" if doc_id else "?1 IS NULL"  # one document's line: by the index, not a scan
        for report_id, percent in self.conn.execute(  # of reports that give a percentage, as has_percent tells
                "SELECT e.report_id, e.percent FROM entries e JOIN reports r ON r.id = e.report_id "
                f"WHERE {one} AND (r.columns = '[]' OR EXISTS ("
                "SELECT 1 FROM json_each(r.columns) WHERE json_extract(value, '$.key') = 'percent'))", [doc_id]):
            percents[report_id].append(percent)
        lines = self.conn.execute("""
            SELECT 'plan', p.id, o.name, p.year, p.kind, NULL, p.status, NULL, p.title, p.organisation_id
              FROM plans p JOIN organisations o ON o.id = p.organisation_id WHERE ?1 IS NULL OR p.id = ?1
            UNION ALL
            SELECT 'report', r.id, coalesce(o.name, r.organisation_id), p.year, p.kind, r.period, r.status,
                   r.revision, r.title, coalesce(nullif(r.organisation_id, ''), p.organisation_id)
              FROM reports r JOIN plans p ON p.id = r.plan_id  -- a reporting body not (yet) here shows by its id
              LEFT JOIN organisations o ON o.id = coalesce(r.organisation_id, p.organisation_id)
             WHERE ?1 IS NULL OR r.id = ?1
            ORDER BY 4 DESC, 3, 1, 6
        """, [doc_id]).fetchall()
        return [
            DocumentSummary(kind=kind, id=doc_id, organisation=org, year=year, plan_kind=PlanKind(plan_kind),
                            period=Period(period) if period else None, status=status, revision=revision,
                            score=mean_score(percents[doc_id]) if kind == "report" else None, title=title,
                            organisation_id=org_id)
            for kind, doc_id, org, year, plan_kind, period, status, revision, title, org_id in lines
        ]

    def plans(self, organisation_id: str | None = None, year: int | None = None) -> list[Plan]:
        """The plans of one organisation (all when None), of one year (all when None), newest first."""
        ids = self.conn.execute(
            "SELECT id FROM plans WHERE (? IS NULL OR organisation_id = ?) AND (? IS NULL OR year = ?) "
            "ORDER BY year DESC, title", [organisation_id, organisation_id, year, year]).fetchall()
        return [self.plan(plan_id) for (plan_id,) in ids]

    # ------------------------------------------------------------ history

    def add_history(self, doc_kind: str, doc_id: str, action: str, reason: str = "") -> None:
        """Record a step in a document's history, with the computer's user and the signatory
        chosen in setup; part of the caller's transaction when there is one."""
        with self.transaction():
            self.db["history"].insert({
                "doc_kind": doc_kind, "doc_id": doc_id, "at": _now(), "action": action, "reason": reason,
                "computer_user": _computer_user(), "signatory": (self.setting("preparer") or {}).get("name", ""),
            })

    def responsible_units(self) -> list[str]:
        """Every unit named as responsible for a measure, in any plan."""
        found = self.conn.execute("SELECT DISTINCT responsible FROM measures WHERE responsible != ''")
        return sorted(r[0] for r in found)

    def note_edit(self, doc_kind: str, doc_id: str) -> None:
        """An "edited" line in the document's history, once a day per person: who changed it when."""
        today = _now()[:10]
        user, signatory = _computer_user(), (self.setting("preparer") or {}).get("name", "")
        seen = self.conn.execute(
            "SELECT 1 FROM history WHERE doc_id = ? AND action = 'edited' AND substr(at, 1, 10) = ? "
            "AND computer_user = ? AND signatory = ?", [doc_id, today, user, signatory]).fetchone()
        if not seen:
            self.add_history(doc_kind, doc_id, "edited")

    def history(self, doc_id: str) -> list[dict]:
        return list(rows(self.conn, "SELECT * FROM history WHERE doc_id = ? ORDER BY id", [doc_id]))

    # ------------------------------------------------------------ evidence files

    def add_file(self, content: bytes) -> str:
        """Keep a file's bytes once, under their sha256, and return it."""
        import hashlib  # here: hashlib loads OpenSSL, which a start that only reads does without

        sha = hashlib.sha256(content).hexdigest()
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO files (sha256, size, content) VALUES (?, ?, ?)",
                              [sha, len(content), sqlite3.Binary(content)])
        return sha

    def file_content(self, sha256: str) -> bytes:
        row = self.conn.execute("SELECT content FROM files WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise NotFoundError(N_("The evidence file {sha256} is not in this database."), sha256=sha256)
        return bytes(row[0])

    # ------------------------------------------------------------ settings and search

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Plain SQL: the window writes settings as it starts and opens documents (the last place)."""
        with self.transaction():
            self.conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              [key, json.dumps(value, ensure_ascii=False)])

    def score_scale(self) -> ScoreScale:
        steps = self.setting("score_scale", [])
        return ScoreScale.from_steps(steps) if steps else ScoreScale.free()

    def set_score_scale(self, scale: ScoreScale) -> None:
        self.set_setting("score_scale", list(scale.steps))

    def deadline_rules(self) -> DeadlineRules:
        """The reporting deadlines: the defaults, with any changed in the settings
        ({"H1": [5, 10], …}: month and day)."""
        rules = DeadlineRules()
        for period, (month, day) in self.setting("deadlines", {}).items():
            rules.by_period[Period(period)] = Deadline(month, day, rules.by_period[Period(period)].next_year)
        return rules

    def search(self, text: str, limit: int = 200) -> list[fts.SearchHit]:
        return fts.search(self.conn, text, limit)

