"""The program's settings kept in the data file, each read and written through one typed
property here (the database stores them as JSON under a key; the key names live only here).

Reading is free; writing goes through `Operations` jobs (`change_settings`, `remember_place`,
`remember_folder`), which announce what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aplan_desktop.core.model import Person
from aplan_desktop.core.periods import Deadline, DeadlineRules, Period
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.storage import Store

# the keys as stored; other modules use the properties below, never these strings
HOME_ORGANISATION = "home_organisation"
PREPARER = "preparer"
LAST_PLACE = "ui:last"
LAST_FOLDERS = "ui:folders"
LAST_EXPORT_FOLDER = "last_export_folder"  # read at start to clear half-written files there
SCORE_SCALE = "score_scale"
LAST_COPY_AWAY = "backup:last_copy_away"  # when a backup last left this PC (a USB drive, another disk)
DEADLINES = "deadlines"


def _layout_key(organisation_id: str) -> str:
    return f"layout:{organisation_id}"


@dataclass(frozen=True, repr=False)
class Place:
    """Where the person was: the open document and the measure in it."""

    doc: str = ""
    measure: str = ""


class Settings:
    def __init__(self, store: Store) -> None:
        self._store = store

    # ------------------------------------------------------------ this office

    @property
    def home_organisation_id(self) -> str | None:
        """The organisation this installation works for (None before the first-run setup)."""
        return self._store.setting(HOME_ORGANISATION) or None

    @property
    def preparer(self) -> Person:
        """Who prepares the reports, as set up; also the signatory in the history."""
        stored = self._store.setting(PREPARER) or {}
        return Person(stored.get("title", ""), stored.get("name", ""))

    def _set_home(self, organisation_id: str, preparer: Person) -> None:
        self._store.set_setting(HOME_ORGANISATION, organisation_id)
        self._set_preparer(preparer)

    def _set_preparer(self, preparer: Person) -> None:
        self._store.set_setting(PREPARER, {"title": preparer.title, "name": preparer.name})

    # ------------------------------------------------------------ the organisation's rules

    @property
    def score_scale(self) -> ScoreScale:
        return self._store.score_scale()

    @property
    def deadline_rules(self) -> DeadlineRules:
        return self._store.deadline_rules()

    def print_layout(self, organisation_id: str | None = None) -> dict:
        """Font and margins of the printed forms ({"family", "font_size", "margin_left", …})."""
        organisation_id = organisation_id or self.home_organisation_id
        return dict(self._store.setting(_layout_key(organisation_id), {})) if organisation_id else {}

    def _set_rules(self, scale: ScoreScale | None, deadlines: dict[Period, Deadline] | None,
                   layout: dict | None) -> set[str]:
        changed = set()
        if scale is not None and scale != self.score_scale:
            self._store.set_score_scale(scale)
            changed.add("score_scale")
        if deadlines is not None:
            stored = {p.value: [d.month, d.day] for p, d in deadlines.items()}
            if stored != self._store.setting(DEADLINES, {}):
                self._store.set_setting(DEADLINES, stored)
                changed.add("deadline_rules")
        home = self.home_organisation_id
        if layout is not None and home:
            merged = {**self.print_layout(home), **layout}
            if merged != self.print_layout(home):
                self._store.set_setting(_layout_key(home), merged)
                changed.add("print_layout")
        return changed

    # ------------------------------------------------------------ where the person was

    @property
    def last_place(self) -> Place:
        stored = self._store.setting(LAST_PLACE) or {}
        return Place(stored.get("doc", ""), stored.get("measure", ""))

    def _set_last_place(self, place: Place) -> None:
        self._store.set_setting(LAST_PLACE, {"doc": place.doc, "measure": place.measure})

    def last_folder(self, purpose: str) -> Path | None:
        """The folder last used for a purpose ("pdf", "table", "export", "import", "key")."""
        stored = (self._store.setting(LAST_FOLDERS) or {}).get(purpose)
        if stored is None and purpose == "export":
            stored = self._store.setting(LAST_EXPORT_FOLDER)
        return Path(stored) if stored else None

    @property
    def last_copy_away(self) -> datetime | None:
        """When a backup was last copied off this PC (to a USB drive or another disk), if ever."""
        stored = self._store.setting(LAST_COPY_AWAY)
        return datetime.fromisoformat(stored) if stored else None

    def _set_last_copy_away(self, when: datetime) -> None:
        self._store.set_setting(LAST_COPY_AWAY, when.isoformat(timespec="seconds"))

    def _set_last_folder(self, purpose: str, folder: Path) -> None:
        folders = dict(self._store.setting(LAST_FOLDERS) or {})
        folders[purpose] = str(folder)
        self._store.set_setting(LAST_FOLDERS, folders)
        if purpose == "export":
            self._store.set_setting(LAST_EXPORT_FOLDER, str(folder))
