"""Soum and aimag, each with its own real database: export, import, review, revisions."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from aplan_desktop import bundle
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import Organisation, OrganisationKind, ReportStatus
from aplan_desktop.core.workflow import finalise_report, reopen_report
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.documents import load_demo
from aplan_desktop.exchange import (
    CONFLICT, DUPLICATE, NEW, NEWER, OLDER, REFUSED, UNKNOWN_SENDER, apply_import, dry_run, export_document,
    own_fingerprint, trust_sender,
)
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.printing import consolidation_for
from aplan_desktop.core.periods import Period
from aplan_desktop.storage import Store
from aplan_desktop.storage.exchange import ExchangeRecords
from conftest import run_aplan


@pytest.fixture
def soum(tmp_path):
    store = Store.open(tmp_path / "soum.sqlite")
    load_demo(store)
    store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    yield store
    store.close()


@pytest.fixture
def aimag(tmp_path):
    store = Store.open(tmp_path / "aimag.sqlite")
    store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    store.set_setting(HOME_ORGANISATION, "aimag-ovorkhangai")
    yield store
    store.close()


def state(store: Store) -> list:
    """Every document as its interchange text, and what the exchange kept."""
    docs = [interchange.dumps(interchange.document_from_objects(*store.load_document(d.id)))
            for d in store.documents()]
    bundles = sorted(tuple(r[:3]) for r in store.db.execute(
        "SELECT manifest_sha256, revision, applied FROM bundles ORDER BY manifest_sha256"))
    return [sorted(docs), bundles]


def test_export_names_the_file_signs_it_and_marks_the_report_sent(soum, tmp_path):
    result = export_document(soum, "s000-report", tmp_path / "out")
    assert result.path.name == "bat-olzii_2024_H2_report_r1.aplan"
    assert result.letter_path.exists() and result.too_big == []
    from pypdf import PdfReader

    letter = "".join(p.extract_text() for p in PdfReader(result.letter_path).pages)
    assert own_fingerprint(soum) in letter and "Хавсралт: 4 хуудастай" in letter
    assert soum.report("s000-report").status == ReportStatus.SENT
    assert [h["action"] for h in soum.history("s000-report")] == ["sent"]
    with pytest.raises(UserError):
        draft = soum.report("s000-report")
        reopen_report(draft, "засвар")
        soum.save_report(draft)
        export_document(soum, "s000-report", tmp_path / "out")


def test_first_import_asks_for_the_key_then_imports_equal_documents(soum, aimag, tmp_path):
    path = export_document(soum, "s000-report", tmp_path / "out").path
    before = state(aimag)
    (item,) = dry_run(aimag, [path])
    assert item.status == UNKNOWN_SENDER and own_fingerprint(soum) in item.message
    apply_import(aimag, [item])
    assert state(aimag) == before
    with pytest.raises(UserError):
        trust_sender(aimag, path, "0000-0000-0000-0000-0000")
    assert ExchangeRecords(aimag).trusted_key("org-bat-olzii") is None
    trust_sender(aimag, path, own_fingerprint(soum).lower().replace("-", " "))
    (item,) = dry_run(aimag, [path])
    assert item.status == NEW
    apply_import(aimag, [item])
    assert interchange.document_from_objects(*aimag.load_document("s000-report")) == \
        interchange.document_from_objects(*soum.load_document("s000-report"))
    again = dry_run(aimag, [path])
    assert [i.status for i in again] == [DUPLICATE]
    after = state(aimag)
    apply_import(aimag, again)
    assert state(aimag) == after


def _send_revision_2(soum, folder):
    report = soum.report("s000-report")
    plan = soum.plan(report.plan_id)
    reopen_report(report, "Аймгаас засвар хүссэн")
    report.entries[8].result += " Нэмэлт: 2024 оны 12 дугаар сард дахин сургалт хийсэн."
    report.entries[8].percent = 90
    finalise_report(report, plan, ScoreScale.free())
    soum.save_report(report)
    return export_document(soum, "s000-report", folder)


def test_a_newer_revision_replaces_and_the_older_stays_as_history(soum, aimag, tmp_path):
    first = export_document(soum, "s000-report", tmp_path / "out").path
    trust_sender(aimag, first, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [first]))
    second = _send_revision_2(soum, tmp_path / "out")
    assert second.path.name == "bat-olzii_2024_H2_report_r2.aplan"
    items = dry_run(aimag, [second.path])
    assert [i.status for i in items] == [NEWER]
    apply_import(aimag, items)
    report = aimag.report("s000-report")
    assert report.revision == 2 and report.entries[8].percent == 90
    history = ExchangeRecords(aimag).bundles("s000-report", "received")
    assert [(b.revision, b.applied) for b in history] == [(1, False), (2, True)]
    assert history[1].previous_manifest_sha256 == history[0].manifest_sha256
    assert [i.status for i in dry_run(aimag, [first])] == [DUPLICATE]


def test_an_old_revision_arriving_late_is_kept_but_not_applied(soum, aimag, tmp_path):
    first = export_document(soum, "s000-report", tmp_path / "one").path
    second = _send_revision_2(soum, tmp_path / "two").path
    trust_sender(aimag, first, own_fingerprint(soum))
    (gap,) = dry_run(aimag, [second])  # revision 1 has not arrived: the user decides
    assert gap.status == CONFLICT and "ирээгүй" in gap.message
    assert [i.status for i in apply_import(aimag, [gap])] == [CONFLICT]
    assert [i.status for i in apply_import(aimag, [gap], accept_gaps=True)] == [NEW]
    items = dry_run(aimag, [first])
    assert [i.status for i in items] == [OLDER]
    apply_import(aimag, items)
    assert aimag.report("s000-report").revision == 2
    assert len(ExchangeRecords(aimag).bundles("s000-report", "received")) == 2


def test_the_aimags_review_goes_back_and_keeps_the_soums_text(soum, aimag, tmp_path):
    sent = export_document(soum, "s000-report", tmp_path / "out").path
    trust_sender(aimag, sent, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [sent]))
    reviewed = aimag.report("s000-report")
    reviewed.entries[0].review.score, reviewed.entries[0].review.comment = 70, "Нотломж дутуу байна."
    aimag.save_report(reviewed)
    review = export_document(aimag, "s000-report", tmp_path / "back", kind="review").path
    assert "_review_" in review.name
    (item,) = dry_run(soum, [review])
    assert item.status == UNKNOWN_SENDER
    trust_sender(soum, review, own_fingerprint(aimag))
    items = dry_run(soum, [review])
    assert [i.status for i in items] == [NEW]
    before = soum.report("s000-report")
    apply_import(soum, items)
    after = soum.report("s000-report")
    assert (after.entries[0].review.score, after.entries[0].review.comment) == (70, "Нотломж дутуу байна.")
    assert [e.result for e in after.entries] == [e.result for e in before.entries]
    second = _send_revision_2(soum, tmp_path / "again").path
    apply_import(aimag, dry_run(aimag, [second]))
    assert aimag.report("s000-report").entries[0].review.score == 70  # the aimag's score survives r2


def test_a_bundle_signed_by_another_key_is_refused(soum, aimag, tmp_path):
    path = export_document(soum, "s000-report", tmp_path / "out").path
    trust_sender(aimag, path, own_fingerprint(soum))
    soum.set_setting("signing_key", "11" * 32)  # someone else's installation claiming the same office
    forged = export_document(soum, "s001-report", tmp_path / "forged").path
    impostor = _send_revision_2(soum, tmp_path / "impostor").path
    before = state(aimag)
    items = dry_run(aimag, [impostor, forged])
    assert items[0].status == REFUSED and "бүртгэлтэй түлхүүрээс өөр" in items[0].message
    assert items[1].status == UNKNOWN_SENDER
    apply_import(aimag, items)
    assert state(aimag) == before


def test_a_registered_sender_cannot_take_over_another_bodys_documents(soum, aimag, tmp_path):
    path = export_document(soum, "s000-report", tmp_path / "out").path
    trust_sender(aimag, path, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [path]))
    other = Store.open(tmp_path / "other.sqlite")  # another soum's installation, registered at the aimag too
    load_demo(other)
    intruder = Organisation("org-a-sum", "А сум", OrganisationKind.SOUM, parent_id="aimag-ovorkhangai")
    plan = other.plan("s000-plan")  # the same ids as Bat-Ölzii's documents
    plan.organisation = intruder
    other.save_plan(plan, aimag.organisation("aimag-ovorkhangai"))
    report = other.report("s000-report")
    for entry in report.entries:
        entry.result = "ХУУРАМЧ"
    other.save_report(report)
    other.set_setting(HOME_ORGANISATION, "org-a-sum")
    forged = export_document(other, "s000-report", tmp_path / "forged").path
    trust_sender(aimag, forged, own_fingerprint(other))
    other.close()
    before = state(aimag)
    (item,) = dry_run(aimag, [forged])
    assert item.status == REFUSED and "Бат-Өлзий" in item.message
    apply_import(aimag, [item])
    assert state(aimag) == before


def test_tampered_and_foreign_files_are_refused_and_change_nothing(soum, aimag, tmp_path):
    path = export_document(soum, "s000-report", tmp_path / "out").path
    trust_sender(aimag, path, own_fingerprint(soum))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    tampered = tmp_path / "tampered.aplan"
    tampered.write_bytes(bytes(data))
    letter = tmp_path / "letter.aplan"
    letter.write_text("Сайн байна уу", encoding="utf-8")
    before = state(aimag)
    items = dry_run(aimag, [tampered, letter, tmp_path / "missing.aplan"])
    assert [i.status for i in items] == [REFUSED, REFUSED, REFUSED]
    assert all(i.message and "Traceback" not in i.message for i in items)
    apply_import(aimag, items)
    assert state(aimag) == before


def test_two_contents_claiming_one_revision_are_a_conflict(soum, aimag, tmp_path):
    first = export_document(soum, "s000-report", tmp_path / "a").path
    report = soum.report("s000-report")
    report.status = ReportStatus.FINAL
    report.entries[0].result = "Өөр агуулга, ижил засварын дугаартай"
    soum.save_report(report)
    other = export_document(soum, "s000-report", tmp_path / "b").path
    trust_sender(aimag, first, own_fingerprint(soum))
    items = dry_run(aimag, [first, other])
    assert [i.status for i in items] == [CONFLICT, CONFLICT]
    apply_import(aimag, items)
    assert aimag.documents() == []


def _ten_soums(soum: Store, folder: Path) -> list[Path]:
    """Ten soums' reports in two revisions each, each soum with a key of its own: twenty bundles."""
    base_plan, base_report = soum.plan("s000-plan"), soum.report("s000-report")
    paths = []
    for n in range(10):
        plan, report = copy.deepcopy(base_plan), copy.deepcopy(base_report)
        plan.id, report.id, report.plan_id = f"plan-{n}", f"report-{n}", f"plan-{n}"
        plan.organisation = Organisation(f"soum-{n}", f"Сум {n} ЗДТГ", OrganisationKind.SOUM,
                                         parent_id="aimag-ovorkhangai")
        for o in plan.objectives:
            o.id = f"{o.id}-{n}"
            for m in o.measures:
                new_id = f"{m.id}-{n}"
                for e in report.entries:
                    if e.measure_id == m.id:
                        e.measure_id = new_id
                m.id = new_id
        soum.save_document(plan, soum.parent_of(base_plan.organisation), report)
        soum.set_setting("signing_key", f"{n + 1:02x}" * 32)
        paths.append(export_document(soum, report.id, folder / "r1").path)
        reopen_report(report := soum.report(report.id), "засвар")
        report.entries[0].percent = 50 + n
        finalise_report(report, plan, ScoreScale.free())
        soum.save_report(report)
        paths.append(export_document(soum, report.id, folder / "r2").path)
    return paths


