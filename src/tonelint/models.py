"""Frozen data types shared by every stage of the pipeline.

read → extract messages → run rules → suppress/baseline → report or fix.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tonelint.printable import visible


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that comparisons work."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.strip().upper()]


class Applicability(enum.Enum):
    """How safe it is to apply a fix without a human reading it (as in ruff)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True)
class SourceFile:
    """A decoded input file with a table to turn character offsets into lines and columns."""

    path: Path
    display_path: str
    text: str
    encoding: str = "utf-8"
    line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_text(
        cls, path: Path, text: str, display_path: str | None = None, encoding: str = "utf-8"
    ) -> SourceFile:
        return cls(
            path=path,
            display_path=display_path if display_path is not None else path.as_posix(),
            text=text,
            encoding=encoding,
            line_starts=_line_starts(text),
        )

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        return self.text[self.line_starts[line - 1] : self.line_end(line)]

    def line_end(self, line: int) -> int:
        """The offset where a 1-based line's text ends (before its line break)."""
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        while end > self.line_starts[line - 1] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def excerpt(self, start: int, end: int, *offsets: int) -> LineExcerpt:
        """The part of the line holding ``start`` that a report shows for ``[start, end)``:
        that span (up to the line's end), any of ``offsets`` on the line, and up to
        ``EXCERPT_CONTEXT`` characters either side. A finding keeps this, never the whole
        line, so that thousands of findings on one long line do not hold thousands of copies.
        """
        line = self.position(start)[0]
        line_start, line_end = self.line_starts[line - 1], self.line_end(line)
        low, high = start, min(max(end, start), line_end)
        for offset in offsets:
            if line_start <= offset <= line_end:
                low, high = min(low, offset), max(high, offset)
        low = max(line_start, low - EXCERPT_CONTEXT)
        high = min(line_end, high + EXCERPT_CONTEXT)
        return LineExcerpt(
            text=self.text[low:high],
            column=low - line_start + 1,
            byte_column=self.utf8_offset(low) - self.utf8_offset(line_start) + 1,
            cut=high < line_end,
        )

    def utf8_offset(self, offset: int) -> int:
        """The number of UTF-8 bytes before a character offset, in time bounded by
        ``_UTF8_BLOCK`` (not by the file's size)."""
        blocks = self._utf8_blocks
        if blocks is None:
            return offset
        block = offset // _UTF8_BLOCK
        tail = self.text[block * _UTF8_BLOCK : offset]
        return blocks[block] + len(tail.encode("utf-8", "surrogatepass"))

    @cached_property
    def _utf8_blocks(self) -> tuple[int, ...] | None:
        """UTF-8 bytes before each ``_UTF8_BLOCK``-th character; None for ASCII text."""
        if self.text.isascii():
            return None
        sizes = [0]
        for index in range(0, len(self.text), _UTF8_BLOCK):
            chunk = self.text[index : index + _UTF8_BLOCK]
            sizes.append(sizes[-1] + len(chunk.encode("utf-8", "surrogatepass")))
        return tuple(sizes)


# Characters of a line kept either side of a finding (and of its fix) for display.
EXCERPT_CONTEXT = 60
_UTF8_BLOCK = 1024


@dataclass(frozen=True)
class LineExcerpt:
    """A stretch of one line of a file: ``text`` starts at 1-based ``column`` (``byte_column``
    counted in UTF-8 bytes); ``cut`` tells that the line goes on after it."""

    text: str
    column: int
    byte_column: int
    cut: bool


_LINE_BREAK = re.compile(r"\r\n?|\n")


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in _LINE_BREAK.finditer(text)))


@dataclass(frozen=True)
class Segment:
    """A run of message text and where it came from in the file.

    When ``text_length == source_length`` every character maps one to one. Otherwise the
    run is atomic: an escape such as ``\\n`` or ``&amp;`` that decodes to fewer characters.
    """

    text_start: int
    text_length: int
    source_start: int
    source_length: int


