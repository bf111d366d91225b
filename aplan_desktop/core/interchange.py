"""The JSON interchange document: one plan, or one report with its plan (docs/interchange-format.md).

`document_from_objects` and `objects_from_document` are exact inverses for every document this
program writes. The reader is strict (core/reader.py): anything it does not understand is
refused with the place in the file and what was expected, so a damaged or foreign file never
half-loads. It reads version 1 as that version wrote it (a field added later is refused there)
and version 2, which adds sections, column groups, the heading block and the reporting body.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from aplan_desktop.core import strict_json
from aplan_desktop.core.columns import EXTRA_NAME, KEY_PATTERN as COLUMN_KEY_PATTERN
from aplan_desktop.core.errors import N_, DocumentFormatError
from aplan_desktop.core.model import (
    Annex,
    Approval,
    Column,
    Entry,
    Evidence,
    Heading,
    HeadingKind,
    Measure,
    Money,
    Objective,
    Organisation,
    OrganisationKind,
    Person,
    Plan,
    PlanKind,
    PlanStatus,
    Report,
    ReportStatus,
    Review,
    Section,
    Timeframe,
)
from aplan_desktop.core.periods import Period
from aplan_desktop.core.reader import (  # noqa: F401  (LONG_TEXT and SHORT_TEXT: the limits, named here too)
    LONG_TEXT,
    MAX_COLUMNS,
    MAX_CRITERIA,
    MAX_EVIDENCE,
    MAX_EXTRA,
    MAX_FILE_SIZE,
    MAX_MEASURES,
    MAX_OBJECTIVES,
    MAX_REVISION,
    MAX_SECTIONS,
    SHORT_TEXT,
    YEARS,
    Reader,
)
from aplan_desktop.core.timeframes import timeframe_dates

FORMAT = "aplan.document"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")
_COLUMN_KEY = re.compile(COLUMN_KEY_PATTERN)
_EXTRA_KEY = re.compile(rf"\A{EXTRA_NAME}\Z")


def _since_2(version: int, fields: set[str], added: set[str]) -> set[str]:
    """The fields a part of a document may have in `version`: version 2 added `added`."""
    return fields | added if version >= 2 else fields


# ---------------------------------------------------------------- writing

def _date(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _money(m: Money) -> dict:
    return {"amount": None if m.amount is None else format(m.amount, "f"), "source": m.source}


def _person(p: Person) -> dict:
    return {"title": p.title, "name": p.name}


def organisation_to_dict(org: Organisation, parent: Organisation | None) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind.value,
        "parent": None if parent is None else
        {"id": parent.id, "name": parent.name, "short_name": parent.short_name, "kind": parent.kind.value},
        "address": org.address,
        "phone": org.phone,
        "email": org.email,
        "web": org.web,
        "head": _person(org.head),
    }


def _columns(columns: list[Column]) -> list[dict]:
    return [{"key": c.key, "label": c.label, "group": c.group} for c in columns]


def heading_to_dict(heading: Heading) -> dict:
    """The heading block as the document holds it (and the database, as JSON)."""
    a = heading.annex
    return {
        "kind": heading.kind.value,
        "annex": {"issuer": a.issuer, "act": a.act, "year": a.year, "date": _date(a.date), "number": a.number},
        "form_reference": heading.form_reference,
        "table_label": heading.table_label,
        "date": _date(heading.date),
        "place": heading.place,
        "title_as_typed": heading.title_as_typed,
    }


def plan_to_dict(plan: Plan, parent: Organisation | None) -> dict:
    return {
        "id": plan.id,
        "organisation": organisation_to_dict(plan.organisation, parent),
        "year": plan.year,
        "kind": plan.kind.value,
        "title": plan.title,
        "heading": heading_to_dict(plan.heading),
        "status": plan.status.value,
        "approval": None if plan.approval is None else {
            "title": plan.approval.title, "name": plan.approval.name, "date": _date(plan.approval.date)},
        "columns": _columns(plan.columns),
        "sections": [{"id": s.id, "number": s.number, "text": s.text} for s in plan.sections],
        "objectives": [
            {
                "id": o.id,
                "section_id": o.section_id,
                "number": o.number,
                "text": o.text,
                "measures": [
                    {
                        "id": m.id,
                        "number": m.number,
                        "text": m.text,
                        "criteria": list(m.criteria),
                        "timeframe": {"text": m.timeframe.text, "start": _date(m.timeframe.start),
                                      "end": _date(m.timeframe.end)},
                        "target": m.target,
                        "budget": _money(m.budget),
                        "responsible": m.responsible,
                        "extra": dict(m.extra),
                    }
                    for m in o.measures
                ],
            }
            for o in plan.objectives
        ],
    }


def _evidence(e: Evidence) -> dict:
    return {"name": e.name, "sha256": e.sha256, "size": e.size, "media_type": e.media_type,
            "url": e.url, "note": e.note}


def report_to_dict(report: Report) -> dict:
    return {
        "id": report.id,
        "plan_id": report.plan_id,
        "organisation_id": report.organisation_id,
        "title": report.title,
        "heading": heading_to_dict(report.heading),
        "period": report.period.value,
        "status": report.status.value,
        "revision": report.revision,
        "report_date": _date(report.report_date),
        "prepared_by": _person(report.prepared_by),
        "reviewed_by": _person(report.reviewed_by),
        "columns": _columns(report.columns),
        "entries": [
            {
                "measure_id": e.measure_id,
                "result": e.result,
                "percent": e.percent,
                "spent": _money(e.spent),
                "evidence": [_evidence(x) for x in e.evidence],
                "review": {"score": e.review.score, "comment": e.review.comment},
            }
            for e in report.entries
        ],
    }


def document_from_objects(plan: Plan, parent: Organisation | None, report: Report | None = None) -> dict:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "type": "plan" if report is None else "report",
        "plan": plan_to_dict(plan, parent),
    }
    if report is not None:
        doc["report"] = report_to_dict(report)
    return doc


def dumps(document: dict) -> str:
    """The document as text: UTF-8 JSON with Mongolian letters as they are, stable key order."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- reading

