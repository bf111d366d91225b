"""The exchange bundle (docs/bundle-format.md): round trips, and every kind of broken or hostile file refused.

All bundles here are real zip bytes. Hostile files are built with `zipfile` (as another tool
would) or with the small zip writer below, which follows the documented layout independently
of the implementation, so that a file can be exactly right except for the one thing tested.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import random
import re
import stat
import struct
import time
import zipfile
import zlib
from datetime import datetime, timezone

import pytest
from nacl.signing import SigningKey

from aplan_desktop.bundle import manifest as bundle_manifest
from aplan_desktop.bundle import (
    EMAIL_LIMIT,
    BundleDocumentError,
    BundleError,
    BundleTooLargeError,
    ContentsError,
    DamagedMemberError,
    Limits,
    ManifestError,
    NotABundleError,
    SignatureError,
    UnsafeMemberError,
    build_bundle,
    bundle_file_name,
    fingerprint,
    generate_key,
    manifest_sha256,
    public_key,
    read_bundle,
    recompress_photo,
    size_report,
)
from aplan_desktop.core.interchange import document_from_objects
from aplan_desktop.i18n import error_text

SEED = bytes(range(32))
OTHER_SEED = bytes(range(100, 132))
DEMO_IDS = ["s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"]

SMALL_DOCUMENT = {
    "format": "aplan.document", "format_version": 1, "type": "report",
    "plan": {
        "id": "p1", "organisation": {"id": "org-1", "name": "Бат-Өлзий сум", "kind": "soum"},
        "year": 2024, "kind": "anti_corruption", "title": "Т", "status": "approved", "columns": [],
        "objectives": [{"id": "o1", "number": "1", "text": "Зорилт",
                        "measures": [{"id": "m1", "number": "1.1", "text": "Арга хэмжээ"}]}],
    },
    "report": {"id": "r1", "plan_id": "p1", "period": "H2", "status": "final", "revision": 1,
               "entries": [{"measure_id": "m1", "result": "Хийсэн", "percent": 100}]},
}
SMALL_PDF = b"%PDF-1.4\n% small\n%%EOF\n"
SMALL_EVIDENCE = b"a photo of the signed minutes, 40 bytes."


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bundle(document=SMALL_DOCUMENT, seed=SEED, **kw) -> bytes:
    args = dict(kind="report" if document["type"] == "report" else "plan", revision=1,
                previous_manifest_sha256=None, sender_id=document["plan"]["organisation"]["id"],
                sender_name=document["plan"]["organisation"]["name"], pdf=SMALL_PDF,
                evidence={sha(SMALL_EVIDENCE): SMALL_EVIDENCE})
    args.update(kw)
    return build_bundle(document, seed, **args)


SMALL_BUNDLE = bundle(created_at=datetime(2024, 12, 20, 9, 30, tzinfo=timezone.utc),
                      bundle_id="5d0c6a3e-8f1b-4c2a-9e47-1b2c3d4e5f60")


# ---------------------------------------------------------------- an independent zip writer

def member(name, data, *, method=8, payload=None, size=None, crc=None, attr=0o100644 << 16, made_by=0x0314,
           flags=0, local_name=None):
    raw = name.encode("utf-8") if isinstance(name, str) else name
    if payload is None:
        payload = data if method == 0 else zlib.compress(data, 6)[2:-4]
    return dict(name=raw, local_name=raw if local_name is None else local_name, payload=payload,
                size=len(data) if size is None else size, crc=zlib.crc32(data) if crc is None else crc,
                method=method, attr=attr, made_by=made_by, flags=flags)


def zip_bytes(members, *, comment=b"", prefix=b"") -> bytes:
    """The documented layout: local headers back to back, central directory, end record."""
    out = bytearray(prefix)
    central = bytearray()
    for m in members:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, m["flags"], m["method"], 0x6000, 0x5921, m["crc"],
                           len(m["payload"]), m["size"], len(m["local_name"]), 0) + m["local_name"] + m["payload"]
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", m["made_by"], 20, m["flags"], m["method"], 0x6000,
                               0x5921, m["crc"], len(m["payload"]), m["size"], len(m["name"]), 0, 0, 0, 0,
                               m["attr"], offset) + m["name"]
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), cd_offset,
                       len(comment)) + comment
    return bytes(out)


def manifest_for(files, *, seed=SEED, kind="report", document_id="r1") -> dict:
    """A manifest in the oldest bundle format version that carries the kind and the files."""
    return {
        "format": "aplan.bundle", "format_version": bundle_manifest.version_needed(kind, [name for name, _ in files]),
        "bundle_id": "0b0e7c52-8f8e-4d49-9d43-8a5a4c0c7a11",
        "kind": kind, "document_id": document_id, "revision": 1, "previous_manifest_sha256": None,
        "sender": {"organisation_id": "org-1", "name": "Бат-Өлзий сум",
                   "public_key": SigningKey(seed).verify_key.encode().hex()},
        "created_at": "2024-12-20T09:30:00Z",
        "members": [{"name": name, "size": len(data), "sha256": sha(data)} for name, data in files],
    }


def small_files(document=SMALL_DOCUMENT):
    text = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return [("document.json", text), ("report.pdf", SMALL_PDF), ("evidence/" + sha(SMALL_EVIDENCE), SMALL_EVIDENCE)]


def signed(files=None, *, manifest=None, manifest_bytes=None, seed=SEED, signature=None, listed=None,
           extra_members=()) -> bytes:
    """A bundle in the documented layout, signed, with whatever files and manifest the test wants."""
    files = small_files() if files is None else files
    if manifest_bytes is None:
        manifest = manifest_for(files if listed is None else listed) if manifest is None else manifest
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    if signature is None:
        signature = SigningKey(seed).sign(manifest_bytes).signature
    members = [member("manifest.json", manifest_bytes)]
    if signature is not False:
        members.append(member("manifest.sig", signature))
    members += [member(name, data) for name, data in files] + list(extra_members)
    return zip_bytes(members)


def without_pdf():
    return [f for f in small_files() if f[0] != "report.pdf"]


def with_zipfile(entries, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip written by Python's zipfile, as another tool would write it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for entry, data in entries:
            z.writestr(entry, data)
    return buffer.getvalue()


def zip_info(name, mode):
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def deflated_zeros(size: int) -> tuple[bytes, int]:
    """`size` zero bytes deflated, built in 1 MB steps: (payload, crc)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1_000_000)
    parts, crc, left = [], 0, size
    while left:
        piece = chunk[:min(left, len(chunk))]
        parts.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts), crc


