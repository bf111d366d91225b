"""Child processes of the test suite (the real command, crash writers) follow Windows' file
rules too when the switch is on: this folder is put on their PYTHONPATH by tests/conftest.py."""

import importlib.util
import os
from pathlib import Path

if os.environ.get("APLAN_WINDOWS_RULES") == "1":
    _spec = importlib.util.spec_from_file_location("windows_rules", Path(__file__).parent.parent / "windows_rules.py")
    _rules = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_rules)
    _rules.install(sqlite=False)
