"""The circular's bundle (docs/bundle-format.md, "Circulars"): `circular.json` beside the plan,
read strictly; a circular without it, or it in another kind, or naming what the plan does not
hold, is refused with a sentence before anything is imported."""

from __future__ import annotations

import copy
import json

import pytest

from aplan_desktop.bundle import read_bundle
from aplan_desktop.core.circulars import Audience, Circular, circular_to_dict, made_on_to_dict
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.bundle import build_bundle
from aplan_desktop.bundle.errors import BundleError
from aplan_desktop.i18n import error_text
from test_bundle_format import SEED, SMALL_DOCUMENT, bundle, manifest_for, refused, signed, small_files

PLAN_DOCUMENT = {**copy.deepcopy(SMALL_DOCUMENT), "type": "plan"}
del PLAN_DOCUMENT["report"]


def _circular(**changes) -> dict:
    value = circular_to_dict(Circular("p1", audience={"m1": Audience.SOUMS}))
    value.update(changes)
    return value


def test_a_circular_carries_its_deadlines_and_audience():
    v = read_bundle(bundle(PLAN_DOCUMENT, kind="circular", circular=_circular(), evidence={}, revision=3))
    assert v.kind == "circular" and v.circular.revision == 3
    assert v.circular.deadlines == {Period.H1: Deadline(5, 10), Period.H2: Deadline(11, 10)}
    assert v.circular.audience == {"m1": Audience.SOUMS}


@pytest.mark.parametrize("changes", [
    {"plan_id": "another-plan"},
    {"audience": {"no-such-measure": "soums"}},
    {"audience": {"m1": "everyone"}},
    {"deadlines": {"H1": "5-10"}},
    {"deadlines": {"H1": "13-01"}},
    {"deadlines": {}},
    {"deadlines": {"H3": "05-10"}},
    {"format_version": 2},  # version 2 is a circular called off, and says so
    {"format_version": 2, "called_off": False},
    {"format_version": 2, "called_off": 1},
    {"format_version": 1, "called_off": True},
    {"format_version": 3, "called_off": True},
    {"format_version": True},
    {"format_version": "1"},
    {"extra": 1},
])
def test_a_circular_that_does_not_read_is_refused(changes):
    refused(bundle(PLAN_DOCUMENT, kind="circular", circular=_circular(**changes), evidence={}))


def test_a_circular_called_off_says_so_in_version_2_and_a_plain_one_stays_version_1():
    called_off = circular_to_dict(Circular("p1", audience={"m1": Audience.SOUMS}, called_off=True))
    assert (called_off["format_version"], called_off["called_off"]) == (2, True)
    assert circular_to_dict(Circular("p1"))["format_version"] == 1 and "called_off" not in circular_to_dict(
        Circular("p1"))
    v = read_bundle(bundle(PLAN_DOCUMENT, kind="circular", circular=called_off, evidence={}, revision=2))
    assert v.circular.called_off and v.circular.audience == {"m1": Audience.SOUMS}
    assert not read_bundle(bundle(PLAN_DOCUMENT, kind="circular", circular=_circular(), evidence={})).circular.called_off


def _plan_files(circular: bytes | None):
    files = [f for f in small_files(PLAN_DOCUMENT) if not f[0].startswith("evidence/")]
    return files[:1] + ([("circular.json", circular)] if circular is not None else []) + files[1:]


def test_the_kind_and_the_files_agree_about_being_a_circular():
    without = _plan_files(None)
    error = refused(signed(without, manifest=manifest_for(without, kind="circular", document_id="p1")))
    assert "circular" in error.message
    stray = _plan_files(json.dumps(_circular()).encode())
    refused(signed(stray, manifest=manifest_for(stray, kind="plan", document_id="p1")))
    not_json = _plan_files(b"\xff{")
    refused(signed(not_json, manifest=manifest_for(not_json, kind="circular", document_id="p1")))
    big = _plan_files(json.dumps(_circular(audience={"m1": "soums"})).encode() + b" " * 1_000_001)
    refused(signed(big, manifest=manifest_for(big, kind="circular", document_id="p1")))


def _report_on(made_on: dict, **options) -> bytes:
    return build_bundle(SMALL_DOCUMENT, SEED, kind="report", revision=1, previous_manifest_sha256=None,
                        sender_id="org-1", sender_name="Бат-Өлзий сум", made_on=made_on, **options)


def test_a_report_on_a_circular_says_the_revision_it_was_made_on_since_version_3():
    v = read_bundle(_report_on(made_on_to_dict("p1", 2)))
    assert (v.made_on, v.format_version) == (2, 3)
    assert read_bundle(bundle(SMALL_DOCUMENT)).made_on is None  # a report that does not say
    with pytest.raises(BundleError) as older:  # an aimag that reads version 2 cannot read it
        _report_on(made_on_to_dict("p1", 2), format_version=2)
    assert error_text(older.value, "en").startswith("This bundle needs bundle format version 3")


@pytest.mark.parametrize("value", [
    {**made_on_to_dict("p1", 2), "plan_id": "another-plan"},
    {**made_on_to_dict("p1", 2), "revision": 0},
    {**made_on_to_dict("p1", 2), "revision": True},
    {**made_on_to_dict("p1", 2), "revision": 1_000_001},
    {**made_on_to_dict("p1", 2), "format_version": 2},
    {**made_on_to_dict("p1", 2), "extra": 1},
    [2],
])
def test_a_revision_that_does_not_read_is_refused(value):
    error = refused(_report_on(value))
    assert "Ask the sender" in error.message


def test_the_revision_travels_only_in_a_report_and_only_in_version_3():
    files = [f for f in small_files() if not f[0].startswith("evidence/")]
    files = files[:1] + [("circular_revision.json", json.dumps(made_on_to_dict("p1", 1)).encode())] + files[1:]
    read_bundle(signed(files, manifest={**manifest_for(files), "format_version": 3}))
    refused(signed(files, manifest={**manifest_for(files), "format_version": 2}))  # a member version 3 added
    plan_files = _plan_files(None)
    plan_files = plan_files[:1] + [("circular_revision.json", json.dumps(made_on_to_dict("p1", 1)).encode())] \
        + plan_files[1:]
    refused(signed(plan_files, manifest={**manifest_for(plan_files, kind="plan", document_id="p1"),
                                         "format_version": 3}))
