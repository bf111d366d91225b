"""Words printed on the forms, in the wording of the seeds: a report's title (the plan's title
turned into "…ТӨЛӨВЛӨГӨӨНИЙ БИЕЛЭЛТ", with the period when it is not the whole year) and the
addressee of the letter that sends it."""

from __future__ import annotations

from aplan_desktop.core.model import Organisation, OrganisationKind, Plan, Report
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


def letter_addressee(parent: Organisation | None) -> str:
    """To whom a body's report goes, in the dative as letters write it: the Governor's Office of
    its aimag ("ӨВӨРХАНГАЙ АЙМГИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ") or of the capital; another
    parent by its name in the dative, as stored for it here or declined by rule ("…ЯАМАНД")."""
    from aplan_desktop.i18n.mongolian import name_in_cases

    if parent is None:
        return ""
    name = parent.name.strip().upper()
    if parent.kind == OrganisationKind.AIMAG and name.endswith(" АЙМАГ"):
        return f"{name[:-len('АЙМАГ')]}АЙМГИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ"
    if parent.kind == OrganisationKind.AIMAG and "УЛААНБААТАР" in name:
        return "НИЙСЛЭЛИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ"
    return name_in_cases(parent.name.strip(), parent.forms).dative.upper()

