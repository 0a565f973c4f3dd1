"""grammar: LanguageTool's matches as findings (optional, ``tonelint[grammar]``).

The checker needs a server, which the run finds once (see ``tonelint.grammar``) and
hands to ``build_in`` as one of its services; without one the rule finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tonelint.kinds.base import Checker, Kind, NoOptions, Services, render
from tonelint.models import Hit, Message, RuleSpec

if TYPE_CHECKING:  # the client is imported only when a server is in use
    from tonelint.grammar import GrammarService


def build_for(rule: RuleSpec, service: GrammarService | None) -> Checker:
    def check(message: Message) -> Iterator[Hit]:
        if service is None or not service.enabled:
            return
        from tonelint.grammar import plain_text

        plain = plain_text(message)
        for match in service.check(plain.text, message.locale or "en"):
            span = plain.to_message(match.start, match.end)
            if span is None:
                continue  # overlaps a placeholder or markup
            start, end = span
            if not message.text[start:end].strip():
                continue
            yield Hit(
                start,
                end,
                render(
                    rule.message,
                    message=match.message,
                    rule=match.rule_id,
                    category=match.category,
                    match=message.text[start:end],
                ),
                suggestions=match.replacements,
            )

    return check


def build(rule: RuleSpec) -> Checker:
    """Without a server: finds nothing."""
    return build_for(rule, None)


def build_in(rule: RuleSpec, services: Services) -> Checker:
    """With the run's LanguageTool server, found on first use."""
    return build_for(rule, services.grammar_service())


KIND = Kind(
    name="grammar",
    summary="Sends each message to LanguageTool and reports its grammar and spelling matches.",
    options_type=NoOptions,
    build=build,
    build_in=build_in,
)
