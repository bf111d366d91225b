"""Where the program's own files are: from the source tree, or from the one-folder build.

Every path to fonts, templates, demo data and translations goes through here, so the
PyInstaller build (which unpacks data beside the program, in `sys._MEIPASS`) needs no
other change.
"""

from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return base_dir() / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def demo_dir() -> Path:
    return resources_dir() / "demo"


def translations_dir() -> Path:
    return base_dir() / "translations"
