"""Human output: findings grouped by file, with the line, a marker and the suggested rewrite."""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import groupby

from tonelint.models import Finding, RunReport, Severity
from tonelint.printable import visible
from tonelint.reporters.base import NO_CONTEXT, ReportContext

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


# Cells of a long line shown before and after a finding, and of the flagged text itself;
# a line that fits in all three is shown whole.
_BEFORE = 40
_AFTER = 40
_FLAGGED = 80
ELLIPSIS = "…"


def _pieces(text: str) -> tuple[list[str], list[int]]:
    """Each character as shown (tabs as spaces, control characters escaped) and its cells."""
    if text.isascii() and text.isprintable():
        return list(text), [1] * len(text)
    from rich.cells import cell_len

    pieces = [" " if char == "\t" else visible(char) for char in text]
    return pieces, [cell_len(piece) for piece in pieces]


def _marker(finding: Finding) -> tuple[str, str]:
    """The context line (tabs as spaces, control characters escaped) and a caret line under
    the finding; a long line is cut to a window around the finding, with ``…`` where cut."""
    text = finding.line_text
    pieces, widths = _pieces(text)
    first = min(max(finding.column - finding.line_text_column, 0), len(text))
    last = finding.end_column - finding.line_text_column
    if finding.end_line != finding.line:
        last = len(text)
    last = min(max(last, first), len(text))
    whole = finding.line_text_column == 1 and not finding.line_text_cut
    if whole and sum(widths) <= _BEFORE + _FLAGGED + _AFTER:
        left, flagged_end, right = 0, last, len(text)
    else:
        left = _reach(widths, first, -1, _BEFORE)
        flagged_end = _reach(widths, first, 1, _FLAGGED, last)
        right = _reach(widths, last, 1, _AFTER)
    before = "".join(pieces[left:first])
    flagged = "".join(pieces[first:flagged_end])
    after = "".join(pieces[last:right])
    carets = sum(widths[first:flagged_end])
    if left > 0 or finding.line_text_column > 1:
        before = ELLIPSIS + before
    if flagged_end < last:
        flagged += ELLIPSIS
        carets += 1
    if right < len(text) or finding.line_text_cut:
        after += ELLIPSIS
    if not carets:  # an empty span: under the character it stands before
        carets = widths[first] if first < len(text) else 1
    before_cells = len(before) if before.isascii() else _cells(before)
    return before + flagged + after, " " * before_cells + "^" * max(carets, 1)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _reach(widths: list[int], start: int, step: int, budget: int, stop: int | None = None) -> int:
    """How far from ``start`` (back with ``step`` -1) characters fit in ``budget`` cells."""
    stop = (0 if step < 0 else len(widths)) if stop is None else stop
    index = start
    while index != stop:
        width = widths[index - 1 if step < 0 else index]
        if width > budget:
            break
        budget -= width
        index += step
    return index


# A line's style, and its pieces of text with their own styles ("" for none).
_Line = tuple[str, list[tuple[str, str]]]


def _lines(report: RunReport, quiet: bool) -> Iterator[_Line]:
    for path, group in groupby(report.findings, key=lambda finding: finding.path):
        yield "bold underline", [(visible(path), "")]
        for finding in group:
            style = _STYLE[finding.severity]
            yield (
                "",
                [
                    ("  ", ""),
                    (f"{finding.line}:{finding.column}", "dim"),
                    ("  ", ""),
                    (finding.severity.label, style),
                    ("  ", ""),
                    (visible(finding.rule_name), "bold"),
                    (f" [{visible(finding.rule_id)}]", "dim"),
                    ("  " + visible(finding.message), ""),
                ],
            )
            if quiet:
                continue
            shown, carets = _marker(finding)
            yield "dim", [("    │ ", ""), (shown, "")]
            yield "dim", [("    │ ", ""), (carets, style)]
            for suggestion in finding.suggestions:
                label = "suggestion"
                if finding.fix is not None:
                    label = f"rewrite ({finding.fix.applicability.value} fix)"
                yield "dim", [(f"    ╰ {label}: ", ""), (visible(suggestion), "green")]
        yield "", []
    if not quiet or report.findings or report.errors:
        yield "bold", [(summary_line(report), "")]


def format_text(
    report: RunReport,
    color: bool = False,
    quiet: bool = False,
    context: ReportContext = NO_CONTEXT,
) -> str:
    """The report as text; with ``color``, with ANSI styles (rendered by rich)."""
    if not color:
        lines = _lines(report, quiet)
        return "".join("".join(text for text, _ in pieces) + "\n" for _, pieces in lines)
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        no_color=False,
        width=10_000,
        highlight=False,
        soft_wrap=True,
    )
    for style, pieces in _lines(report, quiet):
        console.print(Text.assemble(*pieces, style=style))
    return buffer.getvalue()