def _read_person(r: Reader) -> Person:
    if r.value is None:
        return Person()
    r.obj({"title", "name"}, {"title", "name"})
    return Person(r.get("title").str(), r.get("name").str())


def _read_money(r: Reader) -> Money:
    if r.value is None:
        return Money()
    r.obj({"amount", "source"}, {"amount", "source"})
    return Money(r.get("amount").amount(), r.get("source").str())


def _read_org_ref(r: Reader) -> Organisation:
    r.obj({"id", "name", "short_name", "kind"}, {"id", "name", "kind"})
    return Organisation(id=r.get("id").id(), name=r.get("name").str(), kind=r.get("kind").enum(OrganisationKind),
                        short_name=r.get("short_name").str(""))


def read_organisation(r: Reader) -> tuple[Organisation, Organisation | None]:
    r.obj({"id", "name", "short_name", "kind", "parent", "address", "phone", "email", "web", "head"},
          {"id", "name", "kind"})
    parent = None if r.get("parent").value is None else _read_org_ref(r.get("parent"))
    org = Organisation(
        id=r.get("id").id(),
        name=r.get("name").str(),
        kind=r.get("kind").enum(OrganisationKind),
        short_name=r.get("short_name").str(""),
        parent_id=parent.id if parent else None,
        address=r.get("address").str(""),
        phone=r.get("phone").str(""),
        email=r.get("email").str(""),
        web=r.get("web").str(""),
        head=_read_person(r.get("head")),
    )
    if not org.name.strip():
        raise r.get("name").fail(N_("the organisation's name"))
    if parent and parent.id == org.id:
        raise r.get("parent").fail(N_("a parent other than the organisation itself"))
    return org, parent


