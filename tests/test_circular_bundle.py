"""The circular's bundle (docs/bundle-format.md, "Circulars"): `circular.json` beside the plan,
read strictly; a circular without it, or it in another kind, or naming what the plan does not
hold, is refused with a sentence before anything is imported."""

from __future__ import annotations

import copy
import json

import pytest

from aplan_desktop.bundle import read_bundle
from aplan_desktop.core.circulars import Audience, Circular, circular_to_dict
from aplan_desktop.core.periods import Deadline, Period
from test_bundle_format import SMALL_DOCUMENT, bundle, manifest_for, refused, signed, small_files

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
    {"format_version": 2},
    {"extra": 1},
])
def test_a_circular_that_does_not_read_is_refused(changes):
    refused(bundle(PLAN_DOCUMENT, kind="circular", circular=_circular(**changes), evidence={}))


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
