"""The aimag's bodies: the soums it expects from the roster, the agencies it adds, and registering
many senders at once, each bound to the body it is here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.operations.changes import Changes
from aplan_desktop.resources import roster


REMOVAL_REFUSED = {
    "sender": N_("{sender} reports for {organisation}, so it stays. Place that sender elsewhere first (Place its sender "
                 "elsewhere…), then remove it."),
    "key": N_("{organisation} has its own registered key and sends its reports with it, so it stays."),
    "documents": N_("{organisation} has plans, reports or bundles here, so it stays: they would lose whose they are."),
}


@dataclass(frozen=True, eq=False, repr=False)
class ExpectedBody:
    """A body this aimag expects reports from, and the sender that reports for it."""

    organisation: Organisation
    listed: bool  # one of the roster's soums or districts
    sender: str  # the registered sender that reports for it ("" while none does)
    fingerprint: str  # that sender's key
    sender_id: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class SenderChoice:
    """An unknown sender the person compared with its cover letter, and who it is here."""

    bundle: Path
    fingerprint: str  # as shown beside the tick: the key must still be that one
    body_id: str | None  # a body of this aimag, "" for a body of its own, None when not chosen


class BodyJobs:
    """Mixed into `Operations`."""

    def expected_bodies(self) -> list[ExpectedBody]:
        """Everyone this aimag expects reports from, from the first day, and who reports for each."""
        from aplan_desktop.bodies import expected_bodies, reporting_for
        from aplan_desktop.bundle import fingerprint
        from aplan_desktop.storage.exchange import ExchangeRecords

        bodies = expected_bodies(self._store, self.aimag_office_id())
        records = ExchangeRecords(self._store)
        senders: dict[str, tuple[str, str, str]] = {}
        for sender, body in reporting_for(self._store, bodies).items():
            if (key := records.trusted_key(sender)) is not None:
                senders[body] = (self._store.naming(sender)[0], fingerprint(bytes.fromhex(key)), sender)
        return [ExpectedBody(b, self.listed(b.id), *senders.get(b.id, ("", "", ""))) for b in bodies]

    def add_agency(self, name: str) -> Changes:
        """An agency (school, hospital, police…) this aimag expects reports from, by its own name."""
        from aplan_desktop.bodies import add_agency

        aimag_id = self.aimag_office_id()
        name = " ".join(name.split())
        if not name:
            raise UserError(N_("Write the agency's name."))
        if len(name) > 300:
            raise UserError(N_("The name is longer than {limit} characters; shorten it."), limit=300)
        if name in {b.organisation.name for b in self.expected_bodies()}:
            raise UserError(N_("{name} is already one of this aimag's bodies."), name=name)
        with self._store.transaction():
            add_agency(self._store, aimag_id, name)
        return self._announce(Changes(senders=True))

    def remove_agency(self, body_id: str) -> Changes:
        """An agency this aimag added by mistake, removed while no document, key or sender is bound
        to it; the soums of the national list are never removed."""
        from aplan_desktop.bodies import removal_problem, remove_body
        from aplan_desktop.i18n import named

        body = next((b for b in self.expected_bodies() if b.organisation.id == body_id), None)
        if body is None:
            raise UserError(N_("{id} is not one of this aimag's bodies; aplan bodies lists them."), id=body_id)
        name = named("organisation", *self._store.naming(body_id, body.organisation.name))
        if body.listed:
            raise UserError(N_("{organisation} is on the national list, whose soums and districts are never removed: while it "
                               "does not report, the consolidated report lists it as missing."), **name)
        with self._store.transaction():
            problem = removal_problem(self._store, body_id)
            if problem is not None:
                raise UserError(REMOVAL_REFUSED[problem[0]], sender=problem[1], **name)
            remove_body(self._store, body_id)
        return self._announce(Changes(senders=True))

    def listed(self, organisation_id: str) -> bool:
        """Whether the organisation is one of the national list's soums or districts."""
        from aplan_desktop.core.roster import find_unit

        return find_unit(roster(), organisation_id) is not None

    def body_choices(self) -> list[Organisation]:
        """The bodies a sender may be bound to here: this aimag's bodies no sender reports for
        yet (none at an office that is not an aimag's)."""
        if self.home_organisation().kind != OrganisationKind.AIMAG:
            return []
        return [b.organisation for b in self.expected_bodies() if not b.sender]

    def place_sender(self, sender_id: str, body_id: str) -> Changes:
        """Place a registered sender anew among this aimag's bodies: a soum of the list, an agency
        it added, or "" for a body of its own (a sender bound to the wrong body)."""
        from aplan_desktop.key_register import place_sender

        self.aimag_office_id()
        with self._store.transaction():
            place_sender(self._store, sender_id, body_id)
        return self._announce(Changes(senders=True))

    def register_senders(self, choices: list[SenderChoice]) -> tuple[list[tuple[SenderChoice, str]], Changes]:
        """Register each ticked sender's key, bound to the body chosen for it; each on its own, so
        that one refused leaves the others registered. Returns each choice with the sentence that
        refused it ("" when registered)."""
        from aplan_desktop.i18n import error_text
        from aplan_desktop.key_register import trust_sender_as

        outcome = []
        for choice in choices:
            try:
                with self._store.transaction():
                    trust_sender_as(self._store, Path(choice.bundle), choice.fingerprint, choice.body_id)
                outcome.append((choice, ""))
            except UserError as exc:
                outcome.append((choice, error_text(exc)))
        return outcome, self._announce(Changes(senders=True))