def read_columns(r: Reader, version: int = FORMAT_VERSION) -> list[Column]:
    columns = []
    for c in r.items(MAX_COLUMNS):
        c.obj(_since_2(version, {"key", "label"}, {"group"}), {"key", "label"})
        key = c.get("key").str()
        if not _COLUMN_KEY.match(key):
            raise c.get("key").fail(N_("a known column key or extra:<name>"))
        columns.append(Column(key, c.get("label").str(), c.get("group").str("")))
    return columns


def read_heading(r: Reader) -> Heading:
    """The heading block; none given (every version-1 document): БАТЛАВ, the title in capitals."""
    if r.value is None:
        return Heading()
    r.obj({"kind", "annex", "form_reference", "table_label", "date", "place", "title_as_typed"}, {"kind"})
    annex = Annex()
    if r.get("annex").value is not None:
        a = r.get("annex").obj({"issuer", "act", "year", "date", "number"})
        annex = Annex(issuer=a.get("issuer").str(""), act=a.get("act").str(annex.act),
                      year=a.get("year").int(*YEARS, nullable=True), date=a.get("date").date(),
                      number=a.get("number").str(""))
        if annex.year is not None and annex.date is not None and annex.date.year != annex.year:
            raise a.get("date").fail(N_("a date in the year {year}"), year=annex.year)
    return Heading(
        kind=r.get("kind").enum(HeadingKind),
        annex=annex,
        form_reference=r.get("form_reference").str(""),
        table_label=r.get("table_label").str(""),
        date=r.get("date").date(),
        place=r.get("place").str(""),
        title_as_typed=r.get("title_as_typed").flag(False),
    )


def _read_sections(r: Reader) -> list[Section]:
    if r.value is None:
        return []
    sections = []
    for s in r.items(MAX_SECTIONS):
        s.obj({"id", "number", "text"}, {"id", "number", "text"})
        sections.append(Section(id=s.get("id").id(), number=s.get("number").str(), text=s.get("text").text()))
    return sections


def _check_section_order(readers: list[Reader], objectives: list[Objective], sections: list[Section]) -> None:
    """Each objective names a section of the plan, and they stand in the sections' order (the
    objectives under no section first), so each section heads one unbroken run of objectives."""
    position = {s.id: i for i, s in enumerate(sections)}
    last = -1
    for i, objective in enumerate(objectives):
        if objective.section_id is None:
            at = -1
        elif objective.section_id in position:
            at = position[objective.section_id]
        else:
            raise readers[i].get("section_id").fail(N_("the id of a section of this plan"))
        if at < last:
            raise readers[i].get("section_id").fail(
                N_("objectives in the order of their sections, those under no section first"))
        last = at


def _read_measure(r: Reader, year: int) -> Measure:
    r.obj({"id", "number", "text", "criteria", "timeframe", "target", "budget", "responsible", "extra"},
          {"id", "number", "text"})
    timeframe = Timeframe()
    if r.get("timeframe").value is not None:
        t = r.get("timeframe").obj({"text", "start", "end"}, {"text"})
        timeframe = Timeframe(t.get("text").str(), t.get("start").date(), t.get("end").date())
        if not t.has("start") and not t.has("end"):
            timeframe.start, timeframe.end = timeframe_dates(timeframe.text, year)
        if timeframe.start and timeframe.end and timeframe.start > timeframe.end:
            raise t.get("end").fail(N_("an end date not before the start date"))
    extra = {}
    if r.get("extra").value is not None:
        e = r.get("extra")
        if not isinstance(e.value, dict):
            raise e.fail(N_("an object"))
        if len(e.value) > MAX_EXTRA:
            raise e.fail(N_("a list of at most {limit} items"), limit=MAX_EXTRA)
        for k in e.value:
            if not _EXTRA_KEY.match(k):
                raise e.get(k).fail(N_("a known column key or extra:<name>"))
        extra = {k: e.get(k).text() for k in e.value}
    criteria = [] if r.get("criteria").value is None else [c.text() for c in r.get("criteria").items(MAX_CRITERIA)]
    return Measure(
        id=r.get("id").id(),
        number=r.get("number").str(),
        text=r.get("text").text(),
        criteria=criteria,
        timeframe=timeframe,
        target=r.get("target").text(""),
        budget=_read_money(r.get("budget")),
        responsible=r.get("responsible").text(""),
        extra=extra,
    )


