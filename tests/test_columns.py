"""The column registry is the one list of printed columns: every part that knows a column
(validation, the interchange format and its schema, the editors, the PDF forms, the exports,
the seeds) knows exactly the registry's columns, so no other list can grow back."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aplan_desktop.core import columns as registry
from aplan_desktop.core import interchange
from aplan_desktop.core.errors import DocumentFormatError
from aplan_desktop.core.model import Column, Entry, Money, Review, Timeframe
from aplan_desktop.core.parsing import InputRefused
from aplan_desktop.core.validation import validate_plan, validate_report
from aplan_desktop.documents import demo_files
from aplan_desktop.forms.exports import document_table, write_xlsx
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.measure_table import column_widths, measure_rows
from aplan_desktop.core.columns import report_columns
from aplan_desktop.core.scoring import ScoreScale

ROOT = Path(__file__).resolve().parent.parent
KEYS = [c.key for c in registry.COLUMNS]
NOT_A_COLUMN = ["notes", "Budget", "extra:", "extra:Bad-Name", "text", "comment"]


def _seed(name="seed-000"):
    path = next(p for p in demo_files() if p.stem == name)
    return interchange.loads(path.read_text(encoding="utf-8"))


def _document_with_columns(keys: list[str]) -> str:
    document = json.loads(next(p for p in demo_files() if p.stem == "seed-000").read_text(encoding="utf-8"))
    document["plan"]["columns"] = [{"key": k, "label": k} for k in keys]
    return json.dumps(document, ensure_ascii=False)


def test_every_column_belongs_to_the_plan_or_the_report_once():
    assert len(KEYS) == len(set(KEYS))
    assert set(registry.PLAN_KEYS) | set(registry.REPORT_KEYS) == set(KEYS)
    assert not set(registry.PLAN_KEYS) & set(registry.REPORT_KEYS)


def test_the_interchange_format_reads_every_registry_column_and_nothing_else():
    plan, _, _ = interchange.loads(_document_with_columns(registry.PLAN_KEYS + ("extra:own_1",)))
    assert [c.key for c in plan.columns] == list(registry.PLAN_KEYS) + ["extra:own_1"]
    for key in NOT_A_COLUMN:
        with pytest.raises(DocumentFormatError):
            interchange.loads(_document_with_columns([key]))


def test_the_published_schema_names_the_registry_columns():
    schema = json.loads((ROOT / "docs" / "interchange.schema.json").read_text(encoding="utf-8"))
    pattern = re.compile(schema["$defs"]["column"]["properties"]["key"]["pattern"])
    assert all(pattern.search(k) for k in KEYS + ["extra:own_1"])
    assert not any(pattern.search(k) for k in NOT_A_COLUMN)


def test_validation_allows_a_part_its_own_columns_only():
    plan, _, report = _seed("seed-000")
    plan.columns = [Column(k, k) for k in registry.PLAN_KEYS]
    assert not [p for p in validate_plan(plan) if p.code.startswith("column.")]
    plan.columns = [Column(registry.REPORT_KEYS[0], "x")]
    assert [p for p in validate_plan(plan) if p.code.startswith("column.")]
    plan.columns = [Column(k, k) for k in registry.PLAN_KEYS]
    report.columns = [Column(k, k) for k in KEYS]
    assert not [p for p in validate_report(report, plan) if p.code.startswith("column.")]


def test_the_seeds_print_registry_columns_only():
    for path in demo_files():
        plan, _, report = interchange.loads(path.read_text(encoding="utf-8"))
        for column in plan.columns + (report.columns if report else []):
            assert column.key in registry.BY_KEY or column.key.startswith(registry.EXTRA_PREFIX)


def test_a_report_without_its_own_columns_prints_the_registry_defaults():
    plan, _, report = _seed("seed-000")
    report.columns = []
    added = report_columns(report, plan)[len(plan.columns):]
    assert [(c.key, c.label) for c in added] == registry.default_labels("report")
    assert [c.key for c in added] == ["result", "spent", "percent"]


def _filled():
    """seed-000 with every registry column chosen and every cell of the first measure filled."""
    plan, _, report = _seed("seed-000")
    plan.columns = [Column(k, f"L-{k}") for k in registry.PLAN_KEYS]
    report.columns = [Column(k, f"L-{k}") for k in KEYS]
    measure = plan.measures()[0]
    measure.number, measure.text, measure.target, measure.responsible = "1.1", "Арга", "Түвшин", "Эзэн"
    measure.criteria, measure.timeframe = ["А", "Б"], Timeframe("Жилдээ")
    measure.budget = Money(Decimal("1250.5"), "Төсөв")
    report.entries = [Entry(measure.id, result="Үр дүн\n\nДараах", percent=70, spent=Money(Decimal("12"), "Орон"),
                            review=Review(score=60, comment="Сайн"))]
    return plan, report, measure


def test_every_registry_column_prints_its_cell_and_exports_it():
    plan, report, measure = _filled()
    row = next(r for r in measure_rows(plan, report.columns, {e.measure_id: e for e in report.entries})
               if r.measure_id == measure.id)
    cells = dict(zip(KEYS, row.cells))
    assert all(cells[k] for k in KEYS), [k for k in KEYS if not cells[k]]
    assert cells["budget"] == ["1,250.5", "Төсөв"] and cells["criteria"] == ["- А", "- Б"]
    assert cells["result"] == ["Үр дүн", "Дараах"] and cells["review"] == ["60", "Сайн"]
    assert cells["measure"] == ["Арга"]  # the number column prints the number

    table = document_table(plan, report)
    out = io.BytesIO()
    write_xlsx(table, out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    printed = next(r for r in rows if r[KEYS.index("measure")] == "Арга")
    assert printed[KEYS.index("percent")] == 70  # a number the spreadsheet can add up
    assert printed[KEYS.index("result")] == "Үр дүн\n\nДараах"
    assert printed[KEYS.index("criteria")] == "- А\n- Б"
    assert [f"L-{k}" for k in KEYS] in rows


def test_every_registry_column_gets_its_share_and_minimum_of_the_page():
    width, _ = Layout().frame_size(wide=True)
    columns = [Column(k, k) for k in KEYS] + [Column("extra:own", "own")]
    widths = column_widths(columns, width)
    assert abs(sum(widths) - width) < 0.01
    for column, w in zip(columns, widths):
        assert w >= registry.min_mm(column.key) * 72 / 25.4 - 0.01
    assert widths[KEYS.index("result")] > widths[KEYS.index("measure")] > widths[KEYS.index("number")]


def test_typed_money_and_percentages_are_read_by_the_registry_columns():
    assert registry.BY_KEY["budget"].parse("1 250,5") == Decimal("1250.5")
    assert registry.BY_KEY["spent"].parse("") is None
    assert registry.BY_KEY["percent"].parse("70", ScoreScale.free()) == 70
    with pytest.raises(InputRefused):
        registry.BY_KEY["percent"].parse("150", ScoreScale.free())


def test_the_plan_editor_offers_the_registry_plan_columns(qtbot):
    from aplan_desktop.gui.plan_editor import COLUMN_CHOICES

    assert COLUMN_CHOICES == [(c.key, c.label) for c in registry.COLUMNS if c.part == "plan"]


TYPED = {"line": ("7", ["7"]), "text": ("Шинэ бичвэр", ["Шинэ бичвэр"]), "lines": ("А\nБ", ["- А", "- Б"]),
         "timeframe": ("Жилдээ", ["Жилдээ"]), "money": ("1 250,5", ["1,250.5"]), "percent": ("70", ["70"])}


def test_what_is_typed_in_each_column_s_field_is_what_its_cell_prints(demo_store):
    """Each column's editor kind says what its field takes; typed through the editing
    operations (as the editors do), it comes back in the printed cell."""
    from aplan_desktop.core.periods import Period
    from aplan_desktop.core.templates import list_templates, plan_from_template
    from aplan_desktop.operations import Operations
    from aplan_desktop.operations.settings import HOME_ORGANISATION
    from aplan_desktop.resources import templates_dir

    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    ops = Operations(demo_store)
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    draft = plan_from_template(template, demo_store.organisation("org-bat-olzii"), 2026)
    demo_store.save_plan(draft)
    plan_session = ops.editing.open_plan(draft.id)
    measure = plan_session.plan.measures()[0]
    typed = [c for c in registry.COLUMNS if c.editor in TYPED]
    for column in (c for c in typed if c.part == "plan"):
        plan_session.set_measure_field(measure.id, column.edit_field, TYPED[column.editor][0])
    plan_session.save()
    ops.create_report(draft.id, Period.H1)
    report_session = ops.editing.open_report(next(r.id for r in ops.reports() if r.plan_id == draft.id))
    for column in (c for c in typed if c.part == "report"):
        report_session.set_entry_field(measure.id, column.edit_field, TYPED[column.editor][0])
    entries = {e.measure_id: e for e in report_session.report.entries}
    columns = [Column(c.key, c.key) for c in typed]
    row = next(r for r in measure_rows(report_session.plan, columns, entries) if r.measure_id == measure.id)
    printed = {c.key: cell for c, cell in zip(columns, row.cells)}
    assert printed == {c.key: TYPED[c.editor][1] for c in typed}
