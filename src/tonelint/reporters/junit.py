"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, …).

One test suite, ``tonelint``, with one test case per linted file. A file fails when it has a
finding at or above the failure level; its one ``<failure>`` lists every finding of the
file. Findings below the failure level leave the test case passing and are listed in its
``<system-out>``. A file that could not be read is a test case with an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tonelint.models import FileReport, Finding, InputError, RunReport, Severity
from tonelint.printable import visible
from tonelint.reporters.base import NO_CONTEXT, ReportContext, suggestion_note
from tonelint.reporters.text import summary_line

SUITE = "tonelint"

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: str) -> str:
    """Text XML can hold, with the controls it may hold (C1, bidi) shown as escapes."""
    return visible(_NOT_XML.sub("\ufffd", value), line_breaks=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def finding_line(finding: Finding) -> str:
    """``path:line:column: severity: message [id name] (suggestion: …)``."""
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.severity.label}: "
        f"{finding.message} [{finding.rule_id} {finding.rule_name}]{suggestion_note(finding)}"
    )


def _counts(findings: tuple[Finding, ...]) -> str:
    parts = ", ".join(
        _plural(sum(1 for finding in findings if finding.severity is severity), severity.label)
        for severity in sorted(Severity, reverse=True)
        if any(finding.severity is severity for finding in findings)
    )
    return f"{_plural(len(findings), 'problem')} ({parts})"


def _file_case(suite: ET.Element, file: FileReport, fail_on: Severity) -> bool:
    """Add the test case of a linted file; ``True`` when it fails."""
    case = ET.SubElement(suite, "testcase", name=_xml_text(file.path), classname=SUITE)
    case.set("file", _xml_text(file.path))
    if not file.findings:
        return False
    body = _xml_text("\n".join(finding_line(finding) for finding in file.findings))
    worst = max(finding.severity for finding in file.findings)
    if worst < fail_on:
        ET.SubElement(case, "system-out").text = body
        return False
    failure = ET.SubElement(case, "failure", message=_counts(file.findings), type=worst.label)
    failure.text = body
    return True


def _error_case(suite: ET.Element, error: InputError) -> None:
    case = ET.SubElement(suite, "testcase", name=_xml_text(error.path), classname=SUITE)
    case.set("file", _xml_text(error.path))
    message = f"{error.key}: {error.message}" if error.key else error.message
    element = ET.SubElement(case, "error", message=_xml_text(message), type="input-error")
    element.text = _xml_text(str(error))


def report_to_junit(report: RunReport, context: ReportContext = NO_CONTEXT) -> ET.Element:
    """The report as a ``<testsuites>`` element."""
    root = ET.Element("testsuites", name=SUITE)
    suite = ET.SubElement(root, "testsuite", name=SUITE)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="styleguide", value=_xml_text(report.styleguide))
    failures = sum(_file_case(suite, file, context.fail_on) for file in report.files)
    for error in report.errors:
        _error_case(suite, error)
    ET.SubElement(suite, "system-out").text = _xml_text(summary_line(report))
    counts = {
        "tests": str(len(report.files) + len(report.errors)),
        "failures": str(failures),
        "errors": str(len(report.errors)),
        "skipped": "0",
    }
    for element in (root, suite):
        for name, value in counts.items():
            element.set(name, value)
    return root


def format_junit(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as JUnit XML, indented, with an XML declaration; quiet does not apply."""
    root = report_to_junit(report, context)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
