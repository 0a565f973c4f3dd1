"""Report formatters: each is a pure function of a ``RunReport`` returning text."""

from __future__ import annotations

from collections.abc import Callable

from ..models import RunReport
from .json import format_json
from .text import format_text

Formatter = Callable[[RunReport, bool, bool], str]  # report, colour, quiet

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
}

__all__ = ["FORMATTERS", "Formatter", "format_json", "format_text"]
