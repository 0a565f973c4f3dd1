"""YAML catalogues: Rails i18n (``en:`` at the root), plain nested maps, sequences.

Every string scalar is a message keyed by its path (``en.devise.failure.inactive``,
``steps[2]``); keys, numbers, booleans, nulls and timestamps are not. A node reached again
through an alias or a merge key (``<<: *defaults``) is linted once, where it is anchored.
The file is only composed (``yaml.compose`` with a safe loader): no Python object is built,
and a tag outside the standard YAML types (``!ruby/object``, ``!!python/...``) is refused.

Each decoded character maps back to the file: the raw text of a scalar is aligned with its
value, quotes, indentation and block headers are skipped, an escape or a folded line break
is one atomic piece and everything else is copied one to one. Should a scalar not align
(a corner of the YAML spec read differently here), its whole text is one atomic piece.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import (
    DecodedText,
    Extraction,
    is_locale,
    locale_from_path,
    split_messages,
)

# The tags of the YAML 1.1 type repository; anything else (!ruby/object, !!python/...) is refused.
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "str int float bool null timestamp binary map seq omap pairs set merge value yaml".split()
    )
)
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BREAKS = "\r\n\x85\u2028\u2029"
_VALUE_LINES = re.compile("[\n\u2028\u2029]")
# Anchors and tags before a scalar, and the white space and comments after them.
_PROPERTY = re.compile(r"[&!][^\s,\[\]{}]*")
_SEPARATION = re.compile(r"(?:\s|#[^\r\n\x85\u2028\u2029]*)*")
# Text copied as it is, up to a line break or an escape, in plain, '' and "" scalars.
_RUNS = {
    "": re.compile(r"[^\r\n\x85\u2028\u2029]+"),
    "'": re.compile(r"[^\r\n\x85\u2028\u2029']+"),
    '"': re.compile(r'[^\r\n\x85\u2028\u2029"\\]+'),
}
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX = {code: re.compile(f"[0-9A-Fa-f]{{{n}}}") for code, n in (("x", 2), ("u", 4), ("U", 8))}


class _MisalignedError(Exception):
    """The raw text of a scalar does not decode to its value as read here."""


@functools.cache
def _loader() -> type[yaml.SafeLoader] | type[yaml.CSafeLoader]:
    """libyaml's safe loader when present and its marks count characters, else PyYAML's."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.SafeLoader
    probe = 'é: "😀 ü"\n'
    try:
        node = yaml.compose(probe, Loader=fast)
    except yaml.YAMLError:
        return yaml.SafeLoader
    counts_characters = (
        isinstance(node, yaml.MappingNode)
        and node.value[0][1].start_mark.index == probe.index('"')
        and node.value[0][1].end_mark.index == len(probe) - 1
    )
    return fast if counts_characters else yaml.SafeLoader


# The text and node graph of the file composed last: ``quotes`` (for a file's fixes) reads
# the file ``extract`` has just read. Nothing changes a node graph once composed.
_last: list[tuple[str, yaml.Node | None]] = []


def _compose(source: SourceFile, base: int) -> yaml.Node | None:
    """The node graph of the file from offset ``base`` (after a byte order mark); should
    libyaml refuse it, PyYAML reads it again, for its error message or its leniency."""
    text = source.text[base:]
    if _last and _last[0][0] == text:
        return _last[0][1]
    problem: BaseException
    try:
        root = yaml.compose(text, Loader=_loader())
        _last[:] = [(text, root)]
        return root
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        problem = exc
    if _loader() is not yaml.SafeLoader:
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            problem = exc
        except (RecursionError, ValueError, OverflowError):
            pass  # keep libyaml's error
    raise _error(source, base, problem)


def _line(source: SourceFile, base: int, mark: yaml.Mark) -> int:
    """The 1-based file line of a mark (whose index counts characters from ``base``)."""
    return source.position(base + mark.index)[0]


