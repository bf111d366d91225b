"""The domain objects: organisations, plans with objectives and measures, reports with entries.

Plain dataclasses, no Qt and no SQL. Ids are strings that stay the same on every computer,
so that a report exchanged with the aimag keeps pointing at the same plan and measures.
They compare by value (the store and the tests compare them) but have no generated `repr`:
nothing prints them, a plan's would run to pages, and Python 3.11 compiles every generated
method at every start (half a million instructions each, in `aplan pdf` and the window alike).
Each has a docstring: for a dataclass without one, `dataclass` writes one from the class's
signature (`inspect.signature`) at every start, about 0.6 million instructions each.
Money is `Decimal` in thousand tögrög (мян.төг), as the seeds' budget columns are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from aplan_desktop.core.periods import Period


def new_id() -> str:
    import uuid  # with its C module, for a document made, not for every start

    return str(uuid.uuid4())


class OrganisationKind(str, Enum):
    AIMAG = "aimag"
    SOUM = "soum"
    DISTRICT = "district"
    AGENCY = "agency"
    COMPANY = "company"


class PlanKind(str, Enum):
    ANTI_CORRUPTION = "anti_corruption"
    INTEGRITY = "integrity"


class PlanStatus(str, Enum):
    DRAFT = "draft"
    APPROVED = "approved"


class ReportStatus(str, Enum):
    DRAFT = "draft"
    FINAL = "final"
    SENT = "sent"


class HeadingKind(str, Enum):
    """What stands above the title: the БАТЛАВ block, an annex line to an order, or nothing."""

    APPROVAL = "approval"
    ANNEX = "annex"
    NONE = "none"


@dataclass(repr=False)
class Person:
    """A signatory as printed: title and name ("ЗДТГ-ЫН ДАРГА", "Н. БАТ-ЭРДЭНЭ")."""

    title: str = ""
    name: str = ""

    def is_empty(self) -> bool:
        return not (self.title.strip() or self.name.strip())


@dataclass(repr=False)
class NameForms:
    """The organisation's name declined as letters and messages write it, typed (or corrected)
    by the office in its setup: "…Тамгын газрын", "…Тамгын газарт", "…Тамгын газраас".
    Empty: not given (a rule declines the name's last word instead)."""

    genitive: str = ""
    dative: str = ""
    ablative: str = ""


@dataclass(repr=False)
class Organisation:
    """An aimag, soum, district, agency or company: its contacts, its head, the forms of its name."""

    id: str
    name: str
    kind: OrganisationKind
    short_name: str = ""
    parent_id: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    head: Person = field(default_factory=Person)
    forms: NameForms = field(default_factory=NameForms)


@dataclass(repr=False)
class Money:
    """An amount in thousand tögrög with its source (эх үүсвэр); amount None = not given."""

    amount: Decimal | None = None
    source: str = ""

    def is_empty(self) -> bool:
        return self.amount is None and not self.source.strip()


@dataclass(repr=False)
class Timeframe:
    """The words people write (Жилдээ, 2-р улирал…) and the dates they mean."""

    text: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(repr=False)
class Column:
    """One printed column: a key the program understands and the label the body prints.

    The keys the program understands are listed, with all it knows of each, in
    core/columns.py; `extra:<key>` is a body's own column, whose values live in
    `Measure.extra[<key>]`. Neighbouring columns with the same non-empty `group` print under
    one upper header cell ("Суурь түвшин" over "он | түвшин").
    """

    key: str
    label: str
    group: str = ""

    @property
    def extra_key(self) -> str | None:
        return self.key.split(":", 1)[1] if self.key.startswith("extra:") else None


@dataclass(repr=False)
class Measure:
    """One row of a plan's table (арга хэмжээ): what will be done, by whom, when, with what money."""

    id: str
    number: str
    text: str
    criteria: list[str] = field(default_factory=list)
    timeframe: Timeframe = field(default_factory=Timeframe)
    target: str = ""
    budget: Money = field(default_factory=Money)
    responsible: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(repr=False)
class Section:
    """A level above objectives ("Үндсэн үйл ажиллагаа 1. …"), printed as a row across the table."""

    id: str
    number: str
    text: str


@dataclass(repr=False)
class Objective:
    """A goal of the plan (зорилт) and the measures under it."""

    id: str
    number: str
    text: str
    measures: list[Measure] = field(default_factory=list)
    section_id: str | None = None  # the plan's section this objective is under; None: no section


@dataclass(repr=False)
class Approval:
    """The БАТЛАВ block: who approved the plan and when."""

    title: str = ""
    name: str = ""
    date: date | None = None


@dataclass(repr=False)
class Annex:
    """The annex line: "<issuer> 2018 оны … сарын …-ны өдрийн … дугаар <act>ын хавсралт".
    A date or number not yet known prints as a blank to fill in by hand."""

    issuer: str = ""  # "Сүхбаатар дүүргийн Засаг даргын"
    act: str = "захирамж"  # захирамж, тушаал, тогтоол
    year: int | None = None
    date: date | None = None
    number: str = ""


@dataclass(repr=False)
class Heading:
    """Everything printed above a document's table besides its title and approval."""

    kind: HeadingKind = HeadingKind.APPROVAL
    annex: Annex = field(default_factory=Annex)
    form_reference: str = ""  # "ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт"
    table_label: str = ""  # "Хүснэгт-1"
    date: date | None = None  # the date-and-place line: "2016.10.26 … Зуунмод"
    place: str = ""
    title_as_typed: bool = False  # False: the title prints in capitals, as every v1 document did


@dataclass(repr=False)
class Plan:
    """An organisation's plan for a year: its objectives and measures, the columns it prints."""

    id: str
    organisation: Organisation
    year: int
    kind: PlanKind
    title: str
    columns: list[Column]
    objectives: list[Objective] = field(default_factory=list)
    status: PlanStatus = PlanStatus.DRAFT
    approval: Approval | None = None
    sections: list[Section] = field(default_factory=list)
    heading: Heading = field(default_factory=Heading)

    def measures(self) -> list[Measure]:
        return [m for o in self.objectives for m in o.measures]

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures() if m.id == measure_id), None)


