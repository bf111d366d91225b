"""The bundle format version a bundle is written in: unless the office set the version its aimag
reads, the oldest version that carries everything in it, so that an office that upgrades before
its aimag is not stopped when nothing it sends needs the newer program (docs/bundle-format.md#versions).

An aimag whose program is older is simulated by the newest versions its reader knows: bundle
format version 1 reads document format version 1 only.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from aplan_desktop import bundle
from aplan_desktop.bundle import manifest as bundle_manifest
from aplan_desktop.bundle.errors import BundleError
from aplan_desktop.bundle.versions import DOCUMENT_VERSION
from aplan_desktop.core import interchange
from aplan_desktop.core.interchange import document_from_objects
from aplan_desktop.core.model import Section
from aplan_desktop.exchange import NEW, REFUSED
from aplan_desktop.i18n import error_text
from conftest import run_aplan
from test_bundle_format import SEED
from test_returns import _import, three  # noqa: F401 - the three databases


def _reads_only(monkeypatch, version: int) -> None:
    """This program, as an aimag's older one that reads bundle format versions 1 to `version`."""
    monkeypatch.setattr(bundle_manifest, "FORMAT_VERSION", version)
    monkeypatch.setattr(interchange, "FORMAT_VERSION", DOCUMENT_VERSION[version])


def _sent(path) -> tuple[int, int]:
    """The bundle format version of the bundle at `path` and the document format version it carries."""
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read("manifest.json"))["format_version"], json.loads(z.read("document.json"))["format_version"]


def test_a_plain_report_goes_in_version_1_and_an_aimag_that_reads_only_version_1_takes_it(three, tmp_path,
                                                                                          monkeypatch):
    aimag, soum, _ = three
    assert soum.bundle_version is None  # as every office starts
    sent, _ = soum.export("s000-report", tmp_path / "mail")
    assert _sent(sent.path) == (1, 1)
    soum.set_bundle_version(3)  # the same report, for an aimag said to read version 3
    told, _ = soum.export("s000-report", tmp_path / "told")
    assert _sent(told.path) == (3, 2)

    _reads_only(monkeypatch, 1)
    [item], _ = _import(aimag, [told.path])
    assert item.status == REFUSED and "version 3" in error_text(item.error, "en")  # what an old program says
    [item], _ = _import(aimag, [sent.path])
    assert item.status == NEW
    assert document_from_objects(*aimag._store.load_document("s000-report")) == \
        document_from_objects(*soum._store.load_document("s000-report"))  # nothing lost on the way


def test_what_goes_down_keeps_the_version_that_added_it(three, tmp_path):
    aimag, soum, _ = three
    sent, _ = soum.export("s000-report", tmp_path / "mail")
    outcome, receipts = _import(aimag, [sent.path], tmp_path / "receipts")
    assert [i.status for i in outcome] == [NEW]
    assert [bundle.read_bundle(p.read_bytes()).format_version for p in receipts] == [2]
    measure = aimag.report("s000-report").entries[1].measure_id
    aimag.return_report("s000-report", {measure: "Нотлох баримт хавсаргаагүй"}, "")
    aimag.set_bundle_version(1)  # what the aimag's own office above reads does not change what goes down
    review = aimag.export("s000-report", tmp_path / "reviews")[0].path
    assert bundle.read_bundle(review.read_bytes()).format_version == 2
    assert [i.status for i in _import(soum, [review])[0]] == [NEW]


def _sectioned(demo_store) -> dict:
    plan, parent, report = demo_store.load_document("s000-report")
    plan.sections = [Section("sec-1", "1", "Үндсэн үйл ажиллагаа")]
    for objective in plan.objectives:
        objective.section_id = "sec-1"
    return document_from_objects(plan, parent, report)


def _build(document: dict, **options) -> bytes:
    return bundle.build_bundle(document, SEED, kind="report", revision=document["report"]["revision"],
                               previous_manifest_sha256=None, sender_id="org-1", sender_name="Бат-Өлзий сум",
                               **options)


def test_a_report_whose_document_needs_version_2_goes_in_version_2(demo_store, monkeypatch):
    document = _sectioned(demo_store)
    data = _build(document)
    assert _sent(io.BytesIO(data)) == (2, 2)
    assert bundle.read_bundle(data).document == document
    _reads_only(monkeypatch, 2)
    assert bundle.read_bundle(data).document == document
    _reads_only(monkeypatch, 1)
    with pytest.raises(BundleError) as info:
        bundle.read_bundle(data)
    assert "version 2" in error_text(info.value, "en")


def test_a_version_the_office_set_is_kept_or_refused_with_the_sentence(demo_store):
    plain = document_from_objects(*demo_store.load_document("s000-report"))
    assert [_sent(io.BytesIO(_build(plain, format_version=v))) for v in (1, 2, 3)] == [(1, 1), (2, 2), (3, 2)]
    with pytest.raises(BundleError) as info:
        _build(_sectioned(demo_store), format_version=1)
    assert error_text(info.value, "en").startswith("This document holds what only the newer bundle format version 2")


def test_the_command_line_says_and_sets_the_version(three, tmp_path):
    _, soum, _ = three
    soum.close()
    db = tmp_path / "a.sqlite"
    oldest = "Тайлан, төлөвлөгөө бүрийг агуулгыг нь бүрэн багтаах хамгийн хуучин багцын форматын хувилбараар бичнэ"
    assert run_aplan("bundle-version", db=db).stdout.startswith(oldest)
    told = run_aplan("bundle-version", "2", db=db)
    assert told.returncode == 0 and told.stdout.strip() == "Тайлан, төлөвлөгөөг багцын форматын 2 дугаар хувилбараар бичнэ."
    assert run_aplan("bundle-version", "auto", db=db, lang="en").stdout.startswith(
        "Reports and plans are written in the oldest bundle format version that holds everything they carry")
    wrong = run_aplan("bundle-version", "шинэ", db=db)
    assert wrong.returncode == 1 and "\"auto\"" in wrong.stderr and "Traceback" not in wrong.stderr
