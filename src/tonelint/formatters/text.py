"""Human output: findings grouped by file, with the line, a marker and the suggested rewrite."""

from __future__ import annotations

import io
from itertools import groupby

from tonelint.formatters.base import NO_CONTEXT, ReportContext
from tonelint.models import Finding, RunReport, Severity

_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.SUGGESTION: "cyan",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: RunReport) -> str:
    """One line of counts, e.g. ``3 problems (1 error, 2 warnings) in 2 files``."""
    counts = report.counts()
    findings = report.findings
    files = len(report.files)
    if not findings:
        text = f"No problems in {_plural(files, 'file')}"
    else:
        parts = ", ".join(
            _plural(counts[severity], severity.label)
            for severity in sorted(Severity, reverse=True)
            if counts[severity]
        )
        flagged = len({finding.path for finding in findings})
        text = f"{_plural(len(findings), 'problem')} ({parts}) in {_plural(flagged, 'file')}"
        text += f" of {files} checked"
        fixable = sum(
            1 for f in findings if f.fix is not None and f.fix.applicability.value == "safe"
        )
        if fixable:
            text += f"; {fixable} with a safe fix"
    if report.errors:
        text += f"; {_plural(len(report.errors), 'file error')}"
    return text + "."


def _marker(finding: Finding) -> tuple[str, str]:
    """The context line (tabs as spaces) and a caret line under the finding."""
    from rich.cells import cell_len

    context = finding.line_text.replace("\t", " ")
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(context)
    end = max(end, start + 1)
    return context, " " * cell_len(context[:start]) + "^" * max(cell_len(context[start:end]), 1)


def format_text(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as text; with ``color``, with ANSI styles (rendered by rich)."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=10_000,
        highlight=False,
        soft_wrap=True,
    )
    for path, group in groupby(report.findings, key=lambda finding: finding.path):
        console.print(Text(path, style="bold underline"))
        for finding in group:
            line = Text("  ")
            line.append(f"{finding.line}:{finding.column}", style="dim")
            line.append("  ")
            line.append(finding.severity.label, style=_STYLE[finding.severity])
            line.append("  ")
            line.append(finding.rule_name, style="bold")
            line.append(f" [{finding.rule_id}]", style="dim")
            line.append("  " + finding.message)
            console.print(line)
            if quiet:
                continue
            shown, carets = _marker(finding)
            console.print(Text("    │ ", style="dim") + Text(shown))
            console.print(
                Text("    │ ", style="dim") + Text(carets, style=_STYLE[finding.severity])
            )
            for suggestion in finding.suggestions:
                label = "suggestion"
                if finding.fix is not None:
                    label = f"rewrite ({finding.fix.applicability.value} fix)"
                console.print(
                    Text(f"    ╰ {label}: ", style="dim") + Text(suggestion, style="green")
                )
        console.print()
    if not quiet or report.findings or report.errors:
        console.print(Text(summary_line(report), style="bold"))
    return buffer.getvalue()