def read_plan(r: Reader, version: int = FORMAT_VERSION) -> tuple[Plan, Organisation | None]:
    r.obj(_since_2(version, {"id", "organisation", "year", "kind", "title", "status", "approval", "columns",
                             "objectives"}, {"heading", "sections"}),
          {"id", "organisation", "year", "kind", "title", "status", "columns", "objectives"})
    org, parent = read_organisation(r.get("organisation"))
    year = r.get("year").int(*YEARS)
    approval = None
    if r.get("approval").value is not None:
        a = r.get("approval").obj({"title", "name", "date"}, {"title", "name", "date"})
        approval = Approval(a.get("title").str(), a.get("name").str(), a.get("date").date())
    objectives = []
    measures = 0
    readers = r.get("objectives").items(MAX_OBJECTIVES)
    for o in readers:
        o.obj(_since_2(version, {"id", "number", "text", "measures"}, {"section_id"}),
              {"id", "number", "text", "measures"})
        items = o.get("measures").items(MAX_MEASURES - measures)
        measures += len(items)
        objectives.append(Objective(
            id=o.get("id").id(), number=o.get("number").str(), text=o.get("text").text(),
            measures=[_read_measure(m, year) for m in items],
            section_id=None if o.get("section_id").value is None else o.get("section_id").id()))
    sections = _read_sections(r.get("sections"))
    _check_section_order(readers, objectives, sections)
    plan = Plan(
        id=r.get("id").id(),
        organisation=org,
        year=year,
        kind=r.get("kind").enum(PlanKind),
        title=r.get("title").text(),
        columns=read_columns(r.get("columns"), version),
        objectives=objectives,
        status=r.get("status").enum(PlanStatus),
        approval=approval,
        sections=sections,
        heading=read_heading(r.get("heading")),
    )
    ids = [plan.id] + [s.id for s in sections] + [o.id for o in objectives] + [m.id for m in plan.measures()]
    if len(set(ids)) != len(ids):
        raise r.fail(N_("every section, objective and measure with an id of its own"))
    return plan, parent


def _read_evidence(r: Reader) -> Evidence:
    r.obj({"name", "sha256", "size", "media_type", "url", "note"}, {"name"})
    sha = None if r.get("sha256").value is None else r.get("sha256").str()
    if sha is not None and not _SHA256.match(sha):
        raise r.get("sha256").fail(N_("a sha256 in 64 lowercase hex digits"))
    size = r.get("size").int(0, MAX_FILE_SIZE, nullable=True)
    return Evidence(name=r.get("name").str(), sha256=sha, size=size, media_type=r.get("media_type").str(""),
                    url=r.get("url").str(""), note=r.get("note").text(""))


