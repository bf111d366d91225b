"""Which bundle format version a bundle is written in, and the document that version carries: an
aimag whose program reads bundle format version 1 reads documents of format version 1 only
(docs/bundle-format.md#versions).

Unless the office said which version its aimag reads, a bundle goes in the oldest version that
carries all of it, so that an office that upgrades before its aimag is not stopped when nothing
it sends needs the newer program.

A version-2 document is written as version 1 by leaving out the fields version 2 added, but
only when nothing is lost: the version-1 text, read back and written again, must give the
version-2 document exactly. Otherwise the bundle needs the newer version, and the sender is
told so rather than sending a document the aimag would read differently.
"""

from __future__ import annotations

import copy

from aplan_desktop.bundle.errors import BundleError
from aplan_desktop.bundle.manifest import FORMAT_VERSION
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import N_, DocumentFormatError

DOCUMENT_VERSION = {1: 1, 2: 2, 3: 2}  # bundle format version → the document format version it carries
_PLAN_ADDED = ("heading", "sections")   # what document format version 2 added
_OBJECTIVE_ADDED = ("section_id",)
_COLUMN_ADDED = ("group",)
_REPORT_ADDED = ("organisation_id", "heading")


def _without(item: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        item.pop(name, None)


def _as_version_1(document: dict) -> dict:
    old = copy.deepcopy(document)
    old["format_version"] = 1
    plan = old["plan"]
    _without(plan, _PLAN_ADDED)
    for objective in plan["objectives"]:
        _without(objective, _OBJECTIVE_ADDED)
    for part in (plan, old.get("report") or {}):
        for column in part.get("columns") or []:
            _without(column, _COLUMN_ADDED)
    if "report" in old:
        _without(old["report"], _REPORT_ADDED)
    return old


def _in_version(document: dict, bundle_version: int) -> dict | None:
    """`document` in the document format bundle format `bundle_version` carries; None when
    something would be lost."""
    wanted = DOCUMENT_VERSION[bundle_version]
    if document.get("format_version", wanted) <= wanted:
        return document  # already one that bundle version carries
    old = _as_version_1(document)
    try:
        again = interchange.document_from_objects(*interchange.objects_from_document(old))
    except DocumentFormatError:
        again = None
    return old if again == document else None


def written_as(document: dict | None, needed: int, told: int | None) -> tuple[int, dict | None]:
    """The bundle format version to write and the document it carries. `told`: the version the
    aimag reads, as the office set it (the document must fit it, or `BundleError`); None: the
    oldest from `needed` (what the kind and members need, `manifest.version_needed`) whose
    document format holds `document` without loss."""
    if told is not None:
        return told, None if document is None else document_for_version(document, told)
    if document is None:
        return needed, None
    for version in range(needed, FORMAT_VERSION):
        if (carried := _in_version(document, version)) is not None:
            return version, carried
    return FORMAT_VERSION, document_for_version(document, FORMAT_VERSION)


def document_for_version(document: dict, bundle_version: int) -> dict:
    """`document` (as `document_from_objects` writes it) in the document format that bundle
    format `bundle_version` carries; `BundleError` when that version cannot hold all of it."""
    old = _in_version(document, bundle_version)
    if old is None:
        raise BundleError(N_("This document holds what only the newer bundle format version {needed} carries "
                             "(sections, column groups, a heading block or a report of another body), but the "
                             "settings say the aimag reads version {version}. Ask the aimag's office to install "
                             "the newest aplan, then set \"Bundle format the aimag reads\" to {needed}."),
                          needed=bundle_version + 1, version=bundle_version)
    return old
