"""The aimag's consolidation: which bodies reported, on time or late, their scores, and every
body's result per measure ("Харьяа нэгжүүдийг нэгэн зэрэг хамруулж, үр дүнг нэгтгэн тайлагнах").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from aplan_desktop.core.model import Organisation, Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import overall_score, review_score


class Arrival(str, Enum):
    ON_TIME = "on_time"
    LATE = "late"
    UNDATED = "undated"  # received, but with no date to compare with the deadline
    MISSING = "missing"


@dataclass
class BodyReport:
    organisation: Organisation
    plan: Plan | None
    report: Report | None
    received: date | None  # when the report reached the aimag (or its own date)
    arrival: Arrival

    @property
    def self_score(self) -> Decimal | None:
        return overall_score(self.report) if self.report else None

    @property
    def aimag_score(self) -> Decimal | None:
        return review_score(self.report) if self.report else None


@dataclass
class MeasureResult:
    organisation: Organisation
    result: str
    percent: int | None


@dataclass
class MeasureLine:
    """One measure number across all bodies, with the text of the first body that has it."""

    number: str
    text: str
    results: list[MeasureResult]


@dataclass
class Consolidation:
    aimag: Organisation
    year: int
    period: Period
    deadline: date
    bodies: list[BodyReport]

    def received(self) -> list[BodyReport]:
        return [b for b in self.bodies if b.report is not None]

    def missing(self) -> list[BodyReport]:
        return [b for b in self.bodies if b.report is None]

    def measures(self) -> list[MeasureLine]:
        """Measures by number, in the order they first appear; each body's result under it."""
        lines: dict[str, MeasureLine] = {}
        for body in self.received():
            entries = {e.measure_id: e for e in body.report.entries}
            for m in body.plan.measures():
                line = lines.setdefault(m.number, MeasureLine(m.number, m.text, []))
                entry = entries.get(m.id)
                line.results.append(MeasureResult(body.organisation, entry.result if entry else "",
                                                  entry.percent if entry else None))
        return list(lines.values())


def consolidate(aimag: Organisation, year: int, period: Period, deadline: date, expected: list[Organisation],
                reports: dict[str, tuple[Plan, Report, date | None]]) -> Consolidation:
    """`reports` maps an organisation id to its plan, report and the date it was received."""
    bodies = []
    for org in sorted(expected, key=lambda o: o.name):
        if org.id not in reports:
            bodies.append(BodyReport(org, None, None, None, Arrival.MISSING))
            continue
        plan, report, received = reports[org.id]
        arrival = Arrival.UNDATED if received is None else (
            Arrival.ON_TIME if received <= deadline else Arrival.LATE)
        bodies.append(BodyReport(org, plan, report, received, arrival))
    return Consolidation(aimag, year, period, deadline, bodies)
