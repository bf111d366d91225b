"""The titles printed above a report, in the wording of the seeds: the plan's title turned into
"…ТӨЛӨВЛӨГӨӨНИЙ БИЕЛЭЛТ", with the period when it is not the whole year."""

from __future__ import annotations

from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.periods import Period

PERIOD_WORDS = {
    Period.H1: "ЭХНИЙ ХАГАС ЖИЛИЙН ", Period.H2: "", Period.Q1: "I УЛИРЛЫН ", Period.Q2: "II УЛИРЛЫН ",
    Period.Q3: "III УЛИРЛЫН ", Period.Q4: "IV УЛИРЛЫН ",
}


def report_title(report: Report, plan: Plan) -> str:
    if report.title.strip():
        return report.title
    title = plan.title.strip().upper()
    period = PERIOD_WORDS[report.period]
    if title.endswith("ТӨЛӨВЛӨГӨӨ"):
        return f"{title}НИЙ {period}БИЕЛЭЛТ"
    return f"{title}: {period}БИЕЛЭЛТ"
