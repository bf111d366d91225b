"""The print preview's first page two ways: QtPdf (what the window uses, from PySide6-Addons)
and pypdfium2 (the smaller alternative weighed in docs/windows.md), for seed 001's report.

Times, from the PDF's bytes to the first page as a QImage 1100 pixels wide (the preview's
width), best and median of 7 runs, with the first run (loading the library) shown apart.
pypdfium2 is not a dependency: it is measured when it can be imported (add its folder to
PYTHONPATH). Run: `QT_QPA_PLATFORM=offscreen python benchmarks/preview_bench.py`."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from aplan_desktop.documents import load_demo  # noqa: E402
from aplan_desktop.printing import render_document  # noqa: E402
from aplan_desktop.storage import Store  # noqa: E402

WIDTH = 1100
RUNS = 7


def report_pdf() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.sqlite")
        try:
            load_demo(store)
            return render_document(store, "s001-report", "report")[0]
        finally:
            store.close()


def with_qtpdf(pdf: bytes) -> QImage:
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    image = document.render(0, QSize(WIDTH, round(WIDTH * size.height() / size.width())))
    document.close()
    return image


def with_pdfium(pdf: bytes) -> QImage:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    bitmap = page.render(scale=WIDTH / page.get_width(), rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888).copy()
    page.close()
    document.close()
    return image


def measure(name: str, render, pdf: bytes) -> None:
    start = time.perf_counter()
    image = render(pdf)
    first = time.perf_counter() - start
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render(pdf)
        times.append(time.perf_counter() - start)
    print(f"{name:10} first {first * 1000:6.1f} ms (library loaded), then best {min(times) * 1000:6.1f} ms, "
          f"median {statistics.median(times) * 1000:6.1f} ms; page {image.width()}×{image.height()}")


def main() -> None:
    QApplication.instance() or QApplication([])
    pdf = report_pdf()
    print(f"seed 001 report: {len(pdf) / 1024:.0f} KB PDF")
    measure("QtPdf", with_qtpdf, pdf)
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("pypdfium2  not installed: skipped")
        return
    measure("pypdfium2", with_pdfium, pdf)


if __name__ == "__main__":
    main()