@dataclass(frozen=True)
class SourceMap:
    """Maps character offsets in a message's text to offsets in its file."""

    segments: tuple[Segment, ...]

    @classmethod
    def contiguous(cls, source_start: int, length: int) -> SourceMap:
        return cls((Segment(0, length, source_start, length),))

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        return tuple(segment.text_start for segment in self.segments)

    def _segment_at(self, index: int) -> Segment:
        position = max(bisect.bisect_right(self._starts, index) - 1, 0)
        return self.segments[position]

    def slice(self, start: int, end: int) -> SourceMap:
        """The map of message text ``[start, end)`` as a message of its own."""
        segments = []
        # Segments are in order and adjoin: begin with the one that holds ``start``.
        first = max(bisect.bisect_left(self._starts, start) - 1, 0)
        for segment in self.segments[first:]:
            if segment.text_start >= end:
                break
            seg_end = segment.text_start + segment.text_length
            low, high = max(start, segment.text_start), min(end, seg_end)
            if segment.text_length == 0:  # kept where it stands inside the slice
                if not start <= segment.text_start < end:
                    continue
            elif high <= low:
                continue
            if segment.text_length == segment.source_length:
                offset = low - segment.text_start
                segments.append(
                    Segment(low - start, high - low, segment.source_start + offset, high - low)
                )
            else:  # an atomic escape is kept whole
                segments.append(
                    Segment(low - start, high - low, segment.source_start, segment.source_length)
                )
        return SourceMap(tuple(segments) or (Segment(0, 0, self.to_source(start, start)[0], 0),))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The file span ``[start, end)`` that holds message text ``[start, end)``."""
        first = self._segment_at(start)
        if first.text_length == first.source_length:
            source_start = first.source_start + (start - first.text_start)
        else:
            source_start = first.source_start
        if end <= start:
            return source_start, source_start
        last = self._segment_at(end - 1)
        if last.text_length == last.source_length:
            source_end = last.source_start + (end - last.text_start)
        else:
            source_end = last.source_start + last.source_length
        return source_start, source_end


class PlaceholderRole(enum.Enum):
    """An output tag stands for a value; a control tag or comment is not text at all."""

    VALUE = "value"
    CONTROL = "control"


@dataclass(frozen=True)
class Placeholder:
    """A template or format placeholder inside a message, in message-text offsets."""

    start: int
    end: int
    text: str
    role: PlaceholderRole = PlaceholderRole.VALUE


@dataclass(frozen=True)
class Message:
    """One unit of copy: a paragraph, a catalogue value, an HTML text block.

    ``text`` is the decoded text; ``masked`` is the same length with placeholders and
    skipped regions replaced by ``MASK_CHAR`` so that offsets in both agree.
    """

    text: str
    masked: str
    source_map: SourceMap
    placeholders: tuple[Placeholder, ...] = ()
    key: str | None = None
    locale: str | None = None
    channel: str | None = None
    context: str | None = None
    editable: bool = True

    def scoped(self, context: str | None, channel: str | None, locale: str | None) -> Message:
        """The message with its context, channel and locale set (``dataclasses.replace``
        without its introspection, which shows on large files)."""
        return Message(
            self.text,
            self.masked,
            self.source_map,
            self.placeholders,
            self.key,
            locale,
            channel,
            context,
            self.editable,
        )


MASK_CHAR = "\ue000"


@dataclass(frozen=True)
class Edit:
    """Replace file characters ``[start, end)`` with ``replacement``. In a finding's fix,
    ``replacement`` is written as the file needs it there (escaped for the quoting where it
    lands: see ``escaping``) and ``intended`` is the text it reads as, when that differs."""

    start: int
    end: int
    replacement: str
    intended: str | None = None

    @property
    def reads_as(self) -> str:
        """The text the edit puts in, as a message reads it."""
        return self.replacement if self.intended is None else self.intended


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    matched: str
    key: str | None = None
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    category: str | None = None
    context: str | None = None  # what the message is about (security, billing, ...)
    channel: str | None = None  # where it is sent (sms, push, email, ...)
    # The line where the finding starts, for display: all of it, or on a long line only the
    # part around the finding and its fix (``SourceFile.excerpt``), which begins at column
    # ``line_text_column`` (``line_text_byte_column`` in UTF-8 bytes); ``line_text_cut``:
    # the line goes on after ``line_text``.
    line_text: str = ""
    line_text_column: int = 1
    line_text_byte_column: int = 1
    line_text_cut: bool = False
    # A hash of the whole message's normalised text: names a message without a key (baselines).
    message_hash: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def at(
        cls, source: SourceFile, start: int, end: int, edges: tuple[int, ...] = (), **fields: Any
    ) -> Finding:
        """A finding of ``[start, end)`` in ``source``, its positions and the window of its
        line (taking in ``edges``, the offsets of its fix) worked out here; ``fields`` hold
        the rest."""
        line, column = source.position(start)
        end_line, end_column = source.position(end)
        excerpt = source.excerpt(start, end, *edges)
        return cls(
            path=source.display_path,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            line_text=excerpt.text,
            line_text_column=excerpt.column,
            line_text_byte_column=excerpt.byte_column,
            line_text_cut=excerpt.cut,
            **fields,
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start, self.end, self.rule_id)


@dataclass(frozen=True)
class InputError:
    """A problem that stopped a file (or a setting) from being read; exit code 2."""

    path: str
    message: str
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        location = self.path
        if self.line is not None:
            location += f":{self.line}"
        detail = f"{self.key}: {self.message}" if self.key else self.message
        return visible(f"{location}: {detail}")


@dataclass(frozen=True)
class FileReport:
    path: str
    findings: tuple[Finding, ...]
    message_count: int


@dataclass(frozen=True)
class RunReport:
    files: tuple[FileReport, ...]
    errors: tuple[InputError, ...]
    styleguide: str

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for report in self.files for finding in report.findings)

    @property
    def message_count(self) -> int:
        return sum(report.message_count for report in self.files)

    def counts(self) -> Mapping[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return MappingProxyType(counts)

    def exit_code(self, fail_on: Severity) -> ExitCode:
        if self.errors:
            return ExitCode.ERROR
        if any(finding.severity >= fail_on for finding in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK


@dataclass(frozen=True)
class Example:
    """A rule example: copy that must (``fail``) or must not (``pass``) be flagged.

    ``flags`` pins the exact texts the rule's findings cover (empty: not pinned);
    ``options`` are merged over the rule's options for this example only. A fail
    example without ``fixed`` must get no fix from the rule."""

    text: str
    fixed: str | None = None
    locale: str | None = None
    channel: str | None = None
    flags: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class RuleSpec:
    """A rule as data, validated, with the style guide's overrides applied."""

    id: str
    name: str
    kind: str
    severity: Severity
    message: str
    why: str
    pack: str
    category: str = ""
    instead: str = ""
    fix: Applicability | None = None
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    swaps: tuple[tuple[str, str], ...] = ()
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    fail_examples: tuple[Example, ...] = ()
    pass_examples: tuple[Example, ...] = ()
    source: str = ""
    languages: tuple[str, ...] = ("en",)  # languages of the messages the rule applies to
    linear: bool = False  # match ``patterns`` with RE2: those of every pack not built in


@dataclass(frozen=True)
class Hit:
    """What a rule kind reports, in message-text offsets; the engine maps it to the file."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    replacement: str | None = None
    # The text the fix replaces, when wider than the flagged text (", hun" for "hun").
    fix_start: int | None = None
    fix_end: int | None = None
