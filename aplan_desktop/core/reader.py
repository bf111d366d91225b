"""The strict, bounded walk over a parsed JSON value that every reader of our files uses.

Each step remembers where it is, so that anything refused is named by its place in the file
and a sentence saying what was expected (a msgid, shown translated). The bounds are those of
docs/interchange-format.md, "Limits": far beyond any real plan, and small enough that every
value fits SQLite and the printed forms before it reaches them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from aplan_desktop.core.errors import N_, DocumentFormatError

SHORT_TEXT = 2_000          # names, titles, numbers, labels, sources, file names, links
LONG_TEXT = 100_000         # the texts of sections, objectives and measures, results, comments, notes
YEARS = (2000, 2100)        # plan years, and the years of every date
MAX_SECTIONS = 500
MAX_OBJECTIVES = 500
MAX_MEASURES = 2_000        # per plan; a report has at most one entry per measure
MAX_CRITERIA = 100          # per measure
MAX_EXTRA = 40              # a body's own columns, per measure
MAX_COLUMNS = 40
MAX_EVIDENCE = 500          # per entry
MAX_REVISION = 1_000_000
MAX_FILE_SIZE = 10 ** 12    # an evidence file's size in bytes

_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}\Z")
_AMOUNT = re.compile(r"\A-?[0-9]{1,18}(\.[0-9]{1,6})?\Z")
_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Reader:
    """Walks a parsed JSON value, remembering where it is for the error message (the path is
    spelled out only for a message: a document's tens of thousands of steps cost one each)."""

    __slots__ = ("value", "_path", "_parent", "_step")

    def __init__(self, value: Any, path: str = "", parent: "Reader | None" = None, step: str | int = "") -> None:
        self.value, self._path, self._parent, self._step = value, path or "/", parent, step

    @property
    def path(self) -> str:
        if self._parent is None:
            return self._path
        step = self._step
        if isinstance(step, str):  # a key from the file, shortened and made printable
            step = step[:64].encode("utf-8", "backslashreplace").decode("utf-8")
        return f"{self._parent.path.rstrip('/')}/{step}"

    def fail(self, expected: str, **params: object) -> DocumentFormatError:
        """`expected` is itself a msgid: the message shows it translated (see i18n.error_text)."""
        return DocumentFormatError(
            N_("The file is not a valid aplan document: at {path}, expected {expected}."),
            path=self.path, expected=expected, expected_params=params)

    def obj(self, allowed: set[str], required: set[str] = frozenset()) -> "Reader":
        if not isinstance(self.value, dict):
            raise self.fail(N_("an object"))
        unknown = set(self.value) - allowed
        if unknown:
            raise self.get(sorted(unknown)[0]).fail(N_("no such field"))
        missing = required - set(self.value)
        if missing:
            raise Reader(None, parent=self, step=sorted(missing)[0]).fail(N_("this field"))
        return self

    def get(self, key: str) -> "Reader":
        return Reader(self.value.get(key), parent=self, step=key)

    def has(self, key: str) -> bool:
        return key in self.value

    def items(self, limit: int = MAX_MEASURES) -> list["Reader"]:
        if not isinstance(self.value, list):
            raise self.fail(N_("a list"))
        if len(self.value) > limit:
            raise self.fail(N_("a list of at most {limit} items"), limit=limit)
        return [Reader(v, parent=self, step=i) for i, v in enumerate(self.value)]

    def str(self, default: str | None = None, limit: int = SHORT_TEXT) -> str:
        if self.value is None and default is not None:
            return default
        if not isinstance(self.value, str) or _SURROGATE.search(self.value):
            raise self.fail(N_("text"))
        if len(self.value) > limit:
            raise self.fail(N_("a text of at most {limit} characters"), limit=limit)
        return self.value

    def text(self, default: str | None = None) -> str:
        """A long text: a measure, a result, a comment."""
        return self.str(default, LONG_TEXT)

    def id(self) -> str:
        value = self.str()
        if not _ID.match(value):
            raise self.fail(N_("an id of letters, digits and . _ : - (at most 64)"))
        return value

    def int(self, low: int, high: int, nullable: bool = False) -> int | None:
        if self.value is None and nullable:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int) or not low <= self.value <= high:
            raise self.fail(N_("a whole number from {low} to {high}"), low=low, high=high)
        return self.value

    def date(self) -> date | None:
        if self.value is None:
            return None
        text = self.str()
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            raise self.fail(N_("a date written YYYY-MM-DD")) from None
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise self.fail(N_("a date in the years {low} to {high}"), low=YEARS[0], high=YEARS[1])
        return value

    def flag(self, default: bool | None = None) -> bool:
        if self.value is None and default is not None:
            return default
        if not isinstance(self.value, bool):
            raise self.fail(N_("true or false"))
        return self.value

    def enum(self, kind: type, default: Any = None) -> Any:
        if self.value is None and default is not None:
            return default
        try:
            return kind(self.value)
        except ValueError:
            raise self.fail(N_("one of: {choices}"), choices=", ".join(k.value for k in kind)) from None

    def amount(self) -> Decimal | None:
        if self.value is None:
            return None
        text = self.str()
        if not _AMOUNT.match(text):
            raise self.fail(N_("an amount written as a decimal number in quotes, e.g. \"1500.5\""))
        try:
            return Decimal(text)
        except InvalidOperation:
            raise self.fail(N_("an amount")) from None
