"""Findings on long lines keep a window of the line, not a copy; what reports compute from
the window (columns, UTF-8 columns, fix positions, the caret line) is what they would
compute from the whole line; control characters are shown as escapes (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from explore import PROPERTY_SETTINGS
from tonelint.engine import Linter
from tonelint.models import (
    EXCERPT_CONTEXT,
    FileReport,
    Finding,
    InputError,
    RunReport,
    Severity,
    SourceFile,
)
from tonelint.printable import visible
from tonelint.reporters import format_github, format_junit, format_text
from tonelint.reporters.base import position_on_line, utf8_column
from tonelint.reporters.text import ELLIPSIS, _marker
from tonelint.styleguide import load_styleguide

LINTER = Linter(load_styleguide(name="default"))
SETTINGS = PROPERTY_SETTINGS

# Narrow, wide, zero-width, astral, tab, and characters a terminal would act on.
CHARS = st.sampled_from(
    [*"ab .,!", "\t", "é", "e\u0301", "漢", "🙂", "👍🏽", "\x1b", "\x07", "\x85", "\u202e"]
)
# A run of characters repeated: lines long enough to be cut either side of a finding.
LINES = st.builds(
    lambda unit, times: "".join(unit) * times,
    st.lists(CHARS, max_size=30),
    st.integers(1, 15),
)


def _finding(source: SourceFile, start: int, end: int, *offsets: int) -> Finding:
    return Finding.at(
        source,
        start,
        end,
        offsets,
        rule_id="X1",
        rule_name="x",
        severity=Severity.WARNING,
        message="m",
        matched=source.text[start:end],
    )


def _whole(source: SourceFile, finding: Finding) -> Finding:
    """The same finding holding its whole line, as findings did before windows."""
    from dataclasses import replace

    return replace(
        finding,
        line_text=source.line_text(finding.line),
        line_text_column=1,
        line_text_byte_column=1,
        line_text_cut=False,
    )


@st.composite
def spans(draw: st.DrawFn) -> tuple[SourceFile, int, int, tuple[int, ...]]:
    lines = draw(st.lists(LINES, min_size=1, max_size=3))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    source = SourceFile.from_text(Path("a.txt"), text)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 200)))
    offsets = tuple(draw(st.lists(st.integers(0, len(text)), max_size=3)))
    return source, start, end, offsets


def _inside_a_crlf(text: str, offset: int) -> bool:
    """Between the two characters of a CRLF: not a place a finding starts."""
    return 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"


@SETTINGS
@given(spans())
def test_the_window_answers_as_the_whole_line_would(
    case: tuple[SourceFile, int, int, tuple[int, ...]],
) -> None:
    source, start, end, offsets = case
    if _inside_a_crlf(source.text, start):
        return
    finding = _finding(source, start, end, *offsets)
    whole = _whole(source, finding)
    line_start = source.line_starts[finding.line - 1]
    line = source.line_text(finding.line)
    # The window is a part of the line, bounded, and holds the finding's start.
    first = finding.line_text_column - 1
    assert line[first : first + len(finding.line_text)] == finding.line_text
    assert finding.line_text_cut == (first + len(finding.line_text) < len(line))
    assert first <= finding.column - 1 <= first + len(finding.line_text)
    span_on_line = min(end, line_start + len(line)) - start
    on_line = [o for o in offsets if line_start <= o <= line_start + len(line)]
    reach = max([start + span_on_line, *on_line]) - min([start, *on_line])
    assert len(finding.line_text) <= reach + 2 * EXCERPT_CONTEXT
    # Columns, UTF-8 columns and positions of offsets agree with the whole line's.
    for offset in (start, end, *offsets):
        assert position_on_line(finding, offset) == position_on_line(whole, offset)
    same_line = finding.end_line == finding.line
    for column in (finding.column, finding.end_column) if same_line else (finding.column,):
        assert utf8_column(finding, column) == utf8_column(whole, column)
    in_bytes = len(line[: finding.column - 1].encode("utf-8", "surrogatepass")) + 1
    assert utf8_column(finding, finding.column) == in_bytes
    assert finding.line_text_byte_column == len(line[:first].encode("utf-8", "surrogatepass")) + 1


@SETTINGS
@given(spans())
def test_carets_stand_under_the_flagged_text(
    case: tuple[SourceFile, int, int, tuple[int, ...]],
) -> None:
    source, start, end, offsets = case
    if _inside_a_crlf(source.text, start):
        return
    finding = _finding(source, start, end, *offsets)
    shown, carets = _marker(finding)
    assert "\x1b" not in shown and "\u202e" not in shown and "\x85" not in shown
    assert cell_len(shown) <= 40 + 80 + 40 + 3 or (
        finding.line_text_column == 1 and not finding.line_text_cut
    )
    indent = len(carets) - len(carets.lstrip(" "))
    assert set(carets[indent:]) == {"^"}
    line_end = source.line_starts[finding.line - 1] + len(source.line_text(finding.line))
    expected = "".join(
        " " if c == "\t" else visible(c) for c in source.text[start : min(end, line_end)]
    )
    # From the caret's cell on stands the flagged text as shown (up to a … if it is cut).
    assert any(
        cell_len(shown[:index]) == indent and _starts_with(shown[index:], expected)
        for index in range(len(shown) + 1)
    ), (shown, carets, expected)


def _starts_with(rest: str, expected: str) -> bool:
    if rest.startswith(expected):
        return True
    head = rest.split(ELLIPSIS, 1)[0]
    return ELLIPSIS in rest and bool(head) and expected.startswith(head)


def test_a_long_line_is_shown_as_a_window_with_ellipses() -> None:
    text = "Thanks, hun. " * 2_000 + "\n"
    report = LINTER.lint_text(text, "text", "long.txt")
    assert len(report.findings) >= 2_000
    middle = report.findings[len(report.findings) // 2]
    assert len(middle.line_text) < 3 * EXCERPT_CONTEXT  # not the 26,000 characters of its line
    shown, carets = _marker(middle)
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert shown[len(carets) - len(carets.lstrip(" ")) :].startswith(middle.matched)
    output = format_text(RunReport((report,), (), "x"))
    assert max(len(line) for line in output.splitlines()) < 200


def test_control_characters_are_shown_as_escapes_in_human_output() -> None:
    text = "Hey bestie \x1b[8m\u202ethanks\x07!\n"
    path = "copy\x1b]0;title\x07/a\u202e.txt"
    report = LINTER.lint_text(text, "text", path)
    assert report.findings
    findings = tuple(f for f in report.findings)
    error = InputError(path, "bad \x1b[2J byte", key="k\x1b")
    run = RunReport((FileReport(path, findings, 1),), (error,), "x")
    for output in (
        format_text(run),
        format_text(run, color=True),
        format_github(run),
        format_junit(run),
        str(error),
    ):
        without_styles = output.replace("\x1b[", "") if output.startswith("\x1b") else output
        for char in ("\x07", "\u202e", "\x1b]"):
            assert char not in without_styles, (char, output[:300])
    plain = format_text(run)
    assert "\\x1b[8m\\u202ethanks\\x07!" in plain
    assert "copy\\x1b]0;title\\x07/a\\u202e.txt" in plain
    shown = [line for line in plain.splitlines() if "\\x1b[8m" in line]
    carets = [line for line in plain.splitlines() if line.strip(" │^") == "" and "^" in line]
    assert shown and carets


def test_escapes_keep_carets_aligned() -> None:
    report = LINTER.lint_text("\x1b[31m\u202e Hey bestie!\n", "text")
    finding = next(f for f in report.findings if f.matched.lower().startswith("hey"))
    shown, carets = _marker(finding)
    indent = len(carets) - len(carets.lstrip(" "))
    assert shown[indent:].startswith(finding.matched)


def test_utf8_offsets_across_blocks() -> None:
    text = ("a🙂é漢\n" * 3_000) + "b" * 5_000
    source = SourceFile.from_text(Path("a.txt"), text)
    for offset in (0, 1, 1_023, 1_024, 1_025, 7_777, 15_000, len(text)):
        assert source.utf8_offset(offset) == len(text[:offset].encode("utf-8"))
    ascii_source = SourceFile.from_text(Path("b.txt"), "b" * 5_000)
    assert ascii_source.utf8_offset(4_321) == 4_321
