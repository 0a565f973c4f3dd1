"""Fluent (.ftl): the value of each message and term, and each attribute, is a message.

Keys are the id (``-brand-name`` for a term) and ``id.attribute`` for attributes. A value
continued on indented lines loses its common indentation; placeables are masked by the
placeholder scanner and selector variants become messages of their own. Comments are not
copy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import DecodedText, Extraction, iter_lines, split_messages

_ENTRY = re.compile(r"(-?[a-zA-Z][a-zA-Z0-9_-]*) *= *")
_ATTRIBUTE = re.compile(r" +\.([a-zA-Z][a-zA-Z0-9_-]*) *= *")
_COMMENT = re.compile(r"#{1,3}(?: |$)")
_LITERAL_BEFORE = "{(,:"  # a quote after one of these opens a string literal
_BRACE_OR_QUOTE = re.compile(r'[{}"]')
_LITERAL_REST = re.compile(r'(?:[^"\\]|\\.)*"?')


@dataclass
class _Pattern:
    """A value being read: ``(start, end)`` of its first piece and of each later line."""

    key: str
    line: int
    lines: list[tuple[int, int]]
    blanks: list[tuple[int, int]] = field(default_factory=list)  # pending blank lines

    def has_value(self, text: str) -> bool:
        return any(text[start:end].strip() for start, end in self.lines)


class _Reader:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.messages: list[Message] = []
        self.entry: str | None = None
        self.entry_line = 0
        self.has_value = False
        self.attributes = 0
        self.pattern: _Pattern | None = None
        self.depth = 0  # open placeables in the current pattern

    def error(self, what: str, line: int) -> TonelintError:
        return TonelintError(self.source.display_path, f"invalid Fluent: {what}", line)

    def read(self) -> list[Message]:
        for number, (start, end, line) in enumerate(iter_lines(self.source.text), 1):
            if self.pattern is not None and self.depth > 0:
                self.continue_pattern(start, end)
            elif not line.strip():
                if self.pattern is not None:
                    self.pattern.blanks.append((start, end))
            elif line.startswith(" "):
                self.indented(line, start, end, number)
            else:
                self.finish_entry()
                self.top_level(line, start, end, number)
        if self.depth > 0:
            raise self.error("unclosed placeable", self.entry_line)
        self.finish_entry()
        return self.messages

    def indented(self, line: str, start: int, end: int, number: int) -> None:
        if self.entry is None or self.pattern is None:
            raise self.error("indented line outside an entry", number)
        attribute = _ATTRIBUTE.match(line)
        if attribute is not None:
            self.finish_pattern()
            self.attributes += 1
            key = f"{self.entry}.{attribute.group(1)}"
            self.start_pattern(key, number, start + attribute.end(), end)
        elif line.lstrip().startswith("."):
            raise self.error("attribute without a name or '='", number)
        else:
            self.continue_pattern(start, end)

    def top_level(self, line: str, start: int, end: int, number: int) -> None:
        if line.startswith("#"):
            if not _COMMENT.match(line):
                raise self.error("a comment starts with '#', '##' or '###' and a space", number)
            return
        entry = _ENTRY.match(line)
        if entry is None:
            raise self.error("expected a message, a term, an attribute or a comment", number)
        self.entry = entry.group(1)
        self.entry_line = number
        self.has_value = False
        self.attributes = 0
        self.start_pattern(self.entry, number, start + entry.end(), end)

    def start_pattern(self, key: str, line: int, start: int, end: int) -> None:
        self.pattern = _Pattern(key, line, [(start, end)])
        self.depth = _depth(self.source.text, start, end, 0)

    def continue_pattern(self, start: int, end: int) -> None:
        assert self.pattern is not None
        self.pattern.lines.extend(self.pattern.blanks)
        self.pattern.blanks.clear()
        self.pattern.lines.append((start, end))
        self.depth = _depth(self.source.text, start, end, self.depth)

    def finish_pattern(self) -> None:
        pattern, self.pattern = self.pattern, None
        if pattern is None:
            return
        if not pattern.has_value(self.source.text):
            if pattern.key != self.entry:
                raise self.error(f"attribute {pattern.key} has no value", pattern.line)
            return
        if pattern.key == self.entry:
            self.has_value = True
        builder = _decode(self.source, pattern.lines)
        self.messages.extend(
            split_messages(builder.text, builder.source_map(pattern.lines[0][0]), key=pattern.key)
        )

    def finish_entry(self) -> None:
        self.finish_pattern()
        if self.entry is None:
            return
        if self.entry.startswith("-") and not self.has_value:
            raise self.error(f"term {self.entry} has no value", self.entry_line)
        if not self.has_value and not self.attributes:
            raise self.error(f"{self.entry} has neither a value nor attributes", self.entry_line)
        self.entry = None


def _decode(source: SourceFile, lines: list[tuple[int, int]]) -> DecodedText:
    """The value of a pattern: its lines without their common indentation, joined by
    line breaks; blank lines before and after the text are left out."""
    text = source.text
    first_start, first_end = lines[0]
    rest = lines[1:]
    indents = [
        len(text[start:end]) - len(text[start:end].lstrip(" "))
        for start, end in rest
        if text[start:end].strip()
    ]
    common = min(indents, default=0)
    builder = DecodedText(source)
    builder.verbatim(first_start, first_end)
    started = first_end > first_start
    previous_end = first_end
    for start, end in rest:
        if started:
            if text[previous_end:start] == "\n":
                builder.verbatim(previous_end, start)
            else:
                builder.decoded("\n", previous_end, start)
        content = start
        while content < min(start + common, end) and text[content] == " ":
            content += 1
        builder.verbatim(content, end)
        started = started or end > content
        previous_end = end
    return builder


def _depth(text: str, start: int, end: int, depth: int) -> int:
    """The placeable depth after ``text[start:end]``, starting at ``depth``; braces inside
    string literals (``{ "}" }``) do not count."""
    index = start
    while (found := _BRACE_OR_QUOTE.search(text, index, end)) is not None:
        index = found.end()
        if found.group() == "{":
            depth += 1
        elif found.group() == "}":
            depth = max(depth - 1, 0)
        elif depth > 0 and _after_literal_start(text, found.start()):
            literal = _LITERAL_REST.match(text, index, end)
            assert literal is not None  # the pattern matches the empty string
            index = literal.end()
    return depth


def _after_literal_start(text: str, index: int) -> bool:
    before = index - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before >= 0 and text[before] in _LITERAL_BEFORE


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    return Extraction(tuple(_Reader(source).read()))
