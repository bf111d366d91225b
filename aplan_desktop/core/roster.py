"""The roster: Mongolia's aimags and the capital, with the soums of each aimag and the
capital's districts (resources/aimags.json, its source in docs/roster.md).

Every installation reads the same list, so the ids are shared: a soum's Governor's Office set
up from the list takes its entry's id as its organisation id, and its aimag expects a report
from that id before the soum has sent anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from aplan_desktop.core.model import Organisation, OrganisationKind


@dataclass(frozen=True)
class Unit:
    """A soum of an aimag, or a district of the capital."""

    id: str
    code: str  # the statistics office's administrative unit code
    name: str  # "Бат-Өлзий"
    kind: OrganisationKind  # SOUM or DISTRICT
    aimag_id: str

    @property
    def office_name(self) -> str:
        """Its Governor's Office as letters name it: "Бат-Өлзий сумын Засаг даргын Тамгын газар"."""
        unit = "сумын" if self.kind == OrganisationKind.SOUM else "дүүргийн"
        return f"{self.name} {unit} Засаг даргын Тамгын газар"

    def office(self) -> Organisation:
        """The Governor's Office as an organisation under its aimag, before it has sent anything."""
        return Organisation(self.id, self.office_name, self.kind, parent_id=self.aimag_id)


@dataclass(frozen=True)
class Aimag:
    id: str
    name: str  # "Өвөрхангай аймаг", "Нийслэл Улаанбаатар"
    iso: str  # ISO 3166-2:MN
    code: str  # the statistics office's code
    units: tuple[Unit, ...]

    def organisation(self) -> Organisation:
        return Organisation(self.id, self.name, OrganisationKind.AIMAG)

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


def roster_from(data: list[dict]) -> tuple[Aimag, ...]:
    """The roster from the resource file's list (an entry with districts is the capital)."""
    aimags = []
    for a in data:
        units = tuple(Unit(u["id"], u["code"], u["name"],
                           OrganisationKind.DISTRICT if u["id"].startswith("district-") else OrganisationKind.SOUM,
                           a["id"]) for u in a.get("units", []))
        aimags.append(Aimag(a["id"], a["name"], a.get("iso", ""), a.get("code", ""), units))
    return tuple(aimags)


def find_unit(roster: tuple[Aimag, ...], unit_id: str) -> Unit | None:
    """The soum or district with this id, in whichever aimag."""
    for aimag in roster:
        if (unit := aimag.unit(unit_id)) is not None:
            return unit
    return None
