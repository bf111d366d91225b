"""New plans: from a template (the АТГ model plan, the integrity plan) or from last year's plan."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

from aplan_desktop.core.errors import N_, DocumentFormatError
from aplan_desktop.core.interchange import read_columns
from aplan_desktop.core.reader import Reader
from aplan_desktop.core.model import (
    Measure,
    Money,
    Objective,
    Organisation,
    Plan,
    PlanKind,
    PlanStatus,
    Timeframe,
    new_id,
)
from aplan_desktop.core.timeframes import shift_years_in_text, timeframe_dates

TEMPLATE_FORMAT = "aplan.template"


@dataclass
class Template:
    key: str
    name: str
    kind: PlanKind
    title: str  # with {ORGANISATION} and {YEAR}
    document: dict  # the parsed template file

    def title_for(self, organisation: Organisation, year: int) -> str:
        return self.title.replace("{ORGANISATION}", organisation.name.upper()).replace("{YEAR}", str(year))


def read_template(path: Path) -> Template:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        raise DocumentFormatError(N_("The template {name} cannot be read."), name=path.name) from None
    if not isinstance(doc, dict) or doc.get("format") != TEMPLATE_FORMAT or doc.get("format_version") != 1:
        raise DocumentFormatError(N_("The file {name} is not an aplan template."), name=path.name)
    r = Reader(doc)
    return Template(key=r.get("key").str(), name=r.get("name").str(), kind=r.get("kind").enum(PlanKind),
                    title=r.get("title").str(), document=doc)


def list_templates(folder: Path) -> list[Template]:
    return [read_template(p) for p in sorted(folder.glob("*.json"))]


def plan_from_template(template: Template, organisation: Organisation, year: int) -> Plan:
    """A draft plan for the organisation and year with the template's objectives and measures."""
    r = Reader(template.document)
    objectives = []
    for o in r.get("objectives").items():
        measures = []
        for m in o.get("measures").items():
            text = m.get("timeframe").get("text").str("") if m.get("timeframe").value else ""
            start, end = timeframe_dates(text, year)
            measures.append(Measure(
                id=new_id(),
                number=m.get("number").str(),
                text=m.get("text").str(),
                criteria=[c.str() for c in m.get("criteria").items()] if m.get("criteria").value else [],
                timeframe=Timeframe(text, start, end),
                target=m.get("target").str(""),
                budget=Money(),
                responsible=m.get("responsible").str(""),
            ))
        objectives.append(Objective(id=new_id(), number=o.get("number").str(), text=o.get("text").str(),
                                    measures=measures))
    return Plan(
        id=new_id(),
        organisation=organisation,
        year=year,
        kind=template.kind,
        title=template.title_for(organisation, year),
        columns=read_columns(r.get("columns"), version=1),
        objectives=objectives,
    )


def copy_plan_to_year(plan: Plan, year: int) -> Plan:
    """Last year's plan as this year's draft: new ids (its sections' too), no approval, dates moved
    to the new year; its heading block as it was."""
    new = copy.deepcopy(plan)
    new.id = new_id()
    new.year = year
    new.status = PlanStatus.DRAFT
    new.approval = None
    new.title = plan.title.replace(str(plan.year), str(year))
    sections = {}
    for section in new.sections:
        sections[section.id] = section.id = new_id()
    for objective in new.objectives:
        objective.id = new_id()
        objective.section_id = sections.get(objective.section_id)
        for m in objective.measures:
            m.id = new_id()
            m.timeframe.text = shift_years_in_text(m.timeframe.text, plan.year, year)
            m.timeframe.start, m.timeframe.end = timeframe_dates(m.timeframe.text, year)
    return new
