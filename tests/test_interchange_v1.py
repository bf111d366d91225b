"""Every document version 1 wrote still loads and prints the same: the demo documents and the
shipped templates as the version-1 program exported them (tests/fixtures/interchange-v1/,
kept, never rebuilt), printed beside the same documents as this program builds them from the
shipped files, and carried through today's format and the database unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from aplan_desktop.core import interchange
from aplan_desktop.core.model import HeadingKind
from aplan_desktop.core.templates import list_templates, plan_from_template, read_template
from aplan_desktop.documents import demo_files, read_document_file
from aplan_desktop.forms.layout import Layout
from aplan_desktop.forms.plan_form import render_plan
from aplan_desktop.forms.report_form import render_report
from aplan_desktop.resources import templates_dir

V1 = Path(__file__).parent / "fixtures" / "interchange-v1"
DEMOS = sorted(V1.glob("demo-*.json"))
TEMPLATES = sorted(V1.glob("template-*.json"))


def _text(plan, report) -> list[str]:
    pdf, _ = render_report(report, plan, Layout()) if report else render_plan(plan, Layout())
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _shipped_demo(path: Path):
    """The demo document this program builds from the file it ships."""
    number = path.stem.removeprefix("demo-s")
    (shipped,) = [p for p in demo_files() if p.stem == f"seed-{number}"]
    return read_document_file(shipped)


def _template_plan(path: Path):
    """The plan this program makes from the shipped template, with the fixture's ids."""
    v1_plan, _, _ = interchange.loads(path.read_text(encoding="utf-8"))
    (template,) = [t for t in list_templates(templates_dir()) if path.stem == f"template-{t.key}"]
    plan = plan_from_template(template, v1_plan.organisation, v1_plan.year)
    plan.id = v1_plan.id
    for objective, v1_objective in zip(plan.objectives, v1_plan.objectives, strict=True):
        objective.id = v1_objective.id
        for measure, v1_measure in zip(objective.measures, v1_objective.measures, strict=True):
            measure.id = v1_measure.id
    return plan, None, None


def test_the_fixtures_are_version_1_and_cover_every_demo_and_template():
    assert len(DEMOS) == len(demo_files()) == 5
    assert [p.stem for p in TEMPLATES] == [f"template-{t.key}" for t in list_templates(templates_dir())]
    for path in DEMOS + TEMPLATES:
        assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == 1


@pytest.mark.parametrize("path", DEMOS + TEMPLATES, ids=lambda p: p.stem)
def test_a_version_1_document_loads_and_prints_as_the_program_builds_it(path):
    plan, parent, report = interchange.loads(path.read_text(encoding="utf-8"))
    built = _shipped_demo(path) if path in DEMOS else _template_plan(path)
    assert (plan, parent, report) == built
    for heading in (plan.heading, report.heading if report else plan.heading):
        assert heading.kind == HeadingKind.APPROVAL and not heading.title_as_typed
    assert plan.sections == [] and all(o.section_id is None for o in plan.objectives)
    assert _text(plan, report) == _text(built[0], built[2])


@pytest.mark.parametrize("path", DEMOS + TEMPLATES, ids=lambda p: p.stem)
def test_a_version_1_document_survives_todays_format_and_the_database(path, store):
    plan, parent, report = interchange.loads(path.read_text(encoding="utf-8"))
    written = interchange.dumps(interchange.document_from_objects(plan, parent, report))
    assert json.loads(written)["format_version"] == interchange.FORMAT_VERSION
    assert interchange.loads(written) == (plan, parent, report)
    store.save_document(plan, parent, report)
    stored_plan, stored_parent, stored_report = store.load_document(report.id if report else plan.id)
    assert (stored_plan, stored_report) == (plan, report)
    assert _text(stored_plan, stored_report) == _text(plan, report)


@pytest.mark.parametrize("path", sorted((V1 / "templates").glob("*.json")), ids=lambda p: p.stem)
def test_a_version_1_template_makes_the_same_plan(path):
    shipped = templates_dir() / path.name
    old, new = read_template(path), read_template(shipped)
    assert (old.key, old.name, old.kind, old.title) == (new.key, new.name, new.kind, new.title)
    fixture = V1 / f"template-{old.key}.json"
    v1_plan, _, _ = interchange.loads(fixture.read_text(encoding="utf-8"))
    made = plan_from_template(old, v1_plan.organisation, v1_plan.year)
    assert [(o.number, o.text, [(m.number, m.text, m.criteria, m.timeframe) for m in o.measures])
            for o in made.objectives] == [
        (o.number, o.text, [(m.number, m.text, m.criteria, m.timeframe) for m in o.measures])
        for o in v1_plan.objectives]
    assert (made.title, made.columns) == (v1_plan.title, v1_plan.columns)