def _error(source: SourceFile, base: int, exc: BaseException) -> TonelintError:
    path = source.display_path
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = _line(source, base, mark) if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        if exc.problem and exc.context:
            if problem.startswith("but "):  # "expected a single document, but found another"
                problem = f"{exc.context}, {problem}"
            elif exc.context_mark is not None and _line(source, base, exc.context_mark) != line:
                problem += f" ({exc.context} at line {_line(source, base, exc.context_mark)})"
        return TonelintError(path, f"invalid YAML: {problem}", line)
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = source.position(base + exc.position)[0]
        message = f"invalid YAML: unacceptable character #x{code:04x}: {exc.reason}"
        return TonelintError(path, message, line)
    if isinstance(exc, RecursionError):
        return TonelintError(path, "invalid YAML: nested too deeply")
    if isinstance(exc, yaml.YAMLError):
        return TonelintError(path, f"invalid YAML: {' '.join(str(exc).split())}")
    return TonelintError(path, "invalid YAML: a character escape is out of range")


def _line_break(text: str, pos: int) -> tuple[str, int]:
    """The line break at ``pos`` as YAML reads it, and the offset after it."""
    if text.startswith("\r\n", pos):
        return "\n", pos + 2
    char = text[pos]
    return ("\n" if char in "\r\n\x85" else char), pos + 1