def bomb_member(name, size, *, declared=None):
    payload, crc = deflated_zeros(size)
    return dict(name=name.encode(), local_name=name.encode(), payload=payload,
                size=size if declared is None else declared, crc=crc, method=8, attr=0o100644 << 16,
                made_by=0x0314, flags=0)


def assert_sentence(error: BundleError) -> None:
    """A whole English sentence once shown (nested messages such as "one of: {choices}" filled in)."""
    text = error_text(error, "en")
    assert text[:1].isupper() and text.rstrip().endswith("."), text
    assert not re.search(r"\{\w+\}", text) and len(text) > 30, text


def refused(data: bytes, cls=BundleError, limits: Limits = Limits()) -> BundleError:
    with pytest.raises(BundleError) as info:
        read_bundle(data, limits)
    assert isinstance(info.value, cls), (type(info.value), str(info.value))
    assert_sentence(info.value)
    return info.value


# ---------------------------------------------------------------- round trips

@pytest.mark.parametrize("doc_id", DEMO_IDS)
def test_round_trip_of_every_demo_document(demo_store, doc_id):
    plan, parent, report = demo_store.load_document(doc_id)
    document = document_from_objects(plan, parent, report)
    photos = [f"photo {i} of {doc_id}".encode() * (i + 1) for i in range(3)]
    evidence = {sha(p): p for p in photos}
    pdf = _small_pdf(plan.title)
    kind = "plan" if report is None else "report"
    revision = report.revision if report else 2
    data = build_bundle(document, SEED, kind=kind, revision=revision, previous_manifest_sha256="ab" * 32,
                        sender_id=plan.organisation.id, sender_name=plan.organisation.name, pdf=pdf,
                        evidence=evidence)
    got = read_bundle(data)
    assert (got.plan, got.parent, got.report) == (plan, parent, report)
    # in the oldest version that carries it: version 1 with a version-1 document when nothing is lost
    assert document_from_objects(got.plan, got.parent, got.report) == document
    assert (got.format_version, got.document["format_version"]) in ((1, 1), (2, 2))
    assert got.pdf == pdf and got.evidence == evidence
    assert got.kind == kind and got.revision == revision and got.previous_manifest_sha256 == "ab" * 32
    assert got.document_id == (plan.id if report is None else report.id)
    assert (got.sender_id, got.sender_name) == (plan.organisation.id, plan.organisation.name)
    assert got.sender_public_key == public_key(SEED)
    assert got.sender_fingerprint == fingerprint(public_key(SEED))
    assert got.manifest_sha256 == manifest_sha256(data) == sha(got.manifest_bytes)
    assert got.created_at.tzinfo is not None
    # a plain zip that any tool opens, members in the documented order
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert z.namelist() == ["manifest.json", "manifest.sig", "document.json", "report.pdf"] + \
            ["evidence/" + h for h in sorted(evidence)]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
    year, period = plan.year, report.period if report else "H2"
    name = bundle_file_name(plan.organisation.short_name or plan.organisation.name, year, period, kind, 1)
    assert name.isascii() and re.fullmatch(r"[a-z0-9-]+_20\d\d_(H1|H2|Q[1-4])_(plan|report)_r1\.aplan", name)
    if doc_id == "s000-report":
        assert name == "bat-olzii_2024_H2_report_r1.aplan"
        assert bundle_file_name(plan.organisation.name, year, period, kind, 1) == name