def test_twenty_bundles_in_any_order_give_the_same_final_state(soum, tmp_path):
    paths = _ten_soums(soum, tmp_path)
    rng = random.Random(7)
    states = []
    for attempt in range(6):
        store = Store.open(tmp_path / f"aimag-{attempt}.sqlite")
        store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
        for path in paths[::2]:
            trust_sender(store, path, bundle.read_bundle(path.read_bytes()).sender_fingerprint)
        order = paths[:]
        rng.shuffle(order)
        if attempt % 2:  # in two imports, each in its own order; a revision 2 that came before its
            apply_import(store, dry_run(store, order[:9]))  # revision 1 waits as a conflict and
            apply_import(store, dry_run(store, order[9:]))  # follows it when the folder is imported again
            apply_import(store, dry_run(store, order))
        else:
            apply_import(store, dry_run(store, order))
        states.append(state(store))
        assert sorted(d.revision for d in store.documents() if d.kind == "report") == [2] * 10
        store.close()
    assert all(s == states[0] for s in states)
    check = Store.open(tmp_path / "aimag-0.sqlite")
    c = consolidation_for(check, "aimag-ovorkhangai", 2024, Period.H2)
    assert len(c.received()) == 10 and all(b.received for b in c.received())
    check.close()


def test_cli_export_keys_and_import(soum, tmp_path):
    soum_db = Path(soum.db.conn.execute("PRAGMA database_list").fetchone()[2])
    soum.close()
    out = tmp_path / "mail"
    result = run_aplan("export", "s000-report", "-o", str(out), db=soum_db, lang="en")
    assert result.returncode == 0, result.stderr
    bundle_path = next(out.glob("*.aplan"))
    fingerprint = run_aplan("keys", db=soum_db).stdout.split(": ")[1].split()[0]
    aimag_db = tmp_path / "aimag-cli.sqlite"
    dry = run_aplan("import", str(out), "--dry-run", db=aimag_db, lang="en")
    assert dry.returncode == 1 and "sender not registered" in dry.stdout
    wrong = run_aplan("keys", "--trust", str(bundle_path), "--fingerprint", "AAAA", db=aimag_db, lang="en")
    assert wrong.returncode == 1 and "does not match" in wrong.stderr
    assert run_aplan("keys", "--trust", str(bundle_path), "--fingerprint", fingerprint, db=aimag_db).returncode == 0
    imported = run_aplan("import", str(out), db=aimag_db, lang="en")
    assert imported.returncode == 0 and "Imported 1 documents." in imported.stdout
    again = run_aplan("import", str(bundle_path), db=aimag_db, lang="en")
    assert again.returncode == 0 and "already here" in again.stdout
