"""Every message in the code has a Mongolian translation with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from aplan_desktop.i18n import CASES, _catalogue

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Placeholders that hold an organisation's name: a translation may decline them ({sender_abl},
# see `i18n.named`); Mongolian never glues a case ending onto them with a hyphen.
NAMES = {"sender", "organisation"}
DECLINED = re.compile(rf"\{{({'|'.join(NAMES)})_({'|'.join(CASES)})\}}")


def _messages() -> set[str]:
    found = extract_from_dir(str(ROOT / "aplan_desktop"), keywords={"N_": None, "translate": None, "gettext": None})
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def test_the_code_has_messages():
    assert len(_messages()) > 50


def test_every_message_has_a_mongolian_translation():
    catalogue = _catalogue("mn")
    missing = sorted(m for m in _messages() if m not in catalogue)
    assert missing == []


def _placeholders_of_translation(text: str) -> set[str]:
    """Each placeholder, a declined name counted as the name it declines."""
    return set(PLACEHOLDER.findall(DECLINED.sub(lambda m: "{" + m[1] + "}", text)))


def test_translations_keep_the_placeholders():
    catalogue = _catalogue("mn")
    wrong = [(m, t) for m, t in catalogue.items() if set(PLACEHOLDER.findall(m)) != _placeholders_of_translation(t)]
    assert wrong == []


def test_a_declined_name_is_never_in_the_english_message():
    assert [m for m in _catalogue("mn") if DECLINED.search(m)] == []


def test_no_translation_glues_a_case_ending_onto_an_organisation_name():
    glued = re.compile(rf"\{{({'|'.join(NAMES)})\}}-")
    assert [t for t in _catalogue("mn").values() if glued.search(t)] == []


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file():
    from babel.messages.pofile import read_po

    with (ROOT / "translations" / "mn" / "LC_MESSAGES" / "aplan.po").open("rb") as f:
        source = {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}
    assert _catalogue("mn") == source, "run `make messages` to compile translations/mn/LC_MESSAGES/aplan.mo"
