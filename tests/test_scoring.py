from decimal import Decimal

from aplan_desktop.core.model import Column, Entry, Report, Review
from aplan_desktop.core.periods import Period
from aplan_desktop.core.scoring import STEPPED_SCALE, ScoreScale, mean_score, overall_score, progress, review_score


def _report(percents, reviews=None):
    reviews = reviews or [None] * len(percents)
    return Report(id="r", plan_id="p", period=Period.H2, entries=[
        Entry(measure_id=f"m{i}", result="done" if p is not None else "", percent=p, review=Review(score=s))
        for i, (p, s) in enumerate(zip(percents, reviews))])


def test_seed_000_percentages_give_95():
    assert overall_score(_report([90, 100, 100, 100, 100, 100, 100, 90, 70, 100])) == Decimal("95.0")


def test_missing_percentages_are_left_out_and_none_gives_none():
    assert overall_score(_report([100, None, 50])) == Decimal("75.0")
    assert overall_score(_report([None, None])) is None
    assert overall_score(_report([])) is None


def test_mean_rounds_half_up_to_one_decimal():
    assert mean_score([100, 100, 90]) == Decimal("96.7")
    assert mean_score([100, 95]) == Decimal("97.5")
    assert mean_score([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) == Decimal("0.1")


def test_aimag_score_uses_the_same_rule_on_its_own_scores():
    report = _report([100, 100], reviews=[80, 70])
    assert overall_score(report) == Decimal("100.0")
    assert review_score(report) == Decimal("75.0")


def test_free_scale_allows_every_whole_percentage_and_nothing_outside():
    free = ScoreScale.free()
    assert all(free.allows(v) for v in range(0, 101))
    assert not free.allows(-1) and not free.allows(101)


def test_stepped_scale_allows_only_its_steps():
    scale = ScoreScale.from_steps([0, 50, 100, 90, 80, 70, 30, 10, 50])
    assert scale.steps == STEPPED_SCALE
    assert scale.allows(70) and not scale.allows(75) and not scale.allows(60)
    assert scale.choices() == [100, 90, 80, 70, 50, 30, 10, 0]


def test_progress_counts_entries_with_result_and_percentage():
    assert progress(_report([100, None, 50]), 5) == (2, 5)


def test_a_report_without_a_percentage_column_has_no_score_and_counts_results():
    report = _report([100, None, 50])
    report.columns = [Column("number", "Д/д"), Column("measure", "Арга хэмжээ"), Column("result", "Биелэлт")]
    assert overall_score(report) is None
    assert progress(report, 5) == (2, 5)  # the two results; no percentage is asked for
    report.entries[1].result = "done too"
    assert progress(report, 5) == (3, 5)
    report.columns.append(Column("percent", "Хувь"))
    assert overall_score(report) == Decimal("75.0") and progress(report, 5) == (2, 5)
