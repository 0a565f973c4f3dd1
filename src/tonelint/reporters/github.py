"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

One line per finding, ``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…``
(``error``, ``warning`` or ``notice`` by severity); one ``::error`` line per file that
could not be read; then the summary line, which GitHub shows as plain log output. Columns
are 1-based characters and ``endColumn`` is exclusive, as in the JSON output.
"""

from __future__ import annotations

from tonelint.models import Finding, InputError, RunReport, Severity
from tonelint.printable import visible
from tonelint.reporters.base import NO_CONTEXT, ReportContext, suggestion_note
from tonelint.reporters.text import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message, as GitHub's toolkit does (``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command property's value, as GitHub's toolkit does (``escapeProperty``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """A workflow command; control characters in its values are shown as escapes."""
    shown = ",".join(
        f"{key}={escape_property(visible(str(value), line_breaks=True))}"
        for key, value in properties.items()
    )
    return f"::{name} {shown}::{escape_data(visible(message, line_breaks=True))}"


def finding_command(finding: Finding) -> str:
    properties: dict[str, object] = {
        "file": finding.path,
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"{finding.rule_id} {finding.rule_name}",
    }
    message = finding.message + suggestion_note(finding)
    return command(COMMANDS[finding.severity], properties, message)


def error_command(error: InputError) -> str:
    properties: dict[str, object] = {"file": error.path}
    if error.line is not None:
        properties["line"] = error.line
    return command(
        "error", properties, f"{error.key}: {error.message}" if error.key else error.message
    )


def format_github(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as workflow commands; with ``quiet``, no summary when clean."""
    lines = [finding_command(finding) for finding in report.findings]
    lines += [error_command(error) for error in report.errors]
    if not quiet or lines:
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
