"""Evidence from a stranger's bundle: only documents, pictures and web links are opened."""

from __future__ import annotations

import pytest

from aplan_desktop.core.evidence import file_name_to_open, opens_safely
from aplan_desktop.core.model import Evidence


@pytest.mark.parametrize("name", ["Сургалт.JPG", "тайлан.pdf", "хүснэгт.xlsx", "бичлэг.mp4"])
def test_documents_and_pictures_open(name):
    assert opens_safely(Evidence(name=name, sha256="0" * 64))


@pytest.mark.parametrize("name", ["Тайлан.pdf.exe", "setup.msi", "script.js", "макро.docm", "link.lnk", "нэргүй"])
def test_programs_and_unknown_types_do_not(name):
    assert not opens_safely(Evidence(name=name, sha256="0" * 64))


@pytest.mark.parametrize("url, opens", [("https://bat-ulzii.ov.gov.mn/news/1", True), ("http://e-procurement.mn", True),
                                        ("file:///C:/Windows/System32/calc.exe", False),
                                        ("javascript:alert(1)", False), ("ms-settings:", False)])
def test_links_open_only_to_web_pages(url, opens):
    assert opens_safely(Evidence(name="холбоос", url=url)) is opens


def test_the_file_name_is_a_plain_name_any_system_accepts():
    assert file_name_to_open(Evidence(name="..\\..\\Startup\\a.pdf")) == "a.pdf"
    assert file_name_to_open(Evidence(name="ажлын: тайлан?.pdf")) == "ажлын_ тайлан_.pdf"
    assert file_name_to_open(Evidence(name="../")) == "evidence"
