"""The project's licence and the notices of everything it ships: present, named in the build,
shown from Help → About, and naming every library the program installs."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from PySide6.QtWidgets import QDialog

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!\[~(]", requirement, maxsplit=1)[0]


def _runtime_libraries() -> set[str]:
    """The distributions aplan needs to run: pyproject.toml's dependencies and theirs (as
    installed), without test or build extras."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        pending = [_name(r) for r in tomllib.load(f)["project"]["dependencies"]]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        pending += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def test_every_library_the_program_installs_is_in_the_notices():
    notices = (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8").lower().replace("_", "-")
    libraries = _runtime_libraries()
    assert {"pyside6-essentials", "reportlab", "pynacl", "pypdfium2"} <= libraries
    named = {lib for lib in libraries if lib.removeprefix("pyside6-") in notices or lib in notices}
    assert sorted(libraries - named) == []


def test_the_licence_texts_the_notices_name_are_there_and_shipped():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt", "Apache-2.0.txt"):
        assert (ROOT / "licenses" / name).stat().st_size > 5000
    assert (ROOT / "resources" / "fonts" / "LICENSE-OFL.txt").exists()
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '"THIRD-PARTY-NOTICES.md"' in spec and '"LICENSE"' in spec and '"licenses"' in spec


def test_help_about_shows_the_licence_and_the_notices(qtbot, answer_dialogs, demo_store):
    from aplan_desktop.gui.main_window import MainWindow
    from aplan_desktop.operations import Operations

    window = MainWindow(Operations(demo_store))
    qtbot.addWidget(window)
    seen = {}

    def read(dialog):
        assert isinstance(dialog, QDialog)
        seen["summary"] = dialog.summary.text()
        seen["notices"] = dialog.notices.toPlainText()
        seen["licence"] = dialog.licence.toPlainText()
        dialog.reject()

    unanswered = answer_dialogs(read)
    window.about_action.trigger()
    assert unanswered == []
    assert "MIT" in seen["summary"] and "LGPL" in seen["summary"]
    assert "Replacing the Qt libraries" in seen["notices"] and "Liberation" in seen["notices"]
    assert seen["licence"].startswith("MIT License")
