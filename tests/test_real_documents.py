"""Plans and reports published by other bodies, typed in as they were found (tests/fixtures/real/).

Each fixture is read the way `aplan load` reads a file, checked the way `aplan check` checks
it, stored in a real data file and read back, and printed; the PDF's text is read back with
pypdf. Each `<name>.source.md` beside a fixture gives the page's address and what the page
showed; the stored copies show only the beginning of each page, so the fixtures are short.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from aplan_desktop.core import interchange
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.documents import read_document_file
from aplan_desktop.operations import Operations
from aplan_desktop.storage import Store

REAL = Path(__file__).parent / "fixtures" / "real"
FIXTURES = sorted(p.stem for p in REAL.glob("*.json"))

# What `aplan check` finds in each, every one explained by where the stored copy of the page
# ends (before the signatures, or inside the first row): nothing the original lacks.
EXPECTED_PROBLEMS = {
    "bagakhangai-2018-plan": set(),  # an annex to the Governor's order: no БАТЛАВ to sign
    "burtgel-2016-report": {"report.prepared_by"},
    "chingeltei-nd-2021-report": {"entry.result.empty", "report.prepared_by"},
    "govisumber-police-2023-h1": {"entry.result.empty", "entry.percent.empty", "report.prepared_by"},
    "shiveegovi-2018-plan": set(),  # printed with no heading block at all
    "zuunmod-2016-report": {"report.prepared_by"},
}
ADDRESS = re.compile(r"^- \*\*Address:\*\* (https?://\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Plan, Report | None, list, list[str], Path]]:
    """Every fixture loaded into a data file of its own, checked and printed:
    name → (plan, report, problems, the PDF's pages as text, the data file)."""
    out = {}
    for name in FIXTURES:
        folder = tmp_path_factory.mktemp(name)
        ops = Operations(Store.open(folder / "aplan.sqlite"))
        try:
            plan, report = ops.load_file(REAL / f"{name}.json")
            doc_id = (report or plan).id
            problems = ops.problems(doc_id)
            ops.write_pdf(doc_id, folder / f"{name}.pdf")
        finally:
            ops.close()
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO((folder / f"{name}.pdf").read_bytes())).pages]
        out[name] = (plan, report, problems, pages, folder / "aplan.sqlite")
    return out


def test_each_fixture_says_where_it_was_published():
    sources = sorted(p.name.removesuffix(".source.md") for p in REAL.glob("*.source.md"))
    assert sources == FIXTURES
    for name in FIXTURES:
        assert len(ADDRESS.findall((REAL / f"{name}.source.md").read_text(encoding="utf-8"))) == 1, name
    bodies = {json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))["plan"]["organisation"]["id"]
              for name in FIXTURES}
    assert len(bodies) >= 4
    assert set(EXPECTED_PROBLEMS) == set(FIXTURES)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_checks_as_its_original_allows(printed, name):
    _, _, problems, _, _ = printed[name]
    assert {p.code for p in problems} == EXPECTED_PROBLEMS[name]


@pytest.mark.parametrize("name", FIXTURES)
def test_a_real_document_is_stored_and_read_back_unchanged(printed, name):
    plan, report, _, _, data_file = printed[name]
    store = Store.open(data_file)  # a new connection: what reached the file
    try:
        stored_plan, _, stored_report = store.load_document((report or plan).id)
    finally:
        store.close()
    typed_plan, _, typed_report = read_document_file(REAL / f"{name}.json")
    assert stored_plan == typed_plan
    assert stored_report == typed_report
    ops = Operations(Store.open(data_file))
    try:
        written = ops.document_json((report or plan).id)  # what `aplan dump` writes of it
    finally:
        ops.close()
    again_plan, _, again_report = interchange.loads(written)
    assert (again_plan, again_report) == (typed_plan, typed_report)

