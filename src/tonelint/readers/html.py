"""HTML and HTML e-mail templates: visible text and a few attributes are messages.

A message is a run of text across inline elements (``a``, ``b``, ``span``, unknown tags),
ended by block elements (``p``, ``div``, ``td``, ``li``, ``h1``, ``title``, ``button``,
MJML's ``mj-*``); ``<br>`` is a line break inside it. Entities are decoded and white space
collapses as a browser renders it, each decoded piece mapping to its exact file span.
``alt``, ``title``, ``placeholder``, ``aria-label``, ``aria-description`` and the ``value``
of an input button are messages of their own. Skipped: scripts, styles, comments (so also
Outlook's conditional comments), CDATA, doctype and processing instructions; the text of
``pre``, ``code``, ``kbd``, ``samp`` and ``textarea`` is masked.

Template tags (Jinja, Liquid, Handlebars, Mustache, ERB, Go) are blanked out before the
markup is read, so that ``<%= x %>`` or a tag inside an attribute cannot break it; messages
keep them as they are: output tags are placeholders, and the text of each branch of a
control tag is a message of its own. Template comments are left out, like HTML comments;
Liquid/Jinja ``raw`` blocks are masked.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from html.entities import html5
from types import MappingProxyType
from typing import Any, NamedTuple

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import (
    DecodedText,
    Extraction,
    front_matter,
    locale_from_path,
    split_messages,
)

# Elements that end a run of text; any other element (and an unknown one) is inline.
_BLOCKS = frozenset(
    """address article aside audio blockquote body button canvas caption center col colgroup
    dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1
    h2 h3 h4 h5 h6 head header hgroup hr html iframe input label legend li link main menu
    meta mjml nav noscript object ol optgroup option p pre section select summary svg table
    tbody td template textarea tfoot th thead title tr ul video""".split()
)
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "mj-style"})
_PLAIN_TEXT = frozenset({"title", "textarea"})  # text without tags, entities decoded
_MASKED = frozenset({"pre", "code", "kbd", "samp", "textarea"})
_COPY_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "aria-description"})
_BUTTON_TYPES = frozenset({"submit", "button", "reset"})

_SPACE = re.compile(r"[ \t\n\f\r]+")
_PLAIN_END = re.compile(r"[ \t\n\f\r&]")
_REFERENCE = re.compile(r"&(?:(#[xX][0-9A-Fa-f]+;?|#[0-9]+;?)|([A-Za-z][A-Za-z0-9]*)(;?))")
_LEGACY_LENGTH = max(len(name) for name in html5 if not name.endswith(";"))
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")

_TAG_NAME = re.compile(r"</?([A-Za-z][^ \t\n\f\r/>]*)")
_ATTRIBUTE = re.compile(
    r"[ \t\n\f\r/]*([^ \t\n\f\r/>][^ \t\n\f\r/>=]*)"
    r"(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:\"([^\"]*)\"|'([^']*)'|([^ \t\n\f\r>]*)))?"
)
_TAG_END = re.compile(r"[ \t\n\f\r/]*>")
_COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.S)
_CDATA = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.S)

_TEMPLATE_OPEN = re.compile(r"\{\{|\{%|\{#|<%")
_TEMPLATE_BLOCK = re.compile(r"\{%-?\s*(comment|raw)\s*-?%\}.*?\{%-?\s*end\1\s*-?%\}", re.S)
_TEMPLATE_BLOCK_START = re.compile(r"\{%-?\s*(comment|raw)\s*-?%\}")
_TEMPLATE_BLOCK_END = re.compile(r"\{%-?\s*end(comment|raw)\s*-?%\}")
_TEMPLATE_COMMENT = re.compile(r"\{\{~?!|\{#|<%#|\{\{-?\s*/\*|\{%-?\s*comment\b")
_CLOSERS = (("{{!--", "--}}"), ("{{{", "}}}"), ("{{", "}}"), ("{%", "%}"), ("{#", "#}"))
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", re.S)
_FILL = "/"  # what template tags become before the markup is read: ends a tag name only


class _Attribute(NamedTuple):
    name: str
    start: int  # the value, without its quotes
    end: int
    quote: str = "unquoted"  # or "double", "single"


class _Token(NamedTuple):
    kind: str  # "text", "start", "end" or "markup"
    start: int
    end: int
    name: str = ""
    attributes: tuple[_Attribute, ...] = ()


# --- template tags ------------------------------------------------------------------------


def _balanced(code: str) -> bool:
    code = _STRING.sub("", code)
    return all(code.count(open_) == code.count(close) for open_, close in ("()", "[]", "{}"))


@lru_cache(maxsize=1)
def _last_block_end(text: str) -> dict[str, int]:
    """Where the last ``{% endcomment %}`` and ``{% endraw %}`` start: a block opening
    after its last end is not tried, which would read the rest of the text each time."""
    return {match.group(1): match.start() for match in _TEMPLATE_BLOCK_END.finditer(text)}


def _template_end(text: str, start: int) -> int:
    """Where the template tag opening at ``start`` ends, or -1 when it is never closed.

    ``}}`` and ``%}`` end a Jinja tag only where its brackets balance (``{{ f({"a": 1}) }}``),
    if they do within a few tries.
    """
    if text.startswith("<%", start):
        end = text.find("%>", start + 2)
        return end + 2 if end >= 0 else -1
    opening = _TEMPLATE_BLOCK_START.match(text, start)
    if opening is not None and _last_block_end(text).get(opening.group(1), -1) >= opening.end():
        block = _TEMPLATE_BLOCK.match(text, start)
        if block is not None:
            return block.end()
    for opener, closer in _CLOSERS:
        if not text.startswith(opener, start):
            continue
        end = text.find(closer, start + len(opener))
        if end < 0:
            continue
        if opener in ("{{", "{%") and not _TEMPLATE_COMMENT.match(text, start):
            candidate = end
            for _ in range(8):
                if _balanced(text[start + 2 : candidate]):
                    end = candidate
                    break
                candidate = text.find(closer, candidate + 1)
                if candidate < 0:
                    break
        return end + len(closer)
    return -1


def _template_tags(source: SourceFile, start: int) -> list[tuple[int, int]]:
    """The spans of the template tags from ``start``, in order."""
    text = source.text
    tags: list[tuple[int, int]] = []
    position = start
    while (match := _TEMPLATE_OPEN.search(text, position)) is not None:
        end = _template_end(text, match.start())
        if end >= 0:
            tags.append((match.start(), end))
            position = end
        elif match.group() == "{#":  # CSS such as ``a{#id{...}}`` has no comment to close
            position = match.start() + 1
        else:
            line = source.position(match.start())[0]
            raise TonelintError(
                source.display_path, f"unclosed template tag '{match.group()}'", line
            )
    return tags


def _neutral(text: str, tags: list[tuple[int, int]]) -> str:
    """``text`` with every template tag blanked out, keeping every offset."""
    parts = []
    position = 0
    for start, end in tags:
        parts.append(text[position:start])
        parts.append(_FILL * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


# --- markup -------------------------------------------------------------------------------


def _tag(text: str, start: int) -> _Token | None:
    """The start or end tag at ``start``; markup to the end when the file ends inside it."""
    name = _TAG_NAME.match(text, start)
    if name is None:
        return None
    position = name.end()
    attributes = []
    while (end := _TAG_END.match(text, position)) is None:
        attribute = _ATTRIBUTE.match(text, position)
        if attribute is None:
            return _Token("markup", start, len(text))
        group = next((g for g in (2, 3, 4) if attribute.start(g) >= 0), 0)
        value = attribute.span(group) if group else (attribute.end(), attribute.end())
        quote = {2: "double", 3: "single"}.get(group, "unquoted")
        attributes.append(_Attribute(attribute.group(1).lower(), *value, quote))
        position = attribute.end()
    kind = "end" if text.startswith("</", start) else "start"
    return _Token(kind, start, end.end(), name.group(1).lower(), tuple(attributes))


def _markup(text: str, start: int) -> _Token | None:
    """The markup at ``start`` (a ``<``), or None when the ``<`` is text."""
    for pattern in (_COMMENT, _CDATA):
        match = pattern.match(text, start)
        if match is not None:
            return _Token("markup", start, match.end())
    tag = _tag(text, start)
    if tag is not None:
        return tag
    if text.startswith(("<!", "<?", "</"), start):  # bogus comment, doctype, ``</>``
        end = text.find(">", start + 2)
        return _Token("markup", start, end + 1 if end >= 0 else len(text))
    return None


def _tokens(neutral: str, original: str, start: int) -> Iterator[_Token]:
    """The text runs and markup of ``neutral`` (the file with template tags blanked out)."""
    text_start = position = start
    while (less_than := neutral.find("<", position)) >= 0:
        token = _markup(neutral, less_than)
        if token is None:
            position = less_than + 1
            continue
        if less_than > text_start:
            yield _Token("text", text_start, less_than)
        yield token
        position = token.end
        name = token.name
        if (
            token.kind == "start"
            and (name in _RAW_TEXT or name in _PLAIN_TEXT)
            and not original.endswith("/>", token.start, token.end)
        ):
            close = re.compile(rf"</{re.escape(name)}[ \t\n\f\r/>]", re.I).search(neutral, position)
            end = close.start() if close else len(neutral)
            if end > position:
                yield _Token("text" if name in _PLAIN_TEXT else "markup", position, end)
            position = end
        text_start = position
    if text_start < len(neutral):
        yield _Token("text", text_start, len(neutral))


# --- text ---------------------------------------------------------------------------------


def _reference(text: str, start: int, end: int, attribute: bool) -> tuple[str, int] | None:
    """The character reference at ``start`` (an ``&``): its text and end, or None."""
    match = _REFERENCE.match(text, start, end)
    if match is None:
        return None
    if match.group(1):
        return html.unescape(match.group()), match.end()
    name = match.group(2)
    if match.group(3) and name + ";" in html5:
        return html5[name + ";"], match.end()
    for length in range(min(len(name), _LEGACY_LENGTH), 1, -1):
        if name[:length] in html5:  # a legacy name, allowed without a semicolon
            after = start + 1 + length
            following = text[after] if after < end else ""
            if attribute and (following == "=" or (following.isascii() and following.isalnum())):
                return None
            return html5[name[:length]], after
    return None


class _Run:
    """The text of one message as a browser renders it: white space collapsed, entities
    decoded, template tags kept verbatim (and masked) but comment tags left out, so that
    they do not cut a sentence in two, ``<br>`` a line break."""

    def __init__(self, source: SourceFile, tags: list[tuple[int, int]], starts: list[int]) -> None:
        self.source = source
        self.tags = tags  # the file's template tags
        self.tag_starts = starts  # where they start
        self.pieces: list[tuple[str, int, int, bool]] = []  # text, file span, masked
        self.space: tuple[int, int] | None = None  # white space not yet known to be inner
        self.line_start = True  # white space here is not rendered

    def add(self, start: int, end: int, masked: bool, attribute: bool = False) -> None:
        """File text ``[start, end)``, which never cuts a template tag."""
        index = bisect_left(self.tag_starts, start)
        while index < len(self.tags) and self.tags[index][0] < end:
            tag_start, tag_end = self.tags[index]
            self._text(start, tag_start, masked, attribute)
            if not _TEMPLATE_COMMENT.match(self.source.text, tag_start):
                self._piece(self.source.text[tag_start:tag_end], tag_start, tag_end, True)
            start = tag_end
            index += 1
        self._text(start, end, masked, attribute)

    def line_break(self, start: int, end: int) -> None:
        if self.pieces:
            self.space = None
            self.pieces.append(("\n", start, end, False))
            self.line_start = True

    def _text(self, start: int, end: int, masked: bool, attribute: bool) -> None:
        text = self.source.text
        position = start
        while position < end:
            space = _SPACE.match(text, position, end)
            if space is not None:
                if not self.line_start and self.space is None:
                    self.space = space.span()
                position = space.end()
                continue
            if text[position] == "&":
                reference = _reference(text, position, end, attribute)
                if reference is not None:
                    self._piece(reference[0], position, reference[1], masked)
                    position = reference[1]
                    continue
            stop = _PLAIN_END.search(text, position + 1, end)
            plain_end = stop.start() if stop else end
            self._piece(text[position:plain_end], position, plain_end, masked)
            position = plain_end

    def _piece(self, text: str, start: int, end: int, masked: bool) -> None:
        if self.space is not None:  # masked between masked text (inside ``<code>``)
            self.pieces.append((" ", *self.space, masked and self.pieces[-1][3]))
            self.space = None
        self.pieces.append((text, start, end, masked))
        self.line_start = False

    def messages(self, locale: str | None) -> list[Message]:
        """The messages of the run so far (one per control-tag branch); starts a new run."""
        pieces = self.pieces
        self.pieces, self.space, self.line_start = [], None, True
        if not pieces:
            return []
        builder = DecodedText(self.source)
        skips = []
        length = 0
        for text, start, end, masked in pieces:
            if text == self.source.text[start:end]:
                builder.verbatim(start, end)
            else:
                builder.decoded(text, start, end)
            if masked:
                skips.append((length, length + len(text)))
            length += len(text)
        return split_messages(builder.text, builder.source_map(pieces[0][1]), skips, None, locale)


# --- extraction ---------------------------------------------------------------------------


def _first_values(token: _Token) -> dict[str, _Attribute]:
    """A tag's attributes by name; as in a browser, a repeated attribute is ignored."""
    values: dict[str, _Attribute] = {}
    for attribute in token.attributes:
        values.setdefault(attribute.name, attribute)
    return values


