"""The repository: core objects in, core objects out; the only place that knows the tables.

Every public write is one transaction (`Store.transaction`), so a save either lands whole or
not at all, and the search index changes in the same transaction as the text it indexes.

Reads are plain SQL on the `sqlite3` connection (`Store.conn`); documents are written through
sqlite-utils' table API (`Store.db`), which is loaded on the first such write: a start, a
print or an export that only reads never imports sqlite-utils (nor click, dateutil, pluggy).
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

from aplan_desktop.core.errors import N_, NotFoundError, UserError
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

_BATCH = 100  # rows written per statement: a big plan's rows are made as they are written, never all held


def _computer_user() -> str:
    import getpass  # here: only a change is signed with the user's name, and a print reads only

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _text_amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _columns(text: str) -> list[Column]:
    return [Column(c["key"], c["label"], c.get("group", "")) for c in json.loads(text)]


def _columns_json(columns: list[Column]) -> str:
    return json.dumps([{"key": c.key, "label": c.label, **({"group": c.group} if c.group else {})} for c in columns],
                      ensure_ascii=False)


def _heading(text: str | None) -> Heading:
    if text is None:
        return Heading()
    from aplan_desktop.core.interchange import read_heading  # the document format: not for most reads
    from aplan_desktop.core.reader import Reader

    return read_heading(Reader(json.loads(text)))


def _heading_json(heading: Heading) -> str | None:
    """NULL for the heading every document had before headings could be chosen."""
    if heading == Heading():
        return None
    from aplan_desktop.core.interchange import heading_to_dict

    return json.dumps(heading_to_dict(heading), ensure_ascii=False)


@dataclass
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

    def _organisation_row(self, org: Organisation) -> dict:
        return {
            "id": org.id, "name": org.name, "short_name": org.short_name, "kind": org.kind.value,
            "parent_id": org.parent_id, "address": org.address, "phone": org.phone, "email": org.email,
            "web": org.web, "head_title": org.head.title, "head_name": org.head.name, "updated_at": _now(),
        }

    def _save_organisation(self, org: Organisation, parent: Organisation | None = None) -> None:
        if parent is not None and not self.db["organisations"].count_where("id = ?", [parent.id]):
            self.db["organisations"].insert(self._organisation_row(parent))
        self.db["organisations"].upsert(self._organisation_row(org), pk="id")
        if org.forms != NameForms():
            self.db["organisation_names"].upsert({"organisation_id": org.id, **vars(org.forms)}, pk="organisation_id")

    def save_organisation(self, org: Organisation, parent: Organisation | None = None) -> None:
        with self.transaction():
            self._save_organisation(org, parent)

    def organisation(self, org_id: str) -> Organisation:
        r = next(rows(self.conn, "SELECT * FROM organisations WHERE id = ?", [org_id]), None)
        if r is None:
            raise NotFoundError(N_("There is no organisation with the id {id}."), id=org_id)
        forms = list(rows(self.conn, "SELECT * FROM organisation_names WHERE organisation_id = ?", [org_id]))
        return Organisation(
            id=r["id"], name=r["name"], kind=OrganisationKind(r["kind"]), short_name=r["short_name"],
            parent_id=r["parent_id"], address=r["address"], phone=r["phone"], email=r["email"], web=r["web"],
            head=Person(r["head_title"], r["head_name"]),
            forms=NameForms(forms[0]["genitive"], forms[0]["dative"], forms[0]["ablative"]) if forms else NameForms())

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
        return [self.organisation(r[0]) for r in self.conn.execute("SELECT id FROM organisations ORDER BY name")]

    def parent_of(self, org: Organisation) -> Organisation | None:
        return self.organisation(org.parent_id) if org.parent_id else None

    def children_of(self, org_id: str) -> list[Organisation]:
        """The soums and agencies under an aimag: the bodies it expects reports from."""
        return [self.organisation(r[0]) for r in self.conn.execute(
            "SELECT id FROM organisations WHERE parent_id = ? AND id != ? ORDER BY name", [org_id, org_id])]

    # ------------------------------------------------------------ plans

    def _save_plan(self, plan: Plan, parent: Organisation | None, organisation_from_document: bool = True) -> None:
        now = _now()
        if organisation_from_document or not self.db["organisations"].count_where("id = ?", [plan.organisation.id]):
            self._save_organisation(plan.organisation, parent)
        existing = self.db["plans"].count_where("id = ?", [plan.id])
        row = {"id": plan.id, "organisation_id": plan.organisation.id, "year": plan.year, "kind": plan.kind.value,
               "status": plan.status.value, **self._plan_header(plan), "updated_at": now}
        if existing:
            self.db["plans"].update(plan.id, row)
        else:
            self.db["plans"].insert({**row, "created_at": now})
        keep_sections = [s.id for s in plan.sections]
        keep_objectives = [o.id for o in plan.objectives]
        keep_measures = [m.id for o in plan.objectives for m in o.measures]
        self._claim_ids("sections", keep_sections, plan.id)
        self._claim_ids("objectives", keep_objectives, plan.id)
        self._claim_ids("measures", keep_measures, plan.id)
        self.db["sections"].upsert_all(
            ({"id": s.id, "plan_id": plan.id, "position": pos, "number": s.number, "text": s.text}
             for pos, s in enumerate(plan.sections)), pk="id", batch_size=_BATCH)
        self.db["objectives"].upsert_all(
            ({"id": o.id, "plan_id": plan.id, "position": o_pos, "number": o.number, "text": o.text,
              "section_id": o.section_id} for o_pos, o in enumerate(plan.objectives)), pk="id", batch_size=_BATCH)
        self.db["measures"].upsert_all(self._measure_rows(plan), pk="id", batch_size=_BATCH)
        gone = [r[0] for r in self.db.execute(
            f"SELECT id FROM measures WHERE plan_id = ? AND id NOT IN ({','.join('?' * len(keep_measures))})",
            [plan.id, *keep_measures]).fetchall()]
        if gone:
            reported = self.db.execute(
                f"SELECT m.number FROM measures m JOIN entries e ON e.measure_id = m.id "
                f"WHERE m.id IN ({','.join('?' * len(gone))}) LIMIT 1", gone).fetchone()
            if reported:
                raise UserError(N_("Measure {number} cannot be removed: a report already has a result for it. "
                                   "Remove that result first."), number=reported[0])
            self.db.execute(f"DELETE FROM measures WHERE id IN ({','.join('?' * len(gone))})", gone)
        for table, keep in (("objectives", keep_objectives), ("sections", keep_sections)):
            self.db.execute(f"DELETE FROM {table} WHERE plan_id = ? AND id NOT IN ({','.join('?' * len(keep))})",
                            [plan.id, *keep])
        fts.reindex_plan(self.conn, plan.id)

    @staticmethod
    def _plan_header(plan: Plan) -> dict:
        """What of a plan's own row is edited in it: title, approval, columns and heading."""
        return {
            "title": plan.title,
            "approval": None if plan.approval is None else json.dumps(
                {"title": plan.approval.title, "name": plan.approval.name, "date": _iso(plan.approval.date)},
                ensure_ascii=False),
            "columns": _columns_json(plan.columns), "heading": _heading_json(plan.heading),
        }

    @staticmethod
    def _measure_fields(m: Measure) -> dict:
        """What is typed into a measure, as its row holds it (its place is the plan's shape)."""
        return {
            "number": m.number, "text": m.text, "criteria": json.dumps(m.criteria, ensure_ascii=False),
            "timeframe_text": m.timeframe.text, "due_start": _iso(m.timeframe.start),
            "due_end": _iso(m.timeframe.end), "target": m.target,
            "budget_amount": _text_amount(m.budget.amount), "budget_source": m.budget.source,
            "responsible": m.responsible, "extra": json.dumps(m.extra, ensure_ascii=False, sort_keys=True),
        }

    @classmethod
    def _measure_rows(cls, plan: Plan) -> Iterator[dict]:
        """One row per measure, made as it is written: a big plan's rows are never all in memory."""
        position = 0
        for o in plan.objectives:
            for m in o.measures:
                yield {"id": m.id, "plan_id": plan.id, "objective_id": o.id, "position": position,
                       **cls._measure_fields(m)}
                position += 1

    def _claim_ids(self, table: str, ids: list[str], plan_id: str) -> None:
        """Refuse ids that already belong to another plan: an upsert would silently move them."""
        if not ids:
            return
        clash = self.db.execute(
            f"SELECT id FROM {table} WHERE plan_id != ? AND id IN ({','.join('?' * len(ids))}) LIMIT 1",
            [plan_id, *ids]).fetchone()
        if clash:
            raise UserError(N_("The id {id} already belongs to another plan. The document was not saved."),
                            id=clash[0])

    def save_plan(self, plan: Plan, parent: Organisation | None = None) -> None:
        """Save a plan made or edited here. The organisation it names is kept as stored: a
        document open while its details were corrected must not write its old copy back."""
        with self.transaction():
            self._save_plan(plan, parent, organisation_from_document=False)

    def save_plan_edits(self, plan: Plan, header: bool, sections: list[Section], objectives: list[Objective],
                        measures: list[Measure]) -> None:
        """Save what was typed into a plan whose shape has not changed since it was saved: its own
        row when `header`, and the rows of the sections, objectives and measures given, each
        reindexed alone (the editor's autosave: its cost does not grow with the plan). A row not
        on disk under this plan (the plan changed under the editor) makes it write the whole plan."""
        with self.transaction():
            rows = [("plans", plan.id, {"updated_at": _now(), **(self._plan_header(plan) if header else {})})]
            rows += [("sections", s.id, {"number": s.number, "text": s.text}) for s in sections]
            rows += [("objectives", o.id, {"number": o.number, "text": o.text}) for o in objectives]
            rows += [("measures", m.id, self._measure_fields(m)) for m in measures]
            if sum(self._update(table, row_id, fields, plan.id) for table, row_id, fields in rows) != len(rows):
                self._save_plan(plan, None, organisation_from_document=False)
                return
            fts.reindex_plan_parts(self.conn, plan.id, header, [x.id for x in (*sections, *objectives, *measures)])

    def _update(self, table: str, row_id: str, fields: dict, plan_id: str) -> int:
        """One row of the plan `plan_id` (the plan's own, or one of its parts), by plain SQL: 1 if it is there."""
        assignments = ", ".join(f"{name} = :{name}" for name in fields)
        owner = "id" if table == "plans" else "plan_id"
        return self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = :id AND {owner} = :plan_id",
                                 {**fields, "id": row_id, "plan_id": plan_id}).rowcount

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

    @staticmethod
    def _entry_row(report_id: str, position: int, e: Entry) -> dict:
        return {
            "report_id": report_id, "measure_id": e.measure_id, "position": position, "result": e.result,
            "percent": e.percent, "spent_amount": _text_amount(e.spent.amount), "spent_source": e.spent.source,
            "evidence": json.dumps([vars(x) for x in e.evidence], ensure_ascii=False),
            "review_score": e.review.score, "review_comment": e.review.comment, "updated_at": _now(),
        }

    def _save_report(self, report: Report) -> None:
        now = _now()
        if not self.db["plans"].count_where("id = ?", [report.plan_id]):
            raise NotFoundError(N_("There is no plan with the id {id}."), id=report.plan_id)
        plan_measures = {r[0] for r in self.db.execute("SELECT id FROM measures WHERE plan_id = ?",
                                                       [report.plan_id])}
        stray = [e.measure_id for e in report.entries if e.measure_id not in plan_measures]
        if stray:
            raise UserError(N_("The report has a result for a measure that is not in its plan. "
                               "The report was not saved."))
        row = {
            "id": report.id, "plan_id": report.plan_id, "period": report.period.value,
            "status": report.status.value, "revision": report.revision, "title": report.title,
            "report_date": _iso(report.report_date), "prepared_title": report.prepared_by.title,
            "prepared_name": report.prepared_by.name, "reviewed_title": report.reviewed_by.title,
            "reviewed_name": report.reviewed_by.name, "columns": _columns_json(report.columns),
            "heading": _heading_json(report.heading), "organisation_id": report.organisation_id, "updated_at": now,
        }
        if self.db["reports"].count_where("id = ?", [report.id]):
            self.db["reports"].update(report.id, row)
        else:
            self.db["reports"].insert({**row, "created_at": now})
        self.db.execute("DELETE FROM entries WHERE report_id = ?", [report.id])
        self.db["entries"].insert_all((self._entry_row(report.id, i, e) for i, e in enumerate(report.entries)),
                                      batch_size=_BATCH)
        fts.reindex_report(self.conn, report.id)

    def save_report(self, report: Report) -> None:
        with self.transaction():
            self._save_report(report)

    def save_entry(self, report_id: str, entry: Entry) -> None:
        """Save what was typed for one measure: the editor's autosave, one small transaction."""
        with self.transaction():
            existing = self.db.execute("SELECT position FROM entries WHERE report_id = ? AND measure_id = ?",
                                       [report_id, entry.measure_id]).fetchone()
            if existing:
                position = existing[0]
            else:
                position = self.db.execute("SELECT coalesce(max(position) + 1, 0) FROM entries WHERE report_id = ?",
                                           [report_id]).fetchone()[0]
            self.db["entries"].upsert(self._entry_row(report_id, position, entry), pk=("report_id", "measure_id"))
            self.db["reports"].update(report_id, {"updated_at": _now()})
            fts.reindex_entry(self.conn, report_id, entry.measure_id)

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
        with self.transaction():
            self._save_plan(plan, parent)
            if report is not None:
                self._save_report(report)

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
            SELECT 'plan', p.id, o.name, p.year, p.kind, NULL, p.status, NULL, p.title
              FROM plans p JOIN organisations o ON o.id = p.organisation_id WHERE ?1 IS NULL OR p.id = ?1
            UNION ALL
            SELECT 'report', r.id, coalesce(o.name, r.organisation_id), p.year, p.kind, r.period, r.status,
                   r.revision, r.title
              FROM reports r JOIN plans p ON p.id = r.plan_id  -- a reporting body not (yet) here shows by its id
              LEFT JOIN organisations o ON o.id = coalesce(r.organisation_id, p.organisation_id)
             WHERE ?1 IS NULL OR r.id = ?1
            ORDER BY 4 DESC, 3, 1, 6
        """, [doc_id]).fetchall()
        return [
            DocumentSummary(kind=kind, id=doc_id, organisation=org, year=year, plan_kind=PlanKind(plan_kind),
                            period=Period(period) if period else None, status=status, revision=revision,
                            score=mean_score(percents[doc_id]) if kind == "report" else None, title=title)
            for kind, doc_id, org, year, plan_kind, period, status, revision, title in lines
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

