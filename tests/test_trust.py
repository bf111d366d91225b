"""Trust between offices: a registered soum acting in bad faith, or one broken file, changes
nothing but that soum's own data. One test (or more) per finding of the review of trust."""

from __future__ import annotations

import copy
import json
import tracemalloc
from pathlib import Path

import pytest

from aplan_desktop import bundle
from aplan_desktop.bundle.keys import fingerprint, public_key
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import DocumentFormatError, UserError
from aplan_desktop.core.model import Organisation, OrganisationKind, Review
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.core.workflow import finalise_report, reopen_report
from aplan_desktop.documents import load_demo
from aplan_desktop.exchange import (
    CONFLICT, NEW, NEWER, REFUSED, apply_import, dry_run, export_document, own_fingerprint,
    replace_key, trust_sender,
)
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords
from bundle_maker import raw_bundle
from conftest import run_aplan
from test_exchange import aimag, soum, state  # noqa: F401 - the fixtures

SEED_A = bytes(range(1, 33))          # soum A, registered at the aimag, acting in bad faith
SEED_STRANGER = bytes(range(2, 34))   # nobody registered
A = Organisation("org-a-sum", "А сум ЗДТГ", OrganisationKind.SOUM, parent_id="aimag-ovorkhangai")


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def _a_plan(soum: Store):
    """Soum A's own plan: Bat-Ölzii's, under A's ids."""
    plan = copy.deepcopy(soum.plan("s000-plan"))
    plan.id, plan.organisation = "a-plan", copy.deepcopy(A)
    for o in plan.objectives:
        o.id = "a-" + o.id
        for m in o.measures:
            m.id = "a-" + m.id
    return plan


def _build(document: dict, seed: bytes, sender: Organisation, kind: str, revision: int,
           previous: str | None = None) -> bytes:
    return bundle.build_bundle(document, seed, kind=kind, revision=revision, previous_manifest_sha256=previous,
                               sender_id=sender.id, sender_name=sender.name)


@pytest.fixture
def registered(soum, aimag, tmp_path):
    """The aimag holds Bat-Ölzii's report (revision 1, scored 40 by the aimag) and soum A's plan."""
    first = export_document(soum, "s000-report", tmp_path / "mail").path
    trust_sender(aimag, first, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [first]))
    report = aimag.report("s000-report")
    for entry in report.entries:
        entry.review = Review(40, "Аймгийн үнэлгээ")
    aimag.save_report(report)
    a_plan = _write(tmp_path / "a", "a_plan.aplan", _build(
        interchange.document_from_objects(_a_plan(soum), aimag.organisation("aimag-ovorkhangai")), SEED_A, A,
        "plan", 1))
    trust_sender(aimag, a_plan, fingerprint(public_key(SEED_A)))
    items = dry_run(aimag, [a_plan])
    assert [i.status for i in items] == [NEW]
    apply_import(aimag, items)
    return first


def _revision_2(soum: Store, folder: Path, change=None) -> Path:
    report = soum.report("s000-report")
    reopen_report(report, "Аймгаас засвар хүссэн")
    report.entries[8].percent = 90
    if change:
        change(report)
    finalise_report(report, soum.plan(report.plan_id), ScoreScale.free())
    soum.save_report(report)
    return export_document(soum, "s000-report", folder).path


def _scores(store: Store) -> list:
    return [(e.review.score, e.review.comment) for e in store.report("s000-report").entries]


# ---------------------------------------------------------------- 1. a soum forging the aimag's review

def test_a_soum_cannot_forge_the_aimags_review_of_another_soum(soum, aimag, registered, tmp_path):
    plan, _, report = aimag.load_document("s000-report")
    plan.organisation.parent_id = A.id  # "B is under A": the bundle's claim, not the aimag's records
    for entry in report.entries:
        entry.review = Review(0, "(forged by soum A)")
    report.revision = 100
    forged = _write(tmp_path / "forged", "review.aplan", _build(
        interchange.document_from_objects(plan, A, report), SEED_A, A, "review", 100))
    before = state(aimag)
    (item,) = dry_run(aimag, [forged])
    assert item.status == REFUSED and "харьяа" in item.message
    assert [i.status for i in apply_import(aimag, [item])] == [REFUSED]
    assert state(aimag) == before and set(_scores(aimag)) == {(40, "Аймгийн үнэлгээ")}
    genuine = _revision_2(soum, tmp_path / "r2")
    assert [i.status for i in apply_import(aimag, dry_run(aimag, [genuine]))] == [NEWER]
    assert aimag.report("s000-report").revision == 2
    assert aimag.organisation("org-bat-olzii").parent_id == "aimag-ovorkhangai"


