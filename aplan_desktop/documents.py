"""The jobs the CLI and the GUI share: load the demo, read and write interchange files."""

from __future__ import annotations

from pathlib import Path

from aplan_desktop.atomic import write_atomic
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import N_, DocumentFormatError, UserError
from aplan_desktop.core.model import Organisation, Plan, Report
from aplan_desktop.resources import demo_dir
from aplan_desktop.storage import Store


def read_document_file(path: Path) -> tuple[Plan, Organisation | None, Report | None]:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(N_("The file {path} does not exist."), path=str(path)) from None
    except OSError:
        raise UserError(N_("The file {path} cannot be read."), path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentFormatError(N_("The file {path} is not UTF-8 text; it is not an aplan document."),
                                  path=str(path)) from None
    return interchange.loads(text)


def load_document_file(store: Store, path: Path, replace: bool = False) -> tuple[Plan, Report | None]:
    """Read a JSON document and save it: all of it in one transaction, or nothing.

    Ids that belong to another organisation's documents here are refused. A document (or its
    organisation's details) already here is replaced only with `replace`, after a backup.
    """
    from aplan_desktop.authority import own_documents_problem
    from aplan_desktop.storage.backups import take_backup

    plan, parent, report = read_document_file(path)
    if (problem := own_documents_problem(store, plan, report, plan.organisation.id)) is not None:
        raise problem
    here = [doc_id for doc_id, table, stored, loaded in (
        (plan.organisation.id, "organisations", store.organisation, plan.organisation),
        (plan.id, "plans", store.plan, plan),
        (report and report.id, "reports", store.report, report))
        if doc_id and store.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [doc_id]).fetchone()
        and stored(doc_id) != loaded]  # the same document again changes nothing
    if here and not replace:
        raise UserError(N_("{id} is already in the database. To put the file's version in its place, load it again "
                           "with --replace (a backup is taken first)."), id=here[0])
    if here:
        take_backup(store, reason="load")
    store.save_document(plan, parent, report)
    return plan, report


def document_json(store: Store, doc_id: str) -> str:
    plan, parent, report = store.load_document(doc_id)
    return interchange.dumps(interchange.document_from_objects(plan, parent, report))


def write_document_json(store: Store, doc_id: str, path: Path) -> None:
    text = document_json(store, doc_id)
    try:
        write_atomic(Path(path), text.encode("utf-8"))
    except OSError:
        raise UserError(N_("The file {path} cannot be written. Check the folder and try again."),
                        path=str(path)) from None


def demo_files() -> list[Path]:
    return sorted(demo_dir().glob("seed-*.json"))


def load_demo(store: Store) -> list[tuple[Plan, Report | None]]:
    """The five seed documents, typed in from the real plans and reports (see docs/demo-data/)."""
    documents = [read_document_file(path) for path in demo_files()]
    with store.transaction():
        for plan, parent, report in documents:
            store.save_document(plan, parent, report)
    return [(plan, report) for plan, _, report in documents]
