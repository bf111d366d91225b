"""Peak memory and time of importing the biggest bundles the limits allow: each import runs in a
fresh process, which prints its peak resident memory (RSS) and time.

Cases: a 196 MB bundle (four 49 MB evidence files that do not compress) from a sender not yet
registered (dry run) and from a registered one (import); three of them in one import; a signed
49 MB document of three-byte `{}`s; a signed 48 MB document of 200,000 texts within the bounds.
The goal is at most 150 MB for any bundle within the limits (docs/bundle-format.md).
Run: `python benchmarks/import_memory_bench.py`.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

MB = 1_000_000


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(db: str, mode: str, paths: list[str]) -> None:
    """The measured process: a dry run, or a dry run and the import, of the given files."""
    from aplan_desktop.exchange import apply_import, dry_run
    from aplan_desktop.storage import Store

    store = Store.open(db)
    started = time.perf_counter()
    items = dry_run(store, [Path(p) for p in paths])
    if mode == "import":
        items = apply_import(store, items)
    elapsed = time.perf_counter() - started
    store.close()
    print(json.dumps({"seconds": elapsed, "rss_mb": _peak_rss_mb(),
                      "statuses": [i.status for i in items]}))


def measure(db: Path, mode: str, paths: list[Path]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(db), mode, *map(str, paths)],
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.splitlines()[-1])


def _report_bundle(soum, seed: bytes, revision: int, previous: str | None, evidence: dict[str, bytes]) -> bytes:
    from aplan_desktop import bundle
    from aplan_desktop.core import interchange
    from aplan_desktop.core.model import Evidence

    plan, parent, report = soum.load_document("s000-report")
    report.revision = revision
    for n, (sha, content) in enumerate(evidence.items()):
        report.entries[n].evidence.append(Evidence(f"scan-{n}.pdf", sha, len(content), "application/pdf"))
    return bundle.build_bundle(interchange.document_from_objects(plan, parent, report), seed, kind="report",
                               revision=revision, previous_manifest_sha256=previous, sender_id=plan.organisation.id,
                               sender_name=plan.organisation.name, evidence=evidence)


def main() -> None:
    import hashlib

    from bundle_maker import raw_bundle

    from aplan_desktop import bundle
    from aplan_desktop.core.model import Organisation, OrganisationKind
    from aplan_desktop.documents import load_demo
    from aplan_desktop.storage import Store
    from aplan_desktop.storage.exchange import ExchangeRecords

    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        soum = Store.open(folder / "soum.sqlite")
        load_demo(soum)
        seed = hashlib.sha256(b"bat-olzii").digest()
        files, previous = [], None
        for revision in (1, 2, 3):
            evidence = {}
            for n in range(4):
                content = os.urandom(49 * MB)
                evidence[hashlib.sha256(content).hexdigest()] = content
            data = _report_bundle(soum, seed, revision, previous, evidence)
            previous = bundle.manifest_sha256(data)
            files.append(folder / f"big-r{revision}.aplan")
            files[-1].write_bytes(data)
            del data, evidence
        documents = {}
        empties = b"[" + b"{}," * (49 * MB // 3 - 1) + b"{}]"
        documents["49 MB of {} in one document"] = empties
        texts = {"format": "aplan.document", "format_version": 1, "type": "plan", "plan": {
            "id": "p", "organisation": {"id": "org-bat-olzii", "name": "Бат-Өлзий", "kind": "soum"}, "year": 2024,
            "kind": "anti_corruption", "title": "т", "status": "draft", "columns": [], "objectives": [
                {"id": f"o{o}", "number": str(o), "text": "т", "measures": [
                    {"id": f"m{o}.{m}", "number": f"{o}.{m}", "text": "т", "criteria": ["шалгуур " * 15] * 100}
                    for m in range(100)]} for o in range(20)]}}
        documents["48 MB: 200,000 texts within the bounds"] = json.dumps(texts, ensure_ascii=False).encode()
        for name, document in documents.items():
            path = folder / f"{len(files)}.aplan"
            path.write_bytes(raw_bundle(document, seed, kind="plan", document_id="p", revision=1,
                                        sender_id="org-bat-olzii", sender_name="Бат-Өлзий", stored=True))
            files.append(path)
        soum.close()

        def aimag(registered: bool) -> Path:
            db = folder / f"aimag-{registered}-{time.monotonic_ns()}.sqlite"
            store = Store.open(db)
            store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
            if registered:
                ExchangeRecords(store).trust_key("org-bat-olzii", bundle.public_key(seed).hex())
            store.close()
            return db

        cases = [
            ("196 MB bundle, sender not registered, dry run", aimag(False), "dry", files[:1]),
            ("196 MB bundle, registered sender, import", aimag(True), "import", files[:1]),
            ("three 196 MB bundles in one import", aimag(True), "import", files[:3]),
            ("signed 49 MB document of {}s, import", aimag(True), "import", files[3:4]),
            ("signed 48 MB document of 200,000 texts, import", aimag(True), "import", files[4:5]),
        ]
        for label, db, mode, paths in cases:
            size = sum(p.stat().st_size for p in paths) / MB
            result = measure(db, mode, paths)
            print(f"{label} ({size:.0f} MB): peak RSS {result['rss_mb']:.0f} MB, {result['seconds']:.1f} s, "
                  f"{', '.join(result['statuses'])}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        main()
