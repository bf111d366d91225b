"""The only layer that knows SQL: one SQLite file, read as plain SQL, written and migrated through sqlite-utils."""

from aplan_desktop.storage.database import DatabaseError, default_db_path, open_database
from aplan_desktop.storage.store import DocumentSummary, Store

__all__ = ["DatabaseError", "DocumentSummary", "Store", "default_db_path", "open_database"]
