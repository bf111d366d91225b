"""Seeded, structure-aware fuzzing of the importer and of `load`: mutations of valid bundles (the
zip's structure, member names, manifest fields, document fields, evidence; most of them signed
again by a registered sender, as a sender acting in bad faith would) and of valid JSON documents.

Whatever the file, only the program's own refusals may come out (no other exception), a refused
file changes nothing in the database, nothing is written outside the database's folder, and no
import takes more than 10 s. The suite runs 2,000 mutations; for more, run this file:
`python tests/test_fuzz.py --mutations 10000 [--seed 1]` (it prints the figures).
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bundle_maker import raw_bundle  # noqa: E402

from aplan_desktop import bundle  # noqa: E402
from aplan_desktop.core import interchange  # noqa: E402
from aplan_desktop.core.errors import UserError  # noqa: E402
from aplan_desktop.core.model import Organisation, OrganisationKind, Review  # noqa: E402
from aplan_desktop.documents import load_demo, load_document_file  # noqa: E402
from aplan_desktop.exchange import KEPT, apply_import, dry_run, export_document, own_fingerprint, trust_sender  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402

SEED_A = bytes(range(1, 33))
SEED_STRANGER = bytes(range(2, 34))
A = Organisation("org-a-sum", "А сум ЗДТГ", OrganisationKind.SOUM, parent_id="aimag-ovorkhangai")
HOSTILE_VALUES = [None, True, 0, -1, 1, 100, 101, 2 ** 31, 2 ** 63, -2 ** 63, 10 ** 30, 1.5, "", " ", "x" * 200_000,
                  "\ud800", "\x00", "9999-12-31", "2025-W01-1", "2024-02-30", "../../x", "s001-report", "s000-plan",
                  "org-songinokhairkhan", "aimag-ovorkhangai", [], [[[[]]]], {}, {"id": "x"}, ["x"] * 3000]


IDENTITIES = ["org-bat-olzii", "org-songinokhairkhan", "org-a-sum", "aimag-ovorkhangai", "s000-report", "s001-report",
              "s000-plan", "a-plan", "s000-m1.1", "a-s000-m1.1",
              {"id": "org-a-sum", "name": "А сум ЗДТГ", "kind": "soum"},
              {"id": "aimag-ovorkhangai", "name": "Өвөрхангай аймаг", "kind": "aimag"},
              {"id": "org-songinokhairkhan", "name": "Сонгинохайрхан", "kind": "district", "parent": None}]


@dataclass
class World:
    """An aimag's database (a pristine copy to go back to) and valid files to mutate."""

    folder: Path
    pristine: Path
    soum_seed: bytes
    bundles: list[tuple[str, bytes, dict, dict]]  # (kind, bytes, manifest, document) of valid bundles
    documents: list[dict]


@dataclass
class Figures:
    mutations: int = 0
    outcomes: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)  # the first words of each refusal
    uncaught: list[str] = field(default_factory=list)
    changed_after_refusal: list[str] = field(default_factory=list)
    differs_from_dry_run: list[str] = field(default_factory=list)
    written_outside: list[str] = field(default_factory=list)
    slowest: float = 0.0


def _manifest_and_document(data: bytes) -> tuple[dict, dict]:
    v = bundle.read_bundle(data)
    return json.loads(v.manifest_bytes), v.document


