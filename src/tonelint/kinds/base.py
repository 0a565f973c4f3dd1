"""The interface every rule kind implements."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tonelint.models import Hit, Message, RuleSpec

Checker = Callable[[Message], Iterable[Hit]]


@dataclass(frozen=True)
class Kind:
    """A rule kind: its option schema (JSON Schema with defaults) and how to build a checker.

    ``needs`` names the rule fields it requires (``phrases``, ``swaps``...).
    """

    name: str
    summary: str
    options: Mapping[str, Any]
    build: Callable[[RuleSpec], Checker]
    needs: tuple[str, ...] = ()


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, **values: object) -> str:
    """Fill ``{match}``-style fields of a rule message, leaving unknown ones as written."""
    return template.format_map(_Blank(values))


def options_schema(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties}
