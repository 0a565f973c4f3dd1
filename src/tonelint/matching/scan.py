"""Regular expressions whose alternatives end at a closer, searched in linear time.

At every ``<!--`` of a text with no ``-->`` after it, ``<!--.*?-->`` reads the whole rest
of the text before it fails, so a flood of openers costs quadratic time (and a bounded
``\\{\\{.{0,2000}?\\}\\}`` costs 2,000 steps an opener). An ``Alternation`` knows the closer
that each alternative must end with: it leaves out an alternative whose closer does not
occur again, and a bounded one until the scan is within its reach of its next closer. Its
matches are exactly those of the whole pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Alternative:
    """One alternative of an ``Alternation``.

    ``closer`` is a pattern that every match of the alternative contains after its opening
    (None: the alternative is always tried); ``reach`` is the longest match, when bounded.
    """

    pattern: str
    closer: str | None = None
    reach: int | None = None


class Alternation:
    """``re.compile("|".join(alternatives), flags)``, searched without quadratic cases.

    Group names and numbers are those of the whole pattern: a left-out alternative is
    kept in the pattern behind ``(?!)``, which fails at once.
    """

    def __init__(self, alternatives: Sequence[Alternative], flags: int = 0) -> None:
        self.alternatives = tuple(alternatives)
        self.flags = flags
        self.closers = tuple(
            dict.fromkeys(a.closer for a in self.alternatives if a.closer is not None)
        )
        self.closer_patterns = tuple(re.compile(c, flags) for c in self.closers)
        self.pattern = self._compiled(frozenset())

    @lru_cache(maxsize=64)  # noqa: B019  (a few patterns a module-level instance lives with)
    def _compiled(self, left_out: frozenset[int]) -> re.Pattern[str]:
        return re.compile(
            "|".join(
                f"(?!){a.pattern}" if index in left_out else a.pattern
                for index, a in enumerate(self.alternatives)
            ),
            self.flags,
        )

    def scanner(self, text: str, start: int = 0, end: int | None = None) -> Scanner:
        """A search over ``text[start:end]`` for positions that only move forward."""
        return Scanner(self, text, start, len(text) if end is None else end)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text, start, end)`` (none of them empty)."""
        scanner = self.scanner(text, start, end)
        position = start
        while (match := scanner.search(position)) is not None:
            yield match
            position = max(match.end(), match.start() + 1)

    def sub(self, replacement: str, text: str) -> str:
        """``pattern.sub(replacement, text)``, with a plain replacement text."""
        parts: list[str] = []
        last = 0
        for match in self.finditer(text):
            parts.append(text[last : match.start()])
            parts.append(replacement)
            last = match.end()
        parts.append(text[last:])
        return "".join(parts)


class Scanner:
    """The searches of one text, from positions that never move back."""

    def __init__(self, alternation: Alternation, text: str, start: int, end: int) -> None:
        self._alternation = alternation
        self._text = text
        self._end = end
        self._next = [p.search(text, start, end) for p in alternation.closer_patterns]
        self._update(start)

    def _update(self, position: int) -> None:
        """Find the closers again past ``position``; decide what to leave out until then."""
        alternation = self._alternation
        starts: list[int] = []
        for index, found in enumerate(self._next):
            if found is not None and found.start() < position:
                found = alternation.closer_patterns[index].search(self._text, position, self._end)
                self._next[index] = found
            starts.append(-1 if found is None else found.start())
        by_closer = dict(zip(alternation.closers, starts, strict=True))
        self._valid_until = min((s for s in starts if s >= 0), default=self._end)
        absent: set[int] = set()
        bounded: set[int] = set()
        cuts: list[int] = []
        for index, alternative in enumerate(alternation.alternatives):
            if alternative.closer is None:
                continue
            closer_at = by_closer[alternative.closer]
            if closer_at < 0:
                absent.add(index)
            elif alternative.reach is not None:
                # A match opening before this could not reach the next closer, nor a later one.
                bounded.add(index)
                cuts.append(closer_at - alternative.reach)
        self._cut = min(cuts, default=position)
        self._pattern = alternation._compiled(frozenset(absent))
        self._until_cut = alternation._compiled(frozenset(absent | bounded))

    def search(self, position: int) -> re.Match[str] | None:
        """The first match at or after ``position``."""
        if position > self._valid_until:
            self._update(position)
        if self._cut > position:
            match = self._until_cut.search(self._text, position, self._end)
            if match is not None and match.start() < self._cut:
                return match
            position = self._cut
        return self._pattern.search(self._text, position, self._end)
