"""Report formatters: each is a pure function of a ``RunReport`` returning text."""

from __future__ import annotations

from collections.abc import Callable

from tonelint.formatters.base import NO_CONTEXT, ReportContext
from tonelint.formatters.github import format_github
from tonelint.formatters.json import format_json
from tonelint.formatters.junit import format_junit
from tonelint.formatters.rdjson import format_rdjson
from tonelint.formatters.sarif import format_sarif
from tonelint.formatters.text import format_text
from tonelint.models import RunReport

# report, colour, quiet, and the data besides the report (rule metadata, failure level, …)
Formatter = Callable[[RunReport, bool, bool, ReportContext], str]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "junit": format_junit,
    "rdjson": format_rdjson,
}

__all__ = [
    "FORMATTERS",
    "NO_CONTEXT",
    "Formatter",
    "ReportContext",
    "format_github",
    "format_json",
    "format_junit",
    "format_rdjson",
    "format_sarif",
    "format_text",
]
