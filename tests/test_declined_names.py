"""Messages and letters name an organisation in the case Mongolian needs, by declining the last
word of its name ("…Тамгын газраас", "…Тамгын газрын"), never by gluing an ending on with a
hyphen ("…газар-ээс"); the forms this office stored for a name come first, the rule after."""

from __future__ import annotations

import io

from pypdf import PdfReader

from aplan_desktop.core.model import NameForms, Organisation, OrganisationKind, Person
from aplan_desktop.exchange import REFUSED, export_document, own_fingerprint
from aplan_desktop.forms.letter_form import cover_letter_for, render_letter
from aplan_desktop.i18n import named
from aplan_desktop.operations import OfficeDetails, Operations
from conftest import run_aplan
from test_exchange import aimag, soum  # noqa: F401 - the fixtures

SOUM = "Бат-Өлзий сумын Засаг даргын Тамгын газар"


def _text(pdf: bytes) -> str:
    """The PDF's text without spaces and line breaks, which wrapping puts anywhere."""
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _squashed(words: str) -> str:
    return "".join(words.split())


def test_a_bundle_from_a_new_key_names_its_sender_in_the_ablative(soum, aimag, tmp_path):
    ops = Operations(aimag)
    first = export_document(soum, "s000-report", tmp_path / "mail").path
    ops.register_sender(first, own_fingerprint(soum))
    soum.set_setting("signing_key", "22" * 32)  # the soum's new computer
    second = export_document(soum, "s000-report", tmp_path / "new-key").path
    (item,) = ops.check_import([second])
    assert item.status == REFUSED and item.registered_fingerprint
    assert item.message.startswith("Бат-Өлзий сумын Засаг даргын Тамгын газраас ирсэн багц файл")
    assert "газар-" not in item.message


def test_the_command_line_names_the_registered_sender_in_the_genitive(soum, aimag, tmp_path):
    first = export_document(soum, "s000-report", tmp_path / "mail").path
    aimag.close()
    result = run_aplan("keys", "--trust", str(first), "--fingerprint", own_fingerprint(soum), db=tmp_path / "aimag.sqlite")
    assert result.returncode == 0, result.stderr
    assert "Бат-Өлзий сумын Засаг даргын Тамгын газрын түлхүүрийг бүртгэлээ" in result.stdout
    assert "газар-" not in result.stdout


def test_the_forms_this_office_stored_come_before_the_rule(tmp_path):
    ops = Operations.open(tmp_path / "office.sqlite")
    try:
        ops.setup_office(OfficeDetails("Хужирт сумын ЗДТГ", OrganisationKind.SOUM, "aimag-ovorkhangai",
                                       genitive="Хужирт сумын Засаг даргын Тамгын газрын", dative="",
                                       ablative="Хужирт сумын Засаг даргын Тамгын газраас"))
        home = ops.home_organisation()
        params = named("sender", *ops.naming(home.id))
        assert params == {"sender": "Хужирт сумын ЗДТГ", "sender_gen": "Хужирт сумын Засаг даргын Тамгын газрын",
                          "sender_dat": "Хужирт сумын ЗДТГ-т",  # not stored: the rule's
                          "sender_abl": "Хужирт сумын Засаг даргын Тамгын газраас"}
        # a sender calling itself by another name than the one stored is declined by the rule
        assert named("sender", *ops.naming(home.id, SOUM))["sender_abl"] == "Бат-Өлзий сумын Засаг даргын Тамгын газраас"
        assert named("organisation", *ops.naming("nobody-here")) == {
            "organisation": "nobody-here", "organisation_gen": "nobody-here-ын", "organisation_dat": "nobody-here-д",
            "organisation_abl": "nobody-here-аас"}
    finally:
        ops.close()


def test_the_cover_letter_addresses_its_recipient_in_the_dative(soum, tmp_path):
    report = soum.report("s000-report")
    plan = soum.plan(report.plan_id)
    agency = Organisation("m", "Улсын бүртгэлийн ерөнхий газар", OrganisationKind.AGENCY)
    letter = cover_letter_for(report, plan, agency, 3)
    letter.signatory = Person("ДАРГА", "Д. БАТ")
    text = _text(render_letter(letter)[0])
    assert _squashed("УЛСЫН БҮРТГЭЛИЙН ЕРӨНХИЙ ГАЗАРТ") in text and "ГАЗАР-" not in text.upper()
    agency.forms = NameForms("", "Улсын бүртгэлийн ерөнхий газар луу", "")  # as the office corrected it
    assert _squashed("УЛСЫН БҮРТГЭЛИЙН ЕРӨНХИЙ ГАЗАР ЛУУ") in _text(render_letter(cover_letter_for(report, plan, agency, 3))[0])
    mailed = export_document(soum, "s000-report", tmp_path / "mail").letter_path
    text = _text(mailed.read_bytes())
    assert _squashed("ӨВӨРХАНГАЙ АЙМГИЙН ЗАСАГ ДАРГЫН ТАМГЫН ГАЗАРТ") in text and "газар-" not in text.lower()