# ---------------------------------------------------------------- 2. a soum's own report setting the aimag's scores

def test_review_fields_in_a_bodys_own_report_are_ignored(soum, aimag, registered, tmp_path):
    def self_scored(report):
        for entry in report.entries:
            entry.review = Review(100, "Өөрөө тавьсан")

    second = _revision_2(soum, tmp_path / "r2", self_scored)
    assert [i.status for i in apply_import(aimag, dry_run(aimag, [second]))] == [NEWER]
    assert aimag.report("s000-report").entries[8].percent == 90
    assert set(_scores(aimag)) == {(40, "Аймгийн үнэлгээ")}


def test_a_first_report_brings_no_scores_of_its_own(soum, tmp_path):
    aimag = Store.open(tmp_path / "fresh-aimag.sqlite")
    report = soum.report("s000-report")
    report.entries[0].review = Review(100, "Өөрөө")
    soum.save_report(report)
    path = export_document(soum, "s000-report", tmp_path / "mail").path
    trust_sender(aimag, path, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [path]))
    assert set(_scores(aimag)) == {(None, "")}
    aimag.close()


# ---------------------------------------------------------------- 3. one bad bundle stopping the batch

def test_each_bundle_is_judged_on_its_own_and_the_good_one_is_imported(soum, aimag, registered, tmp_path):
    folder = tmp_path / "batch"
    measure = soum.plan("s000-plan").measures()[0].id
    surrogate = b'{"format": "aplan.document", "format_version": 1, "type": "plan", "plan": {"id": "x\\ud800"}}'
    _write(folder, "1_surrogate.aplan", raw_bundle(surrogate, SEED_STRANGER, kind="plan", document_id="x-plan",
                                                   revision=1, sender_id="org-x", sender_name="Х сум"))
    a_plan = _a_plan(soum)
    big = interchange.document_from_objects(a_plan, None)
    big_report = {"id": "a-report", "plan_id": "a-plan", "period": "H2", "status": "sent", "revision": 1,
                  "entries": [{"measure_id": a_plan.measures()[0].id, "percent": 2 ** 63}]}
    _write(folder, "2_percent.aplan", raw_bundle(json.dumps({**big, "type": "report", "report": big_report}).encode(),
                                                 SEED_A, kind="report", document_id="a-report", revision=1,
                                                 sender_id=A.id, sender_name=A.name))
    _write(folder, "3_revision.aplan", raw_bundle(
        json.dumps(big).encode(), SEED_A, kind="plan", document_id="a-plan", revision=2 ** 63, sender_id=A.id,
        sender_name=A.name))
    taken = copy.deepcopy(a_plan)
    taken.objectives[0].measures[0].id = measure  # Bat-Ölzii's measure id, in A's own plan
    _write(folder, "4_taken.aplan", _build(interchange.document_from_objects(taken, None), SEED_A, A, "plan", 2,
                                           registered and ExchangeRecords(aimag).applied("a-plan").manifest_sha256))
    _revision_2(soum, folder)
    dry = dry_run(aimag, [folder])
    assert [i.status for i in dry] == [REFUSED, REFUSED, REFUSED, REFUSED, NEWER]
    assert all(i.message and "Traceback" not in i.message for i in dry[:4])
    assert "/report/entries/0/percent" in dry[1].message and "өөр төлөвлөгөөнд" in dry[3].message
    done = apply_import(aimag, dry)
    assert [i.status for i in done] == [i.status for i in dry]  # what the dry run calls new, imports
    assert aimag.report("s000-report").revision == 2
    assert aimag.plan("s000-plan").measures()[0].id == measure and aimag.plan("a-plan").measures()[0].id != measure


# ---------------------------------------------------------------- 4. aplan load and other organisations' documents

