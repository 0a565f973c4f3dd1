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
from pathlib import PurePosixPath
from typing import Any

from tonelint.files import path_matches
from tonelint.matching.phrases import PhraseIndex, PhraseMatcher, fold, trigger_words
from tonelint.models import Message
from tonelint.readers.base import locale_from_path


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
        # Key globs: "*word*" is a substring test; the others form one pattern with a
        # group per rule, in order, so the group that matches is the first rule.
        self._key_words: list[tuple[str, int]] = []
        globs: list[str] = []
        for index, rule in enumerate(rules):
            own_globs = []
            for key in rule.keys:
                key = key.lower()
                inner = key[1:-1]
                if len(key) > 2 and key[0] == key[-1] == "*" and not _GLOB_CHARS & set(inner):
                    self._key_words.append((inner, index))
                else:
                    own_globs.append(translate(key))
            if own_globs:
                globs.append(f"(?P<r{index}>{'|'.join(own_globs)})")
        self._key_globs = re.compile("|".join(globs)) if globs else None

    def first_match(self, key: str | None, path: str, masked_text: str) -> str | None:
        """The value of the first rule that matches, or None."""
        by_path = self._first_by_path.get(path)
        if by_path is None:
            by_path = next(
                (
                    index
                    for index, rule in enumerate(self._rules)
                    if rule.paths and path_matches(PurePosixPath(path), rule.paths)
                ),
                len(self._rules),
            )
            self._first_by_path[path] = by_path
        first = by_path if key is None else min(by_path, self._first_by_key(key.lower()))
        text: str | None = None
        candidates: frozenset[str] = frozenset()
        for rule in self._rules[:first]:
            if rule.phrases is not None:
                if text is None:
                    text = fold(masked_text)
                    candidates = self._phrases.candidates(text)
                if candidates and next(rule.phrases.finditer(text), None) is not None:
                    return rule.value
        return self._rules[first].value if first < len(self._rules) else None

    def _first_by_key(self, key: str) -> int:
        first = len(self._rules)
        if self._key_globs is not None:
            found = self._key_globs.match(key)
            if found is not None and found.lastgroup is not None:
                first = int(found.lastgroup[1:])
        for word, index in self._key_words:
            if index >= first:
                break
            if word in key:
                return index
        return first


_GLOB_CHARS = frozenset("*?[]")


class Scoper:
    """The scope stage: decides each message's context, channel and locale.

    ``context`` and ``channel`` (from the command line) win over front matter, which wins
    over what the message says and what the guide's ``contexts`` and ``channels`` match;
    the locale comes from the message, front matter, the path, or the guide.
    """

    def __init__(
        self,
        contexts: tuple[ScopeRule, ...],
        channels: tuple[ScopeRule, ...],
        locale: str | None,
        context: str | None = None,
        channel: str | None = None,
    ) -> None:
        self._contexts = ScopeMatcher(contexts)
        self._channels = ScopeMatcher(channels)
        self._locale = locale
        self._context = context
        self._channel = channel

    def scope(self, message: Message, path: str, metadata: Mapping[str, str]) -> Message:
        """The message with its context, channel and locale decided."""
        context = self._context or metadata.get("context") or message.context
        if context is None:
            context = self._contexts.first_match(message.key, path, message.masked)
        channel = self._channel or metadata.get("channel") or message.channel
        if channel is None:
            channel = self._channels.first_match(message.key, path, message.masked)
        locale = (
            message.locale
            or metadata.get("locale")
            or metadata.get("lang")
            or locale_from_path(path, whole_stem=False)
            or self._locale
        )
        if (context, channel, locale) == (message.context, message.channel, message.locale):
            return message
        return message.scoped(context, channel, locale)


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
