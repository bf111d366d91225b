"""The core, storage, forms-free services and the CLI must work without Qt."""

import subprocess
import sys

MODULES = [
    "aplan_desktop.core.model", "aplan_desktop.core.validation", "aplan_desktop.core.interchange",
    "aplan_desktop.core.templates", "aplan_desktop.core.scoring", "aplan_desktop.storage",
    "aplan_desktop.i18n", "aplan_desktop.documents", "aplan_desktop.cli", "aplan_desktop.bundle",
    "aplan_desktop.forms.plan_form", "aplan_desktop.forms.report_form", "aplan_desktop.forms.exports",
    "aplan_desktop.printing",
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
