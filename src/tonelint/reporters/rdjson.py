"""reviewdog Diagnostic Format (rdjson), for ``reviewdog -f=rdjson``.

Positions follow the format: 1-based lines, 1-based columns counted in UTF-8 bytes, ends
exclusive. A fix becomes a suggestion with the range it replaces (reviewdog turns it into a
suggested change on the pull request); a finding without a fix has no suggestions, and its
advice is added to the message instead.
"""

from __future__ import annotations

from typing import Any

from tonelint.models import Finding, InputError, RunReport, Severity
from tonelint.reporters.base import (
    NO_CONTEXT,
    TOOL_NAME,
    TOOL_URI,
    ReportContext,
    json_text,
    position_on_line,
    suggestion_note,
    utf8_column,
)

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.SUGGESTION: "INFO"}


def _position(finding: Finding, line: int, column: int) -> dict[str, int]:
    if line == finding.line:
        column = utf8_column(finding, column)
    return {"line": line, "column": column}


def _range(finding: Finding) -> dict[str, Any]:
    return {
        "start": _position(finding, finding.line, finding.column),
        "end": _position(finding, finding.end_line, finding.end_column),
    }


def _suggestions(finding: Finding) -> list[dict[str, Any]]:
    """The fix's edits with their ranges; none unless every edit is on the finding's line."""
    if finding.fix is None:
        return []
    suggestions = []
    for edit in finding.fix.edits:
        start, end = position_on_line(finding, edit.start), position_on_line(finding, edit.end)
        if start is None or end is None:
            return []
        suggestions.append(
            {
                "range": {
                    "start": _position(finding, *start),
                    "end": _position(finding, *end),
                },
                "text": edit.replacement,
            }
        )
    return suggestions


def _diagnostic(finding: Finding, context: ReportContext) -> dict[str, Any]:
    suggestions = _suggestions(finding)
    code: dict[str, str] = {"value": finding.rule_id}
    url = context.rule_url(finding.rule_id, finding.rule_name)
    if url is not None:
        code["url"] = url
    message = finding.message if suggestions else finding.message + suggestion_note(finding)
    diagnostic: dict[str, Any] = {
        "message": message,
        "location": {"path": finding.path, "range": _range(finding)},
        "severity": SEVERITIES[finding.severity],
        "code": code,
    }
    if suggestions:
        diagnostic["suggestions"] = suggestions
    return diagnostic


def _error_diagnostic(error: InputError) -> dict[str, Any]:
    location: dict[str, Any] = {"path": error.path}
    if error.line is not None:
        location["range"] = {"start": {"line": error.line}}
    return {
        "message": f"{error.key}: {error.message}" if error.key else error.message,
        "location": location,
        "severity": "ERROR",
        "code": {"value": "input-error"},
    }


def report_to_rdjson(report: RunReport, context: ReportContext = NO_CONTEXT) -> dict[str, Any]:
    """The report as an rdjson ``DiagnosticResult`` (a JSON-ready dictionary).

    A file that could not be read is an ``ERROR`` diagnostic with the code
    ``input-error``. The overall severity is the highest of the diagnostics (``INFO`` when
    there are none).
    """
    findings = report.findings
    worst = max((finding.severity for finding in findings), default=Severity.SUGGESTION)
    if report.errors:
        worst = Severity.ERROR
    diagnostics = [_diagnostic(finding, context) for finding in findings]
    diagnostics += [_error_diagnostic(error) for error in report.errors]
    return {
        "source": {"name": TOOL_NAME, "url": TOOL_URI},
        "severity": SEVERITIES[worst],
        "diagnostics": diagnostics,
    }


def format_rdjson(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as rdjson; colour and quiet do not apply."""
    return json_text(report_to_rdjson(report, context))
