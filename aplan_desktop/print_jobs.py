"""The operations layer's printing jobs, in a module of their own outside its package:
`Operations` has them from here, and `aplan pdf` makes them on the store alone, so that a print
loads none of the other jobs' modules and records (about 50 million instructions, 3 % of the
whole command). The forms themselves are loaded by `printing` when something is printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aplan_desktop.storage import Store


class PrintJobs:
    """Mixed into `Operations`; or on a store of its own (the command line's `pdf`)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def render(self, doc_id: str, form: str | None = None) -> tuple[bytes, int]:
        """The PDF of a form ("plan", "report", "letter", "integrity") and its page count."""
        from aplan_desktop.printing import render_document

        return render_document(self._store, doc_id, form)

    def write_pdf(self, doc_id: str, path: Path, form: str | None = None) -> int:
        from aplan_desktop.printing import write_pdf

        return write_pdf(self._store, doc_id, Path(path), form)

    def write_table(self, doc_id: str, path: Path) -> None:
        """The document's table as .xlsx, .docx or .csv."""
        from aplan_desktop.forms.exports import export_table

        export_table(self._store, doc_id, Path(path))
