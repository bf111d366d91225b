"""The register of senders' keys: one key belongs to one organisation, and one organisation has
one key. Registering needs the fingerprint typed from the cover letter (or heard on the phone,
or compared with the letter and ticked); replacing a registered key is a step of its own, shown
with both fingerprints and logged. At an aimag's office, registering also says which of its
bodies the sender is (`bodies`): the aimag's records, never the bundle, place it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aplan_desktop import bundle
from aplan_desktop.authority import sender_named
from aplan_desktop.bodies import bind, binding_problem, bindings
from aplan_desktop.bundle.reader import read_bundle_file
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.roster import find_unit
from aplan_desktop.core.model import Organisation, OrganisationKind
from aplan_desktop.i18n import named
from aplan_desktop.resources import roster
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords

HOME_ORGANISATION = "home_organisation"  # settings: this office's own organisation id
ITSELF = ""  # the body a sender is bound to: a body of its own, under its own id
BODIES_SEND = ("report", "plan")  # what a body sends up; reviews and circulars come down from above


@dataclass(frozen=True)
class KeyChange:
    organisation_id: str
    organisation_name: str
    old_fingerprint: str
    new_fingerprint: str


def _normal(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _verified_sender(store: Store, path: Path, typed_fingerprint: str) -> bundle.VerifiedBundle:
    """The verified bundle whose signer's fingerprint the user typed; refuses this office's own id or key."""
    try:
        v = read_bundle_file(Path(path))
    except OSError:
        raise UserError(N_("The file {path} cannot be read."), path=str(path)) from None
    if _normal(typed_fingerprint) != _normal(v.sender_fingerprint):
        raise UserError(N_("The fingerprint you typed does not match the key that signed this bundle "
                           "({fingerprint}). Check it again with the sender; the key was not registered."),
                        fingerprint=v.sender_fingerprint)
    from aplan_desktop.exchange import own_fingerprint

    if v.sender_id == store.setting(HOME_ORGANISATION) or v.sender_fingerprint == own_fingerprint(store):
        raise UserError(N_("The bundle says it comes from this office itself ({sender}). A key of another office "
                           "is never registered for this office; the key was not registered."), sender=v.sender_name)
    return v


def _two_owners(store: Store, owner: str, v: bundle.VerifiedBundle) -> UserError:
    return UserError(N_("This key is already registered for {organisation}. One key belongs to one organisation, "
                        "so it was not registered for {sender}; call both offices."),
                     **named("organisation", *store.naming(owner)), **sender_named(store, v))


def trust_sender(store: Store, path: Path, typed_fingerprint: str) -> bundle.VerifiedBundle:
    """Register the key of a bundle's sender, the first key of that organisation."""
    v = _verified_sender(store, path, typed_fingerprint)
    records = ExchangeRecords(store)
    key = v.sender_public_key.hex()
    owner = records.key_owner(key)
    if owner == v.sender_id:
        return v
    if owner is not None:
        raise _two_owners(store, owner, v)
    if v.sender_id in bindings(store).values():
        raise UserError(N_("Another registered sender already reports for {sender} here. One body has one key, so "
                           "this key was not registered; call both offices."), **sender_named(store, v))
    registered = records.trusted_key(v.sender_id)
    if registered is not None:
        raise UserError(N_("{sender} already has a registered key ({old}); this bundle is signed with another one "
                           "({new}). If the office really has a new key (a new computer, a lost key), replace the "
                           "registered one: aplan keys --replace FILE --fingerprint {new}"),
                        **sender_named(store, v), old=bundle.fingerprint(bytes.fromhex(registered)),
                        new=v.sender_fingerprint)
    records.trust_key(v.sender_id, key)
    return v


_BINDING_PROBLEMS = {
    "listed": N_("{sender} was set up from the national list as a body of its own; it is registered as itself "
                 "and as no other body."),
    "unknown": N_("The body chosen for {sender} is not one of this aimag's bodies. Choose it again from the list."),
    "taken": N_("Another registered sender already reports for the body chosen for {sender}. One body has one "
                "key; call both offices."),
}


def place_sender(store: Store, sender_id: str, body_id: str) -> None:
    """Place a registered sender among the aimag's bodies anew (it was bound to the wrong one):
    `body_id` a roster entry or agency of the aimag, or ITSELF. Part of the caller's transaction."""
    home_id = store.setting(HOME_ORGANISATION)
    if ExchangeRecords(store).trusted_key(sender_id) is None:
        raise UserError(N_("{sender} has no registered key here; register it first."),
                        **named("sender", *store.naming(sender_id)))
    sender = store.organisation(sender_id)
    body_id = body_id or sender_id
    if (problem := binding_problem(store, home_id, sender_id, body_id)) is not None:
        raise UserError(_BINDING_PROBLEMS[problem], **named("sender", *store.naming(sender_id)))
    bind(store, home_id, sender, body_id)


def trust_sender_as(store: Store, path: Path, fingerprint: str, body_id: str | None) -> bundle.VerifiedBundle:
    """Register a sender's key (its fingerprint compared with the cover letter) and, at an aimag's
    office, bind the sender to the body it is there: `body_id` a roster entry or agency of the
    aimag, or ITSELF for a body of its own (None: not chosen). Part of the caller's transaction."""
    v = trust_sender(store, path, fingerprint)
    home_id = store.setting(HOME_ORGANISATION)
    home = store.organisation(home_id) if home_id else None
    if home is None or home.kind != OrganisationKind.AIMAG or v.kind not in BODIES_SEND:
        return v  # a soum registering its aimag, an aimag the office above it: nothing to place
    if body_id is None:
        raise UserError(N_("Choose who {sender} is among this aimag's bodies: a soum from the list, an agency you "
                           "added, or a body of its own."), **sender_named(store, v))
    body_id = body_id or v.sender_id
    if (problem := binding_problem(store, home.id, v.sender_id, body_id)) is not None:
        raise UserError(_BINDING_PROBLEMS[problem], **sender_named(store, v))
    own = v.plan.organisation  # the sender's details as it sent them, when the document is its own
    unit = find_unit(roster(), v.sender_id)  # else (a report on this aimag's circular) a soum of the list is a soum
    bind(store, home.id, own if own.id == v.sender_id else Organisation(
        v.sender_id, v.sender_name, unit.kind if unit else OrganisationKind.AGENCY), body_id)
    return v


def replace_key(store: Store, path: Path, typed_fingerprint: str) -> KeyChange:
    """Put the key that signed the bundle in the place of the one registered for its sender; the
    change is logged with both keys. The user typed the new fingerprint from the new cover letter."""
    v = _verified_sender(store, path, typed_fingerprint)
    records = ExchangeRecords(store)
    key = v.sender_public_key.hex()
    owner = records.key_owner(key)
    if owner == v.sender_id:
        raise UserError(N_("This key is already the one registered for {sender}; nothing was changed."),
                        **sender_named(store, v))
    if owner is not None:
        raise _two_owners(store, owner, v)
    if records.trusted_key(v.sender_id) is None:
        raise UserError(N_("{sender} has no registered key yet, so there is nothing to replace. Register the key "
                           "instead."), **sender_named(store, v))
    old = records.replace_key(v.sender_id, key)
    return KeyChange(v.sender_id, v.sender_name, bundle.fingerprint(bytes.fromhex(old)), v.sender_fingerprint)
