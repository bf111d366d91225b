"""The core, storage, forms-free services and the CLI must work without Qt."""

import re
import subprocess
import sys
from pathlib import Path

MODULES = [
    "aplan_desktop.core.model", "aplan_desktop.core.validation", "aplan_desktop.core.interchange",
    "aplan_desktop.core.templates", "aplan_desktop.core.scoring", "aplan_desktop.storage",
    "aplan_desktop.i18n", "aplan_desktop.documents", "aplan_desktop.cli", "aplan_desktop.bundle",
    "aplan_desktop.forms.plan_form", "aplan_desktop.forms.report_form", "aplan_desktop.forms.exports",
    "aplan_desktop.printing", "aplan_desktop.operations",
]


def test_non_gui_modules_do_not_import_qt():
    code = (
        "import sys\n"
        f"for name in {MODULES!r}:\n"
        "    __import__(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(qt))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_check_itself_sees_qt_when_the_gui_is_imported():
    code = "import sys, aplan_desktop.gui.app; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_core_does_not_import_sqlite():
    code = ("import sys, aplan_desktop.core.interchange, aplan_desktop.core.validation, "
            "aplan_desktop.core.templates; print(sorted(m for m in sys.modules if 'sqlite' in m))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The window is handed the operations object only: no store, no database, no SQL under gui/.
FORBIDDEN_IN_GUI = {
    "imports the storage layer": re.compile(r"^\s*(from|import)\s+aplan_desktop\.storage\b", re.M),
    "reaches the database (.db)": re.compile(r"\.db\b(?!_path)"),
    "runs SQL (execute()": re.compile(r"\bexecute\("),
    "reaches behind the operations object (._store)": re.compile(r"\._store\b|\bops\._\w"),
}


def _gui_breaches(exempt: dict[str, set[str]], gui: Path | None = None) -> list[str]:
    gui = gui or Path(__file__).resolve().parent.parent / "aplan_desktop" / "gui"
    found = []
    for path in sorted(gui.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN_IN_GUI.items():
            if what not in exempt.get(path.name, set()) and pattern.search(text):
                found.append(f"gui/{path.name} {what}")
    return found


def test_the_window_is_handed_the_operations_object_only():
    assert _gui_breaches({}) == []


def test_the_check_itself_finds_the_storage_and_sql_it_forbids(tmp_path):
    (tmp_path / "editor.py").write_text('rows = self.store.db.execute("SELECT 1")\n', encoding="utf-8")
    (tmp_path / "app.py").write_text("from aplan_desktop.storage import Store\n", encoding="utf-8")
    (tmp_path / "jobs.py").write_text("self.ops._aimag_office()\n", encoding="utf-8")
    assert {"gui/editor.py runs SQL (execute()", "gui/editor.py reaches the database (.db)",
            "gui/app.py imports the storage layer",
            "gui/jobs.py reaches behind the operations object (._store)"} <= set(_gui_breaches({}, tmp_path))
