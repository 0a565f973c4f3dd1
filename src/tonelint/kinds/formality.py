"""formality: flags messages whose formality score (0–100) is below a threshold.

The score comes from ``tonelint.formality``; the finding names the features that pull the
score down most ("contractions, 'gonna', 3 exclamation marks").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonelint.kinds.base import (
    Checker,
    Kind,
    Options,
    option,
    render,
    stripped_span,
    word_count,
)
from tonelint.kinds.readability import plain_text
from tonelint.models import Hit, Message, RuleSpec


@dataclass(frozen=True)
class FormalityOptions(Options):
    """Options of a formality rule."""

    min: float = option(
        type="number",
        minimum=0,
        maximum=100,
        default=0,
        description="The lowest formality allowed; 0 turns the check off.",
    )
    min_words: int = option(
        type="integer",
        minimum=1,
        default=3,
        description="Messages with fewer words are not scored.",
    )
    features: int = option(
        type="integer",
        minimum=1,
        default=3,
        description="How many of the strongest informal features a finding names.",
    )


def build(rule: RuleSpec) -> Checker:
    from tonelint.formality import score

    options = FormalityOptions.of(rule)
    limit = float(options.min)
    min_words = options.min_words
    shown = options.features

    def check(message: Message) -> Iterator[Hit]:
        if limit <= 0 or word_count(message) < min_words:
            return
        result = score(plain_text(message))
        if result.value >= limit:
            return
        features = ", ".join(result.informal_features(shown)) or "no single feature"
        start, end = stripped_span(message.text)
        yield Hit(
            start,
            end,
            render(rule.message, value=f"{result.value:.0f}", min=f"{limit:g}", features=features),
        )

    return check


KIND = Kind(
    name="formality",
    summary="Scores each message's formality (0-100) and flags those below a minimum.",
    options_type=FormalityOptions,
    build=build,
)