def build_world(folder: Path) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    soum = Store.open(folder / "soum.sqlite")
    load_demo(soum)
    soum.set_setting("home_organisation", "org-bat-olzii")
    report = soum.report("s000-report")
    evidence = {}
    for n in range(2):
        content = f"evidence {n} ".encode() * 200
        sha = soum.add_file(content)
        from aplan_desktop.core.model import Evidence

        report.entries[n].evidence.append(Evidence(f"scan{n}.pdf", sha, len(content), "application/pdf"))
        evidence[sha] = content
    soum.save_report(report)
    mail = folder / "mail"
    first = export_document(soum, "s000-report", mail).path
    db = folder / "db"
    db.mkdir()
    aimag = Store.open(db / "aimag.sqlite")
    aimag.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    aimag.set_setting("home_organisation", "aimag-ovorkhangai")
    trust_sender(aimag, first, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [first]))
    scored = aimag.report("s000-report")
    for entry in scored.entries:
        entry.review = Review(40, "Аймгийн үнэлгээ")
    aimag.save_report(scored)
    a_plan = copy.deepcopy(soum.plan("s000-plan"))
    a_plan.id, a_plan.organisation = "a-plan", copy.deepcopy(A)
    for o in a_plan.objectives:
        o.id = "a-" + o.id
        for m in o.measures:
            m.id = "a-" + m.id
    a_document = interchange.document_from_objects(a_plan, aimag.organisation("aimag-ovorkhangai"))
    a_first = bundle.build_bundle(a_document, SEED_A, kind="plan", revision=1, previous_manifest_sha256=None,
                                  sender_id=A.id, sender_name=A.name)
    (mail / "a1.aplan").write_bytes(a_first)
    trust_sender(aimag, mail / "a1.aplan", bundle.fingerprint(bundle.public_key(SEED_A)))
    apply_import(aimag, dry_run(aimag, [mail / "a1.aplan"]))
    aimag.close()
    pristine = folder / "pristine.sqlite"
    shutil.copy(db / "aimag.sqlite", pristine)
    reopened = soum.report("s000-report")
    from aplan_desktop.core.workflow import finalise_report, reopen_report
    from aplan_desktop.core.scoring import ScoreScale

    reopen_report(reopened, "засвар")
    reopened.entries[3].percent = 60
    finalise_report(reopened, soum.plan("s000-plan"), ScoreScale.free())
    soum.save_report(reopened)
    second = export_document(soum, "s000-report", mail).path.read_bytes()
    a_second = bundle.build_bundle(a_document, SEED_A, kind="plan", revision=2,
                                   previous_manifest_sha256=bundle.manifest_sha256(a_first),
                                   sender_id=A.id, sender_name=A.name)
    bundles = [(kind, data, *_manifest_and_document(data)) for kind, data in (("report", second), ("plan", a_second))]
    documents = [interchange.document_from_objects(*soum.load_document(d.id)) for d in soum.documents()]
    seed = bytes.fromhex(soum.setting("signing_key"))
    soum.close()
    return World(folder, pristine, seed, bundles, documents)


# ---------------------------------------------------------------- mutations

