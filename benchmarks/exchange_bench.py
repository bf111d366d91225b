"""Exchange figures: exporting the seed 001 report with ten phone photos (time, size), and the
aimag's dry run, import and consolidation of 330 bundles, one per soum of the country, and
writing the consolidated report of them as PDF and as .xlsx.
Run: `python benchmarks/exchange_bench.py [--bundles 330]`."""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from aplan_desktop import bundle  # noqa: E402
from aplan_desktop.core import interchange  # noqa: E402
from aplan_desktop.core.model import Evidence, Organisation, OrganisationKind  # noqa: E402
from aplan_desktop.core.periods import Period  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.exchange import apply_import, dry_run, export_document  # noqa: E402
from aplan_desktop.forms.report_form import render_report  # noqa: E402
from aplan_desktop.printing import consolidation_for, write_consolidation  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402
from aplan_desktop.storage.exchange import ExchangeRecords  # noqa: E402


def phone_photo(seed: int) -> bytes:
    """A 4000×3000 JPEG with noise, about the size a phone camera makes."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (400, 300), bytes(rng.getrandbits(8) for _ in range(400 * 300 * 3)))
    photo = small.resize((4000, 3000), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92)
    return out.getvalue()


def export_with_photos(folder: Path) -> None:
    store = Store.open(folder / "soum.sqlite")
    load_demo(store)
    report = store.report("s001-report")
    photos = [phone_photo(n) for n in range(10)]
    for n, content in enumerate(photos):
        sha = store.add_file(content)
        report.entries[n % len(report.entries)].evidence.append(
            Evidence(name=f"IMG_{n:04d}.jpg", sha256=sha, size=len(content), media_type="image/jpeg"))
    store.save_report(report)
    start = time.perf_counter()
    result = export_document(store, "s001-report", folder / "out")
    elapsed = time.perf_counter() - start
    print(f"export of the seed 001 report with 10 photos ({sum(map(len, photos)) / 1e6:.1f} MB of photos): "
          f"{elapsed:.2f} s, bundle {result.size / 1e6:.2f} MB"
          f"{' (over the e-mail limit!)' if result.too_big else ' (under the 7 MB e-mail limit)'}")
    store.close()


def country(folder: Path, count: int) -> tuple[list[Path], dict[str, str]]:
    """`count` soums' second-half reports, as the bundles they would e-mail, each soum with its own key."""
    store = Store.open(folder / "source.sqlite")
    load_demo(store)
    plan, parent, report = store.load_document("s000-report")
    pdf, _ = render_report(report, plan)
    store.close()
    paths, keys = [], {}
    for n in range(count):
        p, r = copy.deepcopy(plan), copy.deepcopy(report)
        p.id, r.id, r.plan_id = f"plan-{n}", f"report-{n}", f"plan-{n}"
        p.organisation = Organisation(f"soum-{n}", f"Сум {n} Засаг даргын Тамгын газар", OrganisationKind.SOUM,
                                      parent_id=parent.id)
        mapping = {}
        for o in p.objectives:
            o.id = f"{o.id}-{n}"
            for m in o.measures:
                mapping[m.id], m.id = f"{m.id}-{n}", f"{m.id}-{n}"
        for e in r.entries:
            e.measure_id = mapping[e.measure_id]
            e.percent = 50 + (n * 7 + len(e.result)) % 51
        document = interchange.document_from_objects(p, parent, r)
        seed = hashlib.sha256(p.organisation.id.encode()).digest()
        keys[p.organisation.id] = bundle.public_key(seed).hex()
        data = bundle.build_bundle(document, seed, kind="report", revision=1, previous_manifest_sha256=None,
                                   sender_id=p.organisation.id, sender_name=p.organisation.name, pdf=pdf)
        path = folder / "inbox" / f"soum-{n}.aplan"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths, keys


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundles", type=int, default=330)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export_with_photos(folder)
        paths, keys = country(folder, args.bundles)
        aimag = Store.open(folder / "aimag.sqlite")
        aimag.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
        records = ExchangeRecords(aimag)
        for organisation_id, key in keys.items():
            records.trust_key(organisation_id, key)
        start = time.perf_counter()
        items = dry_run(aimag, [folder / "inbox"])
        checked = time.perf_counter()
        apply_import(aimag, items)
        imported = time.perf_counter()
        c = consolidation_for(aimag, "aimag-ovorkhangai", 2024, Period.H2)
        done = time.perf_counter()
        assert len(c.received()) == args.bundles, len(c.received())
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{args.bundles} bundles ({size:.1f} MB): dry run {checked - start:.2f} s, import {imported - checked:.2f} s, "
              f"consolidation {done - imported:.2f} s, all together {done - start:.2f} s")
        for suffix in ("pdf", "xlsx"):
            out = folder / f"consolidation.{suffix}"
            start = time.perf_counter()
            pages = write_consolidation(aimag, "aimag-ovorkhangai", 2024, Period.H2, out)
            elapsed = time.perf_counter() - start
            print(f"consolidated report of {args.bundles} bodies as .{suffix} (consolidating again included): "
                  f"{elapsed:.2f} s, {out.stat().st_size / 1e6:.1f} MB{f', {pages} pages' if pages else ''}")
        aimag.close()


if __name__ == "__main__":
    main()