def _small_pdf(title: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(72, 720, title[:40].encode("ascii", "replace").decode())
    canvas.save()
    return buffer.getvalue()


def test_a_plan_without_pdf_or_evidence_and_a_review():
    plan_doc = copy.deepcopy(SMALL_DOCUMENT)
    plan_doc["type"] = "plan"
    del plan_doc["report"]
    got = read_bundle(bundle(plan_doc, pdf=None, evidence={}))
    assert got.kind == "plan" and got.report is None and got.pdf is None and got.evidence == {}
    assert got.document_id == "p1"
    review = read_bundle(bundle(kind="review", sender_id="aimag-1", sender_name="Өвөрхангай аймаг"))
    assert review.kind == "review" and review.report.id == "r1" and review.sender_id == "aimag-1"


def test_revisions_chain_through_the_manifest_hash():
    first = bundle()
    revised = copy.deepcopy(SMALL_DOCUMENT)
    revised["report"]["revision"] = 2
    second = bundle(revised, revision=2, previous_manifest_sha256=manifest_sha256(first))
    got = read_bundle(second)
    assert got.revision == 2 and got.previous_manifest_sha256 == read_bundle(first).manifest_sha256
    assert read_bundle(first).bundle_id != got.bundle_id


def test_the_independent_writer_here_makes_bundles_the_reader_accepts():
    got = read_bundle(signed())
    assert got.report.id == "r1" and got.evidence == {sha(SMALL_EVIDENCE): SMALL_EVIDENCE}


def test_file_names_are_ascii_transliterations():
    assert bundle_file_name("Бат-Өлзий", 2024, "H2", "report", 3) == "bat-olzii_2024_H2_report_r3.aplan"
    assert bundle_file_name("Бат-Өлзий сум ЗДТГ", 2024, "H1", "review", 1) == "bat-olzii_2024_H1_review_r1.aplan"
    assert bundle_file_name("Сонгинохайрхан дүүрэг ЗДТГ", 2025, "H2", "plan", 1) == \
        "songinokhairkhan_2025_H2_plan_r1.aplan"
    assert bundle_file_name("Эрчим хүчний үндэсний төв ТӨХХК", 2024, "H2", "plan", 2) == \
        "erchim-khuchnii-undesnii-tov-tokhkhk_2024_H2_plan_r2.aplan"
    assert bundle_file_name("Цэцэг/Жаргалант «Ёс» Ү.Щ", 2024, "Q3", "report", 1) == \
        "tsetsegjargalant-yos-ush_2024_Q3_report_r1.aplan"
    assert bundle_file_name("!!!", 2024, "H2", "report", 1) == "aplan_2024_H2_report_r1.aplan"


def test_fingerprint_is_five_groups_of_four_hex_digits():
    key = public_key(SEED)
    printed = fingerprint(key)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}", printed)
    assert printed.replace("-", "") == hashlib.sha256(key).hexdigest()[:20].upper()
    assert fingerprint(public_key(OTHER_SEED)) != printed
    seed = generate_key()
    assert len(seed) == 32 and len(public_key(seed)) == 32 and seed != generate_key()
    with pytest.raises(ValueError):
        public_key(b"short")


def test_the_writer_refuses_evidence_that_is_not_its_hash_and_files_too_big():
    with pytest.raises(BundleError) as info:
        bundle(evidence={sha(b"original"): b"changed"})
    assert_sentence(info.value)
    with pytest.raises(BundleTooLargeError) as info:
        bundle(pdf=b"x" * 2000, limits=Limits(max_member_size=1000))
    assert_sentence(info.value)
    with pytest.raises(ValueError):
        bundle(kind="plan")  # a report document in a plan bundle


def test_a_blank_scan_that_compresses_too_well_is_stored_so_readers_accept_it():
    blank = bytes(3_000_000)
    data = bundle(evidence={sha(blank): blank})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.getinfo("evidence/" + sha(blank)).compress_type == zipfile.ZIP_STORED
    assert read_bundle(data).evidence == {sha(blank): blank}


# ---------------------------------------------------------------- hostile and broken files

EVIDENCE_NAME = "evidence/" + sha(SMALL_EVIDENCE)


def _bad_names():
    names = ["../x", "../../../etc/passwd", "/abs", "/etc/passwd", "C:\\x", "C:/Windows/x", "\\\\server\\share\\x",
             "evidence\\" + sha(b"x"), "evidence/../manifest.json", "./manifest.json", "evidence/x",
             "evidence/" + sha(b"x").upper(), "MANIFEST.JSON", "report.pdf.exe", "notes.txt", "евиденс.jpg"]
    return [pytest.param(n, id=f"name-{i}") for i, n in enumerate(names)]


@pytest.mark.parametrize("name", _bad_names())
def test_names_outside_the_allow_list_are_refused(name):
    refused(with_zipfile([(name, b"x")]), UnsafeMemberError)
    refused(signed(without_pdf(), extra_members=[member(name, b"x")]), UnsafeMemberError)


def test_a_name_with_a_nul_byte_is_refused():
    refused(signed(without_pdf(), extra_members=[member(b"report.pdf\x00../../x", b"x")]), UnsafeMemberError)