def _blanks_end(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


def _flow(builder: DecodedText, text: str, start: int, end: int, quote: str) -> None:
    """Decode a plain (``quote`` is "") or quoted scalar's text ``[start, end)``."""
    run = _RUNS[quote]
    pos = start
    while pos < end:
        match = run.match(text, pos, end)
        stop = match.end() if match else pos
        if stop < end and text[stop] in _BREAKS:  # blanks before a line break fold with it
            stop = pos + len(text[pos:stop].rstrip(" \t"))
        if stop > pos:
            builder.verbatim(pos, stop)
            pos = stop
        elif text[pos] in " \t" or text[pos] in _BREAKS:
            pos = _fold(builder, text, pos, end)
        elif text[pos] == "'":
            if text[pos + 1 : pos + 2] != "'":
                raise _MisalignedError
            builder.decoded("'", pos, pos + 2)
            pos += 2
        else:
            pos = _escape(builder, text, pos, end)


def _fold(builder: DecodedText, text: str, pos: int, end: int, escaped: bool = False) -> int:
    """A line folding in a flow scalar, from the blanks (or the escaping backslash) before
    its first line break up to the next content; returns the offset of that content."""
    first, after = _line_break(text, pos + 1 if escaped else _blanks_end(text, pos, end))
    breaks = []
    while True:
        after = _blanks_end(text, after, end)
        if after >= end or text[after] not in _BREAKS:
            break
        line_break, after = _line_break(text, after)
        breaks.append(line_break)
    if escaped:
        decoded = "".join(breaks)
    elif first != "\n":
        decoded = first + "".join(breaks)
    else:
        decoded = "".join(breaks) or " "
    builder.decoded(decoded, pos, after)
    return after


def _escape(builder: DecodedText, text: str, pos: int, end: int) -> int:
    """Decode the escape at ``pos`` (a backslash in double quotes); returns its end."""
    char = text[pos + 1 : pos + 2]
    if char in _ESCAPES:
        builder.decoded(_ESCAPES[char], pos, pos + 2)
        return pos + 2
    if char and char in _BREAKS:
        return _fold(builder, text, pos, end, escaped=True)
    digits = _HEX[char].match(text, pos + 2, end) if char in _HEX else None
    if digits is None or int(digits.group(), 16) > 0x10FFFF:
        raise _MisalignedError
    builder.decoded(chr(int(digits.group(), 16)), pos, digits.end())
    return digits.end()


def _line_end(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] not in _BREAKS:
        pos += 1
    return pos


@dataclass(frozen=True)
class _Line:
    """A line of a block scalar: ``content`` is where it starts after the indentation."""

    content: int
    end: int  # before the line break
    line_break: str  # as read: "\n" for \r\n, \r and \x85; "" at the end of the file
    after: int


def _block_lines(text: str, start: int, end: int, value: str) -> list[_Line]:
    """The lines of a block scalar's body ``[start, end)``, indentation found from how the
    value's first line begins (so that both an indentation indicator and none work)."""
    spans = []
    pos = start
    while pos < end:
        line_end = _line_end(text, pos, end)
        line_break, after = _line_break(text, line_end) if line_end < end else ("", line_end)
        spaces = len(text[pos:line_end]) - len(text[pos:line_end].lstrip(" "))
        spans.append((pos, line_end, line_break, after, spaces))
        pos = after
    # The first line with more than spaces is the same line in the file and in the value.
    first_line = next((line for line in _VALUE_LINES.split(value) if line.strip(" ")), "")
    value_spaces = len(first_line) - len(first_line.lstrip(" "))
    indent = next(
        (s - value_spaces for p, e, _, _, s in spans if p + s < e),
        max((s for *_, s in spans), default=0),
    )
    return [_Line(p + min(s, indent), e, b, a) for p, e, b, a, s in spans]


def _unindented(text: str, line: _Line) -> bool:
    """Whether a folded scalar's line folds: it does not start with extra white space."""
    return text[line.content] not in " \t"


def _block(builder: DecodedText, text: str, start: int, end: int, value: str) -> None:
    """Decode a literal (``|``) or folded (``>``) block scalar whose header is at ``start``.

    The line breaks between two lines of text (with the blank lines between them and the
    indentation after them) are one atomic piece, whether they fold into a space or not."""
    header = _line_end(text, start, end)
    if header >= end:
        return
    indicators = re.match(r"[|>][-+0-9]*", text[start:header])
    chomping = indicators.group() if indicators else ""
    body = _line_break(text, header)[1]
    lines = _block_lines(text, body, end, value)

    def breaks(first: int, stop: int) -> str:
        return "".join(line.line_break for line in lines[first:stop])

    filled = [i for i, line in enumerate(lines) if line.content < line.end]
    if not filled:
        if "+" in chomping:
            builder.decoded(breaks(0, len(lines)), body, end)
        return
    builder.decoded(breaks(0, filled[0]), body, lines[filled[0]].content)
    for current, following in itertools.pairwise(filled):
        this, that = lines[current], lines[following]
        builder.verbatim(this.content, this.end)
        blank = breaks(current + 1, following)
        if (
            text[start] == ">"
            and this.line_break == "\n"
            and _unindented(text, this)
            and _unindented(text, that)
        ):
            builder.decoded(blank or " ", this.end, that.content)
        else:
            builder.decoded(this.line_break + blank, this.end, that.content)
    last = lines[filled[-1]]
    builder.verbatim(last.content, last.end)
    if "+" in chomping:
        builder.decoded(breaks(filled[-1], len(lines)), last.end, end)
    elif "-" not in chomping:
        builder.decoded(last.line_break, last.end, last.after)


def _skip(pattern: re.Pattern[str], text: str, pos: int, end: int) -> int:
    """The end of what ``pattern`` (which cannot fail there) matches at ``pos``."""
    match = pattern.match(text, pos, end)
    assert match is not None
    return match.end()


def _content_start(text: str, start: int, end: int) -> int:
    """Where a scalar's text starts after its anchor and tag (which its mark includes)."""
    while start < end and text[start] in "&!":
        start = _skip(_SEPARATION, text, _skip(_PROPERTY, text, start, end), end)
    return start


def _decode(source: SourceFile, node: yaml.ScalarNode, base: int) -> tuple[DecodedText, int]:
    """The scalar's value mapped onto the file, and where its text starts."""
    text = source.text
    end = base + node.end_mark.index
    start = _content_start(text, base + node.start_mark.index, end)
    builder = DecodedText(source)
    style = node.style or ""
    try:
        if style in ("|", ">"):
            _block(builder, text, start, end, node.value)
        elif style in ("'", '"'):
            _flow(builder, text, start + 1, end - 1, style)
        else:
            _flow(builder, text, start, end, "")
        if builder.text != node.value:
            raise _MisalignedError
    except _MisalignedError:
        builder = DecodedText(source)
        builder.decoded(node.value, start, end)
    return builder, start


def _key_text(source: SourceFile, node: yaml.Node, base: int) -> str:
    """A mapping key as written: a scalar's value, else its text on one line."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return " ".join(source.text[base + node.start_mark.index : base + node.end_mark.index].split())


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Walker:
    """Reads every string scalar once, in file order."""

    def __init__(self, source: SourceFile, base: int, locale: str | None) -> None:
        self.source = source
        self.base = base
        self.locale = locale

    def check_tag(self, node: yaml.Node, path: str) -> None:
        if node.tag not in _STANDARD_TAGS:
            raise TonelintError(
                self.source.display_path,
                f"unsupported YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r}: "
                "only standard YAML types are read",
                _line(self.source, self.base, node.start_mark),
                path or None,
            )

    def messages(self, root: yaml.Node) -> list[Message]:
        messages: list[Message] = []
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, str]] = [(root, "")]
        while stack:
            node, path = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            self.check_tag(node, path)
            children: list[tuple[yaml.Node, str]] = []
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    self.check_tag(key, path)
                    if key.tag != _MERGE_TAG:
                        children.append(
                            (value, _join(path, _key_text(self.source, key, self.base)))
                        )
                    elif isinstance(value, yaml.SequenceNode):  # <<: [*a, *b]
                        children.extend((item, path) for item in value.value)
                    else:
                        children.append((value, path))
            elif isinstance(node, yaml.SequenceNode):
                children = [(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
            elif isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG and node.value:
                builder, start = _decode(self.source, node, self.base)
                messages.extend(
                    split_messages(
                        builder.text,
                        builder.source_map(start),
                        key=path or None,
                        locale=self.locale,
                    )
                )
            stack.extend(reversed(children))
        return messages


def _root_locale(root: yaml.Node | None) -> str | None:
    """The locale of a Rails catalogue's single root key (``en:``)."""
    if isinstance(root, yaml.MappingNode) and len(root.value) == 1:
        key = root.value[0][0]
        if isinstance(key, yaml.ScalarNode) and is_locale(key.value):
            return str(key.value)
    return None


_QUOTES = {'"': "double", "'": "single", "|": "block", ">": "block"}


def quotes(source: SourceFile, offsets: Sequence[int]) -> list[tuple[str, int, int]]:
    """For each file offset, the style of the scalar it lies in (``double``, ``single``,
    ``block``, ``unquoted`` for a plain scalar, ``flow`` for a plain scalar inside a flow
    collection) and the span of its text inside its quotes."""
    base = 1 if source.text.startswith("\ufeff") else 0
    root = _compose(source, base)
    spans: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node | None, bool]] = [(root, False)]
    while stack:
        node, in_flow = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            end = base + node.end_mark.index
            start = _content_start(source.text, base + node.start_mark.index, end)
            style = _QUOTES.get(node.style or "", "flow" if in_flow else "unquoted")
            if style in ("double", "single"):
                start, end = start + 1, end - 1
            spans.append((start, end, style))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, in_flow or bool(node.flow_style)) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            flow = in_flow or bool(node.flow_style)
            stack.extend((part, flow) for pair in node.value for part in pair)
    spans.sort()
    starts = [start for start, _, _ in spans]
    found = []
    for offset in offsets:
        index = bisect.bisect_right(starts, offset) - 1
        inside = index >= 0 and offset <= spans[index][1]
        if inside:
            start, end, style = spans[index]
            found.append((style, start, end))
        else:
            found.append(("unquoted", offset, offset))
    return found


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    base = 1 if source.text.startswith("\ufeff") else 0
    root = _compose(source, base)
    locale = _root_locale(root) or locale_from_path(source.display_path)
    messages = _Walker(source, base, locale).messages(root) if root is not None else []
    metadata = MappingProxyType({"locale": locale} if locale else {})
    return Extraction(tuple(messages), metadata)
