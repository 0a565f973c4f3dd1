"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run: the tool and its rules (every rule the guide enables, plus any rule a context
override switched on that has a finding), one result per finding with a fingerprint that
survives the finding moving to another line, fixes as SARIF fixes, and files that could not
be read as tool execution notifications.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from tonelint import __version__
from tonelint.explain import rule_markdown
from tonelint.models import Finding, InputError, RuleSpec, RunReport, Severity
from tonelint.reporters.base import (
    NO_CONTEXT,
    TOOL_NAME,
    TOOL_URI,
    ReportContext,
    json_text,
    position_on_line,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT = "tonelint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w-]*\}")


def _normalised(text: str) -> str:
    return " ".join(text.split())


def artifact_location(path: str) -> dict[str, Any]:
    """A relative path as a URI under ``%SRCROOT%``; an absolute one as a ``file:`` URI."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).drive:
        windows = PureWindowsPath(path)
        if windows.drive:
            return {"uri": "file:///" + quote(windows.as_posix(), safe="/:")}
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _message_identity(finding: Finding) -> str:
    """The message a finding is in, without its position: its key, else a hash of its text."""
    if finding.key is not None:
        return "key:" + finding.key
    if finding.message_hash is not None:
        return "text:" + finding.message_hash
    return "finding:" + _normalised(finding.message)


def _identity(finding: Finding) -> tuple[str, str, str, str]:
    return (
        finding.path,
        finding.rule_id,
        _message_identity(finding),
        _normalised(finding.matched),
    )


def fingerprint(finding: Finding, occurrence: int = 1) -> str:
    """A hash of the path, the rule, the message (its key, else its normalised text) and the
    flagged text, but not of the line: it stays the same when the copy moves.

    ``occurrence`` (1, 2, …) tells apart the same text flagged twice by one rule in one
    message.
    """
    parts = (FINGERPRINT, *_identity(finding), str(occurrence))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").replace("`", "")


def _descriptor(rule: RuleSpec, context: ReportContext) -> dict[str, Any]:
    help_markdown = rule_markdown(rule)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _PLACEHOLDER.sub("…", rule.message)},
        "fullDescription": {"text": rule.why},
        "help": {"text": _plain(help_markdown), "markdown": help_markdown},
    }
    url = context.rule_url(rule.id, rule.name)
    if url is not None:
        descriptor["helpUri"] = url
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
    descriptor["properties"] = {
        "category": rule.category,
        "kind": rule.kind,
        "pack": rule.pack,
        "fix": rule.fix.value if rule.fix is not None else None,
        "tags": ["tone", rule.category],
    }
    return descriptor


def _bare_descriptor(finding: Finding, context: ReportContext) -> dict[str, Any]:
    """For a finding whose rule the context does not know: what the finding tells."""
    descriptor: dict[str, Any] = {"id": finding.rule_id, "name": finding.rule_name}
    url = context.rule_url(finding.rule_id, finding.rule_name)
    if url is not None:
        descriptor["helpUri"] = url
    descriptor["defaultConfiguration"] = {"level": LEVELS[finding.severity]}
    category = finding.category or finding.rule_name
    descriptor["properties"] = {"category": category, "tags": ["tone", category]}
    return descriptor


def _rules(report: RunReport, context: ReportContext) -> list[dict[str, Any]]:
    descriptors = [_descriptor(rule, context) for rule in context.rules]
    seen = {rule.id for rule in context.rules}
    for finding in sorted(report.findings, key=lambda finding: finding.rule_id):
        if finding.rule_id in seen:
            continue
        seen.add(finding.rule_id)
        rule = context.rule(finding.rule_id)
        descriptors.append(
            _descriptor(rule, context) if rule else _bare_descriptor(finding, context)
        )
    return descriptors


def _region(finding: Finding) -> dict[str, Any]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
    }


def _fixes(finding: Finding) -> list[dict[str, Any]]:
    if finding.fix is None:
        return []
    replacements = []
    for edit in finding.fix.edits:
        region: dict[str, Any] = {}
        start, end = position_on_line(finding, edit.start), position_on_line(finding, edit.end)
        if start is not None and end is not None:
            region = {
                "startLine": start[0],
                "startColumn": start[1],
                "endLine": end[0],
                "endColumn": end[1],
            }
        region.update(charOffset=edit.start, charLength=edit.end - edit.start)
        replacements.append(
            {"deletedRegion": region, "insertedContent": {"text": edit.replacement}}
        )
    applicability = finding.fix.applicability.value
    shown = finding.suggestions[0] if finding.suggestions else "apply the rewrite"
    return [
        {
            "description": {"text": f"{shown} ({applicability} fix)"},
            "artifactChanges": [
                {"artifactLocation": artifact_location(finding.path), "replacements": replacements}
            ],
            "properties": {"applicability": applicability},
        }
    ]


def _result(finding: Finding, rule_index: int, occurrence: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "ruleName": finding.rule_name,
        "category": finding.category,
        "matched": finding.matched,
        "suggestions": list(finding.suggestions),
    }
    for name in ("key", "context", "channel"):
        value = getattr(finding, name)
        if value is not None:
            properties[name] = value
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.path),
                    "region": _region(finding),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, occurrence)},
    }
    fixes = _fixes(finding)
    if fixes:
        result["fixes"] = fixes
    result["properties"] = properties
    return result


def _notification(error: InputError) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(error.path)}
    if error.line is not None:
        physical["region"] = {"startLine": error.line}
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": f"{error.key}: {error.message}" if error.key else error.message},
        "locations": [{"physicalLocation": physical}],
        "descriptor": {"id": "input-error"},
    }
    if error.key is not None:
        notification["properties"] = {"key": error.key}
    return notification


def report_to_sarif(report: RunReport, context: ReportContext = NO_CONTEXT) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a JSON-ready dictionary)."""
    rules = _rules(report, context)
    index = {descriptor["id"]: position for position, descriptor in enumerate(rules)}
    occurrences: Counter[tuple[str, str, str, str]] = Counter()
    results = []
    for finding in report.findings:
        identity = _identity(finding)
        occurrences[identity] += 1
        results.append(_result(finding, index[finding.rule_id], occurrences[identity]))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": TOOL_URI,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [_notification(e) for e in report.errors],
            }
        ],
    }
    if context.source_root is not None:
        root = Path(context.source_root).as_uri().rstrip("/") + "/"
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root}}
    run["results"] = results
    run["columnKind"] = "unicodeCodePoints"
    run["properties"] = {"styleguide": report.styleguide}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def format_sarif(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as SARIF 2.1.0 JSON; colour and quiet do not apply."""
    return json_text(report_to_sarif(report, context))
