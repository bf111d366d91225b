"""Which measures of a returned report were corrected, on real data files: the soum sent its
report, the aimag returned it with reasons beside two measures, and the soum imported the
review. A returned measure counts as corrected once what the soum wrote for it differs from
what it sent in the revision returned; changed back, it does not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from aplan_desktop.exchange import export_document
from test_returns import _import, three  # noqa: F401 - the three databases

REASONS = ("Нотлох баримт хавсаргаагүй", "Хувь үр дүнтэйгээ таарахгүй байна")


@pytest.fixture
def returned(three, tmp_path):  # noqa: F811 - the fixture
    """Soum A's report (Bat-Ölzii) returned by the aimag for its 2nd and 4th measures, the
    review imported at A. Yields A's operations and the two measures' ids."""
    aimag, a, _ = three
    sent = export_document(a._store, "s000-report", tmp_path / "mail").path
    _import(aimag, [sent])
    entries = aimag.report("s000-report").entries
    measures = [entries[1].measure_id, entries[3].measure_id]
    aimag.return_report("s000-report", dict(zip(reversed(measures), reversed(REASONS))), "Засаад ирүүлнэ үү")
    review = aimag.export("s000-report", tmp_path / "reviews")[0].path
    _import(a, [review])
    yield a, measures


def _set(ops, measure_id: str, field: str, value: str) -> None:
    session = ops.editing.open_report("s000-report")
    session.set_entry_field(measure_id, field, value)
    session.save()


def test_the_returned_measures_come_in_the_plans_order_with_their_reasons(returned):
    a, measures = returned
    found = a.returned_measures(a.report("s000-report"))
    assert found.revision == 1
    assert list(found.reasons.items()) == list(zip(measures, REASONS))  # the plan's order, not the typed one
    assert found.corrected(a.report("s000-report")) == set()  # as sent: nothing corrected yet


def test_a_returned_measure_is_corrected_once_it_differs_from_what_was_sent(returned):
    a, (second, fourth) = returned
    a.reopen("s000-report", "Аймгаас засварт буцаасан")
    assert a.report("s000-report").revision == 2
    found = a.returned_measures(a.report("s000-report"))
    assert found.corrected(a.report("s000-report")) == set()  # reopened, not changed
    before = a.report("s000-report").entries[1].result
    _set(a, second, "result", before + " Нотлох баримтыг хавсаргав.")
    assert found.corrected(a.report("s000-report")) == {second}
    _set(a, fourth, "percent", "50")
    assert a.returned_measures(a.report("s000-report")).corrected(a.report("s000-report")) == {second, fourth}
    _set(a, second, "result", before)  # written back as it was sent: not a correction
    assert found.corrected(a.report("s000-report")) == {fourth}
    other = a.report("s000-report").entries[0].measure_id
    _set(a, other, "result", "Өөр арга хэмжээ")  # a measure not returned changes nothing here
    assert found.corrected(a.report("s000-report")) == {fourth}


def test_sent_again_the_report_has_no_returned_measures(returned, tmp_path):
    a, (second, _) = returned
    a.reopen("s000-report", "Аймгаас засварт буцаасан")
    _set(a, second, "result", "Нотлох баримтыг хавсаргав.")
    a.finalise("s000-report")
    assert a.returned_measures(a.report("s000-report")) is not None  # final, not yet sent
    a.export("s000-report", tmp_path / "again")
    assert a.returned_measures(a.report("s000-report")) is None


def test_without_the_copy_sent_the_returned_measures_are_listed_but_not_judged(returned):
    """A report sent from another data file (a copy on another computer): the reasons are
    known from the review, what was sent is not."""
    a, measures = returned
    with sqlite3.connect(Path(a.path)) as conn:
        conn.execute("DELETE FROM bundles WHERE direction = 'sent'")
    found = a.returned_measures(a.report("s000-report"))
    assert list(found.reasons) == measures and found.corrected(a.report("s000-report")) is None


def test_a_report_not_returned_has_no_returned_measures(three, tmp_path):  # noqa: F811 - the fixture
    aimag, a, _ = three
    assert a.returned_measures(a.report("s000-report")) is None  # not sent
    sent = export_document(a._store, "s000-report", tmp_path / "mail").path
    _import(aimag, [sent])
    aimag.accept_report("s000-report")
    _import(a, [aimag.export("s000-report", tmp_path / "reviews")[0].path])
    assert a.returned_measures(a.report("s000-report")) is None  # accepted
