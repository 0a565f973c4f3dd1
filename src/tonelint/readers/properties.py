"""Java properties: each value is a message, keyed by its property key.

Follows ``java.util.Properties.load``: ``key=value``, ``key: value`` and ``key value``;
``#`` and ``!`` comment lines; a line ending in an odd number of backslashes continues on
the next, whose leading white space is dropped; escapes ``\\t \\n \\r \\f \\uXXXX`` and a
backslash before any other character standing for that character. The file is read as
UTF-8 (as Java 9+ resource bundles are): a legacy ISO-8859-1 file with non-ASCII bytes is
reported by the reader as invalid UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import DecodedText, Extraction, split_messages

_WHITESPACE = " \t\f"
_BREAKS = "\r\n"
_NAMED_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_UNICODE = re.compile(r"[0-9A-Fa-f]{4}")
_PLAIN = re.compile(r"[^\\\r\n]+")
_LOW_SURROGATE = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.I)
_SEPARATORS = "=:"
_KEY_END = re.compile(r"[=: \t\f]")


@dataclass(frozen=True)
class _Piece:
    """A run of a logical line: one escape, or characters written as themselves."""

    text: str
    start: int
    end: int
    escaped: bool

    def after(self, count: int) -> _Piece:
        """The run without its first ``count`` characters (a run that is not an escape)."""
        return _Piece(self.text[count:], self.start + count, self.end, self.escaped)


class _Reader:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.line = 1  # the line of ``position``

    def error(self, what: str) -> TonelintError:
        return TonelintError(self.source.display_path, f"invalid .properties: {what}", self.line)

    def read(self) -> list[Message]:
        messages: list[Message] = []
        text, position, length = self.text, 0, len(self.text)
        while position < length:
            while position < length and text[position] in _WHITESPACE:
                position += 1
            if position < length and text[position] in "#!":
                while position < length and text[position] not in _BREAKS:
                    position += 1
            elif position < length and text[position] not in _BREAKS:
                pieces, position = self.logical_line(position)
                messages.extend(self.entry(pieces, position))
            position = self.line_break(position)
        return messages

    def line_break(self, position: int) -> int:
        """Skip the line break at ``position``, if any."""
        if self.text.startswith("\r\n", position):
            position += 2
        elif position < len(self.text) and self.text[position] in _BREAKS:
            position += 1
        else:
            return position
        self.line += 1
        return position

    def logical_line(self, position: int) -> tuple[list[_Piece], int]:
        """The runs from ``position`` to the end of the logical line, and that end."""
        text, length = self.text, len(self.text)
        pieces: list[_Piece] = []
        while position < length and text[position] not in _BREAKS:
            plain = _PLAIN.match(text, position)
            if plain is not None:
                pieces.append(_Piece(plain.group(), position, plain.end(), escaped=False))
                position = plain.end()
            elif position + 1 >= length or text[position + 1] in _BREAKS:
                # A continuation: the backslash, the break and the next line's indentation.
                position = self.line_break(position + 1)
                while position < length and text[position] in _WHITESPACE:
                    position += 1
            else:
                pieces.append(self.escape(position))
                position = pieces[-1].end
        return pieces, position

    def escape(self, position: int) -> _Piece:
        char = self.text[position + 1]
        if char != "u":
            return _Piece(_NAMED_ESCAPES.get(char, char), position, position + 2, escaped=True)
        digits = _UNICODE.match(self.text, position + 2)
        if digits is None:
            raise self.error("malformed \\uXXXX escape")
        value = int(digits.group(), 16)
        end = digits.end()
        if 0xD800 <= value < 0xDC00:  # a surrogate pair, written as two escapes
            low = _LOW_SURROGATE.match(self.text, end)
            if low is not None:
                value = 0x10000 + ((value - 0xD800) << 10) + int(low.group(1), 16) - 0xDC00
                end = low.end()
        if 0xD800 <= value < 0xE000:
            value = 0xFFFD  # a lone surrogate cannot be text
        return _Piece(chr(value), position, end, escaped=True)

    def entry(self, pieces: list[_Piece], end: int) -> list[Message]:
        """The messages of one ``key = value`` logical line, which ends at ``end``."""
        key: list[str] = []
        value: list[_Piece] = []
        for index, piece in enumerate(pieces):
            stop = None if piece.escaped else _KEY_END.search(piece.text)
            if stop is None:
                key.append(piece.text)
                continue
            key.append(piece.text[: stop.start()])
            value = [piece.after(stop.start()), *pieces[index + 1 :]]
            break
        _skip_separator(value)
        builder = DecodedText(self.source)
        for piece in value:
            if piece.escaped:
                builder.decoded(piece.text, piece.start, piece.end)
            else:
                builder.verbatim(piece.start, piece.end)
        return split_messages(builder.text, builder.source_map(end), key="".join(key))


def _skip_separator(value: list[_Piece]) -> None:
    """Drop white space, at most one ``=`` or ``:``, and white space from the value's start."""
    separated = False
    while value and not value[0].escaped:
        count = 0
        for char in value[0].text:
            if char in _SEPARATORS and not separated:
                separated = True
            elif char not in _WHITESPACE:
                break
            count += 1
        if count < len(value[0].text):
            value[0] = value[0].after(count)
            return
        value.pop(0)


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    return Extraction(tuple(_Reader(source).read()))
