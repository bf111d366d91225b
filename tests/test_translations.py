"""Every message in the code has a Mongolian translation with the same placeholders."""

import re
import struct
from pathlib import Path

from babel.messages.extract import extract_from_dir

from aplan_desktop.i18n import CASES, _Catalogue, _read_mo, gettext

ROOT = Path(__file__).resolve().parent.parent
COMPILED = ROOT / "translations" / "mn" / "LC_MESSAGES" / "aplan.mo"
SOURCE = ROOT / "translations" / "mn" / "LC_MESSAGES" / "aplan.po"
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
    catalogue = _read_mo(COMPILED.read_bytes())
    missing = sorted(m for m in _messages() if m not in catalogue)
    assert missing == []


def _placeholders_of_translation(text: str) -> set[str]:
    """Each placeholder, a declined name counted as the name it declines."""
    return set(PLACEHOLDER.findall(DECLINED.sub(lambda m: "{" + m[1] + "}", text)))


def test_translations_keep_the_placeholders():
    catalogue = _read_mo(COMPILED.read_bytes())
    wrong = [(m, t) for m, t in catalogue.items() if set(PLACEHOLDER.findall(m)) != _placeholders_of_translation(t)]
    assert wrong == []


def test_a_declined_name_is_never_in_the_english_message():
    assert [m for m in _read_mo(COMPILED.read_bytes()) if DECLINED.search(m)] == []


def test_no_translation_glues_a_case_ending_onto_an_organisation_name():
    glued = re.compile(rf"\{{({'|'.join(NAMES)})\}}-")
    assert [t for t in _read_mo(COMPILED.read_bytes()).values() if glued.search(t)] == []


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file():
    from babel.messages.pofile import read_po

    with SOURCE.open("rb") as f:
        source = {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}
    assert _read_mo(COMPILED.read_bytes()) == source, "run `make messages` to compile translations/mn/LC_MESSAGES/aplan.mo"


def _po_msgids() -> list[str]:
    from babel.messages.pofile import read_po

    with SOURCE.open("rb") as f:
        return [m.id for m in read_po(f) if isinstance(m.id, str)]


def test_a_message_is_found_in_the_compiled_catalogue_as_a_whole_read_finds_it():
    from babel.messages.mofile import read_mo

    with COMPILED.open("rb") as f:
        translations = {m.id: m.string for m in read_mo(f) if m.id and m.string}
    msgids = _po_msgids()
    assert len(msgids) > 700
    for message in msgids + ["", "not a message of the program", "\x00"]:
        assert gettext(message, "mn") == translations.get(message, message), message
        assert gettext(message, "en") == message


def test_a_catalogue_whose_msgids_are_not_sorted_is_read_whole():
    data = bytearray(COMPILED.read_bytes())
    count, ids_at, texts_at = struct.unpack_from("<3I", data, 8)
    for table in (ids_at, texts_at):  # the first and last messages change places in both tables
        first, last = table + 8, table + 8 * (count - 1)
        data[first:first + 8], data[last:last + 8] = data[last:last + 8], data[first:first + 8]
    expected = _read_mo(COMPILED.read_bytes())
    unsorted = _Catalogue(bytes(data))
    assert _read_mo(bytes(data)) == expected
    for message in _po_msgids() + ["not a message of the program"]:
        assert unsorted.get(message) == expected.get(message), message