def test_a_symlink_member_is_refused():
    error = refused(with_zipfile([(zip_info("report.pdf", stat.S_IFLNK | 0o777), "/etc/passwd")]),
                    UnsafeMemberError)
    assert "report.pdf" in str(error)
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"/etc/passwd", attr=(stat.S_IFLNK | 0o777) << 16)]),
            UnsafeMemberError)


def test_a_directory_member_is_refused():
    refused(with_zipfile([("evidence/", b"")]), UnsafeMemberError)
    refused(with_zipfile([(zip_info("report.pdf", stat.S_IFDIR | 0o755), b"")]), UnsafeMemberError)
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"", attr=0x10)]), UnsafeMemberError)


def test_duplicate_member_names_are_refused():
    files = small_files()
    refused(signed(files, extra_members=[member("report.pdf", b"%PDF-evil")]), UnsafeMemberError)
    refused(signed(files, extra_members=[member("manifest.json", b"{}")]), UnsafeMemberError)


def test_a_zip_bomb_of_100_mb_of_zeros_is_refused_without_unpacking():
    started = time.perf_counter()
    data = signed(without_pdf(), extra_members=[bomb_member("report.pdf", 100_000_000)])
    assert len(data) < 200_000
    refused(data, BundleTooLargeError)
    assert time.perf_counter() - started < 5


def test_a_member_compressed_too_well_is_refused():
    error = refused(signed(without_pdf(), extra_members=[bomb_member("report.pdf", 10_000_000)]), BundleTooLargeError)
    assert "zip bomb" in str(error)


def test_a_member_just_over_the_size_limit_is_refused():
    refused(signed(without_pdf(), extra_members=[bomb_member("report.pdf", 50_000_001)]), BundleTooLargeError)
    small = Limits(max_member_size=len(SMALL_PDF) - 1)
    refused(SMALL_BUNDLE, BundleTooLargeError, limits=small)
    assert read_bundle(SMALL_BUNDLE, Limits(max_member_size=len(SMALL_PDF) + 1000)).pdf == SMALL_PDF


def test_the_total_size_limit():
    refused(SMALL_BUNDLE, BundleTooLargeError, limits=Limits(max_total_size=len(SMALL_PDF) + 100))


def test_a_member_that_unpacks_to_more_than_its_header_says_is_stopped():
    started = time.perf_counter()
    error = refused(signed(without_pdf(), listed=without_pdf() + [("report.pdf", b"x" * 1000)],
                           extra_members=[bomb_member("report.pdf", 20_000_000, declared=1000)]), DamagedMemberError)
    assert "report.pdf" in str(error) and time.perf_counter() - started < 2


def test_too_many_members_are_refused():
    many = [member(f"evidence/{sha(str(i).encode())}", str(i).encode()) for i in range(2001)]
    refused(zip_bytes(many), BundleTooLargeError)
    refused(SMALL_BUNDLE, BundleTooLargeError, limits=Limits(max_members=4))


@pytest.mark.parametrize("cut", [1, 4, 22, 30, 100, 0.25, 0.5, 0.75, -23, -22, -5, -1])
def test_a_truncated_file_is_refused(cut):
    size = int(len(SMALL_BUNDLE) * cut) if isinstance(cut, float) else cut % len(SMALL_BUNDLE)
    refused(SMALL_BUNDLE[:size], NotABundleError)


@pytest.mark.parametrize("data", [
    pytest.param(b"", id="empty"),
    pytest.param("Сайн байна уу, тайлангаа явуулж байна.\n".encode(), id="text"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), id="png-header"),
    pytest.param(b"%PDF-1.7\n" + bytes(100), id="pdf"),
    pytest.param(random.Random(1).randbytes(5000), id="random"),
    pytest.param(b"PK\x03\x04", id="zip-magic-only"),
])
def test_not_a_zip_at_all(data):
    refused(data, NotABundleError)


def test_an_empty_zip_is_not_a_bundle():
    refused(b"PK\x05\x06" + bytes(18), ManifestError)


def test_zip_layouts_aplan_does_not_write_are_refused():
    with zipfile.ZipFile(io.BytesIO(SMALL_BUNDLE)) as z:
        repacked = with_zipfile([(name, z.read(name)) for name in z.namelist()])
    refused(repacked, NotABundleError)  # re-zipped by another tool
    refused(SMALL_BUNDLE[:-2] + b"\x05\x00hello", NotABundleError)  # a zip comment
    refused(b"MZ" + bytes(100) + SMALL_BUNDLE, NotABundleError)  # something in front
    refused(SMALL_BUNDLE + b"\x00", NotABundleError)  # something after
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"x", flags=1)]), NotABundleError)  # "encrypted"
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"x", method=12, payload=b"BZh")]), NotABundleError)
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"x", flags=8)]), NotABundleError)  # data descriptor
    refused(signed(without_pdf(), extra_members=[member("report.pdf", b"x", local_name=b"report.pdX")]), NotABundleError)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("report.pdf", "w", force_zip64=True) as f:
            f.write(b"x")
    refused(buffer.getvalue(), NotABundleError)


