"""Photo figures: exporting the seed 001 report with ten 4000×3000 phone photos (each with a GPS
position in its EXIF) beside a plain Pillow script that does the same decoding and resizing
(decode at reduced size with `draft`, one LANCZOS resize to 1600 px, JPEG quality 75), in turns;
the bundle's size, and a check that no photo in it has GPS tags.
Run: `python benchmarks/photos_bench.py [--rounds 5]`."""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PIL import Image  # noqa: E402

from aplan_desktop.bundle import read_bundle  # noqa: E402
from aplan_desktop.core.model import Evidence  # noqa: E402
from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.exchange import export_document  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402
from exchange_bench import phone_photo  # noqa: E402

GPS = 0x8825


def with_gps(jpeg: bytes) -> bytes:
    """The photo with an EXIF block as a phone writes it: orientation, camera, GPS position."""
    exif = Image.Exif()
    exif[0x0112], exif[0x010F] = 1, "PhoneMaker"
    exif[GPS] = {1: "N", 2: (46.0, 16.0, 30.0), 3: "E", 4: (102.0, 46.0, 12.0)}
    block = exif.tobytes()
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block + jpeg[2:]


def plain_pillow(photos: list[bytes]) -> list[bytes]:
    """The floor: what any program must do to make these photos 1600 px JPEGs."""
    out = []
    for data in photos:
        with Image.open(io.BytesIO(data)) as image:
            scale = 1600 / max(image.size)
            size = (round(image.width * scale), round(image.height * scale))
            image.draft("RGB", size)
            buffer = io.BytesIO()
            image.resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=75, optimize=True)
            out.append(buffer.getvalue())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "soum.sqlite")
        load_demo(store)
        report = store.report("s001-report")
        photos = [with_gps(phone_photo(n)) for n in range(10)]
        for n, content in enumerate(photos):
            report.entries[n % len(report.entries)].evidence.append(
                Evidence(name=f"IMG_{n:04d}.jpg", sha256=store.add_file(content), size=len(content),
                         media_type="image/jpeg"))
        store.save_report(report)
        export_document(store, "s001-report", folder / "warm")  # fonts and modules loaded
        exports, plains, result = [], [], None
        for round_ in range(args.rounds):
            start = time.perf_counter()
            result = export_document(store, "s001-report", folder / f"out{round_}")
            exports.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain_pillow(photos)
            plains.append(time.perf_counter() - start)
        store.close()
        sent = read_bundle(result.path.read_bytes())
        with_gps_tags = 0
        for data in sent.evidence.values():
            with Image.open(io.BytesIO(data)) as image:
                with_gps_tags += bool(image.getexif().get_ifd(GPS)) or GPS in image.getexif()
    ratios = [e / p for e, p in zip(exports, plains)]
    print(f"ten photos, {sum(map(len, photos)) / 1e6:.1f} MB, each 4000×3000 with a GPS position")
    print(f"export of the seed 001 report with them: median {statistics.median(exports):.2f} s "
          f"(of {', '.join(f'{t:.2f}' for t in exports)})")
    print(f"plain Pillow, draft + one resize + JPEG 75: median {statistics.median(plains):.2f} s "
          f"(of {', '.join(f'{t:.2f}' for t in plains)})")
    print(f"export ÷ plain Pillow, per round: median {statistics.median(ratios):.2f} "
          f"(range {min(ratios):.2f}–{max(ratios):.2f}; goal ≤ 1.5)")
    print(f"bundle: {result.size / 1e6:.2f} MB (goal ≤ 7 MB); photos with GPS tags in it: {with_gps_tags} "
          f"of {len(sent.evidence)}")


if __name__ == "__main__":
    main()
