"""address: flag pet names and buddy terms only where they address the reader.

"Thanks, hun!", "Hey bestie", "Babe, your order shipped" are forms of address; "bring a
buddy" and "honey jar" are not. A term counts as address when it follows a greeting or
thanks word ("hey", "thanks"), stands between a comma and the end of a clause, or opens
a sentence followed by a comma or exclamation mark. The fix removes the term and the
punctuation that only served it, and re-capitalises a sentence it opened.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from tonelint.kinds.base import Checker, Kind, Options, Trigger, option, quoted, render
from tonelint.matching.phrases import fold
from tonelint.models import MASK_CHAR, Hit, Message, RuleSpec

_AFTER = r"(?![\w\-/@])(?!'\w)"
_CLAUSE_END = rf"(?=\s*(?:[.!?,;:)…~]|{MASK_CHAR}|$|[^\w\s]))"


def _alternation(words: Sequence[str]) -> str:
    ordered = sorted({fold(word).lower() for word in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


@dataclass(frozen=True)
class AddressOptions(Options):
    """Options of an address rule."""

    lead_words: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=[
            "hey",
            "hi",
            "hello",
            "hiya",
            "heya",
            "yo",
            "sup",
            "morning",
            "evening",
            "night",
            "good morning",
            "good night",
            "welcome",
            "welcome back",
            "thanks",
            "thank you",
            "thx",
            "ty",
            "cheers",
            "bye",
            "see you",
            "see ya",
            "later",
            "love you",
            "miss you",
            "sorry",
            "congrats",
            "congratulations",
            "ok",
            "okay",
            "yes",
            "yas",
            "yass",
            "yasss",
            "aww",
            "awww",
        ],
        description="Words after which a listed term is a form of address.",
    )
    lead_only: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=[],
        description="Terms that count only after a lead word ('Hello gorgeous'), "
        "because after a comma they are usually ordinary words ('simple, beautiful.').",
    )


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(frozenset(" ".join(fold(term).lower().split()) for term in rule.phrases))


def build(rule: RuleSpec) -> Checker:
    options = AddressOptions.of(rule)
    lead_only = {fold(word).lower() for word in options.lead_only}
    terms = _alternation(list(rule.phrases))
    free_terms = _alternation([p for p in rule.phrases if fold(p).lower() not in lead_only])
    leads = _alternation(options.lead_words)
    flags = re.IGNORECASE | re.MULTILINE
    after_lead = re.compile(rf"(?<![\w'])(?:{leads})(\s+(?:my\s+)?(?:{terms})){_AFTER}", flags)
    after_comma = re.compile(rf"(\s*,\s*(?:my\s+)?(?:{free_terms})){_AFTER}{_CLAUSE_END}", flags)
    opening = re.compile(
        rf"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))((?:my\s+)?(?:{free_terms}){_AFTER}\s*[,!]+\s*)(\w?)",
        flags,
    )
    hit = _hit_maker(rule, re.compile(rf"(?:my\s+)?(?:{terms})", flags))
    return _checker(opening, (after_lead, after_comma), hit)


_HitMaker = Callable[[Message, int, int, str], Hit]


def _hit_maker(rule: RuleSpec, term_pattern: re.Pattern[str]) -> _HitMaker:
    """Flag the term itself; the fix replaces ``[start, end)`` with its separators."""

    def hit(message: Message, start: int, end: int, replacement: str) -> Hit:
        term = term_pattern.search(fold(message.masked[start:end]))
        assert term is not None
        return Hit(
            start + term.start(),
            start + term.end(),
            render(rule.message, match=message.text[start + term.start() : start + term.end()]),
            suggestions=("(remove it)",) if not replacement else (replacement,),
            replacement=replacement,
            fix_start=start,
            fix_end=end,
        )

    return hit


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps none of ``taken`` (sorted, not overlapping)."""
    index = bisect.bisect_right(taken, (start, end))
    before_free = index == 0 or taken[index - 1][1] <= start
    return before_free and (index == len(taken) or taken[index][0] >= end)


def _checker(
    opening: re.Pattern[str], inner: tuple[re.Pattern[str], ...], hit: _HitMaker
) -> Checker:
    """Addresses opening a sentence first, then those after a lead word or a comma."""

    def check(message: Message) -> Iterator[Hit]:
        text = fold(message.masked)
        taken: list[tuple[int, int]] = []  # sorted, not overlapping
        for match in opening.finditer(text):
            start, end = match.span(1)
            if not _free(taken, start, end):
                continue
            bisect.insort(taken, (start, end))
            following = match.group(2)
            if following and following.islower():
                # Remove the address and capitalise what now opens the sentence.
                yield hit(message, start, end + 1, message.text[end].upper())
            else:
                yield hit(message, start, end, "")
        for pattern in inner:
            for match in pattern.finditer(text):
                start, end = match.span(1)
                if _free(taken, start, end):
                    bisect.insort(taken, (start, end))
                    yield hit(message, start, end, "")

    return check


def describe(rule: RuleSpec) -> str:
    return (
        "Flags these terms when they address the reader — after a greeting or thanks "
        "word, between a comma and the end of a clause, or opening a sentence: "
        f"{quoted(rule.phrases)}. The fix removes the term and the punctuation that "
        "served it."
    )


KIND = Kind(
    name="address",
    summary="Flags pet names and buddy terms used to address the reader; the fix removes them.",
    options_type=AddressOptions,
    build=build,
    needs=("phrases",),
    trigger=trigger,
    describe=describe,
)
