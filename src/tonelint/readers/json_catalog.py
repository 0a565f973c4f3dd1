"""JSON locale catalogues: nested i18next objects, flat react-intl maps, formatjs descriptors.

Every string value is a message keyed by its path (``menu.items[2]``); numbers, booleans and
null are not. An object with a ``defaultMessage`` string, or a ``message`` / ``translation``
string beside nothing but ``description`` / ``context`` / ``comment`` / ``note`` / ``id``,
describes one message: its text field is the message, keyed by its ``id`` or else by the
object's path, and those notes for translators are not linted.

Python's ``json`` module gives no positions, so a small scanner records where each string
is and maps every decoded character back to the file: verbatim runs one to one, each escape
(``\\n``, ``\\uXXXX``, a surrogate pair) as one atomic piece.
Duplicate keys are allowed (the last wins in JSON) and every value is linted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import (
    DecodedText,
    Extraction,
    is_locale,
    locale_from_path,
    split_messages,
)

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]+')
_TOKEN = re.compile(r"[-+.\w]+")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_TEXT_FIELDS = ("defaultMessage", "message", "translation")
# Members of a message descriptor that are not copy: notes for translators, and an id.
_META_FIELDS = frozenset({"description", "context", "comment", "note", "id"})


@dataclass
class _String:
    text: DecodedText
    start: int  # just after the opening quote


@dataclass
class _Object:
    members: list[tuple[str, _Value]] = field(default_factory=list)
    key: str | None = None  # the key whose value is being read


@dataclass
class _Array:
    items: list[_Value] = field(default_factory=list)


_Value = _String | _Object | _Array | None  # None: a number, boolean or null


class _Scanner:
    """A strict JSON (RFC 8259) reader that keeps the position of every string."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.pos = 1 if self.text.startswith("\ufeff") else 0

    def error(self, what: str, offset: int | None = None) -> TonelintError:
        line = self.source.position(self.pos if offset is None else offset)[0]
        return TonelintError(self.source.display_path, f"invalid JSON: {what}", line)

    def found(self) -> str:
        """What is at the current position, for an error message."""
        if self.pos >= len(self.text):
            return "the end of the file"
        token = _TOKEN.match(self.text, self.pos)
        shown = token.group()[:20] if token else self.text[self.pos]
        return f"'{shown}'"

    def skip_whitespace(self) -> str:
        """Skip white space; the next character, or "" at the end."""
        match = _WHITESPACE.match(self.text, self.pos)
        assert match is not None  # the pattern matches the empty string
        self.pos = match.end()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def document(self) -> _Value:
        """The top-level value (None for an empty file); nothing may follow it."""
        if not self.skip_whitespace():
            return None
        root = self.value()
        if self.skip_whitespace():
            raise self.error(f"unexpected {self.found()} after the top-level value")
        return root

    def value(self) -> _Value:
        """Read one value, nested containers included, without recursion."""
        stack: list[_Object | _Array] = []
        while True:
            char = self.skip_whitespace()
            value: _Value
            if char in ("{", "["):
                self.pos += 1
                container: _Object | _Array = _Object() if char == "{" else _Array()
                if self.skip_whitespace() != ("}" if char == "{" else "]"):
                    stack.append(container)
                    if isinstance(container, _Object):
                        container.key = self.member_key()
                    continue
                self.pos += 1
                value = container
            elif char == '"':
                value = self.string()
            else:
                self.scalar()
                value = None
            while True:  # attach the value, then read a comma or close containers
                if not stack:
                    return value
                parent = stack[-1]
                if isinstance(parent, _Object):
                    assert parent.key is not None
                    parent.members.append((parent.key, value))
                else:
                    parent.items.append(value)
                close = "}" if isinstance(parent, _Object) else "]"
                char = self.skip_whitespace()
                if char == ",":
                    self.pos += 1
                    if self.skip_whitespace() in ("}", "]"):
                        raise self.error(f"trailing comma before '{self.text[self.pos]}'")
                    if isinstance(parent, _Object):
                        parent.key = self.member_key()
                    break
                if char != close:
                    raise self.error(f"expected ',' or '{close}', found {self.found()}")
                self.pos += 1
                value = stack.pop()

    def member_key(self) -> str:
        """An object member's key and the colon after it."""
        if self.skip_whitespace() != '"':
            raise self.error(f"expected a key in double quotes, found {self.found()}")
        key = self.string().text.text
        if self.skip_whitespace() != ":":
            raise self.error(f"expected ':' after a key, found {self.found()}")
        self.pos += 1
        return key

    def scalar(self) -> None:
        """A number, true, false or null."""
        token = _TOKEN.match(self.text, self.pos)
        if token is None:
            raise self.error(f"expected a value, found {self.found()}")
        word = token.group()
        if word not in ("true", "false", "null") and not _NUMBER.fullmatch(word):
            raise self.error(f"invalid value '{word[:20]}'")
        self.pos = token.end()

    def string(self) -> _String:
        """The string at the opening quote under the current position."""
        opening = self.pos
        self.pos += 1
        result = _String(DecodedText(self.source), self.pos)
        text = self.text
        while True:
            plain = _PLAIN.match(text, self.pos)
            if plain is not None:
                result.text.verbatim(self.pos, plain.end())
                self.pos = plain.end()
            if self.pos >= len(text) or text[self.pos] in "\r\n":
                raise self.error("unterminated string", opening)
            char = text[self.pos]
            if char == '"':
                self.pos += 1
                return result
            if char == "\\":
                self.escape(result.text, opening)
            else:
                raise self.error(f"control character U+{ord(char):04X} in a string")

    def escape(self, builder: DecodedText, opening: int) -> None:
        """Decode the escape at the current position (a backslash) into ``builder``."""
        start = self.pos
        char = self.text[start + 1 : start + 2]
        if not char:
            raise self.error("unterminated string", opening)
        if char in _ESCAPES:
            builder.decoded(_ESCAPES[char], start, start + 2)
            self.pos = start + 2
            return
        if char != "u":
            shown = f" '\\{char}'" if char.isprintable() and not char.isspace() else ""
            raise self.error(f"invalid escape{shown}")
        code = self.hex4(start)
        end = start + 6
        if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", end):
            low = self.hex4(end)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                end += 6
        if 0xD800 <= code < 0xE000:  # a lone surrogate cannot be printed or encoded
            code = 0xFFFD
        builder.decoded(chr(code), start, end)
        self.pos = end

    def hex4(self, start: int) -> int:
        """The code unit of the ``\\uXXXX`` escape at ``start``."""
        digits = _HEX4.match(self.text, start + 2)
        if digits is None:
            raise self.error("invalid \\u escape: four hexadecimal digits must follow", start)
        return int(digits.group(), 16)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _text_field(obj: _Object) -> str | None:
    """The name of the member holding a described message's text, if ``obj`` is one."""
    names = {name for name, value in obj.members if isinstance(value, _String)}
    if "defaultMessage" in names:
        return "defaultMessage"
    for name in _TEXT_FIELDS[1:]:
        if name in names and all(n == name or n in _META_FIELDS for n, _ in obj.members):
            return name
    return None


