"""Placeholder syntaxes: find them, mask them, and check that a rewrite keeps them.

Recognised: Jinja/Liquid/Django (``{{ x }}``, ``{% tag %}``, ``{# comment #}``),
Handlebars/Mustache (``{{{ x }}}``, ``{{#if}}``, ``{{/if}}``, ``{{! c }}``, ``{{> p }}``),
Go templates (``{{ .Name }}``, ``{{ if }}``), ERB (``<%= x %>``, ``<% code %>``),
``${name}``, Ruby ``%{name}`` and ``%<name>s``, printf (``%s``, ``%1$s``, ``%(name)s``,
``%d``, ``%u``), GOV.UK Notify ``((name))``, brace arguments (``{name}``, ``{0}``,
Fluent ``{ $count }``) and ICU MessageFormat (``{n, plural, one {# item} other {# items}}``),
whose arm text stays lintable while its syntax and ``#`` are masked.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection
from functools import lru_cache

from tonelint.matching.scan import Alternation, Alternative
from tonelint.models import MASK_CHAR, Placeholder, PlaceholderRole

_VALUE = PlaceholderRole.VALUE
_CONTROL = PlaceholderRole.CONTROL

# A tag is at most an opening, 2,000 characters and a closer long (templates.py reads
# tags as long).
TAG_REACH = 2010

# The alternatives of a placeholder token, in order; the first five end at a closer.
_TOKEN = Alternation(
    (
        Alternative(r"(?P<triple>\{\{\{.{0,2000}?\}\}\})", r"\}\}", TAG_REACH),
        Alternative(r"(?P<mustache>\{\{.{0,2000}?\}\})", r"\}\}", TAG_REACH),
        Alternative(r"(?P<jinja_tag>\{%.{0,2000}?%\})", r"%\}", TAG_REACH),
        Alternative(r"(?P<jinja_comment>\{\#.{0,2000}?\#\})", r"\#\}", TAG_REACH),
        Alternative(r"(?P<erb><%.{0,2000}?%>)", "%>", TAG_REACH),
        Alternative(r"(?P<dollar>\$\{[^{}\n]*\})"),
        Alternative(r"(?P<ruby>%\{[A-Za-z_][\w.]*\}|%<[A-Za-z_]\w*>[-+ 0#]*\d*(?:\.\d+)?[a-zA-Z])"),
        Alternative(r"(?P<notify>\(\([^()\n]{1,80}\)\))"),
        Alternative(
            r"(?P<printf>%(?:\d+\$)?(?:\([A-Za-z_]\w*\))?[-+0\#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
            r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcsSpr@](?![A-Za-z])|%%)"
        ),
        Alternative(r"(?P<brace>\{)"),
    ),
    re.DOTALL,
)
# ICU arms and Fluent variants nested deeper than this are masked whole.
_MAX_NESTING = 20
_TOKEN_START = re.compile(r"[{<$%(]")  # the first characters of every token above
_GO_CONTROL = re.compile(
    r"^\{\{-?\s*(if|else|end|range|with|define|block|template|break|continue)(?=\s|-?\}\})"
)
_MUSTACHE_CONTROL = re.compile(r"^\{\{[-~]?\s*(?:[#/^!>]|else\b)")
# What a brace holds, matched in place (``fullmatch`` between the braces): slicing it out
# for each brace would be quadratic on deeply nested braces.
_SIMPLE_ARGUMENT = re.compile(r"\s*[$-]?[A-Za-z_][\w.-]*\s*|\s*\d+\s*")
_ICU_FORMATTED = re.compile(r"\s*[A-Za-z_]\w*\s*,\s*[A-Za-z]+\s*(?:,[^{}]*)?")
_ICU_COMPLEX = re.compile(r"\s*([A-Za-z_]\w*)\s*,\s*(plural|selectordinal|select)\s*,")
_ICU_SELECTOR = re.compile(r"\s*(?:offset:\s*\d+\s*)?(=?[\w-]+)\s*\{")
# Fluent: { FUNCTION(...) }, { -term(case: "x") }, { "literal" }, { msg.attr }, and
# selectors { $n -> [one] text *[other] text }, whose variant text stays lintable.
_FLUENT_CALL = re.compile(r"\s*(?:[A-Z][A-Z0-9_-]*|-[\w-]+)\(")
_FLUENT_LITERAL = re.compile(r"\s*(?:\"(?:[^\"\\]|\\.)*\"|[$-]?[\w.-]+\.[\w-]+)\s*", re.S)
_FLUENT_SELECTOR = re.compile(r"\s*(?:[$-]?[\w.-]+|[A-Z][A-Z0-9_-]*\([^{}]*\))\s*->")
_BRACE_OR_QUOTE = re.compile(r'[{}"]')
_FLUENT_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_FLUENT_VARIANT = re.compile(r"\s*\*?\[[^\]\n]+\]")


def find_placeholders(text: str) -> tuple[Placeholder, ...]:
    """All placeholders in ``text``, in order, without overlaps."""
    if _TOKEN_START.search(text) is None:
        return ()  # most copy: no character a placeholder can start with
    found: list[Placeholder] = []
    _scan(text, 0, len(text), found, in_plural=False, depth=0)
    return tuple(found)


def _scan(
    text: str, start: int, end: int, found: list[Placeholder], in_plural: bool, depth: int
) -> None:
    if depth > _MAX_NESTING:  # no real message nests so deep: not copy, and no recursion limit
        if end > start:
            found.append(Placeholder(start, end, text[start:end], _CONTROL))
        return
    position = start
    tokens = _TOKEN.scanner(text, start, end)
    while position < end:
        match = tokens.search(position)
        if match is None:
            break
        if in_plural:
            hash_index = text.find("#", position, match.start())
            if hash_index >= 0:
                found.append(Placeholder(hash_index, hash_index + 1, "#", _VALUE))
                position = hash_index + 1
                continue
        kind = match.lastgroup
        token = match.group()
        if kind == "brace":
            position = _scan_brace(text, match.start(), end, found, depth)
            continue
        role = _VALUE
        if (
            kind == "jinja_tag"
            or kind == "jinja_comment"
            or (kind == "mustache" and (_MUSTACHE_CONTROL.match(token) or _GO_CONTROL.match(token)))
            or (kind == "erb" and not token.startswith(("<%=", "<%-")))
        ):
            role = _CONTROL
        found.append(Placeholder(match.start(), match.end(), token, role))
        position = match.end()
    if in_plural:
        for index in range(position, end):
            if text[index] == "#":
                found.append(Placeholder(index, index + 1, "#", _VALUE))


def _matching_brace(text: str, open_index: int, end: int) -> int:
    """Index of the brace closing the one at ``open_index``, or -1.

    A Fluent string literal right inside a brace (``{ "}" }``) is skipped.
    """
    pairs = _brace_pairs(text)
    close = pairs.close_of(open_index)
    if close is None:  # a brace inside a string literal
        return _scan_to_matching_brace(text, open_index, end, pairs)
    return close if close < end else -1


class _BracePairs:
    """Every brace pair of a text, found in one pass: scanning from each ``{`` in turn is
    quadratic on a text of many unclosed braces. Kept in arrays, at 8 bytes a brace
    where a dictionary of a flood of braces would take a hundred."""

    def __init__(self, text: str) -> None:
        typecode = "i" if len(text) < 2**31 else "q"
        self.opens = array(typecode)  # the braces the pass opened, in order
        self.closes = array(typecode)  # where each closes, or -1
        stack = array(typecode)  # indexes into ``opens``
        self._next = 0  # the index into ``opens`` of the brace likely asked for next
        # Characters that scans from braces inside string literals may still read: each
        # such scan reads on to its match, so a flood of them would be quadratic.
        self.budget = 2 * len(text) + 10_000
        index = text.find("{")
        while index >= 0:
            char = text[index]
            next_from = index + 1
            if char == "{":
                stack.append(len(self.opens))
                self.opens.append(index)
                self.closes.append(-1)
            elif char == "}":
                if stack:
                    self.closes[stack.pop()] = index
            elif stack and _follows_brace(text, index, self.opens[stack[-1]]):
                literal = _FLUENT_STRING.match(text, index)  # a quote right inside a brace
                if literal is not None:
                    next_from = literal.end()
            found = _BRACE_OR_QUOTE.search(text, next_from)
            index = -1 if found is None else found.start()

    def close_of(self, open_index: int) -> int | None:
        """Where the brace at ``open_index`` closes, -1 if never; None if the pass did not
        open it (it lies in a string literal)."""
        ordinal = self._next  # scans ask for the braces in order
        if ordinal >= len(self.opens) or self.opens[ordinal] != open_index:
            ordinal = bisect_left(self.opens, open_index)
            if ordinal == len(self.opens) or self.opens[ordinal] != open_index:
                return None
        self._next = ordinal + 1
        return self.closes[ordinal]


@lru_cache(maxsize=2)
def _brace_pairs(text: str) -> _BracePairs:
    return _BracePairs(text)


def _follows_brace(text: str, index: int, start: int) -> bool:
    """Whether only white space stands between a ``{`` (at or after ``start``) and ``index``."""
    before = index - 1
    while before >= start and text[before].isspace():
        before -= 1
    return before >= start and text[before] == "{"


def _scan_to_matching_brace(text: str, open_index: int, end: int, pairs: _BracePairs) -> int:
    """The match of a brace the one pass did not open, or -1 (also once the text's budget
    for such scans is spent)."""
    depth = 0
    index = open_index
    while index < end:
        pairs.budget -= 1
        if pairs.budget < 0:
            return -1
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        elif char == '"' and _follows_brace(text, index, open_index):
            literal = _FLUENT_STRING.match(text, index, end)
            if literal is not None:
                index = literal.end()
                continue
        index += 1
    return -1


def _is_fluent_value(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a Fluent call (ending at its last ``)``), string
    literal or attribute reference."""
    if _FLUENT_CALL.match(text, start, end):
        last = end - 1
        while text[last].isspace():
            last -= 1
        return text[last] == ")"
    return _FLUENT_LITERAL.fullmatch(text, start, end) is not None


def _scan_brace(text: str, open_index: int, end: int, found: list[Placeholder], depth: int) -> int:
    """Handle ``{`` at ``open_index``; returns where scanning continues."""
    close = _matching_brace(text, open_index, end)
    if close < 0:
        return open_index + 1
    start = open_index + 1
    if (
        _SIMPLE_ARGUMENT.fullmatch(text, start, close)
        or _ICU_FORMATTED.fullmatch(text, start, close)
        or _is_fluent_value(text, start, close)
    ):
        found.append(Placeholder(open_index, close + 1, text[open_index : close + 1], _VALUE))
        return close + 1
    fluent = _FLUENT_SELECTOR.match(text, open_index + 1, close)
    if fluent is not None:
        _scan_fluent_select(text, open_index, fluent.end(), close, found, depth)
        return close + 1
    header = _ICU_COMPLEX.match(text, open_index + 1, close)
    if header is None:
        return open_index + 1
    plural = header.group(2) != "select"
    found.append(Placeholder(open_index, header.end(), text[open_index : header.end()], _CONTROL))
    position = header.end()
    while position < close:
        selector = _ICU_SELECTOR.match(text, position, close)
        if selector is None:
            break
        arm_open = selector.end() - 1
        arm_close = _matching_brace(text, arm_open, close)
        if arm_close < 0:
            break
        found.append(Placeholder(position, arm_open + 1, text[position : arm_open + 1], _CONTROL))
        _scan(text, arm_open + 1, arm_close, found, in_plural=plural, depth=depth + 1)
        found.append(Placeholder(arm_close, arm_close + 1, "}", _CONTROL))
        position = arm_close + 1
    found.append(Placeholder(position, close + 1, text[position : close + 1], _CONTROL))
    return close + 1


def _scan_fluent_select(
    text: str, open_index: int, header_end: int, close: int, found: list[Placeholder], depth: int
) -> None:
    """``{ $n -> [one] text *[other] text }``: mask the syntax, scan each variant's text."""
    found.append(Placeholder(open_index, header_end, text[open_index:header_end], _CONTROL))
    keys = [m for m in _FLUENT_VARIANT.finditer(text, header_end, close) if _at_line_start(text, m)]
    for index, key in enumerate(keys):
        found.append(Placeholder(key.start(), key.end(), key.group(), _CONTROL))
        variant_end = keys[index + 1].start() if index + 1 < len(keys) else close
        _scan(text, key.end(), variant_end, found, in_plural=False, depth=depth + 1)
    found.append(Placeholder(close, close + 1, "}", _CONTROL))


def _at_line_start(text: str, match: re.Match[str]) -> bool:
    """A Fluent variant key starts its line (or follows the selector arrow)."""
    if "\n" in match.group() or match.group().lstrip().startswith("*"):
        return True
    before = match.start() - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return (
        before < 0 or text[before] == "\n" or (before > 0 and text[before - 1 : before + 1] == "->")
    )


def mask(text: str, spans: Collection[tuple[int, int]]) -> str:
    """``text`` with every span replaced by ``MASK_CHAR``, keeping its length.

    A span outside ``text`` or inverted is a bug in whoever made it: list slicing would
    insert characters instead, and every later offset of the message would be wrong.
    """
    if not spans:
        return text
    chars = list(text)
    length = len(chars)
    for start, end in spans:
        if not 0 <= start <= end <= length:
            raise ValueError(f"span ({start}, {end}) does not lie in a text of {length}")
        chars[start:end] = MASK_CHAR * (end - start)
    return "".join(chars)


def placeholder_multiset(text: str) -> Counter[str]:
    """The placeholders of ``text`` as a multiset of their normalised text."""
    return Counter(" ".join(p.text.split()) for p in find_placeholders(text))


def keeps_placeholders(before: str, after: str) -> bool:
    """Whether a rewrite keeps exactly the same placeholders."""
    return placeholder_multiset(before) == placeholder_multiset(after)
