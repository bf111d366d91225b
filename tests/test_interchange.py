import json
from pathlib import Path

import jsonschema
import pytest

from aplan_desktop.core import interchange
from aplan_desktop.core.errors import DocumentFormatError
from aplan_desktop.documents import demo_files
from aplan_desktop.i18n import error_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "interchange.schema.json").read_text(encoding="utf-8"))
SEEDS = {p.stem: p for p in demo_files()}


def test_there_are_five_seed_documents():
    assert sorted(SEEDS) == ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_files_follow_the_schema(name):
    jsonschema.validate(json.loads(SEEDS[name].read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_written_documents_follow_the_schema_and_read_back_equal(name):
    plan, parent, report = interchange.loads(SEEDS[name].read_text(encoding="utf-8"))
    document = interchange.document_from_objects(plan, parent, report)
    jsonschema.validate(document, SCHEMA)
    again = interchange.loads(interchange.dumps(document))
    assert again == (plan, parent, report)


def test_timeframe_dates_are_derived_when_the_file_has_none():
    plan, _, _ = interchange.loads(SEEDS["seed-003"].read_text(encoding="utf-8"))
    first = plan.measures()[0]
    assert first.timeframe.text.replace(" ", "") == "2025.01.01-2025.11.10"
    assert (first.timeframe.start.isoformat(), first.timeframe.end.isoformat()) == ("2025-01-01", "2025-11-10")


def _seed_doc(name="seed-000"):
    return json.loads(SEEDS[name].read_text(encoding="utf-8"))


def _refused(document) -> str:
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    with pytest.raises(DocumentFormatError) as info:
        interchange.loads(text)
    return error_text(info.value, "en")


def test_broken_json_names_the_line():
    assert _refused('{\n "format": ') == (
        "The file is not readable JSON (line 2, column 12). It may be damaged or not an aplan document.")


def test_foreign_json_is_refused():
    assert "not an aplan document" in _refused({"name": "something else"})
    assert "not an aplan document" in _refused([1, 2, 3])


def test_a_newer_format_version_is_refused_with_both_versions():
    doc = _seed_doc()
    doc["format_version"] = 2
    assert _refused(doc).startswith("The file is in document format version 2; this program reads version 1.")


@pytest.mark.parametrize("change, where, expected", [
    (lambda d: d["plan"].__setitem__("year", "2024"), "/plan/year", "a whole number from 2000 to 2100"),
    (lambda d: d["plan"].__setitem__("surprise", 1), "/plan/surprise", "no such field"),
    (lambda d: d["plan"].pop("title"), "/plan/title", "this field"),
    (lambda d: d["plan"].__setitem__("kind", "budget"), "/plan/kind", "one of: anti_corruption, integrity"),
    (lambda d: d["report"]["entries"][0].__setitem__("percent", 9.5), "/report/entries/0/percent",
     "a whole number from 0 to 100"),
    (lambda d: d["report"]["entries"][0].__setitem__("measure_id", "elsewhere"), "/report/entries/0/measure_id",
     "the id of a measure of the plan in this file"),
    (lambda d: d["report"].__setitem__("report_date", "23.01.2025"), "/report/report_date", "a date written YYYY-MM-DD"),
    (lambda d: d["plan"]["objectives"][0]["measures"][0].__setitem__("budget", {"amount": 1.5, "source": ""}),
     "/plan/objectives/0/measures/0/budget/amount", "text"),
    (lambda d: d["plan"]["objectives"][0]["measures"][0].__setitem__("id", "s000-m1.2"),
     "/plan", "every objective and measure with an id of its own"),
])
def test_each_wrong_field_is_named_with_what_was_expected(change, where, expected):
    doc = _seed_doc()
    change(doc)
    assert _refused(doc) == f"The file is not a valid aplan document: at {where}, expected {expected}."


def test_the_expected_part_is_translated_too():
    doc = _seed_doc()
    doc["plan"]["year"] = "2024"
    with pytest.raises(DocumentFormatError) as info:
        interchange.loads(json.dumps(doc))
    assert error_text(info.value, "mn") == (
        "Файл aplan-ы баримт бичгийн шаардлага хангахгүй байна: /plan/year хэсэгт 2000-аас 2100 хүртэлх бүхэл тоо "
        "байх ёстой.")


def test_user_text_with_markup_and_quotes_survives():
    doc = _seed_doc()
    tricky = 'Ө ө Ү ү <b>тод</b> & "хашилт" \\ \n мөр'
    doc["report"]["entries"][0]["result"] = tricky
    plan, parent, report = interchange.loads(json.dumps(doc, ensure_ascii=False))
    assert report.entries[0].result == tricky
    assert interchange.loads(interchange.dumps(interchange.document_from_objects(plan, parent, report)))[2] == report
