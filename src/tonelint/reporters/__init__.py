"""Report formatters: each is a pure function of a ``RunReport`` returning text."""

from __future__ import annotations

from collections.abc import Callable

from tonelint.models import RunReport
from tonelint.reporters.base import NO_CONTEXT, ReportContext
from tonelint.reporters.github import format_github
from tonelint.reporters.json import format_json
from tonelint.reporters.junit import format_junit
from tonelint.reporters.rdjson import format_rdjson
from tonelint.reporters.sarif import format_sarif
from tonelint.reporters.text import format_text

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
