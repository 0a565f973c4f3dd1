"""existence: flag any listed phrase (or regular expression) in a message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tonelint.kinds.base import Checker, Kind, Options, Trigger, option, quoted, render
from tonelint.matching.linear_regex import compile_linear
from tonelint.matching.literals import required_words
from tonelint.matching.phrases import PhraseMatcher, fold, trigger_words
from tonelint.models import Hit, Message, RuleSpec


@dataclass(frozen=True)
class ExistenceOptions(Options):
    """Options of an existence rule."""

    inflect: bool = option(
        type="boolean",
        default=True,
        description="Also match regular inflections of content words (miss → missed).",
    )
    case_sensitive: bool = option(
        type="boolean",
        default=False,
        description="Match `patterns` case-sensitively (phrases with capitals always are).",
    )


def _patterns(rule: RuleSpec) -> tuple[Any, ...]:
    """The rule's patterns compiled: by RE2 for a pack not built in (``rule.linear``),
    else by ``re``. Both search and ``finditer`` with offsets in characters."""
    ignore_case = not ExistenceOptions.of(rule).case_sensitive
    if rule.linear:
        return tuple(compile_linear(pattern, ignore_case) for pattern in rule.patterns)
    flags = re.IGNORECASE if ignore_case else 0
    return tuple(re.compile(pattern, flags) for pattern in rule.patterns)


def trigger(rule: RuleSpec) -> Trigger:
    """The phrases, and for each pattern the words it cannot match without (or, when it
    has none, the pattern itself)."""
    words = set(trigger_words(rule.phrases, ExistenceOptions.of(rule).inflect))
    if rule.linear:
        # Python's reading of an RE2 pattern (\b, \w are ASCII in RE2) may differ, so no
        # words are taken from it: one search for all its patterns as alternatives.
        return Trigger(frozenset(words), _alternatives(rule))
    searched = []
    for pattern in _patterns(rule):
        needed = required_words(pattern.pattern, pattern.flags)
        if needed:
            words |= needed
        else:
            searched.append(pattern)
    return Trigger(frozenset(words), tuple(searched))


def _alternatives(rule: RuleSpec) -> tuple[Any, ...]:
    """The rule's RE2 patterns as one, which matches where any of them does; or each on
    its own when together they are over RE2's memory budget for a pattern."""
    if len(rule.patterns) > 1:
        ignore_case = not ExistenceOptions.of(rule).case_sensitive
        try:
            return (compile_linear("|".join(f"(?:{p})" for p in rule.patterns), ignore_case),)
        except ValueError:
            pass
    return _patterns(rule)


def build(rule: RuleSpec) -> Checker:
    matcher = PhraseMatcher(rule.phrases, inflect=ExistenceOptions.of(rule).inflect)
    patterns = _patterns(rule)
    suggestions = (rule.instead,) if rule.instead else ()

    def check(message: Message) -> Iterator[Hit]:
        text = fold(message.masked)
        spans = [(m.start, m.end) for m in matcher.finditer(text)]
        for pattern in patterns:
            spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
        taken_until = -1
        for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
            if start < taken_until:
                continue  # overlaps a longer or earlier match of the same rule
            taken_until = end
            matched = message.text[start:end]
            yield Hit(start, end, render(rule.message, match=matched), suggestions)

    return check


def describe(rule: RuleSpec) -> str:
    text = f"Flags these phrases: {quoted(rule.phrases)}." if rule.phrases else ""
    if ExistenceOptions.of(rule).inflect and rule.phrases:
        text += " Inflections of content words match too (miss → missed, missing)."
    if rule.patterns:
        text += f" Also flags {len(rule.patterns)} regular expression pattern(s)."
    return text.strip()


KIND = Kind(
    name="existence",
    summary="Flags any listed phrase or pattern.",
    options_type=ExistenceOptions,
    build=build,
    needs=("phrases|patterns",),
    trigger=trigger,
    describe=describe,
)
