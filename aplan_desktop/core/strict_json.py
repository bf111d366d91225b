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
from typing import Any

MAX_DEPTH = 32            # an interchange document nests 7 levels deep
MAX_ITEMS = 500_000       # strings, containers and separators: a plan of 2000 measures needs ~200,000
MAX_DIGITS = 19           # every whole number a document holds fits in a signed 64-bit integer

# A string (unrolled, so that long strings cost one match), or one structural character.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')
_LONG_NUMBER = re.compile(r"[0-9]{%d,}" % (MAX_DIGITS + 1))


class JSONShapeError(ValueError):
    """Why a text was refused: `reason` is one of "syntax", "duplicate", "depth", "size", "number"."""

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


def _check_shape(text: str) -> None:
    """Depth and item count from one pass over the tokens, stopping at the first excess."""
    depth = items = 0
    for match in _TOKEN.finditer(text):
        items += 1
        if items > MAX_ITEMS:
            raise JSONShapeError("size")
        char = text[match.start()]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise JSONShapeError("depth")
        elif char in "]}":
            depth -= 1
    if _LONG_NUMBER.search(_TOKEN.sub(" ", text)):
        raise JSONShapeError("number")


def loads(text: str) -> Any:
    """The parsed value, or `JSONShapeError`: no duplicate keys, no NaN/Infinity, bounded depth,
    item count and number length."""
    _check_shape(text)
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
