"""Phrase matching for hundreds of phrases at once.

Phrases are compiled into one trie-shaped regular expression (per case mode), so a
message is scanned once however long the list. Matching respects word boundaries and
Unicode, folds curly apostrophes, lets any white space separate words, and can expand
the inflections a list writer expects ("miss you" also finds "missed you", "missing you").
Phrases written in lower case match any case; a phrase with a capital letter (``US``)
matches only as written, and so does a phrase written with a leading ``=`` (``=u`` finds
"u" but not "U").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

# Same-length folds, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "＇": "'", "\u00a0": " "})
_FOLDABLE = re.compile("[’‘ʼ＇\u00a0]")
_WORD_CHAR = re.compile(r"\w")
# Hyphens, slashes, printf percents, handles and dotted abbreviations join a word to its
# neighbours: "yo" is not in "Yo-yo", "u" is not in "/u/name", "%u" or "U.S.", and
# "we see you" is not in "we see you've".
_WORD_BEFORE = r"(?<![\w\-/%@#\\])(?<!\w[.&])"
_WORD_AFTER = r"(?![\w\-/@])(?![.&]\w)(?!'\w)"

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "about",
        "as",
        "into",
        "onto",
        "than",
        "then",
        "so",
        "too",
        "very",
        "just",
        "not",
        "no",
        "yes",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "up",
        "out",
        "off",
        "over",
        "all",
        "any",
        "some",
        "more",
        "most",
        "much",
        "many",
        "one",
        "once",
    ]
)

_IRREGULAR = {
    "be": ("is", "are", "was", "were", "been", "being"),
    "break": ("broke", "broken"),
    "buy": ("bought",),
    "catch": ("caught",),
    "come": ("came",),
    "feel": ("felt",),
    "find": ("found",),
    "forget": ("forgot", "forgotten"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "keep": ("kept",),
    "know": ("knew", "known"),
    "leave": ("left",),
    "lose": ("lost",),
    "make": ("made",),
    "pay": ("paid",),
    "run": ("ran",),
    "say": ("said",),
    "see": ("saw", "seen"),
    "sell": ("sold",),
    "send": ("sent",),
    "spend": ("spent",),
    "take": ("took", "taken"),
    "tell": ("told",),
    "think": ("thought",),
    "win": ("won",),
}


def fold(text: str) -> str:
    """Normalise apostrophes and no-break spaces without changing the length."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


def normalise(phrase: str) -> str:
    """The lookup key of a phrase or a matched text: folded, single-spaced, lower case."""
    return " ".join(fold(phrase).split()).lower()


def inflections(word: str) -> set[str]:
    """Regular and common irregular inflections of an English word (and the word)."""
    forms = {word}
    if not word.isalpha() or len(word) < 3 or word in FUNCTION_WORDS:
        return forms
    forms.update(_IRREGULAR.get(word, ()))
    if word.endswith(("ing", "ed")):
        return forms
    vowels = "aeiou"
    if word.endswith("y") and word[-2] not in vowels:
        forms.update({word[:-1] + "ies", word[:-1] + "ied", word + "ing"})
    elif word.endswith("e"):
        forms.update({word + "s", word + "d", word[:-1] + "ing"})
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms.update({word + "es", word + "ed", word + "ing"})
    else:
        forms.update({word + "s", word + "ed", word + "ing"})
        consonant_vowel_consonant = (
            len(word) <= 5
            and word[-1] not in vowels + "wxy"
            and word[-2] in vowels
            and word[-3] not in vowels
        )
        if consonant_vowel_consonant:
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return forms


def phrase_variants(phrase: str, limit: int = 64) -> set[str]:
    """The phrase with every combination of its content words' inflections."""
    words = normalise(phrase).split(" ")
    options = [sorted(inflections(word)) for word in words]
    combinations = 1
    for forms in options:
        combinations *= len(forms)
    if combinations > limit:
        # Inflect only the first content word of a long phrase.
        first = next((i for i, forms in enumerate(options) if len(forms) > 1), None)
        options = [forms if i == first else [words[i]] for i, forms in enumerate(options)]
    return {" ".join(combination) for combination in product(*options)}


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    phrase: str  # the phrase as listed in the rule


