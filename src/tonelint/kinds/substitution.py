"""substitution: a listed phrase has a respectful rewrite, offered as a suggestion and a fix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tonelint.kinds.base import LIST_LIMIT, Checker, Kind, Options, Trigger, option, render
from tonelint.matching.phrases import PhraseMatcher, fold, match_case, normalise, trigger_words
from tonelint.models import Hit, Message, RuleSpec

# How far before a match the words a replacement puts before its phrase are looked for,
# beyond their own length (runs of white space between them).
_SLACK = 64


@dataclass(frozen=True)
class SubstitutionOptions(Options):
    """Options of a substitution rule."""

    inflect: bool = option(
        type="boolean",
        default=False,
        description="Also match regular inflections of the phrases' content words.",
    )


def _widen_deletion(text: str, start: int, end: int) -> tuple[int, int]:
    """Take one neighbouring space with a deleted phrase so no double space is left, and
    its line break with a phrase that is a whole line, so no blank line splits the copy."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in ("", "\n", "\r") and after in ("\n", "\r"):
        line_break = 2 if text.startswith("\r\n", end) else 1
        return start, end + line_break
    if before == " " and (not after or after in " ,.;:!?)"):
        return start - 1, end
    if after == " " and (not before or before in " (\n"):
        return start, end + 1
    return start, end


def _loose(text: str) -> str:
    """A pattern for normalised text: any run of white space where it has a space."""
    return "".join(r"\s+" if char == " " else re.escape(char) for char in text)


def _surroundings(phrase: str, replacement: str) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """Where ``replacement`` contains ``phrase`` (``app`` in ``mobile app``): for each such
    place, patterns for the replacement's text before the phrase (ending where a match
    starts) and after it (starting where a match ends)."""
    wanted = normalise(phrase.removeprefix("="))
    written = normalise(replacement)
    places = []
    for found in re.finditer(rf"(?<!\w){re.escape(wanted)}(?!\w)", written):
        before, after = written[: found.start()], written[found.end() :]
        if not before and not after:
            continue  # the replacement is the phrase: only the exact text is already fixed
        head = r"(?<!\w)" if before[:1].isalnum() else ""
        tail = r"(?!\w)" if after[-1:].isalnum() else ""
        places.append(
            (
                re.compile(head + _loose(before) + r"\Z", re.IGNORECASE),
                re.compile(_loose(after) + tail, re.IGNORECASE),
            )
        )
    return places


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(trigger_words(dict(rule.swaps), SubstitutionOptions.of(rule).inflect))


def build(rule: RuleSpec) -> Checker:
    swaps = dict(rule.swaps)
    matcher = PhraseMatcher(swaps, inflect=SubstitutionOptions.of(rule).inflect)
    surroundings = {phrase: _surroundings(phrase, swaps[phrase]) for phrase in swaps}

    def already_replaced(text: str, start: int, end: int, phrase: str) -> bool:
        """Whether the phrase at ``[start, end)`` of the folded masked ``text`` stands in
        its own replacement ("app" in "mobile app"), which a fix would only repeat."""
        for before, after in surroundings[phrase]:
            reach = max(0, start - 4 * len(before.pattern) - _SLACK)
            if before.search(text, reach, start) and after.match(text, end):
                return True
        return False

    def check(message: Message) -> Iterator[Hit]:
        folded = fold(message.masked)
        for match in matcher.finditer(folded):
            matched = message.text[match.start : match.end]
            replacement = match_case(matched, swaps[match.phrase])
            if matched == replacement or already_replaced(
                folded, match.start, match.end, match.phrase
            ):
                continue
            start, end = match.start, match.end
            if not replacement:
                start, end = _widen_deletion(message.text, start, end)
            shown = replacement if replacement else "(remove it)"
            yield Hit(
                start,
                end,
                render(rule.message, match=matched, replacement=shown),
                suggestions=(shown,),
                replacement=replacement,
            )

    return check


def describe(rule: RuleSpec) -> str:
    pairs = [
        f"`{old.removeprefix('=')}` → `{new}`" if new else f"`{old}` → (remove)"
        for old, new in rule.swaps
    ]
    shown = ", ".join(pairs[:LIST_LIMIT])
    more = f", … ({len(pairs) - LIST_LIMIT} more)" if len(pairs) > LIST_LIMIT else ""
    return f"Flags each phrase and offers its rewrite: {shown}{more}."


KIND = Kind(
    name="substitution",
    summary="Offers a respectful rewrite for each listed phrase.",
    options_type=SubstitutionOptions,
    build=build,
    needs=("swaps",),
    trigger=trigger,
    describe=describe,
)