def _children(obj: _Object, path: str) -> list[tuple[_Value, str]]:
    """The members of ``obj`` to read, with their key paths."""
    text_field = _text_field(obj)
    if text_field is None:
        # ARB files keep metadata under "@key" and "@@locale": not copy
        return [(member, _join(path, name)) for name, member in obj.members if name[:1] != "@"]
    ids = [v.text.text for n, v in obj.members if n == "id" and isinstance(v, _String)]
    key = ids[-1] if ids else path
    return [
        (member, key if name == text_field else _join(path, name))
        for name, member in obj.members
        if name not in _META_FIELDS
    ]


def _messages(root: _Value, locale: str | None) -> list[Message]:
    """Every message under ``root``, in file order."""
    messages: list[Message] = []
    stack: list[tuple[_Value, str]] = [(root, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _String):
            messages.extend(
                split_messages(
                    value.text.text,
                    value.text.source_map(value.start),
                    key=path or None,
                    locale=locale,
                )
            )
        elif isinstance(value, _Array):
            items = [(item, f"{path}[{i}]") for i, item in enumerate(value.items)]
            stack.extend(reversed(items))
        elif isinstance(value, _Object):
            stack.extend(reversed(_children(value, path)))
    return messages


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    root = _Scanner(source).document()
    locale = locale_from_path(source.display_path)
    if isinstance(root, _Object) and len(root.members) == 1 and is_locale(root.members[0][0]):
        locale = root.members[0][0]
    metadata = MappingProxyType({"locale": locale} if locale else {})
    return Extraction(tuple(_messages(root, locale)), metadata)
