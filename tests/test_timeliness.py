"""On time by the sender's signed clock, within bounds: a soum's and an aimag's real databases,
real bundles, and the consolidation the aimag prints."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader

from aplan_desktop.core.consolidation import Arrival
from aplan_desktop.core.periods import Period
from aplan_desktop.core.timeliness import timing
from aplan_desktop.exchange import apply_import, dry_run, export_document, own_fingerprint, trust_sender
from aplan_desktop.printing import consolidation_for, render_consolidation
from aplan_desktop.storage.exchange import ExchangeRecords
from test_exchange import aimag, soum  # noqa: F401 - the two databases

UTC = timezone.utc


def _sent_at(soum, aimag, folder, clock: datetime):
    path = export_document(soum, "s000-report", folder, now=clock).path
    trust_sender(aimag, path, own_fingerprint(soum))
    apply_import(aimag, dry_run(aimag, [path]))
    (body,) = [b for b in consolidation_for(aimag, "aimag-ovorkhangai", 2024, Period.H2).bodies
               if b.organisation.id == "org-bat-olzii"]
    return body


def test_a_report_sent_before_the_deadline_is_on_time_however_late_it_is_imported(soum, aimag, tmp_path):
    """The 2024 report was signed on 2024-11-05 and imported today, years after the deadline
    (2024-11-10): it was on time, and both dates are shown."""
    body = _sent_at(soum, aimag, tmp_path / "out", datetime(2024, 11, 5, 8, 0, tzinfo=UTC))
    assert (body.arrival, body.sent, body.received, body.doubtful_clock) == (
        Arrival.ON_TIME, date(2024, 11, 5), datetime.now(UTC).date(), False)
    pdf, _ = render_consolidation(aimag, "aimag-ovorkhangai", 2024, Period.H2)
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    received = datetime.now(UTC).date().strftime("%Y.%m.%d")
    assert f"Илгээсэн2024.11.05,хүлээнавсан{received}" in text and "Хугацаандаа" in text
    assert "Хоцорсон" not in text and "эргэлзээтэй" not in text


def test_a_report_signed_after_the_deadline_is_late(soum, aimag, tmp_path):
    body = _sent_at(soum, aimag, tmp_path / "out", datetime(2024, 11, 11, 1, 0, tzinfo=UTC))
    assert (body.arrival, body.sent, body.doubtful_clock) == (Arrival.LATE, date(2024, 11, 11), False)


@pytest.mark.parametrize("clock", [datetime(2000, 1, 1, tzinfo=UTC),   # a dead clock battery
                                   datetime(2023, 12, 31, 23, 59, tzinfo=UTC),  # before the plan's year
                                   datetime(2099, 5, 1, tzinfo=UTC)])  # after the aimag imported it
def test_an_implausible_signed_time_is_not_believed_and_the_report_is_flagged(soum, aimag, tmp_path, clock):
    body = _sent_at(soum, aimag, tmp_path / "out", clock)
    assert (body.arrival, body.sent, body.doubtful_clock) == (Arrival.LATE, clock.date(), True)
    pdf, _ = render_consolidation(aimag, "aimag-ovorkhangai", 2024, Period.H2)
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Хоцорсон(илгээсэногнооэргэлзээтэй)" in text and f"Илгээсэн{clock:%Y.%m.%d}" in text


def test_the_first_arrival_counts_not_a_corrected_revision(soum, aimag, tmp_path):
    """Revision 2, sent after a return for correction, does not make an on-time report late."""
    from test_exchange import _send_revision_2

    _sent_at(soum, aimag, tmp_path / "out", datetime(2024, 11, 5, tzinfo=UTC))
    second = _send_revision_2(soum, tmp_path / "out")
    apply_import(aimag, dry_run(aimag, [second.path]))
    assert [b.revision for b in ExchangeRecords(aimag).bundles("s000-report", "received")] == [1, 2]
    (body,) = [b for b in consolidation_for(aimag, "aimag-ovorkhangai", 2024, Period.H2).bodies
               if b.organisation.id == "org-bat-olzii"]
    assert body.arrival == Arrival.ON_TIME and body.sent == date(2024, 11, 5)


def test_timing_bounds():
    imported = datetime(2024, 11, 20, 9, tzinfo=UTC)
    assert timing(2024, datetime(2024, 1, 1, tzinfo=UTC), imported).judged == date(2024, 1, 1)
    assert timing(2024, imported, imported).judged == date(2024, 11, 20)
    late_clock = timing(2024, datetime(2024, 11, 20, 9, 0, 1, tzinfo=UTC), imported)
    assert late_clock.doubtful_clock and late_clock.judged == date(2024, 11, 20)
    typed_in = timing(2024, None, None, date(2024, 11, 1))
    assert typed_in.judged == date(2024, 11, 1) and typed_in.sent is None and not typed_in.doubtful_clock
