"""Directives are read and applied in time linear in the file; on random files of
directives and copy they suppress exactly what the plain reading of their rules does
(every directive checked against every finding), which this file spells out (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from explore import PROPERTY_SETTINGS
from tonelint.directives import _DIRECTIVE, Directive, _comment_span, _parse, suppression_rules
from tonelint.engine import Linter
from tonelint.models import Finding, SourceFile
from tonelint.styleguide import StyleGuide, styleguide_from_data
from tonelint.suppress import _range_state, _unused_problem, suppress

INVALID_SUPPRESSION, UNUSED_SUPPRESSION = suppression_rules()
SETTINGS = PROPERTY_SETTINGS
GUIDE: StyleGuide = styleguide_from_data(
    {
        "extends": "default",
        "disable": ["overfamiliar"],
        "rules": {"pet-name": {"enabled": True}, "casual-greeting": {"enabled": True}},
    },
    {},
    "guide.yaml",
    Path.cwd(),
)
LINTER = Linter(GUIDE)

BODIES = [
    "disable",
    "enable",
    "disable=pet-name",
    "enable=pet-name",
    "disable=casual-greeting,pet-name",
    "enable=all",
    "disable-next-line",
    "disable-next-line=pet-name",
    "disable-next-line=casual-greeting",
    "disable-file=pet-name",
    "disable-file=TL002",
    "disable=no-such-rule",
    "enabel",
]
FORMS = ["<!-- tonelint: {} -->", "{# tonelint: {} #}", "# tonelint: {}"]
COPY = ["Hey hun!", "Thanks, hun.", "Thank you.", "", "  "]
PIECES = st.one_of(
    st.sampled_from(COPY),
    st.builds(
        lambda form, body: form.replace("{}", body), st.sampled_from(FORMS), st.sampled_from(BODIES)
    ),
)
LINES = st.lists(PIECES, min_size=1, max_size=3).map(" ".join)
FILES = st.lists(LINES, min_size=1, max_size=14).map("\n".join)


def _reference_directives(source: SourceFile) -> list[Directive]:
    """The directives, each target found by reading the lines after it."""
    text = source.text
    directives: list[Directive] = []
    directive_lines: set[int] = set()
    for match in _DIRECTIVE.finditer(text):
        start, end = _comment_span(match)
        line, end_line = source.position(start)[0], source.position(end)[0]
        action, written, problem = _parse(match.group(match.lastgroup or 0), GUIDE, {})
        directives.append(Directive(action, start, end, line, end_line, written, problem))
        before = text[source.line_starts[line - 1] : start]
        after = text[end : source.line_end(end_line)]
        if not before.strip() and not after.strip():
            directive_lines.update(range(line, end_line + 1))
    return [
        replace(
            directive,
            target_line=next(
                (
                    number
                    for number in range(directive.end_line + 1, len(source.line_starts) + 1)
                    if number not in directive_lines and source.line_text(number).strip()
                ),
                None,
            ),
        )
        if directive.action == "disable-next-line" and directive.problem is None
        else directive
        for directive in directives
    ]


def _reference(source: SourceFile, findings: list[Finding]) -> list[tuple[int, int, str, str]]:
    """Every directive against every finding, as the module docstring of suppress says."""
    directives = _reference_directives(source)
    valid = [d for d in directives if d.problem is None]
    ranged, ending = _range_state(directives)
    used: dict[Directive, set[str]] = {directive: set() for directive in directives}
    kept: list[tuple[int, int, str, str]] = []
    for finding in findings:
        if any(d.start <= finding.start and finding.end <= d.end for d in directives):
            continue
        rule_id = finding.rule_id
        by = [
            d
            for d in valid
            if d.covers(rule_id)
            and (
                d.action == "disable-file"
                or (d.action == "disable-next-line" and d.target_line == finding.line)
            )
        ]
        above = [d for d in ranged if d.line <= finding.line and d.covers(rule_id)]
        if above and above[-1].action == "disable":
            by.append(above[-1])
        for directive in by:
            used[directive].add(rule_id)
        if not by:
            kept.append((finding.start, finding.end, rule_id, finding.message))
    whole_file = [d for d in valid if d.action == "disable-file"]
    for directive in directives:
        if directive in whole_file:
            continue
        rule, problem = INVALID_SUPPRESSION, directive.problem
        if problem is None:
            problem = _unused_problem(directive, used[directive], directive in ending)
            rule = UNUSED_SUPPRESSION
            if problem is None:
                continue
        silencers = [d for d in whole_file if d.covers(rule.id)]
        for silencer in silencers:
            used[silencer].add(rule.id)
        if not silencers:
            message = rule.message.format(problem=problem)
            kept.append((directive.start, directive.end, rule.id, message))
    for directive in whole_file:
        problem = _unused_problem(directive, used[directive], False)
        if problem is not None:
            message = UNUSED_SUPPRESSION.message.format(problem=problem)
            kept.append((directive.start, directive.end, UNUSED_SUPPRESSION.id, message))
    return sorted(kept)


@SETTINGS
@given(FILES)
def test_directives_suppress_what_checking_each_against_each_would(text: str) -> None:
    source = SourceFile.from_text(Path("a.txt"), text)
    extraction = LINTER.extract(source, "text")
    raw = sorted(LINTER.raw_findings(source, extraction, extraction.messages), key=Finding.sort_key)
    got = sorted((f.start, f.end, f.rule_id, f.message) for f in suppress(source, raw, GUIDE))
    assert got == _reference(source, raw)
