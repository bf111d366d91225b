"""This office: the first-run setup, corrections to its details, and its settings.

The organisation lives in one place (its row in the data file); documents refer to it by
id, so a correction here is what every letter, form and bundle uses from then on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import NameForms, Organisation, OrganisationKind, Person, new_id
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.operations.changes import Changes
from aplan_desktop.operations.settings import Place
from aplan_desktop.resources import roster

if TYPE_CHECKING:  # for the annotations: the roster and the templates are read when a job needs them
    from aplan_desktop.core.roster import Aimag, Unit
    from aplan_desktop.core.templates import Template


@dataclass(eq=False, repr=False)
class OfficeDetails:
    """What the setup form asks. `aimag_id` is one of resources/aimags.json: the aimag (or the
    capital) a soum or agency reports to, or, for an aimag's own office, the aimag it is.
    `unit_id`, for a soum's or district's Governor's Office: its entry in that aimag's list
    (the office takes the entry's id), "" for one not in the list, None when not chosen yet."""

    name: str
    kind: OrganisationKind
    aimag_id: str | None
    unit_id: str | None = ""
    short_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    web: str = ""
    head: Person = field(default_factory=Person)
    preparer: Person = field(default_factory=Person)
    genitive: str = ""  # "…Тамгын газрын"
    dative: str = ""  # "…Тамгын газарт"
    ablative: str = ""  # "…Тамгын газраас"

    @classmethod
    def of(cls, organisation: Organisation, preparer: Person) -> "OfficeDetails":
        aimag_id = organisation.id if organisation.kind == OrganisationKind.AIMAG else organisation.parent_id
        from aplan_desktop.core.roster import find_unit

        forms = organisation.forms
        unit = find_unit(roster(), organisation.id)
        return cls(organisation.name, organisation.kind, aimag_id, unit.id if unit else "", organisation.short_name,
                   organisation.address,
                   organisation.phone, organisation.email, organisation.web, organisation.head, preparer,
                   forms.genitive, forms.dative, forms.ablative)


def _aimag(aimag_id: str | None) -> Aimag | None:
    if aimag_id is None:
        return None
    for aimag in roster():
        if aimag.id == aimag_id:
            return aimag
    raise UserError(N_("Choose the aimag (or the capital) from the list."))


def _unit(details: OfficeDetails, aimag: Aimag) -> Unit | None:
    """The soum or district a Governor's Office is, from its aimag's list; None for another body
    or for one not in the list."""
    if details.kind not in (OrganisationKind.SOUM, OrganisationKind.DISTRICT):
        return None
    if details.unit_id is None:
        raise UserError(N_("Choose the soum (or the capital's district) from the list, or “not in the list”."))
    if not details.unit_id:
        return None
    unit = aimag.unit(details.unit_id)
    if unit is None or unit.kind != details.kind:
        raise UserError(N_("A soum's office chooses its soum among its aimag's soums, a district's office its "
                           "district among the capital's districts. Choose them again from the lists."))
    return unit


def _checked(details: OfficeDetails, organisation_id: str | None) -> tuple[Organisation, Organisation | None]:
    """The organisation and the aimag it reports to, or a sentence saying what to fill in."""
    name = " ".join(details.name.split())
    if not name:
        raise UserError(N_("Write the organisation's name."))
    aimag = _aimag(details.aimag_id)
    if aimag is None and details.kind in (OrganisationKind.AIMAG, OrganisationKind.SOUM, OrganisationKind.DISTRICT):
        raise UserError(N_("Choose the aimag (or the capital) from the list."))
    if details.kind == OrganisationKind.AIMAG:
        # the aimag's own office takes the aimag's shared id (its soums' bundles name it) and
        # reports to nobody: it is never one of its own subordinates
        org_id, parent = aimag.id, None
    else:
        unit = _unit(details, aimag) if aimag else None
        # a soum from the list takes the list's id: its aimag expects that id from day one
        org_id, parent = organisation_id or (unit.id if unit else new_id()), aimag.organisation() if aimag else None
        if organisation_id is not None and unit is not None and unit.id != organisation_id:
            raise UserError(N_("This office was set up as another body; it cannot become the office of the one "
                               "chosen ({name}). Its documents stay its own."), name=unit.name)
    if organisation_id is not None and org_id != organisation_id:
        raise UserError(N_("An office cannot become another aimag's office; its documents stay its own."))
    organisation = Organisation(
        id=org_id, name=name, kind=details.kind, short_name=details.short_name.strip(),
        parent_id=parent.id if parent else None, address=details.address.strip(), phone=details.phone.strip(),
        email=details.email.strip(), web=details.web.strip(),
        head=Person(details.head.title.strip(), details.head.name.strip()),
        forms=NameForms(details.genitive.strip(), details.dative.strip(), details.ablative.strip()))
    return organisation, parent


class OfficeJobs:
    """Mixed into `Operations`: the jobs about this office."""

    def setup_office(self, details: OfficeDetails, start: Template | str = "later",
                     year: int | None = None) -> Changes:
        """First run: who this installation works for, and this year's plan started as chosen
        (a template, "copy" of this office's last plan, or "later"), in one transaction."""
        organisation, parent = _checked(details, None)
        with self._store.transaction():
            self._store.save_organisation(organisation, parent)
            self.settings._set_home(organisation.id, details.preparer)
            changes = Changes(organisation=True, settings=frozenset({"home_organisation_id", "preparer"}))
            if start != "later":
                changes |= self.create_plan(start, year, announce=False)
                self.settings._set_last_place(Place(changes.open or "", ""))
        return self._announce(changes)

    def change_organisation(self, details: OfficeDetails) -> Changes:
        """Correct this office's details; every document refers to them, so all use the new ones."""
        home = self.home_organisation()
        organisation, parent = _checked(details, home.id)
        if organisation.kind == OrganisationKind.AIMAG:
            organisation.parent_id = home.parent_id  # the office above it, once registered (`register_superior`)
        with self._store.transaction():
            self._store.save_organisation(organisation, parent)
            self.settings._set_preparer(details.preparer)
        return self._announce(Changes(organisation=True, settings=frozenset({"preparer"})))

    def change_settings(self, scale: ScoreScale | None = None, deadlines: dict[Period, Deadline] | None = None,
                        layout: dict | None = None) -> Changes:
        """The organisation's percentage scale, report deadlines and printed-form layout."""
        if deadlines is not None:
            for deadline in deadlines.values():
                if not (1 <= deadline.month <= 12 and 1 <= deadline.day <= 31):
                    raise UserError(N_("A deadline needs a month from 1 to 12 and a day from 1 to 31."))
        with self._store.transaction():
            changed = self.settings._set_rules(scale, deadlines, layout)
        return self._announce(Changes(settings=frozenset(changed)))

    def remember_place(self, doc_id: str, measure_id: str = "") -> None:
        """Where the person is, so that the program opens there after a crash (not announced)."""
        place = Place(doc_id, measure_id)
        if place != self.settings.last_place:
            self.settings._set_last_place(place)

    def remember_folder(self, purpose: str, folder) -> None:
        """The folder last used to save or open files for a purpose (not announced)."""
        if folder and self.settings.last_folder(purpose) != folder:
            self.settings._set_last_folder(purpose, folder)


def aimag_choices() -> tuple[Aimag, ...]:
    """The aimags and the capital with their soums and districts, as the setup form lists them."""
    return roster()

