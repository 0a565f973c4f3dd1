"""gettext catalogues (.po, .pot): each source string, or each translation, is a message.

A ``.pot`` template, an English catalogue, or an entry of a catalogue in an unknown language
whose ``msgstr`` is empty yields ``msgid`` and ``msgid_plural``; any other catalogue yields
its non-empty ``msgstr`` / ``msgstr[n]`` in the catalogue's language (the header's
``Language:``, else the file name). Comments, ``msgctxt``, the header entry and obsolete
``#~`` entries are not copy. The key is the ``msgid``, after ``msgctxt|`` when there is one.
Byte escapes (``\\xHH``, ``\\ooo``) decode to one character each (Latin-1).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import (
    DecodedText,
    Extraction,
    iter_lines,
    language_of,
    locale_from_path,
    split_messages,
)

_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_TOKEN = re.compile(r'msgstr\s*\[[^\]"]*\]|[^\s"]+')
_PLURAL_FORM = re.compile(r"msgstr\s*\[([^\]]*)\]")
_PLAIN = re.compile(r'[^"\\]+')
_NAMED_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
_NUMERIC_ESCAPE = re.compile(r"[0-7]{1,3}|x[0-9A-Fa-f]+")
_LANGUAGE = re.compile(r"^Language:[ \t]*(\S*)", re.M)
# Which keyword may follow which: None is "between entries".
_FOLLOWS: dict[str, tuple[str | None, ...]] = {
    "msgctxt": (None, "msgstr", "msgstr[]"),
    "msgid": (None, "msgctxt", "msgstr", "msgstr[]"),
    "msgid_plural": ("msgid",),
    "msgstr": ("msgid",),
    "msgstr[]": ("msgid_plural", "msgstr[]"),
}


@dataclass
class _Field:
    keyword: str  # msgstr[n] is "msgstr[]"
    text: DecodedText
    start: int  # just after the first opening quote


@dataclass
class _Entry:
    line: int
    fields: list[_Field] = field(default_factory=list)

    def value(self, keyword: str) -> str | None:
        found = [f.text.text for f in self.fields if f.keyword == keyword]
        return found[0] if found else None

    @property
    def complete(self) -> bool:
        return self.fields[-1].keyword in ("msgstr", "msgstr[]")


class _Parser:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.entries: list[_Entry] = []
        self.entry: _Entry | None = None
        self.field: _Field | None = None  # the field a string line continues

    def error(self, what: str, line: int) -> TonelintError:
        return TonelintError(self.source.display_path, f"invalid .po: {what}", line)

    def parse(self) -> list[_Entry]:
        for number, (start, end, line) in enumerate(iter_lines(self.source.text), 1):
            body = line.lstrip()
            position = start + len(line) - len(body)
            if not body or body.startswith("#"):
                self.field = None  # comments and obsolete (#~) entries are not read
            elif body.startswith('"'):
                if self.field is None:
                    raise self.error("string line outside an entry", number)
                self.read_strings(self.field.text, position, end, number)
            else:
                self.keyword(body, position, end, number)
        self.finish()
        return self.entries

    def keyword(self, body: str, position: int, end: int, number: int) -> None:
        token = _TOKEN.match(body)
        assert token is not None  # the body is not blank and does not start with a quote
        name = token.group()
        plural = _PLURAL_FORM.fullmatch(name)
        if plural is not None:
            if not plural.group(1).strip().isdigit():
                raise self.error(f"msgstr index '{plural.group(1)}' is not a number", number)
            name = "msgstr[]"
        elif name not in _KEYWORDS:
            raise self.error(f"unknown keyword '{name}'", number)
        previous = self.entry.fields[-1].keyword if self.entry else None
        if previous not in _FOLLOWS[name]:
            if name in ("msgctxt", "msgid") and self.entry is not None:
                raise self.error("entry without msgstr", self.entry.line)
            raise self.error(f"unexpected {token.group()}", number)
        if name in ("msgctxt", "msgid") and self.entry is not None and self.entry.complete:
            self.finish()
        position += token.end()
        while position < end and self.source.text[position] in " \t":
            position += 1
        if position == end or self.source.text[position] != '"':
            raise self.error(f"expected a string after {token.group()}", number)
        self.field = _Field(name, DecodedText(self.source), position + 1)
        self.read_strings(self.field.text, position, end, number)
        if self.entry is None:
            self.entry = _Entry(number)
        self.entry.fields.append(self.field)

    def finish(self) -> None:
        """Close the current entry."""
        if self.entry is not None:
            if not self.entry.complete:
                raise self.error("entry without msgstr", self.entry.line)
            self.entries.append(self.entry)
        self.entry = None

    def read_strings(self, builder: DecodedText, position: int, end: int, number: int) -> None:
        """Decode the quoted strings from ``position`` to the line end into ``builder``."""
        text = self.source.text
        while True:
            position += 1  # the opening quote
            while True:
                if position >= end:
                    raise self.error("unterminated string", number)
                plain = _PLAIN.match(text, position, end)
                if plain is not None:
                    builder.verbatim(position, plain.end())
                    position = plain.end()
                elif text[position] == '"':
                    break
                else:
                    position = self.escape(builder, position, end, number)
            position += 1  # the closing quote
            while position < end and text[position] in " \t":
                position += 1
            if position == end:
                return
            if text[position] != '"':
                raise self.error("unexpected text after a string", number)

    def escape(self, builder: DecodedText, position: int, end: int, number: int) -> int:
        """Decode the escape at ``position`` (a backslash); returns the offset after it."""
        text = self.source.text
        if position + 1 >= end:
            raise self.error("unterminated string", number)
        char = text[position + 1]
        if char in _NAMED_ESCAPES:
            builder.decoded(_NAMED_ESCAPES[char], position, position + 2)
            return position + 2
        numeric = _NUMERIC_ESCAPE.match(text, position + 1, end)
        if numeric is not None:
            digits = numeric.group()
            value = int(digits[1:], 16) if digits.startswith("x") else int(digits, 8)
            if value <= 0xFF:
                builder.decoded(chr(value), position, numeric.end())
                return numeric.end()
            raise self.error(f"invalid escape '\\{digits}'", number)
        raise self.error(f"invalid escape '\\{char}'", number)


def _key(entry: _Entry) -> str:
    context = entry.value("msgctxt")
    key = entry.value("msgid") or ""
    if context is not None:
        key = f"{context}|{key}"
    return key.replace("\r", "\\r").replace("\n", "\\n")


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    entries = _Parser(source).parse()
    header = next(
        (e for e in entries if e.value("msgid") == "" and e.value("msgctxt") is None), None
    )
    locale: str | None = None
    if header is not None:
        language = _LANGUAGE.search(header.value("msgstr") or "")
        locale = language.group(1) if language else None
    locale = locale or locale_from_path(source.display_path)
    source_copy = source.path.suffix.lower() == ".pot" or language_of(locale) == "en"
    messages: list[Message] = []
    for entry in entries:
        if entry is header:
            continue
        translations = [
            f for f in entry.fields if f.keyword in ("msgstr", "msgstr[]") and f.text.text
        ]
        if source_copy or (locale is None and not translations):
            fields = [f for f in entry.fields if f.keyword in ("msgid", "msgid_plural")]
        else:
            fields = translations
        key = _key(entry)
        for found in fields:
            messages.extend(
                split_messages(
                    found.text.text, found.text.source_map(found.start), key=key, locale=locale
                )
            )
    return Extraction(tuple(messages))
