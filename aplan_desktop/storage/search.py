"""Full-text search over plans, measures and results (SQLite FTS5).

The indexed texts live in `search_rows`, an ordinary table indexed by document; triggers keep
the FTS5 index over it. The rows are kept in step with the documents inside the transaction
that saves them, by re-running the statements below for the one plan or report that changed.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# Each statement fills the index for the documents its WHERE clause selects (:id or all).
_PLAN_ROWS = """
INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)
SELECT p.title || ' ' || o.name, 'plan', p.id, '', 'title'
  FROM plans p JOIN organisations o ON o.id = p.organisation_id WHERE {where};
INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)
SELECT ob.number || ' ' || ob.text, 'plan', ob.plan_id, '', 'objective'
  FROM objectives ob WHERE {where_plan};
INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)
SELECT m.number || ' ' || m.text || ' ' || (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(m.criteria))
       || ' ' || m.target || ' ' || m.responsible || ' ' || m.timeframe_text,
       'plan', m.plan_id, m.id, 'measure'
  FROM measures m WHERE {where_plan};
"""

_REPORT_ROWS = """
INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)
SELECT r.title, 'report', r.id, '', 'title' FROM reports r WHERE {where} AND r.title != '';
INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field)
SELECT e.result || ' ' || e.spent_source || ' ' || e.review_comment, 'report', e.report_id, e.measure_id, 'result'
  FROM entries e WHERE {where_report} AND (e.result != '' OR e.review_comment != '');
"""


def _run(conn: sqlite3.Connection, script: str, where: str, where_child: str, key: str, params: dict) -> None:
    for statement in script.strip().split(";\n"):
        statement = statement.strip().rstrip(";")
        if statement:
            conn.execute(statement.format(where=where, **{key: where_child}), params)


def reindex_plan(conn: sqlite3.Connection, plan_id: str) -> None:
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'plan' AND doc_id = ?", [plan_id])
    _run(conn, _PLAN_ROWS, "p.id = :id", "plan_id = :id", "where_plan", {"id": plan_id})


def reindex_report(conn: sqlite3.Connection, report_id: str) -> None:
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'report' AND doc_id = ?", [report_id])
    _run(conn, _REPORT_ROWS, "r.id = :id", "e.report_id = :id", "where_report", {"id": report_id})


def reindex_entry(conn: sqlite3.Connection, report_id: str, measure_id: str, text: str) -> None:
    """Cheaper than reindexing the whole report: the one entry that was just typed into."""
    conn.execute("DELETE FROM search_rows WHERE doc_kind = 'report' AND doc_id = ? AND measure_id = ?",
               [report_id, measure_id])
    if text.strip():
        conn.execute("INSERT INTO search_rows (body, doc_kind, doc_id, measure_id, field) "
                   "VALUES (?, 'report', ?, ?, 'result')", [text, report_id, measure_id])


def reindex_all(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM search_rows")
    _run(conn, _PLAN_ROWS, "1", "1", "where_plan", {})
    _run(conn, _REPORT_ROWS, "1", "1", "where_report", {})


@dataclass
class SearchHit:
    doc_kind: str  # 'plan' or 'report'
    doc_id: str
    measure_id: str
    field: str
    snippet: str  # the matching words between MATCH_START and MATCH_END

    def highlighted(self, before: str, after: str, escape=lambda text: text) -> str:
        """The snippet with each match between `before` and `after`; `escape` applies to the text."""
        text = escape(self.snippet)
        return text.replace(MATCH_START, before).replace(MATCH_END, after)


_WORD = re.compile(r"\w+", re.UNICODE)
MATCH_START, MATCH_END = "\x02", "\x03"  # characters no typed text holds (they are cleaned out)


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must appear, each may be a prefix."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words)


def search(conn: sqlite3.Connection, text: str, limit: int = 200) -> list[SearchHit]:
    query = fts_query(text)
    if not query:
        return []
    rows = conn.execute(
        "SELECT r.doc_kind, r.doc_id, r.measure_id, r.field, snippet(search, 0, ?, ?, '…', 12) "
        "FROM search JOIN search_rows r ON r.id = search.rowid WHERE search MATCH ? ORDER BY rank LIMIT ?",
        [MATCH_START, MATCH_END, query, limit]).fetchall()
    return [SearchHit(*row) for row in rows]