class _Trie:
    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.terminal = False

    def add(self, text: str) -> None:
        node = self
        for char in text:
            node = node.children.setdefault(char, _Trie())
        node.terminal = True

    def pattern(self, word_after: str, previous: str = "") -> str:
        alternatives = [
            _char_pattern(char) + child.pattern(word_after, char)
            for char, child in sorted(self.children.items())
        ]
        if self.terminal:
            alternatives.append(word_after if _WORD_CHAR.match(previous) else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"


def _char_pattern(char: str) -> str:
    return r"\s+" if char == " " else re.escape(char)


@lru_cache(maxsize=2048)
def _compile(
    variants: frozenset[str],
    flags: int,
    word_before: str = _WORD_BEFORE,
    word_after: str = _WORD_AFTER,
) -> re.Pattern[str] | None:
    word_start = _Trie()
    other_start = _Trie()
    for variant in variants:
        (word_start if _WORD_CHAR.match(variant) else other_start).add(variant)
    parts = []
    if word_start.children:
        parts.append(word_before + word_start.pattern(word_after))
    if other_start.children:
        parts.append(other_start.pattern(word_after))
    if not parts:
        return None
    return re.compile("|".join(f"(?:{part})" for part in parts), flags)


def compile_words(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern that finds any of ``words`` in any case between loose word boundaries,
    so it matches wherever a ``PhraseMatcher`` of any of them (or a stricter pattern) does.
    """
    return _compile(frozenset(words), re.IGNORECASE, r"(?<!\w)", r"(?!\w)")


_TOKEN = re.compile(r"\w+")
# The only non-ASCII characters that match an ASCII letter when ignoring case.
_ASCII_CASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@lru_cache(maxsize=1024)
def _tokens(text: str) -> frozenset[str]:
    """The ``\\w+`` runs of a text, lower case, as they compare when ignoring case."""
    if not text.isascii():
        text = text.translate(_ASCII_CASE_FOLDS)
    return frozenset(_TOKEN.findall(text.lower()))


class PhraseIndex:
    """Finds which of many phrases (lower-case, as a ``PhraseMatcher`` lists them) a text
    may hold, by their words and without a regular expression over all of them.

    Wherever a phrase matches, each ``\\w+`` run of it stands as a whole token in the
    text, equal to it ignoring case. So a phrase whose ASCII tokens are not all among the
    text's tokens cannot be there; the few that remain are the candidates. Phrases with
    no ASCII token are candidates whenever ``compile_words`` finds one of them.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(phrases)
        self._by_key: dict[str, list[tuple[frozenset[str], str]]] = {}
        leftovers: list[str] = []
        for phrase in self.phrases:
            tokens = frozenset(t.lower() for t in _TOKEN.findall(phrase) if t.isascii())
            if not tokens:
                leftovers.append(phrase)
                continue
            # Index by its rarest-looking token: a content word, the longer the better.
            key = max(sorted(tokens), key=lambda t: (t not in FUNCTION_WORDS, len(t)))
            self._by_key.setdefault(key, []).append((tokens, phrase))
        self._keys = frozenset(self._by_key)
        self._leftovers = frozenset(leftovers)
        self._leftover_pattern = compile_words(leftovers) if leftovers else None

    def candidates(self, text: str) -> frozenset[str]:
        """The phrases that may occur in ``text`` (folded); every one that does is here."""
        tokens = _tokens(text)
        found = frozenset(
            phrase
            for key in self._keys & tokens
            for needed, phrase in self._by_key[key]
            if needed <= tokens
        )
        if self._leftover_pattern is not None and self._leftover_pattern.search(text):
            found |= self._leftovers
        return found


def _phrase_tables(phrases: Iterable[str], inflect: bool) -> tuple[dict[str, str], dict[str, str]]:
    """Variant → listed phrase, for the phrases matched in any case and as written."""
    insensitive: dict[str, str] = {}
    sensitive: dict[str, str] = {}
    for phrase in phrases:
        if phrase.startswith("="):
            sensitive.setdefault(" ".join(fold(phrase[1:]).split()), phrase)
        elif phrase == phrase.lower():
            variants = phrase_variants(phrase) if inflect else {normalise(phrase)}
            for variant in variants:
                insensitive.setdefault(variant, phrase)
        else:
            sensitive.setdefault(" ".join(fold(phrase).split()), phrase)
    return insensitive, sensitive


def trigger_words(phrases: Iterable[str], inflect: bool = False) -> frozenset[str]:
    """Every text a ``PhraseMatcher`` of these phrases can match (for ``compile_words``)."""
    insensitive, sensitive = _phrase_tables(phrases, inflect)
    return frozenset(insensitive) | frozenset(sensitive)


class PhraseMatcher:
    """Finds any of many phrases in a text, longest match first, without overlaps.

    Each text is matched against a trie-shaped pattern of only the phrases its words allow
    (``PhraseIndex``): at every position the longest phrase that matches is among them, so
    the matches are those of a pattern over the whole list, which is never compiled.
    """

    def __init__(self, phrases: Iterable[str], inflect: bool = False) -> None:
        insensitive, sensitive = _phrase_tables(phrases, inflect)
        self._tables = [
            (table, flags, PhraseIndex(table), flags == re.IGNORECASE)
            for table, flags in ((insensitive, re.IGNORECASE), (sensitive, 0))
            if table
        ]

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        """Matches in ``text`` (already folded), in order."""
        matches: list[PhraseMatch] = []
        for table, flags, index, insensitive in self._tables:
            candidates = index.candidates(text)
            pattern = _compile(candidates, flags) if candidates else None
            if pattern is None:
                continue
            for found in pattern.finditer(text):
                matched = " ".join(found.group().split())
                key = matched.lower() if insensitive else matched
                phrase = table.get(key)
                if phrase is not None:
                    matches.append(PhraseMatch(found.start(), found.end(), phrase))
        if len(self._tables) > 1:
            matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
        end = -1
        for match in matches:
            if match.start >= end:
                yield match
                end = match.end


def match_case(matched: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation of the text it replaces."""
    letters = [char for char in matched if char.isalpha()]
    if not replacement or not letters:
        return replacement
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if letters[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    if letters[0].islower() and replacement[0].isupper() and replacement[1:2].islower():
        return replacement[0].lower() + replacement[1:]
    return replacement
