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

# A string (unrolled, so that long strings cost one match), a structural character, or a run of
# more digits than any number may have; for text and for UTF-8 bytes (whose multi-byte letters
# never contain these ASCII bytes).
_TOKEN = r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]|[0-9]{%d,}' % (MAX_DIGITS + 1)
_TOKEN_TEXT = re.compile(_TOKEN)
_TOKEN_BYTES = re.compile(_TOKEN.encode())


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


def check_shape(data: str | bytes | bytearray) -> None:
    """Depth and item count from one pass over the tokens, stopping at the first excess."""
    is_text = isinstance(data, str)
    token = _TOKEN_TEXT if is_text else _TOKEN_BYTES
    opening, closing, digits = ("[{", "]}", "0123456789") if is_text else (b"[{", b"]}", b"0123456789")
    depth = items = 0
    for match in token.finditer(data):
        items += 1
        if items > MAX_ITEMS:
            raise JSONShapeError("size")
        char = data[match.start():match.start() + 1]
        if char in opening:
            depth += 1
            if depth > MAX_DEPTH:
                raise JSONShapeError("depth")
        elif char in closing:
            depth -= 1
        elif char in digits:
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