def test_a_bad_crc_or_broken_deflate_data_is_refused():
    listed = without_pdf() + [("report.pdf", b"%PDF")]  # listed as signed: the damage is in the zip
    refused(signed(without_pdf(), listed=listed, extra_members=[member("report.pdf", b"%PDF", crc=1)]),
            DamagedMemberError)
    refused(signed(without_pdf(), listed=listed,
                   extra_members=[member("report.pdf", b"%PDF", payload=b"\xff\xff\xff")]), DamagedMemberError)
    refused(signed(without_pdf(), listed=without_pdf() + [("report.pdf", b"%PDF!")],
                   extra_members=[member("report.pdf", b"%PDF", size=5)]), DamagedMemberError)


def _manifest_bytes(**changes) -> bytes:
    manifest = manifest_for(small_files())
    manifest.update(changes)
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("manifest_bytes", [
    pytest.param(b"{not json", id="not-json"),
    pytest.param(b"\xff\xfe{}", id="not-utf8"),
    pytest.param(b"\xef\xbb\xbf" + _manifest_bytes(), id="bom"),
    pytest.param(b"[]", id="a-list"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested"),
    pytest.param(_manifest_bytes(format="aplan.document"), id="wrong-format"),
    pytest.param(_manifest_bytes(revision=0), id="revision-0"),
    pytest.param(_manifest_bytes(revision="1"), id="revision-text"),
    pytest.param(_manifest_bytes(revision=True), id="revision-bool"),
    pytest.param(_manifest_bytes(kind="letter"), id="unknown-kind"),
    pytest.param(_manifest_bytes(bundle_id="not-a-uuid"), id="bad-bundle-id"),
    pytest.param(_manifest_bytes(created_at="2024-12-20 09:30"), id="bad-date"),
    pytest.param(_manifest_bytes(created_at="2024-02-30T09:30:00Z"), id="impossible-date"),
    pytest.param(_manifest_bytes(previous_manifest_sha256="AB" * 32), id="uppercase-hash"),
    pytest.param(_manifest_bytes(members={}), id="members-object"),
    pytest.param(_manifest_bytes(extra=1), id="unknown-field"),
    pytest.param(_manifest_bytes(sender={"organisation_id": "org-1", "name": "x"}), id="no-public-key"),
    pytest.param(_manifest_bytes()[:-1] + b', "kind": "plan"}', id="duplicate-key"),
    pytest.param(_manifest_bytes(revision=float("nan")), id="nan"),
])
def test_a_manifest_of_the_wrong_shape_is_refused(manifest_bytes):
    refused(signed(manifest_bytes=manifest_bytes), ManifestError)


def test_a_newer_format_version_is_refused_naming_the_version_needed_and_how_to_get_it():
    newer = bundle_manifest.FORMAT_VERSION + 1
    error = refused(signed(manifest_bytes=_manifest_bytes(format_version=newer)), ManifestError)
    assert f"version {newer}" in error_text(error, "en")
    assert f"versions 1 to {newer - 1}" in error_text(error, "en")
    assert "Install the newest aplan" in error_text(error, "en")
    for wrong in ("1", 0, True, None):
        refused(signed(manifest_bytes=_manifest_bytes(format_version=wrong)), ManifestError)


def test_every_older_format_version_is_read():
    for version in range(bundle_manifest.OLDEST_VERSION, bundle_manifest.FORMAT_VERSION + 1):
        assert read_bundle(signed(manifest_bytes=_manifest_bytes(format_version=version))).format_version == version


def test_the_manifest_lists_members_exactly():
    files = small_files()
    listed = manifest_for(files)["members"]
    for broken in (
        listed + [{"name": "evidence/" + sha(b"gone"), "size": 4, "sha256": sha(b"gone")}],
        [dict(m, size=m["size"] + 1) if m["name"] == "report.pdf" else m for m in listed],
        listed + [dict(listed[0])],
        [dict(listed[0], name="manifest.sig")] + listed[1:],
        [dict(listed[0], sha256=listed[0]["sha256"].upper())] + listed[1:],
    ):
        manifest = manifest_for(files)
        manifest["members"] = broken
        with pytest.raises(BundleError):
            read_bundle(signed(files, manifest=manifest))


def test_bad_json_in_the_document_is_refused():
    files = [("document.json", b'{"format": "aplan.document", ')] + small_files()[1:]
    refused(signed(files), BundleDocumentError)
    refused(signed([("document.json", b"\xff\xfe")] + small_files()[1:]), BundleDocumentError)


def test_a_document_that_is_not_a_valid_interchange_document_is_refused():
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["plan"]["year"] = "2024"
    error = refused(signed(small_files(document)), BundleDocumentError)
    assert "/plan/year" in str(error)
    document = copy.deepcopy(SMALL_DOCUMENT)
    document["format_version"] = 9
    refused(signed(small_files(document)), BundleDocumentError)


def test_a_document_whose_id_differs_from_the_manifest_is_refused():
    files = small_files()
    manifest = manifest_for(files, document_id="r2")
    error = refused(signed(files, manifest=manifest), BundleDocumentError)
    assert "r1" in str(error) and "r2" in str(error)
    refused(signed(files, manifest=manifest_for(files, kind="plan", document_id="p1")), BundleDocumentError)


def test_a_tampered_member_is_refused():
    files = small_files()
    tampered = [(n, d.replace(b"100", b"90") if n == "document.json" else d) for n, d in files]
    refused(signed(tampered, listed=files), ContentsError)
    tampered = [(n, b"%PDF-forged" if n == "report.pdf" else d) for n, d in files]
    refused(signed(tampered, listed=files), ContentsError)


def test_a_forged_signature_is_refused():
    files = small_files()
    manifest_bytes = json.dumps(manifest_for(files, seed=SEED)).encode()
    refused(signed(files, manifest_bytes=manifest_bytes, seed=OTHER_SEED), SignatureError)
    refused(signed(files, manifest_bytes=manifest_bytes, signature=bytes(64)), SignatureError)
    refused(signed(files, manifest_bytes=manifest_bytes, signature=SigningKey(SEED).sign(b"x").signature),
            SignatureError)


def test_a_missing_or_short_signature_is_refused():
    refused(signed(signature=False), SignatureError)
    good = SigningKey(SEED).sign(json.dumps(manifest_for(small_files())).encode()).signature
    refused(signed(manifest_bytes=json.dumps(manifest_for(small_files())).encode(), signature=good[:63]),
            SignatureError)


def test_a_missing_manifest_is_refused():
    refused(zip_bytes([member(n, d) for n, d in small_files()]), ManifestError)


def test_a_manifest_listing_a_file_that_is_not_there_is_refused():
    files = small_files()
    error = refused(signed(files[:2], listed=files), ContentsError)
    assert "evidence/" in str(error)


def test_a_manifest_omitting_a_present_file_is_refused():
    files = small_files()
    refused(signed(files, listed=files[:2]), ContentsError)
    refused(signed(files[1:]), ContentsError)  # no document.json at all


def test_an_evidence_file_whose_name_is_not_its_hash_is_refused():
    files = small_files()[:2] + [("evidence/" + sha(b"something else"), SMALL_EVIDENCE)]
    refused(signed(files), ContentsError)


def _what_is_read(verified) -> tuple:
    return (verified.manifest_bytes, verified.signature, verified.document, verified.pdf, verified.evidence)


# Two bundles whose bytes differ only in their id and time. In the second, a distance inside the
# manifest's compressed data has a twin: flipping its low bit copies an equal earlier run, so the
# file reads exactly as before.
TWIN_DISTANCE_BUNDLE = bundle(created_at=datetime(2026, 12, 6, 3, 28, 26, tzinfo=timezone.utc),
                              bundle_id="00000000-0000-4000-802b-dc545d942315")


@pytest.mark.parametrize("whole, same_when_flipped", [(SMALL_BUNDLE, []), (TWIN_DISTANCE_BUNDLE, [(236, 0x01)])],
                         ids=["small", "twin-distance"])
def test_flipping_any_single_byte_is_refused_unless_the_file_reads_the_same(whole, same_when_flipped):
    """Deflate can write the same bytes more than one way, so a flip may leave what is read
    unchanged; a flip that changes anything read is refused."""
    started = time.perf_counter()
    assert len(whole) < 3000
    expected = _what_is_read(read_bundle(whole))
    unchanged = []
    for position in range(len(whole)):
        for mask in (0xFF, 0x01):
            altered = bytearray(whole)
            altered[position] ^= mask
            try:
                verified = read_bundle(bytes(altered))
            except BundleError:
                continue
            assert _what_is_read(verified) == expected, (position, mask)
            unchanged.append((position, mask))
    assert unchanged == same_when_flipped
    assert time.perf_counter() - started < 10


def _mutate(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    kind = rnd.randrange(6)
    if kind == 0:
        for _ in range(rnd.randint(1, 4)):
            b[rnd.randrange(len(b))] ^= rnd.randint(1, 255)
    elif kind == 1:
        del b[rnd.randrange(len(b)):]
    elif kind == 2:
        at = rnd.randrange(len(b) + 1)
        b[at:at] = rnd.randbytes(rnd.randint(1, 16))
    elif kind == 3:
        at = rnd.randrange(len(b))
        del b[at:at + rnd.randint(1, 64)]
    elif kind == 4:
        at = rnd.randrange(len(b))
        b[at] = rnd.choice([0, 0xFF, 0x7F, 0x80])
    else:
        at, to = rnd.randrange(len(b)), rnd.randrange(len(b))
        b[to:to] = b[at:at + rnd.randint(1, 46)]
    return bytes(b)


def test_fuzzing_valid_bundles_lets_only_bundle_errors_escape(demo_store):
    plan, parent, report = demo_store.load_document("s000-report")
    originals = [SMALL_BUNDLE, bundle(document_from_objects(plan, parent, report),
                                      sender_id=plan.organisation.id, sender_name=plan.organisation.name)]
    expected = [read_bundle(b) for b in originals]
    rnd = random.Random(20241220)
    started = time.perf_counter()
    refused_count = 0
    for i in range(20000):
        which = i % 2
        altered = _mutate(originals[which], rnd)
        try:
            got = read_bundle(altered)
        except BundleError as error:
            refused_count += 1
            assert str(error)
            continue
        want = expected[which]
        assert got.manifest_bytes == want.manifest_bytes and got.document == want.document
        assert got.pdf == want.pdf and got.evidence == want.evidence
    assert refused_count > 19500
    assert time.perf_counter() - started < 20


def _random_value(rnd: random.Random):
    return rnd.choice([None, 0, -1, 2 ** 70, 1.5, True, "", "x" * 300, "2024-13-45", [], {}, [1, "a"],
                       {"id": "x"}, "../../x", "H9", "ЗДТГ"])


def _replace_somewhere(value, rnd: random.Random):
    if isinstance(value, dict) and value and rnd.random() < 0.8:
        key = rnd.choice(sorted(value))
        value[key] = _replace_somewhere(value[key], rnd)
        return value
    if isinstance(value, list) and value and rnd.random() < 0.8:
        at = rnd.randrange(len(value))
        value[at] = _replace_somewhere(value[at], rnd)
        return value
    return _random_value(rnd)


def test_signed_but_nonsensical_documents_raise_only_bundle_errors(demo_store):
    plan, parent, report = demo_store.load_document("s001-report")
    base = document_from_objects(plan, parent, report)
    rnd = random.Random(7)
    for _ in range(300):
        document = _replace_somewhere(copy.deepcopy(base), rnd)
        text = json.dumps(document, ensure_ascii=False).encode()
        files = [("document.json", text)]
        manifest = manifest_for(files, document_id=report.id)
        try:
            read_bundle(signed(files, manifest=manifest))
        except BundleError as error:
            assert_sentence(error)


# ---------------------------------------------------------------- photos and size

def _jpeg(size, quality=90, noise=20, exif=None) -> bytes:
    from PIL import Image
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", [Image.blend(gradient, Image.effect_noise(size, noise), 0.5),
                                Image.effect_noise(size, noise), gradient.rotate(180)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def test_recompress_photo_shrinks_big_photos_and_keeps_the_size_of_small_ones():
    from PIL import Image
    big = _jpeg((3000, 2000))
    small = recompress_photo(big)
    with Image.open(io.BytesIO(small)) as image:
        assert image.format == "JPEG" and image.size == (1600, 1067)
    assert len(small) < len(big)
    little = _jpeg((800, 600))  # kept at its size, saved again without metadata (tests/test_photos.py)
    with Image.open(io.BytesIO(recompress_photo(little))) as image:
        assert image.format == "JPEG" and image.size == (800, 600)
    assert recompress_photo(SMALL_PDF) == SMALL_PDF
    assert recompress_photo(b"") == b""


def test_recompress_photo_applies_the_exif_orientation_and_converts_big_pngs():
    from PIL import Image
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    turned = recompress_photo(_jpeg((2400, 1800), exif=exif.tobytes()))
    with Image.open(io.BytesIO(turned)) as image:
        assert image.size == (1200, 1600) and not image.getexif().get(0x0112)
    png = io.BytesIO()
    Image.new("RGBA", (2000, 1000), (10, 200, 30, 128)).save(png, "PNG")
    with Image.open(io.BytesIO(recompress_photo(png.getvalue()))) as image:
        assert image.format == "JPEG" and image.size == (1600, 800)


def test_ten_phone_photos_fit_in_an_email_after_recompression():
    from PIL import Image
    size = (3264, 2448)
    gradient = Image.linear_gradient("L").resize((size[0] + 64, size[1] + 64))
    base = Image.merge("RGB", [Image.blend(gradient, Image.effect_noise(gradient.size, 20), 0.5),
                               Image.effect_noise(gradient.size, 20), gradient.rotate(180)])
    photos = []
    for i in range(10):
        buffer = io.BytesIO()
        base.crop((i * 6, i * 5, i * 6 + size[0], i * 5 + size[1])).save(buffer, "JPEG", quality=88)
        photos.append(buffer.getvalue())
    assert all(2_500_000 < len(p) < 4_500_000 for p in photos)
    originals = {f"photo-{i}.jpg": p for i, p in enumerate(photos)}
    warning = size_report(originals)
    assert len(warning) == 5 and warning[0][1] == max(len(p) for p in photos)
    assert size_report({"photo-0.jpg": photos[0]}) == []
    smaller = [recompress_photo(p) for p in photos]
    data = bundle(evidence={sha(p): p for p in smaller})
    assert len(data) < EMAIL_LIMIT and size_report(data) == []
    assert read_bundle(data).evidence == {sha(p): p for p in smaller}
    big = bundle(evidence={sha(p): p for p in photos[:3]})
    named = size_report(big)
    assert len(big) > EMAIL_LIMIT and named[0][0].startswith("evidence/")


# ---------------------------------------------------------------- version 2: receipts and returns

def _receipt(**changes):
    from datetime import datetime, timezone

    from aplan_desktop.bundle.receipt import Reason, Receipt, ReceiptItem

    item = ReceiptItem("r1", 2, "a" * 64, datetime(2025, 5, 9, 3, tzinfo=timezone.utc), "returned",
                       datetime(2025, 5, 12, 3, tzinfo=timezone.utc), (Reason("m-1", "Нотлох баримт хавсаргаагүй"),), "Засаад дахин ирүүлнэ үү")
    return Receipt(changes.get("to", "org-1"), (item,))


def test_a_receipt_is_signed_and_read_back_and_needs_version_2():
    data = build_bundle(None, SEED, kind="receipt", revision=1, previous_manifest_sha256=None, sender_id="aimag",
                        sender_name="Өвөрхангай аймаг", receipt=_receipt())
    v = read_bundle(data)
    assert (v.kind, v.document_id, v.plan, v.document) == ("receipt", "org-1", None, {})
    assert v.format_version == 2  # the oldest version that carries a receipt, unless told
    assert v.receipt == _receipt()
    with pytest.raises(BundleError) as info:
        build_bundle(None, SEED, kind="receipt", revision=1, previous_manifest_sha256=None, sender_id="aimag",
                     sender_name="Өвөрхангай аймаг", receipt=_receipt(), format_version=1)
    assert "version 2" in error_text(info.value, "en")


def test_a_report_is_written_in_version_1_when_the_aimag_reads_only_that():
    data = build_bundle(SMALL_DOCUMENT, SEED, kind="report", revision=1, previous_manifest_sha256=None,
                        sender_id="org-1", sender_name="Бат-Өлзий сум", format_version=1)
    assert json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))["format_version"] == 1
    assert read_bundle(data).format_version == 1


