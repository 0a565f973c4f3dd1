"""An interpretable formality score, 0–100 (higher = more formal), for a message's plain text.

The score is a linear model over hand-written features (contractions, slang, casing,
punctuation, emoji, pronouns, sentence and word length, reading grade) plus per-word
weights, fitted to human formality ratings by ``bench/train_formality.py``. The weights ship
as ``tonelint/data/formality.json`` and are loaded once, on first use. Pure Python.

Every feature's contribution is kept, so a low score can be explained: "contractions,
'gonna', 3 exclamation marks".
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

MODEL_RESOURCE = "formality.json"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CONTRACTION = re.compile(
    r"[^\W\d_]+(?:n['’]t|['’](?:ll|re|m|ve|d))\b"
    r"|\b(?:it|that|he|she|there|what|let|here|who|where|how|everyone|nobody)['’]s\b",
    re.IGNORECASE,
)
_NO_APOSTROPHE = frozenset(
    """dont cant wont didnt doesnt isnt arent wasnt werent havent hasnt hadnt couldnt
    shouldnt wouldnt im ive youre youve youll theyre theyve thats whats lets aint""".split()
)
SLANG = frozenset(
    """u ur r ya yall y'all gonna wanna gotta kinda sorta lemme gimme dunno lol lmao lmfao rofl
    omg omfg btw idk imo imho tbh thx thanx pls plz tho cuz coz cos bc hey hiya yo yeah yea yep
    yup nope nah ok okay k kk dude dudes bro guys awesome cool super stuff hella totally
    wow haha hahaha hehe xoxo xo ty np ppl b4 gr8 l8r 2day 2nite luv sooo soooo wat wut
    bday fav fave pic pics bestie babe hun cuz ain't ain t'was gotcha ahh ugh meh""".split()
)
_FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "u", "ur", "you're", "you've", "you'll"})
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f]"
    r"|(?<!\w)(?:[:;=8][-']?[()DPpO3/\\|*]|<3|\^_\^|xD)(?!\w)"
)
_REPEATED = re.compile(r"[!?]{2,}|\.{3,}|…|([,;:*~-])\1+")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'(]*([^\W\d_])")
_END_PUNCT = re.compile(r"[.!?…:)\"'”’]\s*$")


@dataclass(frozen=True)
class FormalityScore:
    """A formality score and what moved it, most negative (least formal) first."""

    value: float
    contributions: tuple[tuple[str, float], ...]

    def informal_features(self, limit: int = 3) -> tuple[str, ...]:
        """The labels of the features that pull the score down most."""
        return tuple(label for label, amount in self.contributions[:limit] if amount < 0)


@dataclass(frozen=True)
class Analysis:
    """Feature values of one text and what is needed to label them."""

    values: Mapping[str, float]
    counts: Mapping[str, int]
    words: tuple[str, ...]  # lower-cased word tokens
    slang: tuple[str, ...]
    grade: float


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _quote(words: tuple[str, ...]) -> str:
    return ", ".join(f"'{word}'" for word in dict.fromkeys(words))


# feature name → label for a text where it is present
LABELS: dict[str, Callable[[Analysis], str]] = {
    "contractions": lambda a: "contractions" if a.counts["contractions"] > 1 else "a contraction",
    "no_apostrophe": lambda a: "missing apostrophes",
    "slang": lambda a: _quote(a.slang) or "slang",
    "lower_start": lambda a: "lower-case sentence start",
    "all_lower": lambda a: "all lower-case",
    "lower_i": lambda a: "lower-case 'i'",
    "caps_words": lambda a: _plural(a.counts["caps_words"], "ALL-CAPS word"),
    "exclamations": lambda a: _plural(a.counts["exclamations"], "exclamation mark"),
    "questions": lambda a: _plural(a.counts["questions"], "question mark"),
    "repeated_punct": lambda a: "repeated punctuation",
    "emoji": lambda a: _plural(a.counts["emoji"], "emoji", "emoji"),
    "first_singular": lambda a: "first person ('I', 'me')",
    "first_plural": lambda a: "first person plural ('we')",
    "second_person": lambda a: "second person ('you')",
    "log_words": lambda a: f"length ({_plural(len(a.words), 'word')})",
    "word_length": lambda a: "word length",
    "long_words": lambda a: "share of long words",
    "grade": lambda a: f"reading grade {a.grade:.1f}",
    "no_end_punct": lambda a: "no closing punctuation",
    "commas": lambda a: _plural(a.counts["commas"], "comma"),
    "proper_nouns": lambda a: "capitalised names",
    "numbers": lambda a: "numbers",
}
FEATURES: tuple[str, ...] = tuple(LABELS)


def _grade(text: str, words: int) -> float:
    if words == 0:
        return 0.0
    from tonelint.kinds.readability import textstat_function

    grade = float(textstat_function("flesch_kincaid_grade")(text))
    return min(max(grade, -3.0), 25.0)


def analyse(text: str) -> Analysis:
    """The feature values of a plain text (placeholders already replaced by a word)."""
    text = text.strip()
    tokens = _WORD.findall(text)
    words = tuple(token.lower().replace("’", "'") for token in tokens)
    slang = tuple(word for word in words if word in SLANG)
    counts = _counts(text, tokens)
    grade = _grade(text, len(words))
    values = _values(text, tokens, words, len(slang), counts, grade)
    return Analysis(values, counts, words, slang, grade)


def _counts(text: str, tokens: list[str]) -> dict[str, int]:
    """The counts that explanations quote (contractions, capitals, marks, emoji, commas)."""
    return {
        "contractions": len(_CONTRACTION.findall(text)),
        "caps_words": sum(len(token) >= 2 and token.isupper() for token in tokens),
        "exclamations": text.count("!"),
        "questions": text.count("?"),
        "emoji": len(_EMOJI.findall(text)),
        "commas": text.count(","),
    }


def _values(
    text: str,
    tokens: list[str],
    words: tuple[str, ...],
    slang: int,
    counts: dict[str, int],
    grade: float,
) -> dict[str, float]:
    """Each feature's value, in the order of ``LABELS``."""
    count = len(words)
    letters = [len(re.sub(r"\W", "", word)) for word in words]
    starts = _SENTENCE_START.findall(text)
    lower_starts = sum(start.islower() for start in starts)
    has_letters = any(char.isalpha() for char in text)
    proper = sum(
        token[:1].isupper() and not token.isupper() for token in tokens[1:] if token != "I"
    )
    return {
        "contractions": math.log1p(counts["contractions"]),
        "no_apostrophe": math.log1p(sum(word in _NO_APOSTROPHE for word in words)),
        "slang": math.log1p(slang),
        "lower_start": lower_starts / len(starts) if starts else 0.0,
        "all_lower": float(has_letters and count >= 2 and text == text.lower()),
        "lower_i": math.log1p(words.count("i") - tokens.count("I")),
        "caps_words": math.log1p(counts["caps_words"]),
        "exclamations": math.log1p(counts["exclamations"]),
        "questions": math.log1p(counts["questions"]),
        "repeated_punct": math.log1p(sum(1 for _ in _REPEATED.finditer(text))),
        "emoji": math.log1p(counts["emoji"]),
        "first_singular": math.log1p(sum(word in _FIRST_SINGULAR for word in words)),
        "first_plural": math.log1p(sum(word in _FIRST_PLURAL for word in words)),
        "second_person": math.log1p(sum(word in _SECOND for word in words)),
        "log_words": math.log1p(count),
        "word_length": sum(letters) / count if count else 0.0,
        "long_words": sum(length >= 7 for length in letters) / count if count else 0.0,
        "grade": grade,
        "no_end_punct": float(bool(text) and not _END_PUNCT.search(text)),
        "commas": math.log1p(counts["commas"]),
        "proper_nouns": proper / count if count else 0.0,
        "numbers": math.log1p(len(re.findall(r"\d+", text))),
    }


