"""Markdown: paragraphs, headings, list items and table rows are messages.

Skipped: front matter, fenced and indented code blocks, code spans, link and image
targets, autolinks, raw HTML tags, HTML comments and reference definitions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tonelint.models import Message, SourceFile
from tonelint.readers.base import (
    Extraction,
    front_matter,
    has_copy,
    iter_lines,
    make_message,
    trimmed,
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r" {0,3}<!--.*?(?:-->|\Z)", re.S)  # a comment block, from a line start
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)")
_QUOTE = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
_RULE_LINE = re.compile(r"^ {0,3}(?:(?:[-*_=][ \t]*){3,}|=+|-+)[ \t]*$")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?)?[ \t]*$")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_INLINE_SKIP = re.compile(
    r"(`+)(?:.+?)\1"  # code span
    r"|\]\((?:[^()\s]|\([^()]*\))*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?\)"  # link target
    r"|\]\[[^\]]*\]"  # reference link label
    r"|<(?:https?|mailto|ftp):[^>\s]*>"  # autolink
    r"|<!--.*?-->"  # comment
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>",  # raw HTML tag
    re.S,
)


def _table_cells(source: SourceFile, line_start: int, line: str, messages: list[Message]) -> None:
    """Each cell of a table row is a message of its own."""
    for cell in re.finditer(r"(?:\\\||[^|])+", line):
        start, end = trimmed(source.text, line_start + cell.start(), line_start + cell.end())
        if end > start:
            inline = [m.span() for m in _INLINE_SKIP.finditer(source.text, start, end)]
            message = make_message(source, start, end, inline)
            if has_copy(message):
                messages.append(message)


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    body_start, metadata = front_matter(source.text)
    scanner = _Scanner(source)
    for line_start, line_end, line in iter_lines(source.text, body_start):
        scanner.scan(line_start, line_end, line)
    scanner.flush()
    return Extraction(tuple(scanner.messages), metadata)


class _Scanner:
    """Reads a Markdown body line by line, gathering each block of prose as a message."""

    __slots__ = ("block", "comments", "fence", "messages", "previous_blank", "skips", "source")

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.comments: list[tuple[int, int]] = []  # comment blocks, found outside code
        self.messages: list[Message] = []
        self.block: list[tuple[int, int]] = []  # line spans of the current message
        self.skips: list[tuple[int, int]] = []
        self.fence: str | None = None
        self.previous_blank = True

    def flush(self) -> None:
        """End the current block, keeping it as a message if it has copy."""
        block, text = self.block, self.source.text
        if block:
            start, end = trimmed(text, block[0][0], block[-1][1])
            if end > start:
                inline = [m.span() for m in _INLINE_SKIP.finditer(text, start, end)]
                # Block prefixes and comments are line spans; trimming the message (an
                # indented "   * item") can start it inside the first of them.
                inline.extend(
                    (max(s, start), min(e, end))
                    for s, e in (*self.skips, *self.comments)
                    if s < end and e > start
                )
                message = make_message(self.source, start, end, inline)
                if has_copy(message):
                    self.messages.append(message)
        block.clear()
        self.skips.clear()

    def scan(self, line_start: int, line_end: int, line: str) -> None:
        """Take one line: code, comments, rules, tables and prose each go their way."""
        fence = self.fence
        if fence is not None:
            if line.lstrip(" ").startswith(fence) and not line.strip().strip(fence[0]):
                self.fence = None
            return
        in_comment = self._in_comment(line_start, line_end)
        fence_match = None if in_comment else _FENCE.match(line)
        if fence_match:
            self.flush()
            self.fence = fence_match.group(1)
            self.previous_blank = True
            return
        if (
            not line.strip()
            or in_comment
            or _RULE_LINE.match(line)
            or _TABLE_DELIMITER.match(line)
            or _REFERENCE.match(line)
        ):
            self.flush()
            self.previous_blank = not line.strip()
            return
        if self.previous_blank and not self.block and line.startswith(("    ", "\t")):
            return  # indented code block
        if line.lstrip().startswith("|"):
            self.flush()
            _table_cells(self.source, line_start, line, self.messages)
            self.previous_blank = False
            return
        self._prose(line_start, line_end, line)

    def _in_comment(self, line_start: int, line_end: int) -> bool:
        """Whether the line lies inside a comment block (noting one that opens on it)."""
        comments = self.comments
        if not comments or line_start >= comments[-1][1]:
            opened = _COMMENT.match(self.source.text, line_start)
            if opened:
                comments.append(opened.span())
        return bool(comments) and comments[-1][0] <= line_start < line_end <= comments[-1][1]

    def _prose(self, line_start: int, line_end: int, line: str) -> None:
        """A line of prose; a heading or list item starts a message, a heading ends it too."""
        quote = _QUOTE.match(line)
        rest = line[quote.end() :] if quote else line
        offset = quote.end() if quote else 0
        heading = _HEADING.match(rest)
        item = _LIST_ITEM.match(rest)
        if heading or item:
            self.flush()
            marker = heading or item
            assert marker is not None
            offset += marker.end()
            if heading:
                close = _HEADING_CLOSE.search(line)
                if close:
                    self.skips.append((line_start + close.start(), line_end))
        prefix_end = line_start + offset
        if prefix_end > line_start:
            self.skips.append((line_start, prefix_end))
        self.block.append((line_start, line_end))
        if heading:
            self.flush()
        self.previous_blank = False
