"""The one place for language: translated messages and Mongolian formatting.

Messages are gettext catalogues (`translations/<lang>/LC_MESSAGES/aplan.po`, managed with
Babel and compiled to `aplan.mo` by `make messages`).
The msgids are English, so English needs no catalogue of its own to be complete; Mongolian
is the default language. The language comes from `APLAN_LANG` (mn or en), else Mongolian.
"""

from __future__ import annotations

import errno
import os
import struct
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.resources import translations_dir

if TYPE_CHECKING:  # for the annotations only: the messages need neither the model nor the checks
    from aplan_desktop.core.model import NameForms
    from aplan_desktop.core.validation import Problem

LANGUAGES = ("mn", "en")
DEFAULT_LANGUAGE = "mn"
DOMAIN = "aplan"


def current_language() -> str:
    lang = os.environ.get("APLAN_LANG", "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def _catalogue(lang: str) -> _Catalogue:
    """The compiled catalogue (.mo, made from the .po by `make messages`), so that starting the
    program costs no .po parsing."""
    path = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return _Catalogue(path.read_bytes() if path.exists() else b"")


class _Catalogue:
    """The messages of a GNU .mo file (UTF-8, as Babel writes it), each found when first asked for.

    After the magic number, which tells the byte order, and the format's revision come the count
    of messages and where the tables of msgids and of msgstrs start, each a (length, offset) pair
    per message. The format keeps the msgids sorted by their bytes (Babel's `write_mo` sorts
    them), so the msgids are taken once as bytes, their order checked, and a message is found by
    binary search among them, decoding only its own translation: a window's start asks for some
    60 of the 784 messages, and decoding all of them cost five times as much (7 M instructions
    against 2 M). A file whose msgids are not sorted is read whole instead (`_read_mo`).
    The header (msgid "") and plural or context forms, which no message of the program has, are
    never found; neither is an empty msgstr, which means no translation."""

    def __init__(self, data: bytes):
        self._data = data
        self._msgids: list[bytes] = []
        self._found: dict[str, str | None] = {}
        if not data:
            return
        self._order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
        count, ids_at, self._texts_at = struct.unpack_from(f"{self._order}3I", data, 8)
        ids = struct.unpack_from(f"{self._order}{2 * count}I", data, ids_at)
        self._msgids = [data[at:at + length] for length, at in zip(ids[::2], ids[1::2])]
        if self._msgids != sorted(self._msgids):
            self._msgids = []
            self._found = _read_mo(data)

    def get(self, message: str) -> str | None:
        """The translation of the message, or None where the catalogue has none."""
        if message not in self._found:
            self._found[message] = self._search(message) if self._msgids else None
        return self._found[message]

    def _search(self, message: str) -> str | None:
        msgid = message.encode()
        if not msgid or b"\x00" in msgid:
            return None
        index = bisect_left(self._msgids, msgid)
        if index == len(self._msgids) or self._msgids[index] != msgid:
            return None
        length, at = struct.unpack_from(f"{self._order}2I", self._data, self._texts_at + 8 * index)
        return self._data[at:at + length].decode() or None


def _read_mo(data: bytes) -> dict[str, str]:
    """msgid → msgstr of every message of a .mo file (see `_Catalogue` for the format), for a
    file whose msgids are not sorted."""
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, ids_at, texts_at = struct.unpack_from(f"{order}3I", data, 8)
    ids = struct.unpack_from(f"{order}{2 * count}I", data, ids_at)
    texts = struct.unpack_from(f"{order}{2 * count}I", data, texts_at)
    catalogue = {}
    for length, at, text_length, text_at in zip(ids[::2], ids[1::2], texts[::2], texts[1::2]):
        msgid, msgstr = data[at:at + length], data[text_at:text_at + text_length]
        if msgid and msgstr and b"\x00" not in msgid:
            catalogue[msgid.decode()] = msgstr.decode()
    return catalogue


def gettext(message: str, lang: str | None = None) -> str:
    """The message in the language; the English msgid where no translation exists."""
    return _catalogue(lang or current_language()).get(message) or message


def translate(message: str, lang: str | None = None, **params: object) -> str:
    text = gettext(message, lang)
    return text.format(**params) if params else text


CASES = ("gen", "dat", "abl")  # a message names an organisation as {sender}, or declined: {sender_abl}


def named(key: str, name: str, stored: NameForms | None = None) -> dict[str, str]:
    """The parameters of a message that names an organisation: `{key}` as written, and
    `{key_gen}`, `{key_dat}`, `{key_abl}` declined, as Mongolian writes a name with a case
    ("Тамгын газраас", never "Тамгын газар-аас"): the forms this office stored for that
    organisation where it has them, else declined by rule."""
    from aplan_desktop.i18n.mongolian import name_in_cases

    forms = name_in_cases(name, stored)
    return {key: name, **{f"{key}_{case}": form for case, form in zip(CASES, (forms.genitive, forms.dative, forms.ablative))}}


def error_text(error: UserError, lang: str | None = None) -> str:
    """The sentence for an error the user caused; a parameter that is a message is translated too."""
    params = dict(error.params)
    nested = params.pop("expected_params", None) or {}
    if "expected" in params:
        params["expected"] = translate(str(params["expected"]), lang, **nested)
    return translate(error.message, lang, **params)


def problem_text(problem: Problem, lang: str | None = None) -> str:
    return translate(problem.message, lang, **problem.params)


# Words for the values the program stores (enum values), so lists read as people speak.
_VALUE_LABELS = {
    "anti_corruption": N_("anti-corruption plan"),
    "integrity": N_("integrity improvement plan"),
    "draft": N_("draft"),
    "approved": N_("approved"),
    "final": N_("final"),
    "sent": N_("sent"),
    "received": N_("received by the aimag"),
    "accepted": N_("accepted by the aimag"),
    "returned": N_("returned for correction"),
    "H1": N_("first half year"),
    "H2": N_("second half / year"),
    "Q1": N_("1st quarter"),
    "Q2": N_("2nd quarter"),
    "Q3": N_("3rd quarter"),
    "Q4": N_("4th quarter"),
    "aimag": N_("aimag"),
    "soum": N_("soum"),
    "district": N_("district"),
    "agency": N_("agency"),
    "company": N_("company"),
    "error": N_("error"),
    "warning": N_("warning"),
    "plan": N_("plan"),
    "report": N_("report"),
    "new": N_("new"),
    "newer": N_("newer revision"),
    "duplicate": N_("already here"),
    "older": N_("older revision, kept as history"),
    "conflict": N_("conflict"),
    "unknown_sender": N_("sender not registered"),
    "refused": N_("refused"),
    "created": N_("created"),
    "edited": N_("edited"),
    "finalised": N_("finalised"),
    "reopened": N_("reopened"),
    "circular": N_("circular"),
    "circular_marked": N_("marked as carried out by the bodies under this office"),
    "circular_sent": N_("sent to the bodies under this office"),
    "circular_withdrawn": N_("no longer marked as carried out by the bodies under this office"),
    "circular_received": N_("received from the aimag"),
    "circular_called_off": N_("called off: the bodies under this office are told with its next sending"),
    "circular_called_off_received": N_("called off by the aimag"),
    "consolidated": N_("made from the bodies' reports (their number)"),
    "left_out": N_("results left out: the plan here no longer has these measures"),
    "follows_revision": N_("checked against the aimag's newer revision of the plan (revisions)"),
    "on_time": N_("on time"),
    "late": N_("late"),
    "undated": N_("received (no date)"),
    "missing": N_("not received"),
}


def label(value: str, lang: str | None = None) -> str:
    """The word for a stored value ("H1" → "I хагас жил")."""
    return gettext(_VALUE_LABELS.get(value, value), lang)


def found_text(field: str, found: str, escape=lambda text: text) -> str:
    """What a search found as the window and `aplan search` show it: a section, or the aimag's
    reason for a return, said to be one. `found` is the hit's words, already marked and escaped
    for where they are shown; `escape` applies to the wording around them."""
    if field == "section":
        wording = translate(N_("Section: {found}"), found="\x00")
    elif field == "return":
        wording = translate(N_("Returned by the aimag: {reason}"), reason="\x00")
    else:
        return found
    return escape(wording).replace("\x00", found)


# What the disk or SQLite said, as the user can act on it; SQLite's own words are English.
_CAUSES = (
    ((errno.ENOSPC,), "database or disk is full", N_("the disk is full: free some space")),
    ((errno.EACCES, errno.EPERM, errno.EROFS), "readonly database",
     N_("the program may not write there: check the folder's permissions")),
    ((), "database is locked", N_("another program is using the data file: close it")),
    ((errno.EIO,), "disk I/O error", N_("the disk could not be read or written: it may be failing")),
)


def reason_text(exc: BaseException, lang: str | None = None) -> str:
    """Why a file or database operation failed, in the user's language when the cause is known."""
    number, message = getattr(exc, "errno", None), str(exc).lower()
    for numbers, words, sentence in _CAUSES:
        if number in numbers or words in message:
            return gettext(sentence, lang)
    return getattr(exc, "strerror", None) or str(exc)
