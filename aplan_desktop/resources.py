"""Where the program's own files are: from the source tree, or from the one-folder build.

Every path to fonts, templates, demo data and translations goes through here, so the
PyInstaller build (which unpacks data beside the program, in `sys._MEIPASS`) needs no
other change.
"""

from __future__ import annotations

import sys
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the paths are wanted first, by the messages; the roster when it is read
    from aplan_desktop.core.model import Organisation
    from aplan_desktop.core.roster import Aimag


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


@lru_cache(maxsize=1)
def roster() -> tuple[Aimag, ...]:
    """The 21 aimags and the capital with their soums and districts (docs/roster.md)."""
    from aplan_desktop.core.roster import roster_from

    return roster_from(json.loads((resources_dir() / "aimags.json").read_text(encoding="utf-8")))


def aimags() -> list[Organisation]:
    """The 21 aimags and the capital, with ids every installation shares, so that a soum's
    report names the same aimag the aimag's own installation has."""
    return [aimag.organisation() for aimag in roster()]
