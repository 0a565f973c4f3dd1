"""address-form: formal or informal "you", in languages that have both.

A brand that addresses customers formally (German "Sie", French "vous") should not slip
into the informal form ("du", "tu"), and the reverse. The word lists, the words that are
formal only when capitalised mid-sentence (German "Sie", Italian "Lei"), the contexts in
which a word means something else (French "tu" as the past participle of "taire") and
the suggested replacements are the rule's options, per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tonelint.kinds.base import Checker, Kind, Options, option, render
from tonelint.matching.phrases import fold
from tonelint.models import Hit, Message, RuleSpec
from tonelint.readers.base import language_of

_SENTENCE_START = re.compile(r"(?:^|[.!?:;…»«\"“”(\n]\s*|^\W*)$")


def _words(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(set(words), key=len, reverse=True)
    whole = "|".join(re.escape(w) for w in ordered if not w.endswith("'")) or "(?!)"
    elided = "|".join(re.escape(w) for w in ordered if w.endswith("'")) or "(?!)"
    # an elided form ("t'") is glued to the next word
    return re.compile(rf"(?<![\w'’-])(?:(?:{whole})(?![\w-])|(?:{elided}))", re.IGNORECASE)


_WORD_LISTS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "default": {},
}


@dataclass(frozen=True)
class AddressFormOptions(Options):
    """Options of an address-form rule; the word lists are per language."""

    address: str = option(
        type="string",
        enum=["formal", "informal", "any"],
        default="any",
        description="The form the brand uses; the other one is flagged. "
        "A style guide's top-level `address:` sets it.",
    )
    informal: Mapping[str, tuple[str, ...]] = option(
        **_WORD_LISTS, description="Informal words, per language."
    )
    formal: Mapping[str, tuple[str, ...]] = option(
        **_WORD_LISTS, description="Formal words, per language."
    )
    capitalised_formal: Mapping[str, tuple[str, ...]] = option(
        **_WORD_LISTS,
        description="Formal words that are formal only when capitalised "
        "mid-sentence (German Sie: else 'they'/'she').",
    )
    exceptions: Mapping[str, tuple[str, ...]] = option(
        **_WORD_LISTS,
        description="Regular expressions, per language, of phrases in which a "
        "listed word means something else (French 's'est tu').",
    )
    suggest: Mapping[str, Mapping[str, str]] = option(
        type="object",
        additionalProperties={"type": "object", "additionalProperties": {"type": "string"}},
        default={},
        description="Per language, a word and the form to use instead.",
    )


class _Language:
    """The compiled word lists of one language."""

    def __init__(self, language: str, options: AddressFormOptions) -> None:
        self.informal = _words(options.informal.get(language, ()))
        self.formal = _words(options.formal.get(language, ()))
        self.capitalised = {w.lower() for w in options.capitalised_formal.get(language, ())}
        self.exceptions = [
            re.compile(pattern, re.IGNORECASE) for pattern in options.exceptions.get(language, ())
        ]
        self.suggest: Mapping[str, str] = {
            word.lower(): value for word, value in options.suggest.get(language, {}).items()
        }

    def excused(self, text: str, start: int, end: int) -> bool:
        """Whether a match lies inside a phrase where the word means something else."""
        return any(
            m.start() <= start and end <= m.end()
            for pattern in self.exceptions
            for m in pattern.finditer(text)
        )


def build(rule: RuleSpec) -> Checker:
    options = AddressFormOptions.of(rule)
    address = options.address
    languages = {language: _Language(language, options) for language in rule.languages}

    def formal_forms(text: str, language: _Language) -> Iterator[re.Match[str]]:
        if language.formal is None:
            return
        for match in language.formal.finditer(text):
            word = match.group()
            # some words are formal only when capitalised and not opening a sentence
            ambiguous = word.lower() in language.capitalised and (
                not word[0].isupper() or _SENTENCE_START.search(text[: match.start()])
            )
            if not ambiguous:
                yield match

    def check(message: Message) -> Iterator[Hit]:
        language = languages.get(language_of(message.locale) or "")
        if language is None or address == "any":
            return
        text = fold(message.masked)
        if address == "formal":
            found = language.informal.finditer(text) if language.informal else iter(())
            wanted = "formal"
        else:
            found = formal_forms(text, language)
            wanted = "informal"
        for match in found:
            if language.excused(text, match.start(), match.end()):
                continue
            word = message.text[match.start() : match.end()]
            suggestion = language.suggest.get(word.lower())
            yield Hit(
                match.start(),
                match.end(),
                render(rule.message, match=word, address=wanted),
                suggestions=(suggestion,) if suggestion else (),
            )

    return check


KIND = Kind(
    name="address-form",
    summary="Flags the informal 'you' where the brand is formal with customers, or the reverse.",
    options_type=AddressFormOptions,
    build=build,
)
