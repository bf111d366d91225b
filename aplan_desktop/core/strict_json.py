"""JSON from other offices, parsed strictly and within bounds, before any value is used.

Python's own parser accepts duplicate keys (the last one silently wins), NaN and Infinity,
nests until the interpreter's stack runs out, turns a file of three-byte `{}`s into millions
of objects, and stops at integers of more than 4300 digits with an exception of its own.
`loads` refuses all of these with a `JSONShapeError` that says which rule was broken; the
caller turns it into a sentence for the user.
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import accumulate, islice
from typing import Any

MAX_DEPTH = 32            # an interchange document nests 7 levels deep
MAX_ITEMS = 500_000       # strings, containers and separators: a plan of 2000 measures needs ~200,000
MAX_DIGITS = 19           # every whole number a document holds fits in a signed 64-bit integer

# A string (unrolled, so that long strings cost one match), a structural character, or a run of
# more digits than any number may have; for text and for UTF-8 bytes (whose multi-byte letters
# never contain these ASCII bytes).
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_TOKEN = r'%s|[\[\]{},]|[0-9]{%d,}' % (_STRING, MAX_DIGITS + 1)
_LONG_NUMBER = r'[0-9]{%d,}' % (MAX_DIGITS + 1)
_NOT_BRACKET = r'[^\[\]{}]+'
_STRUCTURE = {str: ("[", "]", "{", "}", ","), bytes: (b"[", b"]", b"{", b"}", b",")}
_QUOTE_AND_NOTHING = {str: ('"', ""), bytes: (b'"', b"")}
_DEPTH_STEP = {**dict.fromkeys("[{", 1), **dict.fromkeys("]}", -1),
               **dict.fromkeys(b"[{", 1), **dict.fromkeys(b"]}", -1)}


@cache
def _patterns(kind: type) -> dict[str, re.Pattern]:
    """The patterns for text or for bytes, compiled when the first document is read (a start
    that reads none, such as a print's, compiles none)."""
    return {name: re.compile(pattern if kind is str else pattern.encode()) for name, pattern in (
        ("string", _STRING), ("token", _TOKEN), ("long_number", _LONG_NUMBER), ("not_bracket", _NOT_BRACKET))}


class JSONShapeError(ValueError):
    """Why a text was refused: "syntax", "duplicate", "depth", "size" or "number"."""

    def __init__(self, reason: str, line: int = 0, column: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise JSONShapeError("duplicate")
    return result


def _no_constants(name: str) -> None:
    raise JSONShapeError("number")


def _count(data: str | bytes | bytearray, chars: tuple) -> int:
    return sum(data.count(char) for char in chars)


def check_shape(data: str | bytes | bytearray) -> None:
    """Item count, depth and number length, outside the strings, each in a pass that runs in C.

    Quotes (two a string), brackets and commas counted anywhere are at least the items: only when
    they are more than `MAX_ITEMS` are the tokens counted one by one, stopping at the limit, so a
    file of millions of `{}`s is never copied. Then the strings are cut down to `""`: what is left
    is the structure, whose brackets give the depth and whose digits the numbers' lengths.
    A file breaking more than one rule is refused for the first of: items, depth, number.
    """
    kind = str if isinstance(data, str) else bytes
    patterns, structure, (quote, nothing) = _patterns(kind), _STRUCTURE[kind], _QUOTE_AND_NOTHING[kind]
    if data.count(quote) // 2 + _count(data, structure) > MAX_ITEMS:  # never fewer than the items
        if sum(1 for _ in islice(patterns["token"].finditer(data), MAX_ITEMS + 1)) > MAX_ITEMS:
            raise JSONShapeError("size")
    bare = patterns["string"].sub(quote * 2, data)
    brackets = patterns["not_bracket"].sub(nothing, bare)
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH:
        raise JSONShapeError("depth")
    if patterns["long_number"].search(bare):
        raise JSONShapeError("number")


def loads(text: str, shape_checked: bool = False) -> Any:
    """The parsed value, or `JSONShapeError`: no duplicate keys, no NaN/Infinity, bounded depth,
    item count and number length (`shape_checked`: the caller ran `check_shape` on its bytes)."""
    if not shape_checked:
        check_shape(text)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise JSONShapeError("syntax", exc.lineno, exc.colno) from None
    except RecursionError:
        raise JSONShapeError("depth") from None
    except JSONShapeError:
        raise
    except ValueError:  # e.g. an integer beyond the interpreter's digit limit
        raise JSONShapeError("number") from None