@pytest.mark.parametrize("change", [
    pytest.param(lambda m, f: m.update(format_version=1), id="receipt-in-version-1"),
    pytest.param(lambda m, f: m.update(kind="report"), id="report-with-only-a-receipt"),
])
def test_a_receipt_in_the_wrong_place_is_refused(change):
    receipt = b'{"to": "org-1", "items": []}'
    files = [("receipt.json", receipt)]
    manifest = manifest_for(files, kind="receipt", document_id="org-1")
    manifest["format_version"] = 2
    change(manifest, files)
    refused(signed(files, manifest=manifest))


@pytest.mark.parametrize("receipt", [
    b'{"to": "org-1"}', b'{"to": "org-1", "items": [], "x": 1}', b'{"to": "../x", "items": []}',
    b'{"to": "org-1", "items": [{"document_id": "r1"}]}', b'[1]', b'\xff',
    ('{"to": "org-1", "items": [{"document_id": "r1", "kind": "report", "revision": 0, "manifest_sha256": "' + "a" * 64
     + '", "received_at": "2025-05-09T03:00:00Z", "state": "received", "state_at": "2025-05-09T03:00:00Z", "reasons": [], "note": ""}]}').encode(),
    ('{"to": "org-1", "items": [{"document_id": "r1", "kind": "report", "revision": 1, "manifest_sha256": "' + "a" * 64
     + '", "received_at": "2025-05-09T03:00:00Z", "state": "lost", "state_at": "2025-05-09T03:00:00Z", "reasons": [], "note": ""}]}').encode(),
    ('{"to": "org-1", "items": [{"document_id": "r1", "kind": "report", "revision": 1, "manifest_sha256": "' + "a" * 64
     + '", "received_at": "2025-05-09T03:00:00Z", "state": "returned", "state_at": "2025-05-09T03:00:00Z", "reasons": [], "note": "' + "я" * 2001
     + '"}]}').encode(),
])
def test_a_receipt_of_the_wrong_shape_is_refused(receipt):
    files = [("receipt.json", receipt)]
    manifest = manifest_for(files, kind="receipt", document_id="org-1")
    manifest["format_version"] = 2
    refused(signed(files, manifest=manifest), ContentsError)


