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
    doc["format_version"] = 3
    assert _refused(doc).startswith("The file is in document format version 3; this program reads version 2.")
    doc["format_version"] = True  # JSON's true is not the number 1
    assert _refused(doc).startswith("The file is in document format version True;")


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
     "/plan", "every section, objective and measure with an id of its own"),
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


# ---------------------------------------------------------------- version 2: sections, groups, headings

def _v2_doc() -> dict:
    """Seed 000 written by this program (version 2), with two sections, a column group, an
    annex heading and the reporting body named."""
    plan, parent, report = interchange.loads(SEEDS["seed-000"].read_text(encoding="utf-8"))
    doc = json.loads(interchange.dumps(interchange.document_from_objects(plan, parent, report)))
    doc["plan"]["sections"] = [{"id": "sec-1", "number": "1", "text": "Үндсэн үйл ажиллагаа 1"},
                               {"id": "sec-2", "number": "2", "text": "Үндсэн үйл ажиллагаа 2"}]
    objectives = doc["plan"]["objectives"]
    for i, objective in enumerate(objectives):
        objective["section_id"] = "sec-1" if i < len(objectives) // 2 else "sec-2"
    doc["plan"]["columns"][1]["group"] = doc["plan"]["columns"][2]["group"] = "Шалгуур үзүүлэлт"
    doc["plan"]["heading"] = {
        "kind": "annex", "annex": {"issuer": "Сүхбаатар дүүргийн Засаг даргын", "act": "захирамж", "year": 2018,
                                   "date": None, "number": ""},
        "form_reference": "ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт", "table_label": "Хүснэгт-1",
        "date": "2018-02-05", "place": "Зуунмод", "title_as_typed": True}
    doc["report"]["heading"] = {"kind": "none", "title_as_typed": True}
    doc["report"]["organisation_id"] = "another-body"
    return doc


def test_version_2_carries_sections_groups_headings_and_the_reporting_body():
    doc = _v2_doc()
    jsonschema.validate(doc, SCHEMA)
    plan, parent, report = interchange.loads(json.dumps(doc, ensure_ascii=False))
    assert [(s.id, s.number) for s in plan.sections] == [("sec-1", "1"), ("sec-2", "2")]
    assert {o.section_id for o in plan.objectives} == {"sec-1", "sec-2"}
    assert [c.group for c in plan.columns] == ["", "Шалгуур үзүүлэлт", "Шалгуур үзүүлэлт"]
    assert plan.heading.kind.value == "annex" and plan.heading.annex.year == 2018
    assert plan.heading.annex.date is None and plan.heading.title_as_typed
    assert (plan.heading.table_label, plan.heading.place, str(plan.heading.date)) == (
        "Хүснэгт-1", "Зуунмод", "2018-02-05")
    assert report.heading.kind.value == "none" and report.heading.annex.act == "захирамж"
    assert report.organisation_id == "another-body"
    written = interchange.document_from_objects(plan, parent, report)
    assert written["format_version"] == 2
    jsonschema.validate(written, SCHEMA)
    assert interchange.loads(interchange.dumps(written)) == (plan, parent, report)


@pytest.mark.parametrize("field, where", [
    (lambda d: d["plan"].__setitem__("sections", []), "/plan/sections"),
    (lambda d: d["plan"].__setitem__("heading", {"kind": "approval"}), "/plan/heading"),
    (lambda d: d["plan"]["objectives"][0].__setitem__("section_id", None), "/plan/objectives/0/section_id"),
    (lambda d: d["plan"]["columns"][0].__setitem__("group", ""), "/plan/columns/0/group"),
    (lambda d: d["report"].__setitem__("organisation_id", None), "/report/organisation_id"),
    (lambda d: d["report"].__setitem__("heading", {"kind": "none"}), "/report/heading"),
])
def test_a_version_1_document_holds_only_what_version_1_had(field, where):
    doc = _seed_doc()
    assert doc["format_version"] == 1
    field(doc)
    assert _refused(doc) == f"The file is not a valid aplan document: at {where}, expected no such field."


@pytest.mark.parametrize("change, where, expected", [
    (lambda d: d["plan"]["objectives"][0].__setitem__("section_id", "sec-9"), "/plan/objectives/0/section_id",
     "the id of a section of this plan"),
    (lambda d: d["plan"]["objectives"][0].__setitem__("section_id", "sec-2"), "/plan/objectives/1/section_id",
     "objectives in the order of their sections, those under no section first"),
    (lambda d: d["plan"]["objectives"][-1].__setitem__("section_id", None), f"/plan/objectives/{3}/section_id",
     "objectives in the order of their sections, those under no section first"),
    (lambda d: [x.__setitem__(k, d["plan"]["objectives"][0]["id"]) for x, k in [(d["plan"]["sections"][1], "id")] + [
        (o, "section_id") for o in d["plan"]["objectives"][2:]]], "/plan",
     "every section, objective and measure with an id of its own"),
    (lambda d: d["plan"]["sections"][0].__setitem__("text", "ү" * 100_001), "/plan/sections/0/text",
     "a text of at most 100000 characters"),
    (lambda d: d["plan"]["sections"].extend({"id": f"x{i}", "number": "", "text": ""} for i in range(500)),
     "/plan/sections", "a list of at most 500 items"),
    (lambda d: d["plan"]["columns"][0].__setitem__("group", "г" * 2_001), "/plan/columns/0/group",
     "a text of at most 2000 characters"),
    (lambda d: d["plan"]["heading"].__setitem__("kind", "stamp"), "/plan/heading/kind",
     "one of: approval, annex, none"),
    (lambda d: d["plan"]["heading"].__setitem__("title_as_typed", 1), "/plan/heading/title_as_typed",
     "true or false"),
    (lambda d: d["plan"]["heading"]["annex"].__setitem__("date", "2019-03-01"), "/plan/heading/annex/date",
     "a date in the year 2018"),
    (lambda d: d["plan"]["heading"]["annex"].__setitem__("year", 1990), "/plan/heading/annex/year",
     "a whole number from 2000 to 2100"),
    (lambda d: d["plan"]["heading"]["annex"].__setitem__("seal", "тамга"), "/plan/heading/annex/seal",
     "no such field"),
    (lambda d: d["plan"]["heading"].pop("kind"), "/plan/heading/kind", "this field"),
    (lambda d: d["plan"]["heading"].__setitem__("place", "х" * 2_001), "/plan/heading/place",
     "a text of at most 2000 characters"),
    (lambda d: d["report"]["heading"].__setitem__("date", "2025-13-01"), "/report/heading/date",
     "a date written YYYY-MM-DD"),
    (lambda d: d["report"].__setitem__("organisation_id", "сум"), "/report/organisation_id",
     "an id of letters, digits and . _ : - (at most 64)"),
])
def test_each_wrong_version_2_field_is_named_with_what_was_expected(change, where, expected):
    doc = _v2_doc()
    assert len(doc["plan"]["objectives"]) == 4
    change(doc)
    assert _refused(doc) == f"The file is not a valid aplan document: at {where}, expected {expected}."
