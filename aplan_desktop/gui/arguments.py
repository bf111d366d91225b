"""What the windowed program is started with: `aplan [--db PATH] [--lang mn|en] [FILE.aplan…]`.

Windows starts it so when a bundle e-mailed to the aimag is double-clicked, or dropped on the
program's icon. Only `--db` and `--lang` (as the command line has them) and paths are taken
here; a command (`list`, `pdf`, …), `--help`, `--version` or any other option is left to the
command line's parser. Qt-free, so the command line decides without loading Qt.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

BUNDLE_SUFFIX = ".aplan"
LANGUAGES = ("mn", "en")


@dataclass
class WindowStart:
    db_path: Path | None = None
    lang: str | None = None
    files: list[Path] = field(default_factory=list)  # existing bundles, to open the import dialog on
    refused: list[str] = field(default_factory=list)  # arguments that are not existing bundles


def is_bundle(path: Path) -> bool:
    """An existing bundle file, which the import dialog can be opened on."""
    return path.suffix.lower() == BUNDLE_SUFFIX and path.is_file()


def window_start(argv: list[str], commands: Collection[str]) -> WindowStart | None:
    """The window's start, or None when `argv` is for the command line's parser."""
    start, positionals, i = WindowStart(), [], 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--db", "--lang"):
            if i + 1 >= len(argv):
                return None
            name, value, i = arg, argv[i + 1], i + 2
        elif arg.startswith(("--db=", "--lang=")):
            (name, value), i = arg.split("=", 1), i + 1
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            positionals.append(arg)
            i += 1
            continue
        if name == "--db":
            start.db_path = Path(value)
        elif value in LANGUAGES:
            start.lang = value
        else:
            return None
    if positionals[:1] == ["gui"]:
        positionals = positionals[1:]
    elif positionals and positionals[0] in commands:
        return None
    for text in positionals:
        path = Path(text)
        if is_bundle(path):
            start.files.append(path.absolute())
        else:
            start.refused.append(text)
    return start
