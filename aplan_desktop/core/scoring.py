"""The overall score (Нийт үнэлгээ) and the scale of allowed percentages, in one place.

The rule read off seed 000: the overall score is the mean of the measures' implementation
percentages (90, 100, 100, 100, 100, 100, 100, 90, 70, 100 → 95 %). Measures that have no
percentage yet are left out of the mean, so a draft shows the score of what is done so far.
The same rule gives the aimag's overall score from its own per-measure scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from aplan_desktop.core.model import Report

# A scale some aimags use: only these values may be given.
STEPPED_SCALE = (100, 90, 80, 70, 50, 30, 10, 0)


@dataclass(frozen=True, repr=False)
class ScoreScale:
    """Allowed percentages: any whole number 0–100 (`steps` empty) or one of `steps`."""

    steps: tuple[int, ...] = ()

    @classmethod
    def free(cls) -> "ScoreScale":
        return cls(())

    @classmethod
    def from_steps(cls, steps: Iterable[int]) -> "ScoreScale":
        return cls(tuple(sorted(set(steps), reverse=True)))

    @property
    def is_free(self) -> bool:
        return not self.steps

    def allows(self, value: int) -> bool:
        if not 0 <= value <= 100:
            return False
        return self.is_free or value in self.steps

    def choices(self) -> list[int]:
        return list(self.steps) if self.steps else list(range(100, -1, -1))


def mean_score(values: Iterable[int | None]) -> Decimal | None:
    """Mean of the given percentages to one decimal (half up); None when none is given."""
    given = [v for v in values if v is not None]
    if not given:
        return None
    mean = Decimal(sum(given)) / Decimal(len(given))
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _gives_percent(report: Report) -> bool:
    from aplan_desktop.core.columns import has_percent  # here: the columns read this module (through parsing)

    return has_percent(report)


def overall_score(report: Report) -> Decimal | None:
    """The body's own overall score of a report; None for a report that gives no percentage."""
    return mean_score(e.percent for e in report.entries) if _gives_percent(report) else None


def review_score(report: Report) -> Decimal | None:
    """The aimag's overall score of a report, from its per-measure scores."""
    return mean_score(e.review.score for e in report.entries)


def progress(report: Report, measure_count: int) -> tuple[int, int]:
    """"Done N of M": entries with both a result and a percentage (or only a result, in a report
    that gives no percentage), out of the plan's measures."""
    percent = _gives_percent(report)
    done = sum(1 for e in report.entries if e.result.strip() and (e.percent is not None or not percent))
    return done, measure_count
