"""The words a regular expression cannot match without.

``\\bwin (?:a |an )?[£$€]\\d`` matches only where "win" stands as a whole word, so a
message without the word "win" needs no search. ``required_words`` finds such words from
the parsed pattern, conservatively: it answers None whenever it cannot be sure, and the
pattern is then searched in every message.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

from tonelint.matching.phrases import FUNCTION_WORDS

# The parser behind ``re`` (also used by ``regex_safety``): re._parser since Python 3.11,
# sre_parse before.
_MODERN = sys.version_info >= (3, 11)
parser: Any = importlib.import_module("re._parser" if _MODERN else "sre_parse")
constants: Any = importlib.import_module("re._constants" if _MODERN else "sre_constants")

_MAX_WORDS = 64
_MAX_DEPTH = 4
_NON_WORD_CATEGORIES = {constants.CATEGORY_SPACE, constants.CATEGORY_NOT_WORD}
_STARTS = {constants.AT_BEGINNING, constants.AT_BEGINNING_STRING}

Items = list[tuple[Any, Any]]


def required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case words, one of which every match holds as a whole ``\\w+`` token; None
    when the pattern has no such words (or is beyond this analysis)."""
    try:
        parsed = parser.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    try:
        return _required(list(parsed), 0)
    except (RecursionError, TypeError, ValueError):
        return None


def _required(items: Items, depth: int) -> frozenset[str] | None:
    found = []
    for index in range(len(items)):
        run = _word_run(items, index)
        if run is None:
            continue
        words, after = run
        if _ends_non_word(items, index) and _starts_non_word(items, after):
            found.append(words)
    if found:  # the rarest-looking: content words first, then the longest
        return max(found, key=lambda w: (not w & FUNCTION_WORDS, min(map(len, w))))
    if depth >= _MAX_DEPTH:
        return None
    # A group or an alternation that every match passes through: look inside it, in place.
    for index, (op, value) in enumerate(items):
        head, tail = items[:index], items[index + 1 :]
        if op is constants.SUBPATTERN:
            return _required([*head, *value[-1], *tail], depth + 1)
        if op is constants.BRANCH:
            return _union(_required([*head, *branch, *tail], depth + 1) for branch in value[1])
    return None


def _union(parts: Any) -> frozenset[str] | None:
    words: set[str] = set()
    for part in parts:
        if part is None:
            return None
        words |= part
    return frozenset(words)


def _is_word(code: int) -> bool:
    char = chr(code)
    return char.isalnum() or char == "_"


def _word_run(items: Items, index: int) -> tuple[frozenset[str], int] | None:
    """The words spelled by word-character literals (and alternatives of them) from
    ``index``, and where they end; None when no word starts there."""
    words = {""}
    position = index
    while position < len(items):
        spelled = _spelled(items[position])
        if spelled is None:
            break
        words = {word + tail for word in words for tail in spelled}
        if len(words) > _MAX_WORDS:
            return None
        position += 1
    if position == index:
        return None
    return frozenset(word.lower() for word in words), position


def _spelled(item: tuple[Any, Any]) -> set[str] | None:
    """The strings one item can spell with word characters only, or None."""
    op, value = item
    if op is constants.LITERAL:
        return {chr(value)} if _is_word(value) else None
    if op is constants.BRANCH:
        return _spelled_alternatives(list(branch) for branch in value[1])
    if op is constants.SUBPATTERN:
        return _spelled_alternatives([list(value[-1])])
    return None


def _spelled_alternatives(alternatives: Any) -> set[str] | None:
    spelled: set[str] = set()
    for items in alternatives:
        if not items:
            return None
        words = {""}
        for item in items:
            tails = _spelled(item)
            if tails is None:
                return None
            words = {word + tail for word in words for tail in tails}
        spelled |= words
    return spelled if len(spelled) <= _MAX_WORDS else None


def _starts_non_word(items: Items, index: int) -> bool:
    """Whether the text matched from ``items[index]`` on begins with a non-word character
    or the end of the text (given a word character before it)."""
    if index >= len(items):
        return False  # what follows the match is not constrained
    op, value = items[index]
    if op is constants.AT:
        return value is constants.AT_BOUNDARY
    if op in (constants.ASSERT, constants.ASSERT_NOT):
        return _starts_non_word(items, index + 1)
    if op is constants.LITERAL:
        return not _is_word(value)
    if op is constants.IN:
        return _non_word_set(value)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, inner = value
        first = _starts_non_word(list(inner), 0)
        return first if low > 0 else first and _starts_non_word(items, index + 1)
    if op is constants.SUBPATTERN:
        return _starts_non_word([*value[-1], *items[index + 1 :]], 0)
    if op is constants.BRANCH:
        rest = items[index + 1 :]
        return all(_starts_non_word([*branch, *rest], 0) for branch in value[1])
    return False


def _ends_non_word(items: Items, index: int) -> bool:
    """Whether the text matched before ``items[index]`` ends with a non-word character or
    is the start of the text (given a word character after it)."""
    if index == 0:
        return False  # the match may start inside a word
    op, value = items[index - 1]
    if op is constants.AT:
        return value is constants.AT_BOUNDARY or value in _STARTS
    if op in (constants.ASSERT, constants.ASSERT_NOT):
        return _ends_non_word(items, index - 1)
    if op is constants.LITERAL:
        return not _is_word(value)
    if op is constants.IN:
        return _non_word_set(value)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, inner = value
        last = _ends_non_word(list(inner), len(inner))
        return last if low > 0 else last and _ends_non_word(items, index - 1)
    return False


def _non_word_set(members: Items) -> bool:
    """Whether a character class holds no word character."""
    for op, value in members:
        if op is constants.LITERAL:
            if _is_word(value):
                return False
        elif op is constants.CATEGORY:
            if value not in _NON_WORD_CATEGORIES:
                return False
        else:
            return False  # ranges, negation: not worth proving
    return True
