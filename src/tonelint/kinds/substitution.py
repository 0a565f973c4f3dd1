"""substitution: a listed phrase has a respectful rewrite, offered as a suggestion and a fix."""

from __future__ import annotations

from collections.abc import Iterator

from tonelint.kinds.base import Checker, Kind, Trigger, options_schema, render
from tonelint.kinds.phrases import PhraseMatcher, fold, match_case, trigger_words
from tonelint.models import Hit, Message, RuleSpec


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


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(trigger_words(dict(rule.swaps), bool(rule.options["inflect"])))


def build(rule: RuleSpec) -> Checker:
    swaps = dict(rule.swaps)
    matcher = PhraseMatcher(swaps, inflect=bool(rule.options["inflect"]))

    def check(message: Message) -> Iterator[Hit]:
        for match in matcher.finditer(fold(message.masked)):
            matched = message.text[match.start : match.end]
            replacement = match_case(matched, swaps[match.phrase])
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


KIND = Kind(
    name="substitution",
    summary="Offers a respectful rewrite for each listed phrase.",
    options=options_schema(
        {
            "inflect": {
                "type": "boolean",
                "default": False,
                "description": "Also match regular inflections of the phrases' content words.",
            }
        }
    ),
    build=build,
    needs=("swaps",),
    trigger=trigger,
)
