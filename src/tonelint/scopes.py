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
from functools import cached_property, lru_cache
from pathlib import PurePosixPath
from typing import Any

from tonelint.files import path_matches
from tonelint.kinds.phrases import PhraseMatcher, fold


@dataclass(frozen=True)
class ScopeRule:
    """Assigns ``value`` (a context or a channel) to messages matching any selector."""

    value: str
    keys: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    @cached_property
    def _matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.phrases, inflect=False)

    @cached_property
    def _keys(self) -> re.Pattern[str] | None:
        if not self.keys:
            return None
        return re.compile("|".join(translate(key.lower()) for key in self.keys))

    def matches(self, key: str | None, path: str, masked_text: str) -> bool:
        if key is not None and self._keys is not None and self._keys.match(key.lower()):
            return True
        if self.paths and _path_matches(self.paths, path):
            return True
        if self.phrases:
            return next(self._matcher.finditer(fold(masked_text)), None) is not None
        return False


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


def first_match(
    rules: tuple[ScopeRule, ...], key: str | None, path: str, masked_text: str
) -> str | None:
    """The value of the first rule that matches, or None."""
    for rule in rules:
        if rule.matches(key, path, masked_text):
            return rule.value
    return None