def _value(source: SourceFile, attribute: _Attribute | None) -> str:
    if attribute is None:
        return ""
    return html.unescape(source.text[attribute.start : attribute.end]).strip()


def _lang(source: SourceFile, tokens: list[_Token]) -> str | None:
    """The ``lang`` of the ``<html>`` element, when it is a plain language tag."""
    for token in tokens:
        if token.kind == "start" and token.name == "html":
            lang = _value(source, _first_values(token).get("lang"))
            return lang if _LANG.fullmatch(lang) else None
    return None


def _messages(
    source: SourceFile, tags: list[tuple[int, int]], tokens: list[_Token], locale: str | None
) -> list[Message]:
    starts = [start for start, _ in tags]
    run = _Run(source, tags, starts)
    messages: list[Message] = []
    open_masks = dict.fromkeys(_MASKED, 0)
    for token in tokens:
        if token.kind == "text":
            run.add(token.start, token.end, any(open_masks.values()))
            continue
        if token.kind == "markup":
            continue
        name = token.name
        if name == "br":  # ``</br>`` too, as in a browser
            run.line_break(token.start, token.end)
        elif name in _BLOCKS or name.startswith("mj-"):
            messages.extend(run.messages(locale))
        if token.kind == "end":
            if open_masks.get(name):
                open_masks[name] -= 1
            continue
        if name in _MASKED and not source.text.endswith("/>", token.start, token.end):
            open_masks[name] += 1
        values = _first_values(token)
        copy = set(_COPY_ATTRIBUTES)
        if name == "input" and _value(source, values.get("type")).lower() in _BUTTON_TYPES:
            copy.add("value")
        for attribute in values.values():
            if attribute.name in copy:
                value = _Run(source, tags, starts)
                value.add(attribute.start, attribute.end, masked=False, attribute=True)
                messages.extend(value.messages(locale))
    messages.extend(run.messages(locale))
    messages.sort(key=lambda message: message.source_map.segments[0].source_start)
    return messages


