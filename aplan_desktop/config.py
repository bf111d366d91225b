"""This computer's own settings, kept beside the database rather than in it: which database
file, the interface language and the text size. Everything about the organisation's work
(scale, deadlines, layout) lives in the database."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from aplan_desktop.atomic import write_atomic

CONFIG_ENV = "APLAN_CONFIG"


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else Path(platformdirs.user_config_dir("aplan", appauthor=False)) / "config.json"


@dataclass
class Config:
    """The settings of this computer, read from and saved to `config_path()`."""

    db_path: str = ""  # empty: the default in the user's data folder
    language: str = "mn"
    text_size: float = 10.0  # points; older eyes choose 12 or 14
    maximised: bool = False  # the window as it was left

    @classmethod
    def load(cls) -> "Config":
        try:
            data = json.loads(config_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__} if isinstance(data, dict) else {}
        return cls(**known)

    def save(self) -> None:
        path = config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8"))
