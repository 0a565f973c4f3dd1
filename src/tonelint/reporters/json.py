"""Versioned JSON output; documented in docs/json-output.md."""

from __future__ import annotations

from typing import Any

from tonelint import __version__
from tonelint.models import Finding, RunReport, Severity
from tonelint.reporters.base import NO_CONTEXT, ReportContext, json_text

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability.value,
            "edits": [
                {"offset": e.start, "end_offset": e.end, "replacement": e.replacement}
                for e in finding.fix.edits
            ],
        }
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "offset": finding.start,
        "end_offset": finding.end,
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "matched": finding.matched,
        "key": finding.key,
        "context": finding.context,
        "channel": finding.channel,
        "suggestions": list(finding.suggestions),
        "fix": fix,
    }


def report_to_dict(report: RunReport) -> dict[str, Any]:
    counts = report.counts()
    findings = report.findings
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "tonelint", "version": __version__},
        "styleguide": report.styleguide,
        "summary": {
            "files": len(report.files),
            "messages": report.message_count,
            "findings": len(findings),
            "by_severity": {severity.label: counts[severity] for severity in Severity},
            "fixable": sum(1 for finding in findings if finding.fix is not None),
            "errors": len(report.errors),
        },
        "findings": [finding_to_dict(finding) for finding in findings],
        "errors": [
            {"path": e.path, "line": e.line, "key": e.key, "message": e.message}
            for e in report.errors
        ],
    }


def format_json(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    return json_text(report_to_dict(report))
