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
from collections import Counter
from collections.abc import Collection
from functools import lru_cache

from tonelint.models import MASK_CHAR, Placeholder, PlaceholderRole
from tonelint.scan import Alternation, Alternative

_VALUE = PlaceholderRole.VALUE
_CONTROL = PlaceholderRole.CONTROL

# A tag is at most an opening, 2,000 characters and a closer long.
_TAG_REACH = 2010

# The alternatives of a placeholder token, in order; the first five end at a closer.
_TOKEN = Alternation(
    (
        Alternative(r"(?P<triple>\{\{\{.{0,2000}?\}\}\})", r"\}\}", _TAG_REACH),
        Alternative(r"(?P<mustache>\{\{.{0,2000}?\}\})", r"\}\}", _TAG_REACH),
        Alternative(r"(?P<jinja_tag>\{%.{0,2000}?%\})", r"%\}", _TAG_REACH),
        Alternative(r"(?P<jinja_comment>\{\#.{0,2000}?\#\})", r"\#\}", _TAG_REACH),
        Alternative(r"(?P<erb><%.{0,2000}?%>)", "%>", _TAG_REACH),
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
_TOKEN_START = re.compile(r"[{<$%(]")  # the first characters of every token above
_GO_CONTROL = re.compile(
    r"^\{\{-?\s*(if|else|end|range|with|define|block|template|break|continue)(?=\s|-?\}\})"
)
_MUSTACHE_CONTROL = re.compile(r"^\{\{[-~]?\s*(?:[#/^!>]|else\b)")
_SIMPLE_ARGUMENT = re.compile(r"^\s*[$-]?[A-Za-z_][\w.-]*\s*$|^\s*\d+\s*$")
_ICU_FORMATTED = re.compile(r"^\s*[A-Za-z_]\w*\s*,\s*[A-Za-z]+\s*(?:,[^{}]*)?$")
_ICU_COMPLEX = re.compile(r"\s*([A-Za-z_]\w*)\s*,\s*(plural|selectordinal|select)\s*,")
_ICU_SELECTOR = re.compile(r"\s*(?:offset:\s*\d+\s*)?(=?[\w-]+)\s*\{")
# Fluent: { FUNCTION(...) }, { "literal" }, { -term(case: "x") }, and selectors
# { $n -> [one] text *[other] text }, whose variant text stays lintable.
_FLUENT_VALUE = re.compile(
    r"^\s*(?:[A-Z][A-Z0-9_-]*\(.*\)|\"(?:[^\"\\]|\\.)*\"|-[\w-]+\(.*\)|[$-]?[\w.-]+\.[\w-]+)\s*$",
    re.S,
)
_FLUENT_SELECTOR = re.compile(r"\s*(?:[$-]?[\w.-]+|[A-Z][A-Z0-9_-]*\([^{}]*\))\s*->")
_FLUENT_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_FLUENT_VARIANT = re.compile(r"\s*\*?\[[^\]\n]+\]")


def find_placeholders(text: str) -> tuple[Placeholder, ...]:
    """All placeholders in ``text``, in order, without overlaps."""
    if _TOKEN_START.search(text) is None:
        return ()  # most copy: no character a placeholder can start with
    found: list[Placeholder] = []
    _scan(text, 0, len(text), found, in_plural=False)
    return tuple(found)


def _scan(text: str, start: int, end: int, found: list[Placeholder], in_plural: bool) -> None:
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
            position = _scan_brace(text, match.start(), end, found)
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
    pairs, opened = _brace_pairs(text)
    if open_index in opened:
        close = pairs.get(open_index, -1)
        return close if close < end else -1
    return _scan_to_matching_brace(text, open_index, end)  # a brace inside a string literal


@lru_cache(maxsize=16)
def _brace_pairs(text: str) -> tuple[dict[int, int], frozenset[int]]:
    """Every brace pair of a text, found in one pass (scanning from each ``{`` in turn
    is quadratic on a text of many unclosed braces), and the braces it opened."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    stack: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "{":
            stack.append(index)
            opened.append(index)
        elif char == "}":
            if stack:
                pairs[stack.pop()] = index
        elif char == '"' and stack and text[stack[-1] : index].rstrip().endswith("{"):
            literal = _FLUENT_STRING.match(text, index)
            if literal is not None:
                index = literal.end()
                continue
        index += 1
    return pairs, frozenset(opened)


def _scan_to_matching_brace(text: str, open_index: int, end: int) -> int:
    depth = 0
    index = open_index
    while index < end:
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        elif char == '"' and text[open_index:index].rstrip().endswith("{"):
            literal = _FLUENT_STRING.match(text, index, end)
            if literal is not None:
                index = literal.end()
                continue
        index += 1
    return -1


def _scan_brace(text: str, open_index: int, end: int, found: list[Placeholder]) -> int:
    """Handle ``{`` at ``open_index``; returns where scanning continues."""
    close = _matching_brace(text, open_index, end)
    if close < 0:
        return open_index + 1
    inner = text[open_index + 1 : close]
    if _SIMPLE_ARGUMENT.match(inner) or _ICU_FORMATTED.match(inner) or _FLUENT_VALUE.match(inner):
        found.append(Placeholder(open_index, close + 1, text[open_index : close + 1], _VALUE))
        return close + 1
    fluent = _FLUENT_SELECTOR.match(text, open_index + 1, close)
    if fluent is not None:
        _scan_fluent_select(text, open_index, fluent.end(), close, found)
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
        _scan(text, arm_open + 1, arm_close, found, in_plural=plural)
        found.append(Placeholder(arm_close, arm_close + 1, "}", _CONTROL))
        position = arm_close + 1
    found.append(Placeholder(position, close + 1, text[position : close + 1], _CONTROL))
    return close + 1


def _scan_fluent_select(
    text: str, open_index: int, header_end: int, close: int, found: list[Placeholder]
) -> None:
    """``{ $n -> [one] text *[other] text }``: mask the syntax, scan each variant's text."""
    found.append(Placeholder(open_index, header_end, text[open_index:header_end], _CONTROL))
    keys = [m for m in _FLUENT_VARIANT.finditer(text, header_end, close) if _at_line_start(text, m)]
    for index, key in enumerate(keys):
        found.append(Placeholder(key.start(), key.end(), key.group(), _CONTROL))
        variant_end = keys[index + 1].start() if index + 1 < len(keys) else close
        _scan(text, key.end(), variant_end, found, in_plural=False)
    found.append(Placeholder(close, close + 1, "}", _CONTROL))


def _at_line_start(text: str, match: re.Match[str]) -> bool:
    """A Fluent variant key starts its line (or follows the selector arrow)."""
    if "\n" in match.group() or match.group().lstrip().startswith("*"):
        return True
    before = text[: match.start()].rstrip(" \t")
    return not before or before.endswith(("\n", "->"))


def mask(text: str, spans: Collection[tuple[int, int]]) -> str:
    """``text`` with every span replaced by ``MASK_CHAR``, keeping its length."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK_CHAR * (end - start)
    return "".join(chars)


def placeholder_multiset(text: str) -> Counter[str]:
    """The placeholders of ``text`` as a multiset of their normalised text."""
    return Counter(" ".join(p.text.split()) for p in find_placeholders(text))


def keeps_placeholders(before: str, after: str) -> bool:
    """Whether a rewrite keeps exactly the same placeholders."""
    return placeholder_multiset(before) == placeholder_multiset(after)
