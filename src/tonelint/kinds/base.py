"""The interface every rule kind implements."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from tonelint.errors import TonelintError
from tonelint.models import Hit, Message, RuleSpec
from tonelint.schema import validate
from tonelint.yamlsource import KeyPath, YamlDocument

if TYPE_CHECKING:  # the client is imported only when a server is in use
    from tonelint.grammar import GrammarService

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


def option(**schema: Any) -> Any:
    """A field of a kind's options: its JSON Schema (with ``default`` and ``description``),
    from which the field's default, the pack schema and the docs are made."""
    default = _frozen(schema["default"])
    if isinstance(default, Mapping):
        return dataclasses.field(default_factory=lambda: default, metadata={"schema": schema})
    return dataclasses.field(default=default, metadata={"schema": schema})


def _frozen(value: Any) -> Any:
    """A YAML value made immutable: lists as tuples, mappings read-only."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Mapping):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    return value


OptionsT = TypeVar("OptionsT", bound="Options")


@dataclass(frozen=True)
class Options:
    """A kind's typed options: subclasses declare each as a field made by ``option``; the
    option ``case-sensitive`` is the field ``case_sensitive``."""

    @classmethod
    def schema(cls) -> dict[str, Any]:
        """The options as JSON Schema: an object of exactly these keys, with defaults."""
        properties = {
            _key(item.name): dict(item.metadata["schema"]) for item in dataclasses.fields(cls)
        }
        return {"type": "object", "additionalProperties": False, "properties": properties}

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Each option's default, by key, as the pack schema states it."""
        fields = dataclasses.fields(cls)
        return {_key(item.name): item.metadata["schema"]["default"] for item in fields}

    @classmethod
    def from_mapping(cls: type[OptionsT], options: Mapping[str, Any]) -> OptionsT:
        """The options from valid raw values by key (defaults for those not given)."""
        values = {**cls.defaults(), **options}
        fields = dataclasses.fields(cls)
        return cls(**{item.name: _frozen(values[_key(item.name)]) for item in fields})

    @classmethod
    def of(cls: type[OptionsT], rule: RuleSpec) -> OptionsT:
        """The rule's options, typed (they were validated when its pack was loaded)."""
        return cls.from_mapping(rule.options)


def _key(field_name: str) -> str:
    return field_name.replace("_", "-")


@dataclass(frozen=True)
class NoOptions(Options):
    """The options of a kind that has none."""


class Services(Protocol):
    """What a kind may ask of the run that builds its checkers."""

    def grammar_service(self) -> GrammarService | None: ...


@dataclass(frozen=True)
class Kind:
    """A rule kind: its typed options, the rule fields it needs, how it describes a rule
    for ``explain`` and how to build a checker.

    ``needs`` names the rule fields it requires (``phrases``, ``swaps``; ``a|b``: either).
    ``trigger``, when given, tells what a message needs for a rule of this kind to find
    anything; a kind without one runs on every message. ``describe`` tells in a paragraph
    what a rule flags (else the ``summary``). ``build_in``, for a kind that needs a
    service of the run (LanguageTool), builds with it; ``build`` then builds without.
    """

    name: str
    summary: str
    options_type: type[Options]
    build: Callable[[RuleSpec], Checker]
    needs: tuple[str, ...] = ()
    trigger: Callable[[RuleSpec], Trigger] | None = None
    describe: Callable[[RuleSpec], str] | None = None
    build_in: Callable[[RuleSpec, Services], Checker] | None = None

    @cached_property
    def options(self) -> Mapping[str, Any]:
        """The options' JSON Schema (an object with a property per option)."""
        return self.options_type.schema()

    def defaults(self) -> dict[str, Any]:
        return self.options_type.defaults()

    def read_options(
        self, document: YamlDocument, key_path: KeyPath, options: Mapping[str, Any]
    ) -> Options:
        """The options typed; a ``TonelintError`` naming the file, line and key of the
        first one that is unknown or of the wrong type or value."""
        probe = YamlDocument(document.path, {"options": dict(options)}, {})
        try:
            validate(probe, {"type": "object", "properties": {"options": self.options}})
        except TonelintError as exc:
            key = exc.error.key
            inner = key.split(".", 1)[1] if key and "." in key else ""
            full = (*key_path, *inner.split(".")) if inner else key_path
            raise document.error(full, exc.error.message) from None
        return self.options_type.from_mapping(options)

    def missing(self, rule: RuleSpec) -> str | None:
        """What the rule lacks of the fields this kind needs ("phrases or patterns")."""
        for need in self.needs:
            if not any(getattr(rule, field_name) for field_name in need.split("|")):
                return " or ".join(need.split("|"))
        return None

    def checker(self, rule: RuleSpec, services: Services) -> Checker:
        """The rule's checker, built with the run's services when the kind uses them."""
        if self.build_in is not None:
            return self.build_in(rule, services)
        return self.build(rule)

    def description(self, rule: RuleSpec) -> str:
        """One paragraph on what the rule flags."""
        return self.describe(rule) if self.describe is not None else self.summary


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


LIST_LIMIT = 40  # items of a list that a rule's description shows


def quoted(items: Iterable[str], limit: int = LIST_LIMIT) -> str:
    """Items as Markdown code, comma-separated, the first ``limit`` of them."""
    values = [f"`{item.removeprefix('=')}`" for item in items]
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values) - limit} more)" if len(values) > limit else "")
