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
from aplan_desktop.core.timeliness import Timing


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
    sent: date | None = None  # the signed export date, as the sender's clock gave it
    doubtful_clock: bool = False  # the sender's date was not plausible: judged by `received`

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
                reports: dict[str, tuple[Plan, Report, Timing]]) -> Consolidation:
    """`reports` maps an organisation id to its plan, report and when it was sent and received
    (`timeliness`): the date judged against the deadline is the sender's, when plausible."""
    bodies = []
    for org in sorted(expected, key=lambda o: o.name):
        if org.id not in reports:
            bodies.append(BodyReport(org, None, None, None, Arrival.MISSING))
            continue
        plan, report, timing = reports[org.id]
        judged = timing.judged
        arrival = Arrival.UNDATED if judged is None else (Arrival.ON_TIME if judged <= deadline else Arrival.LATE)
        bodies.append(BodyReport(org, plan, report, timing.received, arrival, timing.sent, timing.doubtful_clock))
    return Consolidation(aimag, year, period, deadline, bodies)
