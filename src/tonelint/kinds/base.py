"""The interface every rule kind implements."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from tonelint.models import Hit, Message, RuleSpec

Checker = Callable[[Message], Iterable[Hit]]


class Searcher(Protocol):
    """A compiled pattern: ``re.Pattern``, or RE2's for patterns from a guide's own packs."""

    def search(self, string: str, /) -> Any: ...


@dataclass(frozen=True)
class Trigger:
    """What a message must have for a rule to find anything in it: one of ``words`` (as
    ``phrases.compile_words`` finds them) or a match of one of ``patterns`` in its masked
    text with apostrophes folded, when either is given; and one of ``channels`` (lower
    case), when given. The engine scans each message once for the words of all its rules
    and runs only the rules whose trigger is there.
    """

    words: frozenset[str] = frozenset()
    patterns: tuple[Searcher, ...] = ()
    channels: frozenset[str] | None = None

    @property
    def reads_text(self) -> bool:
        return bool(self.words or self.patterns)


@dataclass(frozen=True)
class Kind:
    """A rule kind: its option schema (JSON Schema with defaults) and how to build a checker.

    ``needs`` names the rule fields it requires (``phrases``, ``swaps``...). ``trigger``,
    when given, tells what a message needs for a rule of this kind to find anything; a
    kind without one runs on every message.
    """

    name: str
    summary: str
    options: Mapping[str, Any]
    build: Callable[[RuleSpec], Checker]
    needs: tuple[str, ...] = ()
    trigger: Callable[[RuleSpec], Trigger] | None = None


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, **values: object) -> str:
    """Fill ``{match}``-style fields of a rule message, leaving unknown ones as written."""
    return template.format_map(_Blank(values))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def word_count(message: Message) -> int:
    """The words of a message's copy (placeholders and markup are not words)."""
    return len(_WORD.findall(message.masked))


def stripped_span(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """``[start, end)`` without surrounding white space (kept whole if it is all space)."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    if not chunk.strip():
        return start, end
    return start + len(chunk) - len(chunk.lstrip()), end - (len(chunk) - len(chunk.rstrip()))


def options_schema(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties}
