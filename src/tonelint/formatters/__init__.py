"""Report formatters: each is a pure function of a ``RunReport`` returning text."""

from __future__ import annotations

from collections.abc import Callable

from tonelint.formatters.json import format_json
from tonelint.formatters.text import format_text
from tonelint.models import RunReport

Formatter = Callable[[RunReport, bool, bool], str]  # report, colour, quiet

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
}

__all__ = ["FORMATTERS", "Formatter", "format_json", "format_text"]
