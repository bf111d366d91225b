"""The database schema, as sqlite-utils migrations applied in order.

Never edit a migration that has shipped: add a new one, and bring `TABLES` up to date (a
test compares it with what the migrations make). `SCHEMA_VERSION` (also written to
`PRAGMA user_version`) is the number of migrations, so a file written by a newer program
shows a larger number and is refused rather than misread.

An up-to-date file is opened without sqlite-utils: its version says that nothing is pending,
and `TABLES` says what it must hold. sqlite-utils' `Migrations` is made (`migrations()`) only
when a file has something pending, or an older file's tables are to be checked.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

STEPS: list[Callable[[Database], None]] = []  # the migrations, in the order they are applied


def _migration(step: Callable[[Database], None]) -> Callable[[Database], None]:
    STEPS.append(step)
    return step


@_migration
def m001_documents(db: Database) -> None:
    """Organisations, plans with objectives and measures, reports with entries, files, settings."""
    db.executescript("""
    CREATE TABLE organisations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        short_name TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('aimag', 'soum', 'district', 'agency', 'company')),
        parent_id TEXT REFERENCES organisations(id) ON DELETE SET NULL,
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        web TEXT NOT NULL DEFAULT '',
        head_title TEXT NOT NULL DEFAULT '',
        head_name TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        organisation_id TEXT NOT NULL REFERENCES organisations(id),
        year INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('anti_corruption', 'integrity')),
        title TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
        approval TEXT,              -- JSON {title, name, date} or NULL
        columns TEXT NOT NULL,      -- JSON [{key, label}], in print order
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX plans_by_organisation ON plans(organisation_id, year);
    CREATE TABLE objectives (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX objectives_by_plan ON objectives(plan_id, position);
    CREATE TABLE measures (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        objective_id TEXT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        text TEXT NOT NULL,
        criteria TEXT NOT NULL,     -- JSON list of lines
        timeframe_text TEXT NOT NULL DEFAULT '',
        due_start TEXT,
        due_end TEXT,
        target TEXT NOT NULL DEFAULT '',
        budget_amount TEXT,         -- decimal text, thousand tögrög
        budget_source TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}'  -- JSON {column key: value}
    );
    CREATE INDEX measures_by_plan ON measures(plan_id, position);
    CREATE INDEX measures_by_objective ON measures(objective_id);
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id),
        period TEXT NOT NULL CHECK (period IN ('H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'final', 'sent')),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        title TEXT NOT NULL DEFAULT '',
        report_date TEXT,
        prepared_title TEXT NOT NULL DEFAULT '',
        prepared_name TEXT NOT NULL DEFAULT '',
        reviewed_title TEXT NOT NULL DEFAULT '',
        reviewed_name TEXT NOT NULL DEFAULT '',
        columns TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX reports_by_plan ON reports(plan_id);
    CREATE TABLE entries (
        report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        measure_id TEXT NOT NULL REFERENCES measures(id),
        position INTEGER NOT NULL,
        result TEXT NOT NULL DEFAULT '',
        percent INTEGER,
        spent_amount TEXT,
        spent_source TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',  -- JSON list; file contents are in files
        review_score INTEGER,
        review_comment TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (report_id, measure_id)
    );
    CREATE INDEX entries_by_measure ON entries(measure_id);
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        content BLOB NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL         -- JSON
    );
    """)


@_migration
def m002_search(db: Database) -> None:
    """Full-text search (FTS5); replaced by m005, filled by m010."""
    db.executescript("""
    CREATE VIRTUAL TABLE search USING fts5(
        body, doc_kind UNINDEXED, doc_id UNINDEXED, measure_id UNINDEXED, field UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 0'
    );
    """)


@_migration
def m003_history(db: Database) -> None:
    """Each document's history: who did what when (approved, finalised, reopened and why)."""
    db.executescript("""
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        doc_kind TEXT NOT NULL CHECK (doc_kind IN ('plan', 'report')),
        doc_id TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        computer_user TEXT NOT NULL DEFAULT '',
        signatory TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX history_by_document ON history(doc_kind, doc_id, at);
    """)


@_migration
def m004_exchange(db: Database) -> None:
    """Bundles sent and received (kept, so older revisions stay as history) and the senders'
    registered public keys."""
    db.executescript("""
    CREATE TABLE trusted_keys (
        organisation_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,           -- Ed25519, 64 hex digits
        registered_at TEXT NOT NULL
    );
    CREATE TABLE bundles (
        manifest_sha256 TEXT PRIMARY KEY,
        bundle_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
        kind TEXT NOT NULL CHECK (kind IN ('plan', 'report', 'review')),
        document_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        previous_manifest_sha256 TEXT,
        content_sha256 TEXT NOT NULL,       -- of the document it carries, to tell real changes
        sender_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        at TEXT NOT NULL,                   -- when it was sent or received here
        applied INTEGER NOT NULL,           -- 1: its document is the one in the database
        file_sha256 TEXT NOT NULL REFERENCES files(sha256)
    );
    CREATE INDEX bundles_by_document ON bundles(document_id, revision);
    """)


@_migration
def m005_search_by_document(db: Database) -> None:
    """The search index over an ordinary table indexed by document, so that re-indexing one
    document (on every save) no longer reads the whole index. (It filled the index, too, as
    the program then indexed; m010 fills it now, with all that is indexed since.)"""
    db.executescript("""
    DROP TABLE search;
    CREATE TABLE search_rows (
        id INTEGER PRIMARY KEY,
        body TEXT NOT NULL,
        doc_kind TEXT NOT NULL,         -- 'plan' or 'report'
        doc_id TEXT NOT NULL,
        measure_id TEXT NOT NULL,       -- '' for a plan's or report's own text
        field TEXT NOT NULL             -- 'title', 'objective', 'measure', 'result'
    );
    CREATE INDEX search_rows_by_document ON search_rows(doc_kind, doc_id, measure_id);
    CREATE VIRTUAL TABLE search USING fts5(
        body, content = 'search_rows', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE TRIGGER search_rows_added AFTER INSERT ON search_rows BEGIN
        INSERT INTO search (rowid, body) VALUES (new.id, new.body);
    END;
    CREATE TRIGGER search_rows_removed AFTER DELETE ON search_rows BEGIN
        INSERT INTO search (search, rowid, body) VALUES ('delete', old.id, old.body);
    END;
    """)


@_migration
def m006_organisation_name_forms(db: Database) -> None:
    """The organisation's name declined, as its office set it up (none: a rule declines it)."""
    db.executescript("""
    CREATE TABLE organisation_names (
        organisation_id TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
        genitive TEXT NOT NULL,
        dative TEXT NOT NULL,
        ablative TEXT NOT NULL
    );
    """)


@_migration
def m007_circulars(db: Database) -> None:
    """Plans carried out by the bodies under their office (circulars), sent or received, with
    their deadlines and who carries out which measure; the circular's revision each report was
    made on; and bundles of any kind the reader knows (a circular, too)."""
    db.executescript("""
    CREATE TABLE circulars (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),  -- an aimag passes a received one on
        deadlines TEXT NOT NULL,            -- JSON {"H1": [5, 10], …}: month and day
        audience TEXT NOT NULL,             -- JSON {measure id: "soums" | "agencies" | "both"}
        revision INTEGER NOT NULL,          -- last sent (sent) or received (received); 0: not sent yet
        sender_id TEXT NOT NULL DEFAULT '', -- for a received one: who sent it
        updated_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, direction)
    );
    CREATE TABLE report_circulars (
        report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL           -- the circular's revision the report was made on
    );
    CREATE TABLE bundles_any_kind (
        manifest_sha256 TEXT PRIMARY KEY,
        bundle_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
        kind TEXT NOT NULL,                 -- as the bundle reader checked it
        document_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        previous_manifest_sha256 TEXT,
        content_sha256 TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        at TEXT NOT NULL,
        applied INTEGER NOT NULL,
        file_sha256 TEXT NOT NULL REFERENCES files(sha256)
    );
    INSERT INTO bundles_any_kind SELECT * FROM bundles;
    DROP TABLE bundles;
    ALTER TABLE bundles_any_kind RENAME TO bundles;
    CREATE INDEX bundles_by_document ON bundles(document_id, revision);
    """)


@_migration
def m008_real_documents(db: Database) -> None:
    """What real plans and reports hold besides measures: sections above objectives, the
    heading block (JSON as in the interchange document; NULL: the БАТЛАВ block, the title in
    capitals), and the body a report is by (NULL: the plan's own organisation). Column groups
    live in the columns' JSON."""
    db.executescript("""
    CREATE TABLE sections (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX sections_by_plan ON sections(plan_id, position);
    ALTER TABLE objectives ADD COLUMN section_id TEXT REFERENCES sections(id);
    ALTER TABLE plans ADD COLUMN heading TEXT;
    ALTER TABLE reports ADD COLUMN heading TEXT;
    ALTER TABLE reports ADD COLUMN organisation_id TEXT;
    """)


@_migration
def m009_report_states(db: Database) -> None:
    """Where each revision of a body's report stands with the aimag: received, accepted, or
    returned for correction with a reason per measure. The aimag's own decisions (source ''),
    and on the body's side what the aimag's receipts and reviews said (source: that bundle)."""
    db.executescript("""
    CREATE TABLE report_states (
        id INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('received', 'accepted', 'returned')),
        received_at TEXT NOT NULL,          -- when the revision reached the aimag, UTC
        at TEXT NOT NULL,                   -- when the aimag received it or decided, UTC
        reasons TEXT NOT NULL DEFAULT '[]', -- JSON [{measure_id, text}] of a return
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',    -- '' decided here; else the manifest_sha256 that told it
        computer_user TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX report_states_by_report ON report_states(report_id, revision, id);
    CREATE TABLE receipts (
        manifest_sha256 TEXT PRIMARY KEY,   -- a receipt bundle received here
        sender_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """)


@_migration
def m010_search_all_typed_text(db: Database) -> None:
    """The search index filled again with all a person types and sees: sections, the lines
    above a document's table, a body's own columns, money sources, evidence names and notes,
    the aimag's reasons for a return; an objective's or section's text names it, so that a
    found one opens there."""
    from aplan_desktop.storage.search import reindex_all

    reindex_all(db.conn)


@_migration
def m011_circulars_called_off(db: Database) -> None:
    """A circular the office took back after its bodies had it (sent), or that its aimag took back
    (received)."""
    db.execute("ALTER TABLE circulars ADD COLUMN called_off INTEGER NOT NULL DEFAULT 0")


SCHEMA_VERSION = len(STEPS)

# The tables and columns a file of SCHEMA_VERSION has (with FTS5's own tables of `search`):
# what `tables_made_by(SCHEMA_VERSION)` gives, kept here so that opening a file needs no migration run.
TABLES: dict[str, tuple[str, ...]] = {table: tuple(columns.split()) for table, columns in {
    "organisations": "id name short_name kind parent_id address phone email web head_title head_name updated_at",
    "plans": "id organisation_id year kind title status approval columns created_at updated_at heading",
    "objectives": "id plan_id position number text section_id",
    "measures": "id plan_id objective_id position number text criteria timeframe_text due_start due_end target "
                "budget_amount budget_source responsible extra",
    "reports": "id plan_id period status revision title report_date prepared_title prepared_name reviewed_title "
               "reviewed_name columns created_at updated_at heading organisation_id",
    "entries": "report_id measure_id position result percent spent_amount spent_source evidence review_score "
               "review_comment updated_at",
    "files": "sha256 size content",
    "settings": "key value",
    "history": "id doc_kind doc_id at action reason computer_user signatory",
    "trusted_keys": "organisation_id public_key registered_at",
    "search_rows": "id body doc_kind doc_id measure_id field",
    "search": "body",
    "search_data": "id block",
    "search_idx": "segid term pgno",
    "search_docsize": "id sz",
    "search_config": "k v",
    "organisation_names": "organisation_id genitive dative ablative",
    "circulars": "plan_id direction deadlines audience revision sender_id updated_at called_off",
    "report_circulars": "report_id revision",
    "bundles": "manifest_sha256 bundle_id direction kind document_id revision previous_manifest_sha256 "
               "content_sha256 sender_id created_at at applied file_sha256",
    "sections": "id plan_id position number text",
    "report_states": "id report_id revision state received_at at reasons note source computer_user",
    "receipts": "manifest_sha256 sender_id created_at at",
}.items()}


@functools.cache
def migrations() -> Migrations:
    """The steps as sqlite-utils migrations (which record each applied one in the file)."""
    from sqlite_utils.migrations import Migrations

    found = Migrations("aplan")
    for step in STEPS:
        found()(step)
    return found


def table_columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", [table]))


@functools.lru_cache(maxsize=None)
def tables_made_by(version: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns the first `version` migrations make, from an empty database."""
    from sqlite_utils import Database

    reference = Database(sqlite3.connect(":memory:"), execute_plugins=False)
    try:
        for step in STEPS[:version]:
            step(reference)
        names = [row[0] for row in reference.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: table_columns(reference.conn, name) for name in names}
    finally:
        reference.conn.close()


def tables_of_version(version: int) -> dict[str, tuple[str, ...]]:
    """The tables and columns a file of that data version must have."""
    return TABLES if version == SCHEMA_VERSION else tables_made_by(version)
