"""What every format module shares: the extraction result and message building."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import yaml

from tonelint.models import MASK_CHAR, Message, SourceFile, SourceMap
from tonelint.placeholders import find_placeholders, mask

# Web addresses and e-mail addresses are not copy: rules never look inside them.
# Punctuation that ends a sentence is not part of an address that it follows.
_NOT_COPY = re.compile(
    r"(?:(?:https?|ftp|mailto):|www\.)[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Extraction:
    """The messages found in one file, and file-level metadata (front matter scalars)."""

    messages: tuple[Message, ...]
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)


def make_message(
    source: SourceFile,
    start: int,
    end: int,
    skips: Iterable[tuple[int, int]] = (),
    key: str | None = None,
) -> Message:
    """A message for the contiguous file span ``[start, end)``.

    ``skips`` are file spans inside it that are not copy (markup, code); they are masked,
    as are placeholders, web addresses and e-mail addresses.
    """
    text = source.text[start:end]
    placeholders = find_placeholders(text)
    spans = [(p.start, p.end) for p in placeholders]
    spans.extend((s - start, e - start) for s, e in skips)
    spans.extend(match.span() for match in _NOT_COPY.finditer(text))
    return Message(
        text=text,
        masked=mask(text, spans),
        source_map=SourceMap.contiguous(start, len(text)),
        placeholders=placeholders,
        key=key,
    )


def has_copy(message: Message) -> bool:
    """Whether anything but masked regions and white space is left to lint."""
    return bool(message.masked.replace(MASK_CHAR, "").strip())


def front_matter(text: str) -> tuple[int, Mapping[str, str]]:
    """The length of a leading ``---`` YAML block and its scalar values (lower-case keys)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return 0, _EMPTY
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        data = None
    values: dict[str, str] = {}
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, (str, int, float, bool)):
                values[str(name).lower()] = str(value)
    return match.end(), MappingProxyType(values)


def is_blank(line: str) -> bool:
    return not line.strip()


_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")


def iter_lines(text: str, start: int = 0) -> Iterable[tuple[int, int, str]]:
    """``(start, end, line)`` for each line from ``start``; ``end`` excludes the line break
    (``\\n``, ``\\r\\n`` or a lone ``\\r``)."""
    position = start
    length = len(text)
    while position < length:
        match = _LINE.match(text, position)
        assert match is not None  # the pattern matches the empty string
        yield position, match.end(1), match.group(1)
        position = match.end()


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(
    source: SourceFile, start: int, is_break: Callable[[str], bool] = is_blank
) -> Iterable[tuple[int, int]]:
    """Spans of blocks of lines separated by lines for which ``is_break`` holds."""
    block_start: int | None = None
    block_end = 0
    for line_start, line_end, line in iter_lines(source.text, start):
        if is_break(line):
            if block_start is not None:
                yield trimmed(source.text, block_start, block_end)
                block_start = None
            continue
        if block_start is None:
            block_start = line_start
        block_end = line_end
    if block_start is not None:
        yield trimmed(source.text, block_start, block_end)
