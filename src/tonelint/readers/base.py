"""What every format module shares: the extraction result and message building."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

import yaml

from tonelint.models import (
    MASK_CHAR,
    Message,
    PlaceholderRole,
    Segment,
    SourceFile,
    SourceMap,
)
from tonelint.placeholders import find_placeholders, mask

# Web addresses and e-mail addresses are not copy: rules never look inside them.
# Punctuation that ends a sentence is not part of an address that it follows.
_NOT_COPY = re.compile(
    r"(?:(?:https?|ftp|mailto):|www\.)[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?]"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(?:(.*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_EMPTY: Mapping[str, str] = MappingProxyType({})
# A "# tonelint: disable=..." line in a file without comments of its own (plain text) is a
# suppression directive (see directives.py), not copy.
_HASH_DIRECTIVE = re.compile(r"(?<![^\s])#{1,3}\.?[ \t]*tonelint:[^\r\n]*")
# Template comments are masked like any tag but, unlike control tags, do not end a message.
_COMMENT_TAGS = ("{#", "{{!", "{{~!", "<%#", "{{/*", "{{- /*")


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
    as are placeholders, web addresses and e-mail addresses. A span outside the file, or
    a skip outside the message, is a bug in the extractor and raises ``ValueError``.
    """
    if not 0 <= start <= end <= len(source.text):
        raise ValueError(f"message span ({start}, {end}) does not lie in the file")
    text = source.text[start:end]
    placeholders = find_placeholders(text)
    spans = [(p.start, p.end) for p in placeholders]
    spans.extend((s - start, e - start) for s, e in skips)
    spans.extend(not_copy(text))
    return Message(
        text=text,
        masked=mask(text, spans),
        source_map=SourceMap.contiguous(start, len(text)),
        placeholders=placeholders,
        key=key,
    )


def not_copy(text: str) -> list[tuple[int, int]]:
    """Spans of web and e-mail addresses, and of ``# tonelint:`` directive lines."""
    spans: list[tuple[int, int]] = []
    if ":" in text or "@" in text or "www." in text:  # what either kind must contain
        spans.extend(match.span() for match in _NOT_COPY.finditer(text))
    if "tonelint:" in text:
        spans.extend(match.span() for match in _HASH_DIRECTIVE.finditer(text))
    return spans


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


class DecodedText:
    """Builds a decoded string (a catalogue value, an HTML text run) and its source map.

    ``verbatim`` copies file text one to one; ``decoded`` appends text that stands for a
    different run of the file (an escape such as ``\\n`` or ``&amp;``, folded white space);
    ``skip`` passes over file text that decodes to nothing.
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def verbatim(self, start: int, end: int) -> None:
        if end > start:
            self._add(self.source.text[start:end], start, end - start)

    def decoded(self, text: str, start: int, end: int) -> None:
        if text:
            self._add(text, start, end - start)

    def skip(self, start: int, end: int) -> None:
        """File text that stands for nothing (quotes, continuation backslashes)."""

    def _add(self, text: str, source_start: int, source_length: int) -> None:
        self._parts.append(text)
        self._segments.append(Segment(self._length, len(text), source_start, source_length))
        self._length += len(text)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def source_map(self, fallback_start: int) -> SourceMap:
        if not self._segments:
            return SourceMap.contiguous(fallback_start, 0)
        return SourceMap(tuple(self._segments))


def split_messages(
    text: str,
    source_map: SourceMap,
    skips: Iterable[tuple[int, int]] = (),
    key: str | None = None,
    locale: str | None = None,
) -> list[Message]:
    """The messages in a decoded text: placeholders, web addresses and ``skips`` (text
    offsets) are masked, and the text is cut at control tags (``{% if %}``, ``{{else}}``,
    ICU and Fluent selector syntax) so that each branch or arm is a message of its own."""
    placeholders = find_placeholders(text)
    spans = [(p.start, p.end) for p in placeholders]
    spans.extend(skips)
    spans.extend(not_copy(text))
    masked = mask(text, spans)
    cuts = [
        (p.start, p.end)
        for p in placeholders
        if p.role is PlaceholderRole.CONTROL and not p.text.startswith(_COMMENT_TAGS)
    ]
    pieces: list[tuple[int, int]] = []
    position = 0
    for start, end in cuts:
        pieces.append((position, start))
        position = max(position, end)
    pieces.append((position, len(text)))
    starts = [p.start for p in placeholders]  # in order, without overlaps
    messages = []
    for start, end in pieces:
        start, end = trimmed(text, start, end)
        if end <= start or not masked[start:end].replace(MASK_CHAR, "").strip():
            continue
        whole = (start, end) == (0, len(text))
        messages.append(
            Message(
                text=text[start:end],
                masked=masked[start:end],
                source_map=source_map if whole else source_map.slice(start, end),
                placeholders=tuple(placeholders)
                if whole
                else tuple(
                    replace(p, start=p.start - start, end=p.end - start)
                    for p in placeholders[bisect_left(starts, start) : bisect_left(starts, end)]
                    if p.end <= end
                ),
                key=key,
                locale=locale,
            )
        )
    return messages


def make_messages(
    source: SourceFile,
    start: int,
    end: int,
    skips: Iterable[tuple[int, int]] = (),
    key: str | None = None,
    locale: str | None = None,
) -> list[Message]:
    """The messages of a contiguous file span (see ``split_messages``); ``skips`` are file
    spans that are not copy."""
    text = source.text[start:end]
    return split_messages(
        text,
        SourceMap.contiguous(start, len(text)),
        [(s - start, e - start) for s, e in skips],
        key,
        locale,
    )


# ISO 639-1 language codes, and a few ISO 639-3 ones that catalogues use.
_LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv
    kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr
    nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq
    sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu ast ckb fil haw yue zgh""".split()
)
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_](?:[A-Z]{2}|[A-Za-z]{4}|\d{3}))?$")


def is_locale(name: str) -> bool:
    """Whether a name is a locale code: en, de, pt-BR, zh_Hans, es-419."""
    match = _LOCALE.match(name)
    if match is None:
        return False
    language = match.group(1)
    return language.lower() in _LANGUAGES and language.islower()


@lru_cache(maxsize=4096)
def locale_from_path(path: str, whole_stem: bool = True) -> str | None:
    """The locale a file name or folder names: en.yml, client.fr.json, locales/de/x.json,
    de_DE.po, messages_es.properties, welcome.es.html.

    With ``whole_stem`` false a file name counts only with the locale as an inner suffix
    (``welcome.es.html``), since a template called ``hi.txt`` is not in Hindi.
    """
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    stem_parts = name.split(".")[:-1] if "." in name else [name]
    if not whole_stem:
        stem_parts = stem_parts[1:]
    for piece in reversed(stem_parts):
        for candidate in (piece, piece.rsplit("_", 1)[-1], piece.rsplit("-", 1)[-1]):
            if is_locale(candidate):
                return candidate
    for folder in reversed(parts[:-1]):
        if is_locale(folder):
            return folder
    return None


@lru_cache(maxsize=256)
def language_of(locale: str | None) -> str | None:
    """The language part of a locale: pt-BR → pt."""
    if not locale:
        return None
    return re.split(r"[-_]", locale, maxsplit=1)[0].lower()
