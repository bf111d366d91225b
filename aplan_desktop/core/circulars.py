"""A plan carried out by others: the aimag's plan sent down to its soums and agencies (seed 003:
"СҮМ, БАЙГУУЛЛАГЫН ДАРГА НАРТ … хариуг эхний хагас жилд 05 дугаар сарын 10-нд, сүүлийн хагас
жилд 11 дүгээр сарын 10-ны дотор … ирүүлэхийг").

A `Circular` says, for one plan, by when its bodies report each half year and which measures
apply to soums, to agencies or to both. It travels beside the plan in a circular bundle as
`circular.json` (docs/bundle-format.md); each body keeps the measures that apply to it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from aplan_desktop.core.errors import N_, DocumentFormatError
from aplan_desktop.core.model import Measure, OrganisationKind, Plan
from aplan_desktop.core.periods import Deadline, Period

FORMAT = "aplan.circular"
FORMAT_VERSION = 1
CALLED_OFF_VERSION = 2  # circular.json of a circular called off: version 1's fields and "called_off"
REVISION_FORMAT = "aplan.circular-revision"  # what a body's report on a circular says it was made on
MAX_MEASURES = 2_000
MAX_REVISION = 1_000_000


class Audience(str, Enum):
    """Who carries out a measure of a circular."""

    SOUMS = "soums"  # soum and district Governor's Offices
    AGENCIES = "agencies"  # agencies, companies and other bodies
    BOTH = "both"


def default_deadlines() -> dict[Period, Deadline]:
    """Seed 003's: the first half year by 05-10, the second by 11-10."""
    return {Period.H1: Deadline(5, 10), Period.H2: Deadline(11, 10)}


def audience_of(kind: OrganisationKind) -> Audience:
    return Audience.SOUMS if kind in (OrganisationKind.SOUM, OrganisationKind.DISTRICT) else Audience.AGENCIES


@dataclass(repr=False)
class Circular:
    """A plan marked as carried out by the bodies under its office. `revision`: the revision
    last sent (at the sender) or received (at a body); 0 before it is first sent. `called_off`:
    the office took it back after the bodies had it; its next revision tells them so."""

    plan_id: str
    deadlines: dict[Period, Deadline] = field(default_factory=default_deadlines)
    audience: dict[str, Audience] = field(default_factory=dict)  # measure id → who; not named: both
    revision: int = 0
    called_off: bool = False

    def applies(self, measure_id: str, kind: OrganisationKind) -> bool:
        """Whether a body of this kind carries out the measure."""
        return self.audience.get(measure_id, Audience.BOTH) in (Audience.BOTH, audience_of(kind))

    def due(self, period: Period, year: int) -> date | None:
        deadline = self.deadlines.get(period)
        return deadline.on(year) if deadline else None


def plan_for_body(plan: Plan, circular: Circular, kind: OrganisationKind) -> Plan:
    """The plan as a body of this kind receives it: only the measures that apply to it, and
    the objectives that keep at least one; ids unchanged, so reports match by id."""
    kept = copy.deepcopy(plan)
    for objective in kept.objectives:
        objective.measures = [m for m in objective.measures if circular.applies(m.id, kind)]
    kept.objectives = [o for o in kept.objectives if o.measures]
    return kept


# ---------------------------------------------------------------- what changed between revisions

@dataclass(frozen=True, eq=False, repr=False)
class MeasureChange:
    """One measure that differs between two revisions of a circular's plan, matched by id."""

    change: str  # "added", "removed", "changed"
    measure_id: str
    number: str
    text: str
    fields: tuple[str, ...] = ()  # for "changed": number, text, criteria, timeframe, target, responsible


_COMPARED = ("number", "text", "criteria", "timeframe", "target", "responsible")


def _differences(old: Measure, new: Measure) -> tuple[str, ...]:
    return tuple(name for name in _COMPARED if getattr(old, name) != getattr(new, name))


def plan_changes(old: Plan, new: Plan) -> list[MeasureChange]:
    """The measures added, removed or changed from `old` to `new`, in the new plan's order
    (the removed ones last)."""
    before = {m.id: m for m in old.measures()}
    after = {m.id: m for m in new.measures()}
    changes = []
    for m in new.measures():
        if m.id not in before:
            changes.append(MeasureChange("added", m.id, m.number, m.text))
        elif fields := _differences(before[m.id], m):
            changes.append(MeasureChange("changed", m.id, m.number, m.text, fields))
    changes += [MeasureChange("removed", m.id, m.number, m.text) for m in old.measures() if m.id not in after]
    return changes


# ---------------------------------------------------------------- circular.json

