"""Contexts and channels: what a message is about and where it is sent.

A style guide maps message keys, file paths and telling phrases to a context
(``security``, ``billing``, ``marketing``...) and a channel (``sms``, ``push``, ``email``...);
front matter (``context:``, ``channel:``) and the command line name them directly.
Overrides in the guide then make rules stricter, looser or off per context and channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from tonelint.files import path_matches
from tonelint.kinds.phrases import PhraseIndex, PhraseMatcher, fold, trigger_words


@dataclass(frozen=True)
class ScopeRule:
    """Assigns ``value`` (a context or a channel) to messages matching any selector."""

    value: str
    keys: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


class _CompiledScopeRule:
    def __init__(self, rule: ScopeRule) -> None:
        self.value = rule.value
        self.keys = (
            re.compile("|".join(translate(key.lower()) for key in rule.keys)) if rule.keys else None
        )
        self.paths = rule.paths
        self.phrases = PhraseMatcher(rule.phrases, inflect=False) if rule.phrases else None


class ScopeMatcher:
    """Picks the first matching rule of a list (a guide's ``contexts`` or ``channels``).

    Messages are scanned once for the phrases of all the rules together; the rules' own
    phrase lists are consulted only for a message where one of them occurs.
    """

    def __init__(self, rules: tuple[ScopeRule, ...]) -> None:
        self._rules = tuple(_CompiledScopeRule(rule) for rule in rules)
        self._phrases = PhraseIndex(word for rule in rules for word in trigger_words(rule.phrases))
        self._first_by_path: dict[str, int] = {}

    def first_match(self, key: str | None, path: str, masked_text: str) -> str | None:
        """The value of the first rule that matches, or None."""
        by_path = self._first_by_path.get(path)
        if by_path is None:
            by_path = next(
                (
                    index
                    for index, rule in enumerate(self._rules)
                    if rule.paths and _path_matches(rule.paths, path)
                ),
                len(self._rules),
            )
            self._first_by_path[path] = by_path
        lowered_key = key.lower() if key is not None else None
        text: str | None = None
        candidates: frozenset[str] = frozenset()
        for rule in self._rules[:by_path]:
            if lowered_key is not None and rule.keys is not None and rule.keys.match(lowered_key):
                return rule.value
            if rule.phrases is not None:
                if text is None:
                    text = fold(masked_text)
                    candidates = self._phrases.candidates(text)
                if candidates and next(rule.phrases.finditer(text), None) is not None:
                    return rule.value
        return self._rules[by_path].value if by_path < len(self._rules) else None


@dataclass(frozen=True)
class Override:
    """Rule settings (``enable``, ``disable``, ``rules``) for some contexts and channels."""

    contexts: frozenset[str]
    channels: frozenset[str]
    settings: Mapping[str, Any]

    def applies(self, context: str | None, channel: str | None) -> bool:
        if self.contexts and context not in self.contexts:
            return False
        return not (self.channels and channel not in self.channels)


@lru_cache(maxsize=4096)
def _path_matches(patterns: tuple[str, ...], path: str) -> bool:
    return path_matches(PurePosixPath(path), patterns)