def _paths(value, prefix=()):
    """Every place in a JSON value, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:20]):
            yield from _paths(v, prefix + (i,))


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _set(value, path, new):
    if not path:
        return new
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return value


def mutate_json(rng: random.Random, document: dict) -> bytes:
    doc = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        places = list(_paths(doc))
        place = rng.choice(places)
        action = rng.random()
        if action < 0.6:
            doc = _set(doc, place, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
        elif action < 0.8 and place:
            parent = doc
            for key in place[:-1]:
                parent = parent[key]
            del parent[place[-1]]
        else:  # a part of the document where another belongs: a structure-aware swap
            doc = _set(doc, place, copy.deepcopy(_get(doc, rng.choice(places))))
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    roll = rng.random()
    if roll < 0.05:
        text = text.replace('"id": ', '"id": "dup", "id": ', 1)
    elif roll < 0.08:
        text = text[:rng.randrange(len(text))]
    elif roll < 0.1:
        text = "[" * 5000 + text
    return text.encode("utf-8", "surrogatepass")


MEMBER_NAMES = ["../evil", "/etc/x", "C:\\x", "evidence/" + "A" * 64, "evidence/../manifest.json", "Document.json",
                "document.json", "manifest.json", "manifest.sig", "report.pdf", "evidence/", "evidence/" + "0" * 64,
                "\u00f6.json"]


def _repacked(rng: random.Random, data: bytes) -> bytes:
    """The same members (still signed) packed again in aplan's layout, with one change."""
    from datetime import datetime, timezone

    from aplan_desktop.bundle import container

    source = container.Source(data)
    members = [(m.name, container.unpack(source, m)) for m in
               container.check_layout(source, container.read_directory(source, 2000))]
    how = rng.randrange(6)
    at = rng.randrange(len(members))
    if how == 0:
        members[at] = (rng.choice(MEMBER_NAMES), members[at][1])
    elif how == 1:
        members.insert(rng.randrange(len(members) + 1), members[at])
    elif how == 2:
        del members[at]
    elif how == 3:
        members.append((rng.choice(MEMBER_NAMES), rng.randbytes(rng.randint(0, 300))))
    elif how == 4:
        rng.shuffle(members)
    packed = [(name, content, container.DEFLATED, container.deflate(content)) for name, content in members]
    if how == 5:
        name, content, _, _ = packed[at]
        packed[at] = (name, content, container.STORED, content)
    try:
        return container.pack([(n, c, m, p) for n, c, m, p in packed], datetime(2024, 12, 20, tzinfo=timezone.utc))
    except (UnicodeEncodeError, ValueError):  # a name a zip written by aplan cannot hold
        return data[:len(data) // 2]


def mutate_bundle(rng: random.Random, world: World) -> bytes:
    kind, data, manifest, document = rng.choice(world.bundles)
    seed = world.soum_seed if kind == "report" else SEED_A
    roll = rng.random()
    if roll < 0.12:  # the zip's members: names, order, duplicates, missing, extra, compression
        return _repacked(rng, data)
    if roll < 0.25:  # the zip's own bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            how = rng.random()
            if how < 0.6 and out:
                out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
            elif how < 0.8:
                cut = rng.randrange(len(out))
                out = out[:cut] + out[cut + rng.randint(1, 64):]
            else:
                at = rng.randrange(len(out))
                out[at:at] = rng.randbytes(rng.randint(1, 64))
        return bytes(out)
    sender = (manifest["sender"]["organisation_id"], manifest["sender"]["name"])
    evidence = {}
    if kind == "report":
        v = bundle.read_bundle(data)
        evidence = v.evidence
    changes: dict = {}
    doc_bytes = json.dumps(document, ensure_ascii=False).encode()
    signer = rng.choice([seed, seed, seed, SEED_A, SEED_STRANGER, world.soum_seed])
    if roll < 0.5:  # manifest fields, signed again
        key = rng.choice(["kind", "document_id", "revision", "previous_manifest_sha256", "sender", "created_at",
                          "members", "bundle_id", "format_version", "extra"])
        value = rng.choice(HOSTILE_VALUES + ["review", "plan", "report", "ab" * 32, manifest["bundle_id"],
                                             {"organisation_id": "org-songinokhairkhan", "name": "x",
                                              "public_key": bundle.public_key(signer).hex()}])
        changes[key] = value
    elif roll < 0.7:  # document fields, signed again
        doc_bytes = mutate_json(rng, document)
    elif roll < 0.85:  # whose document it is: ids, organisations, parents, kinds
        doc = copy.deepcopy(document)
        for _ in range(rng.randint(1, 3)):
            places = [p for p in _paths(doc) if p and p[-1] in ("id", "plan_id", "measure_id", "parent",
                                                                  "organisation")]
            doc = _set(doc, rng.choice(places), copy.deepcopy(rng.choice(IDENTITIES)))
        if rng.random() < 0.3:
            changes["kind"] = rng.choice(["review", "report", "plan"])
        if rng.random() < 0.5 and "report" in doc and isinstance(doc["report"], dict):
            changes["document_id"] = doc["report"].get("id")
        doc_bytes = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:  # evidence: changed, renamed, added
        if evidence and rng.random() < 0.5:
            sha = rng.choice(list(evidence))
            evidence[sha] = evidence[sha] + b"!"
        else:
            content = rng.randbytes(rng.randint(0, 5000))
            name = hashlib.sha256(content).hexdigest() if rng.random() < 0.7 else "f" * 64
            evidence[name] = content
    try:
        return raw_bundle(doc_bytes, signer, kind=changes.pop("kind", kind),
                          document_id=changes.pop("document_id", manifest["document_id"]),
                          revision=manifest["revision"], sender_id=sender[0], sender_name=sender[1],
                          previous=manifest["previous_manifest_sha256"], evidence=evidence,
                          manifest_changes=changes)
    except (TypeError, ValueError, UnicodeEncodeError):  # a manifest JSON cannot even hold
        return data[:-1]


# ---------------------------------------------------------------- the run

def _files_outside(root: Path, inside: Path) -> set[str]:
    return {str(p) for p in root.rglob("*") if inside not in p.parents and p != inside}


def _digest(store: Store) -> str:
    """Everything the database holds, as one hash."""
    hasher = hashlib.sha256()
    for line in store.db.conn.iterdump():
        hasher.update(line.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def run(world: World, mutations: int, seed: int) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    db_folder = world.folder / "db"
    inbox = world.folder / "inbox"
    inbox.mkdir(exist_ok=True)
    db_path = db_folder / "aimag.sqlite"
    shutil.copy(world.pristine, db_path)
    store = Store.open(db_path)
    pristine = _digest(store)
    outside = _files_outside(world.folder, db_folder)
    try:
        for n in range(mutations):
            is_document = rng.random() < 0.25
            data = mutate_json(rng, rng.choice(world.documents)) if is_document else mutate_bundle(rng, world)
            path = inbox / (f"{n}.json" if is_document else f"{n}.aplan")
            path.write_bytes(data)
            outside.add(str(path))
            before = store.db.conn.total_changes
            started = time.perf_counter()
            try:
                if is_document:
                    try:
                        load_document_file(store, path, replace=rng.random() < 0.5)
                        outcome = "loaded"
                    except UserError as exc:
                        outcome = "load refused"
                        figures.reasons[exc.message[:50]] += 1
                else:
                    items = dry_run(store, [path])
                    dry = [i.status for i in items]
                    done = apply_import(store, items)
                    outcome = done[0].status
                    if done[0].error is not None:
                        figures.reasons[done[0].error.message[:50]] += 1
                    if [i.status for i in done] != dry:
                        figures.differs_from_dry_run.append(f"{n}: {dry} then {[i.status for i in done]}")
            except Exception as exc:  # noqa: BLE001 - what the fuzzer is here to find
                figures.uncaught.append(f"mutation {n} (seed {seed}): {exc!r}"[:300])
                outcome = "uncaught"
            figures.slowest = max(figures.slowest, time.perf_counter() - started)
            figures.outcomes[outcome] += 1
            figures.mutations += 1
            accepted = outcome == "loaded" or outcome in KEPT
            if not accepted and store.db.conn.total_changes != before and _digest(store) != pristine:
                figures.changed_after_refusal.append(f"mutation {n}: {outcome}")
            if accepted or outcome == "uncaught":  # back to the same starting point
                store.close()
                shutil.copy(world.pristine, db_path)
                store = Store.open(db_path)
            path.unlink()
            outside.discard(str(path))
            if n % 100 == 99:
                stray = _files_outside(world.folder, db_folder) - outside
                figures.written_outside += sorted(stray)
    finally:
        store.close()
    figures.written_outside += sorted(_files_outside(world.folder, db_folder) - outside)
    return figures


def test_fuzzing_the_importer_and_load_finds_only_refusals(tmp_path):
    world = build_world(tmp_path / "world")
    figures = run(world, 2000, seed=1)
    assert figures.uncaught == []
    assert figures.changed_after_refusal == []
    assert figures.differs_from_dry_run == []
    assert figures.written_outside == []
    assert figures.slowest < 10
    assert figures.outcomes["refused"] > 500 and figures.outcomes["load refused"] > 200  # it did reach the checks


if __name__ == "__main__":
    import argparse
    import resource
    import tempfile

    parser = argparse.ArgumentParser(description="Fuzz the importer and `load`, and print the figures.")
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = build_world(Path(tmp) / "world")
        started = time.perf_counter()
        result = run(world, args.mutations, args.seed)
        print(f"mutations: {result.mutations} (seed {args.seed}) in {time.perf_counter() - started:.0f} s")
        print("outcomes:", dict(sorted(result.outcomes.items())))
        print(f"kinds of refusal: {len(result.reasons)}")
        for reason, count in result.reasons.most_common():
            print(f"  {count:6}  {reason}")
        print(f"uncaught exceptions: {len(result.uncaught)}")
        for line in result.uncaught[:20]:
            print("  ", line)
        print(f"database changed after a refusal: {len(result.changed_after_refusal)}")
        print(f"dry run and import disagreed: {len(result.differs_from_dry_run)}")
        print(f"files written outside the database's folder: {len(result.written_outside)}")
        print(f"slowest import or load: {result.slowest:.2f} s")
        print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