def circular_to_dict(circular: Circular) -> dict:
    """Version 1, which every reader of circulars reads; a circular called off in version 2,
    which a reader from before refuses by its number rather than take it as a plan to carry out."""
    written = {
        "format": FORMAT,
        "format_version": CALLED_OFF_VERSION if circular.called_off else FORMAT_VERSION,
        "plan_id": circular.plan_id,
        "deadlines": {p.value: f"{d.month:02d}-{d.day:02d}" for p, d in sorted(circular.deadlines.items())},
        "audience": {measure_id: a.value for measure_id, a in sorted(circular.audience.items())},
    }
    if circular.called_off:
        written["called_off"] = True
    return written


def _fail(path: str, expected: str, **params: object) -> DocumentFormatError:
    return DocumentFormatError(N_("The circular in the bundle is not valid: at {path}, expected {expected}. "
                                  "Ask the sender to export it again."), path=path, expected=expected,
                               expected_params=params)


def parse_deadline(text: object, path: str = "") -> Deadline:
    """"05-10" (month-day) as a deadline; anything else is refused."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != "-" or not (text[:2] + text[3:]).isdigit():
        raise _fail(path, N_("a deadline written MM-DD"))
    month, day = int(text[:2]), int(text[3:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise _fail(path, N_("a deadline written MM-DD"))
    return Deadline(month, day)


def circular_from_dict(value: object, plan: Plan, revision: int) -> Circular:
    """A circular read from a bundle, strictly: it must be about `plan`, name only its measures,
    and give the deadlines of the half years (or quarters) as MM-DD."""
    version = value.get("format_version") if isinstance(value, dict) else None
    if not isinstance(value, dict) or value.get("format") != FORMAT or type(version) is not int \
            or version not in (FORMAT_VERSION, CALLED_OFF_VERSION):
        raise _fail("/format_version", N_("{format} version {version}"), format=FORMAT, version=CALLED_OFF_VERSION)
    fields = ("format", "format_version", "plan_id", "deadlines", "audience")
    fields += ("called_off",) if version == CALLED_OFF_VERSION else ()
    if set(value) != set(fields):
        raise _fail("/", N_("an object with the fields {fields}"), fields=", ".join(fields))
    if version == CALLED_OFF_VERSION and value["called_off"] is not True:
        raise _fail("/called_off", N_("true: the circular is called off"))
    if value["plan_id"] != plan.id:
        raise _fail("/plan_id", N_("the id of the plan in the bundle"))
    deadlines = value["deadlines"]
    if not isinstance(deadlines, dict) or not deadlines or not set(deadlines) <= {p.value for p in Period}:
        raise _fail("/deadlines", N_("the deadlines by period (H1, H2, Q1 … Q4)"))
    audience = value["audience"]
    measure_ids = {m.id for m in plan.measures()}
    if not isinstance(audience, dict) or len(audience) > MAX_MEASURES or not set(audience) <= measure_ids:
        raise _fail("/audience", N_("the plan's measure ids, each with soums, agencies or both"))
    if not all(a in {x.value for x in Audience} for a in audience.values()):
        raise _fail("/audience", N_("the plan's measure ids, each with soums, agencies or both"))
    return Circular(plan.id, {Period(p): parse_deadline(d, f"/deadlines/{p}") for p, d in deadlines.items()},
                    {m: Audience(a) for m, a in audience.items()}, revision, version == CALLED_OFF_VERSION)


# ---------------------------------------------------------------- the revision a body's report was made on

def made_on_to_dict(plan_id: str, revision: int) -> dict:
    """`circular_revision.json` of a body's report on a circular (bundle format 3): the revision
    of the circular the report was made on."""
    return {"format": REVISION_FORMAT, "format_version": 1, "plan_id": plan_id, "revision": revision}


def made_on_from_dict(value: object, plan: Plan) -> int:
    """The revision a report says it was made on, read strictly: about `plan`, from 1 to 1,000,000."""
    fields = ("format", "format_version", "plan_id", "revision")

    def fail(path: str, expected: str, **params: object) -> DocumentFormatError:
        return DocumentFormatError(N_("The circular's revision in the bundle is not valid: at {path}, expected "
                                      "{expected}. Ask the sender to export it again."), path=path,
                                   expected=expected, expected_params=params)

    if not isinstance(value, dict) or set(value) != set(fields):
        raise fail("/", N_("an object with the fields {fields}"), fields=", ".join(fields))
    if value["format"] != REVISION_FORMAT or value["format_version"] != 1:
        raise fail("/format_version", N_("{format} version {version}"), format=REVISION_FORMAT, version=1)
    if value["plan_id"] != plan.id:
        raise fail("/plan_id", N_("the id of the plan in the bundle"))
    revision = value["revision"]
    if isinstance(revision, bool) or not isinstance(revision, int) or not 1 <= revision <= MAX_REVISION:
        raise fail("/revision", N_("a revision number from 1 to {limit}"), limit=MAX_REVISION)
    return revision