def lexical_terms(words: tuple[str, ...]) -> set[str]:
    """The unigrams and bigrams of a text that the lexical component may weigh."""
    terms = set(words)
    terms.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return terms


@cache
def model() -> dict[str, Any]:
    """The shipped weights (``tonelint/data/formality.json``), read once."""
    data = resources.files("tonelint").joinpath("data").joinpath(MODEL_RESOURCE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def score(text: str, weights: Mapping[str, Any] | None = None) -> FormalityScore:
    """Score a plain text from 0 (very informal) to 100 (very formal)."""
    weights = model() if weights is None else weights
    analysis = analyse(text)
    total = float(weights["intercept"])
    contributions: list[tuple[str, float]] = []
    for name, spec in weights["features"].items():
        amount = float(spec["weight"]) * (analysis.values[name] - float(spec["center"]))
        total += amount
        if amount and (analysis.values[name] or float(spec["center"])):
            contributions.append((LABELS[name](analysis), amount))
    lexicon: Mapping[str, float] = weights["lexicon"]
    for term in sorted(lexical_terms(analysis.words)):
        amount = float(lexicon.get(term, 0.0))
        if amount:
            total += amount
            contributions.append((f"'{term}'", amount))
    scale = float(weights["scale"])
    merged: dict[str, float] = {}
    for label, amount in contributions:
        merged[label] = merged.get(label, 0.0) + amount * scale
    value = min(max(50.0 + total * scale, 0.0), 100.0)
    ordered = sorted(merged.items(), key=lambda item: (item[1], item[0]))
    return FormalityScore(round(value, 1), tuple((k, round(v, 2)) for k, v in ordered))