@dataclass(repr=False)
class Evidence:
    """A file (kept by its sha256) or a link attached to a report entry as proof (нотломж)."""

    name: str
    sha256: str | None = None
    size: int | None = None
    media_type: str = ""
    url: str = ""
    note: str = ""


@dataclass(repr=False)
class Review:
    """The aimag's own assessment of one measure: its score and comment."""

    score: int | None = None
    comment: str = ""


@dataclass(repr=False)
class Entry:
    """What a body reports for one measure."""

    measure_id: str
    result: str = ""
    percent: int | None = None
    spent: Money = field(default_factory=Money)
    evidence: list[Evidence] = field(default_factory=list)
    review: Review = field(default_factory=Review)


@dataclass(repr=False)
class Report:
    """What an organisation did on a plan in a period: an entry for each measure reported."""

    id: str
    plan_id: str
    period: Period
    entries: list[Entry] = field(default_factory=list)
    status: ReportStatus = ReportStatus.DRAFT
    revision: int = 1
    title: str = ""
    report_date: date | None = None
    prepared_by: Person = field(default_factory=Person)
    reviewed_by: Person = field(default_factory=Person)
    columns: list[Column] = field(default_factory=list)
    heading: Heading = field(default_factory=Heading)
    organisation_id: str | None = None  # the body reporting; None: the plan's own organisation

    def entry(self, measure_id: str) -> Entry | None:
        return next((e for e in self.entries if e.measure_id == measure_id), None)

    def spent_in_tugrug(self) -> int | None:
        """All the money spent, in whole tögrög (entries hold thousands); None when none is given."""
        amounts = [e.spent.amount for e in self.entries if e.spent.amount is not None]
        if not amounts:
            return None
        return int((sum(amounts) * 1000).quantize(Decimal(1), ROUND_HALF_UP))

    def entries_in_plan_order(self, plan: Plan) -> list[tuple[Measure, Entry]]:
        """Every measure of the plan with its entry; a measure not yet reported gets a blank one."""
        by_measure = {e.measure_id: e for e in self.entries}
        return [(m, by_measure.get(m.id) or Entry(measure_id=m.id)) for m in plan.measures()]

