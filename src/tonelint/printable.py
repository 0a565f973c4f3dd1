"""Text from files made safe to show: control characters and bidi controls as escapes.

A file could otherwise recolour, hide or reorder its own findings in a terminal or a CI
log (``ESC [8m``, a right-to-left override). Tabs stay as they are.
"""

from __future__ import annotations

import re

# C0 and C1 controls but tab, DEL, line and paragraph separators, bidi embeddings,
# overrides and isolates; and the same but line breaks, for output that encodes those.
_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_HIDDEN_BUT_BREAKS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHORT = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def escape_char(char: str) -> str:
    """``\\n``, ``\\r``; ``\\x1b`` for another C0 or C1 control; ``\\u202e`` above."""
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def visible(text: str, line_breaks: bool = False) -> str:
    """``text`` with every character that would steer a terminal shown as an escape;
    with ``line_breaks``, ``\\n`` and ``\\r`` are left for the output's own encoding."""
    return (_HIDDEN_BUT_BREAKS if line_breaks else _HIDDEN).sub(_escape, text)