def _dumped(db: Path, doc_id: str) -> dict:
    result = run_aplan("dump", doc_id, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_load_refuses_another_organisations_document_and_replaces_ones_own_after_a_backup(tmp_path):
    db = tmp_path / "aplan.sqlite"
    assert run_aplan("demo", db=db).returncode == 0
    from test_cli import _content, _fails_cleanly

    before = _content(db)
    intruder = _dumped(db, "s000-report")  # the district's report id, inside Bat-Ölzii's plan
    intruder["report"]["id"] = "s001-report"
    path = tmp_path / "intruder.json"
    path.write_text(json.dumps(intruder, ensure_ascii=False), encoding="utf-8")
    line = _fails_cleanly(run_aplan("load", str(path), "--replace", db=db))
    assert "s001-report" in line and "Сонгинохайрхан" in line
    renamer = _dumped(db, "s004-plan")  # a new plan under another organisation's id and another name
    renamer["plan"]["id"] = "new-plan"
    renamer["plan"]["organisation"]["name"] = "Өөр нэр"
    renamer["plan"]["objectives"] = []
    path.write_text(json.dumps(renamer, ensure_ascii=False), encoding="utf-8")
    assert "--replace" in _fails_cleanly(run_aplan("load", str(path), db=db))
    assert _content(db) == before and not (tmp_path / "backups").exists()
    own = _dumped(db, "s004-plan")
    own["plan"]["title"] = "Шинэчилсэн гарчиг"
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    assert "--replace" in _fails_cleanly(run_aplan("load", str(path), db=db))
    assert run_aplan("load", str(path), "--replace", db=db).returncode == 0
    assert _dumped(db, "s004-plan")["plan"]["title"] == "Шинэчилсэн гарчиг"
    assert len(list((tmp_path / "backups").glob("*load*"))) == 1


def test_dump_then_load_round_trips_values_at_their_bounds(tmp_path):
    from decimal import Decimal

    store = Store.open(tmp_path / "a.sqlite")
    load_demo(store)
    plan, parent, report = store.load_document("s000-report")
    plan.measures()[0].budget.amount = Decimal("1E+5")
    plan.measures()[1].text = "Ү" * interchange.LONG_TEXT
    report.entries[0].percent, report.entries[1].percent = 0, 100
    report.entries[0].review = Review(100, "😀 emoji")
    store.save_document(plan, parent, report)
    text = interchange.dumps(interchange.document_from_objects(*store.load_document("s000-report")))
    other = Store.open(tmp_path / "b.sqlite")
    other.save_document(*interchange.loads(text))
    assert interchange.dumps(interchange.document_from_objects(*other.load_document("s000-report"))) == text
    store.close()
    other.close()


# ---------------------------------------------------------------- 5. the key register

def test_one_key_belongs_to_one_organisation(soum, aimag, registered, tmp_path):
    plan, parent, report = soum.load_document("s001-report")  # another body's document, signed with A's key
    claim = _write(tmp_path / "claim", "claim.aplan", _build(
        interchange.document_from_objects(plan, parent, report), SEED_A, plan.organisation, "report",
        report.revision))
    with pytest.raises(UserError) as refused:
        trust_sender(aimag, claim, fingerprint(public_key(SEED_A)))
    assert "А сум" in str(refused.value)
    (item,) = dry_run(aimag, [claim])
    assert item.status == REFUSED and "Нэг түлхүүр нэг байгууллагынх" in item.message
    ExchangeRecords(aimag).trust_key(plan.organisation.id, public_key(SEED_A).hex())  # as older versions let it
    (item,) = dry_run(aimag, [claim])
    assert item.status == REFUSED and "org-a-sum, org-songinokhairkhan" in item.message


def test_a_second_key_needs_the_replace_step_which_shows_and_logs_both(soum, aimag, registered, tmp_path):
    old = own_fingerprint(soum)
    soum.set_setting("signing_key", "22" * 32)  # Bat-Ölzii's new computer
    new = own_fingerprint(soum)
    second = _revision_2(soum, tmp_path / "new-key")
    with pytest.raises(UserError) as refused:
        trust_sender(aimag, second, new)
    assert old in str(refused.value) and new in str(refused.value)
    (refused_item,) = dry_run(aimag, [second])
    assert refused_item.status == REFUSED and refused_item.registered_fingerprint == old  # the window offers
    assert refused_item.verified.sender_fingerprint == new                                # the replacement
    change = replace_key(aimag, second, new)
    assert (change.old_fingerprint, change.new_fingerprint) == (old, new)
    (logged,) = ExchangeRecords(aimag).key_changes()
    assert logged["organisation_id"] == "org-bat-olzii" and logged["old_key"] != logged["new_key"]
    assert [i.status for i in apply_import(aimag, dry_run(aimag, [second]))] == [NEWER]
    listing = run_aplan("keys", db=aimag.path).stdout
    assert old in listing and new in listing


# ---------------------------------------------------------------- 6. the revision chain

def test_a_revision_following_nothing_here_is_a_conflict_for_the_user(soum, aimag, registered, tmp_path):
    plan, parent, report = soum.load_document("s000-report")
    report.revision = 7
    seed = bytes.fromhex(soum.setting("signing_key"))
    gap = _write(tmp_path / "gap", "r7.aplan", _build(interchange.document_from_objects(plan, parent, report), seed,
                                                        plan.organisation, "report", 7, "ab" * 32))
    before = state(aimag)
    (item,) = dry_run(aimag, [gap])
    assert item.status == CONFLICT and "ирээгүй" in item.message
    assert [i.status for i in apply_import(aimag, [item])] == [CONFLICT] and state(aimag) == before
    fork = _write(tmp_path / "fork", "r3.aplan", _build(
        interchange.document_from_objects(plan, parent, report), seed, plan.organisation, "report", 7,
        ExchangeRecords(aimag).applied("s000-report").previous_manifest_sha256 or None))
    assert dry_run(aimag, [fork])[0].status == CONFLICT  # says "first sending", but revision 1 is here


def test_the_manifest_and_the_document_agree_on_the_revision(soum, aimag, registered, tmp_path):
    plan, parent, report = soum.load_document("s000-report")
    text = json.dumps(interchange.document_from_objects(plan, parent, report), ensure_ascii=False).encode()
    seed = bytes.fromhex(soum.setting("signing_key"))
    path = _write(tmp_path / "nine", "r9.aplan", raw_bundle(
        text, seed, kind="report", document_id="s000-report", revision=9, sender_id="org-bat-olzii",
        sender_name=plan.organisation.name, previous=ExchangeRecords(aimag).applied("s000-report").manifest_sha256))
    (item,) = dry_run(aimag, [path])
    assert item.status == REFUSED and "9" in item.message and "1" in item.message


# ---------------------------------------------------------------- 7. streaming

def test_the_signature_is_checked_before_any_member_is_unpacked():
    document = json.dumps(interchange.document_from_objects(
        *_demo_document("s004-plan"))).encode()
    scan = bytes(range(256)) * 400
    made = {}
    for name, forger in (("forged", SEED_STRANGER), ("signed", None)):
        data = bytearray(raw_bundle(document, SEED_A, kind="plan", document_id="s004-plan", revision=1,
                                    sender_id="org-gasr", sender_name="ГАСР", signed_by=forger,
                                    evidence={bundle.reader.hashlib.sha256(scan).hexdigest(): scan}))
        data[data.index(b"PK\x01\x02") - 5] ^= 0xFF  # the evidence's data is damaged
        made[name] = bytes(data)
    with pytest.raises(bundle.SignatureError):
        bundle.read_bundle(made["forged"])
    with pytest.raises(bundle.DamagedMemberError):
        bundle.read_bundle(made["signed"])


def _demo_document(doc_id: str, _cache: dict = {}):
    if not _cache:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(Path(folder) / "demo.sqlite")
            load_demo(store)
            _cache.update({d.id: store.load_document(d.id) for d in store.documents()})
            store.close()
    return _cache[doc_id]


def test_members_are_hashed_and_stored_as_they_stream_not_held_whole(soum, aimag, registered, tmp_path):
    import os

    evidence = os.urandom(30_000_000)
    sha = bundle.reader.hashlib.sha256(evidence).hexdigest()
    soum_report = soum.report("s000-report")
    plan = soum.plan(soum_report.plan_id)
    from aplan_desktop.core.model import Evidence

    soum_report.entries[0].evidence.append(Evidence("scan.pdf", sha, len(evidence), "application/pdf"))
    seed = bytes.fromhex(soum.setting("signing_key"))
    previous = ExchangeRecords(aimag).applied("s000-report").manifest_sha256
    soum_report.revision = 2
    data = bundle.build_bundle(interchange.document_from_objects(plan, soum.parent_of(plan.organisation),
                                                                 soum_report), seed, kind="report", revision=2,
                               previous_manifest_sha256=previous, sender_id=plan.organisation.id,
                               sender_name=plan.organisation.name, evidence={sha: evidence})
    path = _write(tmp_path / "big", "big.aplan", data)
    del data, evidence
    tracemalloc.start()
    try:
        items = dry_run(aimag, [path])
        _, dry_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        done = apply_import(aimag, items)
        _, import_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [i.status for i in done] == [NEWER]
    assert dry_peak < 8_000_000 and import_peak < 8_000_000, (dry_peak, import_peak)
    assert bundle.reader.hashlib.sha256(aimag.file_content(sha)).hexdigest() == sha


# ---------------------------------------------------------------- 8. hostile JSON documents

def _seed_report() -> dict:
    return interchange.document_from_objects(*_demo_document("s000-report"))


def _entry(doc):
    return doc["report"]["entries"][0]


def _measure(doc):
    return doc["plan"]["objectives"][0]["measures"][0]


HOSTILE = {
    "percent -50": lambda d: _entry(d).__setitem__("percent", -50),
    "percent 101": lambda d: _entry(d).__setitem__("percent", 101),
    "percent 2^31": lambda d: _entry(d).__setitem__("percent", 2 ** 31),
    "percent 2^63": lambda d: _entry(d).__setitem__("percent", 2 ** 63),
    "score -5": lambda d: _entry(d).__setitem__("review", {"score": -5, "comment": ""}),
    "score 1000": lambda d: _entry(d).__setitem__("review", {"score": 1000, "comment": ""}),
    "revision 2^63": lambda d: d["report"].__setitem__("revision", 2 ** 63),
    "date 9999-12-31": lambda d: d["report"].__setitem__("report_date", "9999-12-31"),
    "date 2025-W01-1": lambda d: d["report"].__setitem__("report_date", "2025-W01-1"),
    "date 20250101": lambda d: d["report"].__setitem__("report_date", "20250101"),
    "start after end": lambda d: _measure(d).__setitem__(
        "timeframe", {"text": "x", "start": "2024-06-30", "end": "2024-01-01"}),
    "lone surrogate": lambda d: _entry(d).__setitem__("result", "\ud800"),
    "long text": lambda d: _entry(d).__setitem__("result", "ы" * (interchange.LONG_TEXT + 1)),
    "many criteria": lambda d: _measure(d).__setitem__("criteria", ["x"] * 101),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_out_of_range_values_are_refused_naming_the_field(name):
    doc = _seed_report()
    HOSTILE[name](doc)
    with pytest.raises(DocumentFormatError) as info:
        interchange.loads(json.dumps(doc))
    assert "/" in info.value.params.get("path", "") or name == "lone surrogate"


RAW_HOSTILE = {
    "duplicate keys": lambda t: t.replace('"type": "report"', '"type": "plan", "type": "report"', 1),
    "deep nesting": lambda t: t.replace('"criteria": [', '"criteria": [' + "[" * 100_000, 1),
    "5000 digits": lambda t: t.replace('"revision": 1', '"revision": 1' + "0" * 5000, 1),
    "NaN": lambda t: t.replace('"revision": 1', '"revision": NaN', 1),
    "a million objects": lambda t: t.replace('"criteria": [', '"criteria": [' + "{}," * 1_000_000, 1),
}


@pytest.mark.parametrize("name", RAW_HOSTILE)
def test_hostile_json_is_one_sentence_from_the_command_line(name, tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text(RAW_HOSTILE[name](json.dumps(_seed_report(), ensure_ascii=False)), encoding="utf-8")
    with pytest.raises(DocumentFormatError):
        interchange.loads(path.read_text(encoding="utf-8"))
    result = run_aplan("load", str(path), db=tmp_path / "a.sqlite")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("aplan: ")


def test_brackets_commas_and_digits_inside_texts_are_text_not_structure():
    doc = _seed_report()
    text = '[{,' * 33_000 + '"\\' + "1" * 40  # six of them: more brackets and commas than MAX_ITEMS
    for entry in doc["report"]["entries"][:6]:
        entry["result"] = text
    dumped = json.dumps(doc, ensure_ascii=False)
    interchange.check_shape(dumped.encode())
    plan, parent, report = interchange.loads(dumped)
    assert [e.result for e in report.entries[:6]] == [text] * 6


def test_the_command_line_shows_a_gap_and_imports_it_once_accepted(soum, aimag, registered, tmp_path):
    report_path = _revision_2(soum, tmp_path / "r2")
    _revision_2(soum, tmp_path / "r3")  # revision 3 follows revision 2, which the aimag never got
    third = next((tmp_path / "r3").glob("*.aplan"))
    dry = run_aplan("import", str(third), "--dry-run", db=aimag.path)
    assert dry.returncode == 1 and "ирээгүй" in dry.stdout and f'aplan import --accept-gaps "{third}"' in dry.stdout
    accepted = run_aplan("import", str(third), "--accept-gaps", db=aimag.path)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert aimag.report("s000-report").revision == 3
    late = run_aplan("import", str(report_path), db=aimag.path)  # revision 2 arriving last is history
    assert late.returncode == 0 and aimag.report("s000-report").revision == 3