def read_report(r: Reader, plan: Plan, version: int = FORMAT_VERSION) -> Report:
    r.obj(_since_2(version, {"id", "plan_id", "title", "period", "status", "revision", "report_date", "prepared_by",
                             "reviewed_by", "columns", "entries"}, {"organisation_id", "heading"}),
          {"id", "plan_id", "period", "status", "revision", "entries"})
    plan_id = r.get("plan_id").id()
    if plan_id != plan.id:
        raise r.get("plan_id").fail(N_("the id of the plan in this file"))
    revision = r.get("revision").int(1, MAX_REVISION)
    measure_ids = {m.id for m in plan.measures()}
    entries = []
    for e in r.get("entries").items(MAX_MEASURES):
        e.obj({"measure_id", "result", "percent", "spent", "evidence", "review"}, {"measure_id"})
        measure_id = e.get("measure_id").id()
        if measure_id not in measure_ids:
            raise e.get("measure_id").fail(N_("the id of a measure of the plan in this file"))
        review = Review()
        if e.get("review").value is not None:
            rv = e.get("review").obj({"score", "comment"}, {"score", "comment"})
            review = Review(rv.get("score").int(0, 100, nullable=True), rv.get("comment").text())
        evidence = [] if e.get("evidence").value is None else [
            _read_evidence(x) for x in e.get("evidence").items(MAX_EVIDENCE)]
        entries.append(Entry(
            measure_id=measure_id,
            result=e.get("result").text(""),
            percent=e.get("percent").int(0, 100, nullable=True),
            spent=_read_money(e.get("spent")),
            evidence=evidence,
            review=review,
        ))
    if len({e.measure_id for e in entries}) != len(entries):
        raise r.get("entries").fail(N_("at most one entry per measure"))
    columns = [] if r.get("columns").value is None else read_columns(r.get("columns"), version)
    organisation = r.get("organisation_id")
    return Report(
        id=r.get("id").id(),
        plan_id=plan_id,
        period=r.get("period").enum(Period),
        entries=entries,
        status=r.get("status").enum(ReportStatus),
        revision=revision,
        title=r.get("title").str(""),
        report_date=r.get("report_date").date(),
        prepared_by=_read_person(r.get("prepared_by")),
        reviewed_by=_read_person(r.get("reviewed_by")),
        columns=columns,
        heading=read_heading(r.get("heading")),
        organisation_id=None if organisation.value is None else organisation.id(),
    )


def objects_from_document(document: Any) -> tuple[Plan, Organisation | None, Report | None]:
    """The plan, its organisation's parent (if named) and the report (if any) of a document."""
    r = Reader(document)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentFormatError(N_("The file is not an aplan document (it has no \"format\": \"aplan.document\")."))
    version = document.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise DocumentFormatError(
            N_("The file is in document format version {found}; this program reads version {known}. "
               "Update the program or ask the sender for a file from the same version."),
            found=version, known=FORMAT_VERSION)
    r.obj({"format", "format_version", "type", "plan", "report"}, {"format", "format_version", "type", "plan"})
    kind = r.get("type").str()
    if kind not in ("plan", "report"):
        raise r.get("type").fail(N_("\"plan\" or \"report\""))
    plan, parent = read_plan(r.get("plan"), version)
    if kind == "plan":
        if r.has("report"):
            raise r.get("report").fail(N_("no report in a document of type \"plan\""))
        return plan, parent, None
    if not r.has("report"):
        raise r.get("report").fail(N_("the report"))
    return plan, parent, read_report(r.get("report"), plan, version)


def check_shape(data: str | bytes | bytearray) -> None:
    """Refuse a text (or its UTF-8 bytes) that nests too deep or holds too many items, before
    anything is decoded or parsed."""
    try:
        strict_json.check_shape(data)
    except strict_json.JSONShapeError as exc:
        _refuse(exc)


def parse(text: str, shape_checked: bool = False) -> Any:
    """The JSON value of a document's text, parsed strictly (see `strict_json`)."""
    try:
        return strict_json.loads(text, shape_checked)
    except strict_json.JSONShapeError as exc:
        _refuse(exc)


def _refuse(exc: strict_json.JSONShapeError) -> None:
    """The sentence for why a text is not a readable document."""
    if exc.reason == "syntax":
        raise DocumentFormatError(
            N_("The file is not readable JSON (line {line}, column {column}). "
               "It may be damaged or not an aplan document."), line=exc.line, column=exc.column) from None
    if exc.reason == "duplicate":
        raise DocumentFormatError(N_("The file names the same field twice in one place, so it cannot be told "
                                     "which one is meant. It was not loaded.")) from None
    if exc.reason == "number":
        raise DocumentFormatError(N_("The file holds a number that no aplan document holds (too long, or "
                                     "not a number). It was not loaded.")) from None
    raise DocumentFormatError(N_("The file nests deeper or holds more items than any aplan document. "
                                 "It was not loaded.")) from None


def loads(text: str) -> tuple[Plan, Organisation | None, Report | None]:
    return objects_from_document(parse(text))
