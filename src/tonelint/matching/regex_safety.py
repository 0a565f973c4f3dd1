r"""Refuse regular expressions of the built-in packs that can backtrack catastrophically.

The patterns of every other pack are matched with RE2 (``tonelint.matching.linear_regex``), in time
linear in the text whatever they are. The built-in packs are tested and use lookarounds,
so they stay on Python's ``re``, and this check guards them against mistakes: it refuses a
repeat that holds another repeat when either is unbounded (``(a+)+``, ``(\w+\s?)*``,
``(.*a){12}``), or an unbounded repeat whose alternatives can begin alike (``(a|ab)+``).
It does not catch every slow pattern (``(?:a?){28}a{28}``, ``.*.*.*=$``), which is why
other packs' patterns run on RE2. Repeats of a
single item (``[^.]{0,40}``), bounded repeats of bounded repeats (``(?:ab{1,3}){1,4}``)
and plain alternations are fine. The check is cautious: a safe pattern it refuses can be
written without the nesting.
"""

from __future__ import annotations

from typing import Any

from tonelint.matching.literals import constants, parser

_REPEATS = (constants.MAX_REPEAT, constants.MIN_REPEAT)
_ANY = object()  # a first character we cannot name: overlaps everything


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None when it is safe."""
    try:
        parsed = parser.parse(pattern, flags)
    except RecursionError:
        return "groups are nested too deeply to check"
    except Exception:  # the caller reports invalid patterns itself
        return None
    try:
        return _risk(list(parsed), 1)
    except RecursionError:
        return "groups are nested too deeply to check"


def _risk(items: list[tuple[Any, Any]], outer: int) -> str | None:
    """``outer``: the most times an enclosing repeat repeats (1: not inside a repeat)."""
    for op, value in items:
        if op in _REPEATS:
            _, high, body = value
            unbounded = high == constants.MAXREPEAT
            if high > 1 and outer > 1 and (unbounded or outer == constants.MAXREPEAT):
                return "a repeated group holds another repeat, as in (a+)+"
            if unbounded and _overlapping_branches(list(body)):
                return "a repeated group has alternatives that can start alike, as in (a|a)*"
            found = _risk(list(body), max(outer, high))
            if found:
                return found
        elif op is constants.SUBPATTERN:
            found = _risk(list(value[-1]), outer)
            if found:
                return found
        elif op is constants.BRANCH:
            for branch in value[1]:
                found = _risk(list(branch), outer)
                if found:
                    return found
        elif op in (constants.ASSERT, constants.ASSERT_NOT):
            found = _risk(list(value[1]), outer)
            if found:
                return found
    return None


def _overlapping_branches(items: list[tuple[Any, Any]]) -> bool:
    """Whether an alternation in a repeat's body has two alternatives that can match at
    the same place: the same first character, one that cannot be named, or two empty."""
    for op, value in items:
        if op is constants.SUBPATTERN and _overlapping_branches(list(value[-1])):
            return True
        if op is constants.BRANCH:
            seen: set[object] = set()
            empty = 0
            for branch in value[1]:
                if not branch:
                    empty += 1
                    continue
                first = _first_char(list(branch))
                if first is _ANY or first in seen:
                    return True
                seen.add(first)
                if _overlapping_branches(list(branch)):
                    return True
            if empty > 1:
                return True
    return False


def _first_char(items: list[tuple[Any, Any]]) -> object:
    if not items:
        return _ANY
    op, value = items[0]
    if op is constants.LITERAL:
        return chr(value).lower()
    if op is constants.SUBPATTERN:
        return _first_char(list(value[-1]))
    return _ANY