def _parse(source: SourceFile) -> tuple[Mapping[str, str], list[tuple[int, int]], list[_Token]]:
    """The front matter, the template tags and the tokens of a file."""
    body_start, front = front_matter(source.text)
    tags = _template_tags(source, body_start)
    return front, tags, list(_tokens(_neutral(source.text, tags), source.text, body_start))


def quotes(source: SourceFile, offsets: Sequence[int]) -> list[tuple[str, int, int]]:
    """The quoting in force at each file offset, and the span of the value there:
    ``double``, ``single`` or ``unquoted`` in an attribute value, ``text`` elsewhere."""
    values = sorted(
        (attribute.start, attribute.end, attribute.quote)
        for token in _parse(source)[2]
        if token.kind == "start"
        for attribute in token.attributes
    )
    starts = [start for start, _, _ in values]
    found = []
    for offset in offsets:
        index = bisect_right(starts, offset) - 1
        inside = index >= 0 and offset <= values[index][1]
        if inside:
            start, end, quote = values[index]
            found.append((quote, start, end))
        else:
            found.append(("text", 0, len(source.text)))
    return found


def structure(source: SourceFile) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The file's tags in order, each with its attribute names: what fixing copy must keep."""
    return tuple(
        (token.kind, token.name, tuple(attribute.name for attribute in token.attributes))
        for token in _parse(source)[2]
        if token.kind != "text"
    )


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    front, tags, tokens = _parse(source)
    locale = (
        _lang(source, tokens)
        or front.get("locale")
        or front.get("lang")
        or locale_from_path(source.display_path, whole_stem=False)
    )
    metadata = dict(front)
    if locale:
        metadata["locale"] = locale
    messages = _messages(source, tags, tokens, locale)
    return Extraction(tuple(messages), MappingProxyType(metadata))
