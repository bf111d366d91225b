"""The aimag's consolidation: which bodies reported, on time or late, their scores, and every
body's result per measure ("Харьяа нэгжүүдийг нэгэн зэрэг хамруулж, үр дүнг нэгтгэн тайлагнах").

`consolidate` gathers each body's report on its own plan (measures matched by number);
`consolidate_plan` gathers every body's report on one plan they all carry out (a circular,
measures matched by id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from aplan_desktop.core.model import Measure, Organisation, Plan, Report
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import mean_score, overall_score, review_score
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
    made_on: tuple[int, int] | None = None  # on a circular: the revision the report was made on, and the newest

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
        bodies.append(_arrived(org, plan, report, timing, deadline))
    return Consolidation(aimag, year, period, deadline, bodies)


def _arrived(org: Organisation, plan: Plan, report: Report, timing: Timing, deadline: date) -> BodyReport:
    """A body's report as it arrived: on time or late by the date judged (`timeliness`)."""
    judged = timing.judged
    arrival = Arrival.UNDATED if judged is None else (Arrival.ON_TIME if judged <= deadline else Arrival.LATE)
    return BodyReport(org, plan, report, timing.received, arrival, timing.sent, timing.doubtful_clock)


# ---------------------------------------------------------------- one plan carried out by many bodies

@dataclass
class Cell:
    """One body's line for one measure: what it reported, or why there is nothing."""

    applies: bool  # False: the circular gives this measure to other bodies
    result: str = ""
    percent: int | None = None
    score: int | None = None  # the office's own score (Аймгийн үнэлгээ)


@dataclass
class PlanMeasure:
    """One measure of the plan across its bodies, with its totals."""

    measure: Measure
    cells: list[tuple[BodyReport, Cell]]

    @property
    def reported(self) -> int:
        return sum(1 for _, c in self.cells if c.applies and (c.percent is not None or c.result.strip()))

    @property
    def carried_by(self) -> int:
        """The bodies that reported and whose measure it is."""
        return sum(1 for _, c in self.cells if c.applies)

    @property
    def mean_percent(self) -> Decimal | None:
        return mean_score(c.percent for _, c in self.cells)

    @property
    def mean_score(self) -> Decimal | None:
        return mean_score(c.score for _, c in self.cells)


@dataclass
class PlanConsolidation:
    """Every body's results on one plan for a period (the plan carried out by the bodies under
    `office`): per measure each body's result, percentage and the office's score; totals per
    body (`BodyReport.self_score`, `.aimag_score`) and per measure; who is missing."""

    office: Organisation
    plan: Plan
    period: Period
    deadline: date
    bodies: list[BodyReport]
    applies: Callable[[str, Organisation], bool]

    def received(self) -> list[BodyReport]:
        return [b for b in self.bodies if b.report is not None]

    def missing(self) -> list[BodyReport]:
        return [b for b in self.bodies if b.report is None]

    def measures(self) -> list[PlanMeasure]:
        lines = []
        for measure in self.plan.measures():
            cells = []
            for body in self.received():
                entry = body.report.entry(measure.id)
                cells.append((body, Cell(self.applies(measure.id, body.organisation),
                                         entry.result if entry else "", entry.percent if entry else None,
                                         entry.review.score if entry else None)))
            lines.append(PlanMeasure(measure, cells))
        return lines

    @property
    def mean_percent(self) -> Decimal | None:
        """The bodies' overall scores, averaged."""
        return _mean_decimal(b.self_score for b in self.received())

    @property
    def mean_score(self) -> Decimal | None:
        return _mean_decimal(b.aimag_score for b in self.received())


def _mean_decimal(values) -> Decimal | None:
    given = [v for v in values if v is not None]
    if not given:
        return None
    return (sum(given) / len(given)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def consolidate_plan(office: Organisation, plan: Plan, period: Period, deadline: date,
                     expected: list[Organisation], reports: dict[str, tuple[Organisation, Report, Timing]],
                     applies: Callable[[str, Organisation], bool] = lambda measure_id, body: True
                     ) -> PlanConsolidation:
    """`reports` maps a body's id to the body, its report on `plan` and when it was sent and received;
    `expected` are the bodies that should report (listed as missing until they do); `applies`
    says whether a measure is the body's to carry out (a circular's audience)."""
    bodies = {o.id: o for o in expected}
    bodies.update({org_id: org for org_id, (org, _, _) in reports.items()})
    listed = []
    for org in sorted(bodies.values(), key=lambda o: o.name):
        if org.id not in reports:
            listed.append(BodyReport(org, None, None, None, Arrival.MISSING))
            continue
        _, report, timing = reports[org.id]
        listed.append(_arrived(org, plan, report, timing, deadline))
    return PlanConsolidation(office, plan, period, deadline, listed, applies)