def test_for_an_aimag_that_reads_version_1_the_document_goes_as_version_1_when_nothing_is_lost(demo_store):
    from aplan_desktop.core.interchange import objects_from_document
    from aplan_desktop.core.model import Section

    plan, parent, report = demo_store.load_document("s000-report")
    document = document_from_objects(plan, parent, report)
    assert document["format_version"] == 2
    data = build_bundle(document, SEED, kind="report", revision=report.revision, previous_manifest_sha256=None,
                        sender_id="org-1", sender_name="Бат-Өлзий сум", format_version=1)
    sent = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("document.json"))
    assert sent["format_version"] == 1 and "sections" not in sent["plan"] and "organisation_id" not in sent["report"]
    assert document_from_objects(*objects_from_document(sent)) == document  # nothing lost on the way
    plan.sections = [Section("sec-1", "1", "Үндсэн үйл ажиллагаа")]
    for objective in plan.objectives:
        objective.section_id = "sec-1"
    with pytest.raises(BundleError) as info:
        build_bundle(document_from_objects(plan, parent, report), SEED, kind="report", revision=report.revision,
                     previous_manifest_sha256=None, sender_id="org-1", sender_name="Бат-Өлзий сум", format_version=1)
    assert "version 2" in error_text(info.value, "en") and "sections" in error_text(info.value, "en")
