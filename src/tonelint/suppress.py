"""Suppressions: ``tonelint:`` directives in the comments of a file, and the guide's ``ignore:``.

A directive is a comment in any syntax a message file may hold::

    # tonelint: disable-next-line=pet-name        YAML, .properties (also !), .po, Fluent
    <!-- tonelint: disable=TL101,TL104 -->        HTML, Markdown, text
    {# tonelint: enable #}                         Jinja ({% comment %} and {% # %} in Liquid)
    {{! tonelint: disable-file }}                  Handlebars / Mustache (also {{!-- --}})
    <%# tonelint: disable-file=hard-to-read %>     ERB ({{/* */}} in Go templates)

``disable`` holds from its line to the end of the file or to an ``enable`` of the same
rule; the directive last written above a line decides for it. ``disable-next-line``
covers the next line that holds text (blank lines and lines holding only directives are
passed over). ``disable-file`` covers the whole file. A rule is an id or a name, in any
case; ``all``, or no list, means every rule. Text after `` -- `` is a reason and ignored.

A directive that suppresses nothing is reported as ``unused-suppression`` (TL002), an
unreadable one as ``invalid-suppression`` (TL001); only ``disable-file`` silences those.
Style-guide ``ignore:`` entries drop findings by message key and file path, for formats
without comments (JSON); an entry that matches nothing is not reported, because one guide
serves many runs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from tonelint.files import path_matches
from tonelint.models import Example, Finding, RuleSpec, Severity, SourceFile
from tonelint.scan import Alternation, Alternative
from tonelint.styleguide import IgnoreRule, StyleGuide

INVALID_SUPPRESSION = RuleSpec(
    id="TL001",
    name="invalid-suppression",
    kind="suppression",
    severity=Severity.WARNING,
    message="Invalid tonelint directive: {problem}.",
    why=(
        "A directive tonelint cannot read (a misspelt action, an unknown rule, an empty list "
        "after '=') suppresses nothing, so the findings it was meant for are still reported, "
        "or the comment hides a mistake. Directives are disable, enable, disable-next-line and "
        "disable-file, optionally with =RULE,RULE (ids or names; all for every rule)."
    ),
    pack="tonelint",
    category="suppression",
    instead="Fix the spelling of the directive or the rule, or remove the comment.",
    fail_examples=(Example("<!-- tonelint: disabel=pet-name -->"),),
    pass_examples=(Example("<!-- tonelint: disable-next-line=pet-name -->"),),
)
UNUSED_SUPPRESSION = RuleSpec(
    id="TL002",
    name="unused-suppression",
    kind="suppression",
    severity=Severity.SUGGESTION,
    message="Unused tonelint directive: {problem}.",
    why=(
        "A directive that suppresses nothing is left over from copy that has since been "
        "rewritten; it would silently hide a new problem later. An enable that ends no "
        "disable is a mistake of the same kind."
    ),
    pack="tonelint",
    category="suppression",
    instead="Remove the directive, or the rules it no longer needs to name.",
    fail_examples=(Example("<!-- tonelint: disable-next-line=pet-name -->\nThank you!"),),
    pass_examples=(Example("<!-- tonelint: disable-next-line=pet-name -->\nThanks, hun!"),),
)
SUPPRESSION_RULES: tuple[RuleSpec, ...] = (INVALID_SUPPRESSION, UNUSED_SUPPRESSION)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")


def find_suppression_rule(reference: str) -> RuleSpec | None:
    """TL001 or TL002 by id or name, case-insensitively."""
    wanted = reference.strip().lower()
    for rule in SUPPRESSION_RULES:
        if wanted in (rule.id.lower(), rule.name):
            return rule
    return None


# The comment forms, each capturing the directive after "tonelint:". A "#" comment starts a
# line or follows white space (a YAML end-of-line comment); "!" (.properties) starts a line.
_DIRECTIVE = Alternation(
    (
        Alternative(r"<!--\s*tonelint:(?P<html>.*?)-->", "-->"),
        Alternative(r"\{#-?\s*tonelint:(?P<jinja>.*?)-?#\}", r"#\}"),
        Alternative(
            r"\{%-?\s*comment\s*-?%\}\s*tonelint:(?P<liquid>.*?)\{%-?\s*endcomment\s*-?%\}",
            r"\{%-?\s*endcomment\s*-?%\}",
        ),
        Alternative(r"\{%-?\s*#\s*tonelint:(?P<liquid_inline>.*?)-?%\}", r"%\}"),
        Alternative(r"\{\{~?!\s*tonelint:(?P<mustache>.*?)~?\}\}", r"\}\}"),
        Alternative(r"\{\{~?!--\s*tonelint:(?P<handlebars>.*?)--~?\}\}", r"--~?\}\}"),
        Alternative(r"<%#\s*tonelint:(?P<erb>.*?)-?%>", "%>"),
        Alternative(r"\{\{-?\s*/\*\s*tonelint:(?P<go>.*?)\*/\s*-?\}\}", r"\*/\s*-?\}\}"),
        Alternative(r"(?<![^\s])#{1,3}\.?[ \t]*tonelint:(?P<hash>[^\r\n]*)"),
        Alternative(r"^[ \t]*!+[ \t]*tonelint:(?P<bang>[^\r\n]*)"),
    ),
    re.S | re.M,
)
_BODY = re.compile(r"(?P<action>[A-Za-z][\w-]*)[ \t]*(?:(?P<eq>=)[ \t]*(?P<rules>.*))?", re.S)


@dataclass
class Directive:
    """One ``tonelint:`` comment, read and resolved."""

    action: str
    start: int  # the comment's span in the file
    end: int
    line: int
    end_line: int
    written: tuple[tuple[str, str], ...] = ()  # (as written, rule id); empty: every rule
    problem: str | None = None  # why it is invalid
    used: set[str] = field(default_factory=set)  # ids of rules it suppressed
    ends_a_disable: bool = False  # for enable
    target_line: int | None = None  # for disable-next-line

    @property
    def rule_ids(self) -> frozenset[str] | None:
        """The rules it names, or None for every rule."""
        return frozenset(rule_id for _, rule_id in self.written) if self.written else None

    def covers(self, rule_id: str) -> bool:
        ids = self.rule_ids
        return ids is None or rule_id in ids


def _comment_span(match: re.Match[str]) -> tuple[int, int]:
    """The comment's span without leading white space and, for line comments, trailing."""
    start, end = match.span()
    text = match.group()
    start += len(text) - len(text.lstrip())
    if match.lastgroup in ("hash", "bang"):
        end -= len(text) - len(text.rstrip())
    return start, end


def _references(
    listed: str, action: str, guide: StyleGuide
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """The rules a directive names, as (written, id); empty for every rule; or a problem."""
    written: list[tuple[str, str]] = []
    for reference in (part for part in re.split(r"[,\s]+", listed) if part):
        if reference.lower() == "all":
            return (), None
        synthetic = find_suppression_rule(reference)
        if synthetic is not None:
            if action != "disable-file":
                return (
                    (),
                    f"{synthetic.id} ({synthetic.name}) can only be turned off by disable-file",
                )
            written.append((reference, synthetic.id))
            continue
        rule = guide.find(reference)
        if rule is None:
            names = [name for r in guide.available for name in (r.id, r.name)]
            close = difflib.get_close_matches(reference, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            return (), f"unknown rule {reference!r}{hint}"
        written.append((reference, rule.id))
    return tuple(written), None


def _parse(body: str, directive: Directive, guide: StyleGuide) -> None:
    """Fill in a directive's action and rules, or the problem with it."""
    text = re.split(r"\s--\s", " " + body.strip() + " ", maxsplit=1)[0].strip()
    match = _BODY.fullmatch(text)
    if match is None:
        directive.problem = (
            "expected disable, enable, disable-next-line or disable-file after 'tonelint:'"
            if not text
            else f"expected ACTION or ACTION=RULE,RULE after 'tonelint:', got {text!r}"
        )
        return
    action = match["action"].lower()
    if action not in ACTIONS:
        close = difflib.get_close_matches(action, ACTIONS, n=1)
        hint = f"did you mean {close[0]}?" if close else "expected " + ", ".join(ACTIONS)
        directive.problem = f"unknown directive {match['action']!r} ({hint})"
        return
    directive.action = action
    if match["eq"] is None:
        return
    listed = match["rules"].strip()
    if not re.sub(r"[,\s]", "", listed):
        directive.problem = f"empty rule list after '{action}='"
        return
    directive.written, directive.problem = _references(listed, action, guide)


def find_directives(source: SourceFile, guide: StyleGuide) -> list[Directive]:
    """Every ``tonelint:`` comment in a file, in order, read against the guide's rules."""
    text = source.text
    if "tonelint:" not in text:
        return []
    directives: list[Directive] = []
    directive_lines: set[int] = set()  # lines that hold only directives
    for match in _DIRECTIVE.finditer(text):
        start, end = _comment_span(match)
        line = source.position(start)[0]
        end_line = source.position(end)[0]
        directive = Directive("", start, end, line, end_line)
        body = match.group(match.lastgroup or 0)
        _parse(body, directive, guide)
        directives.append(directive)
        before = source.line_text(line)[: start - source.line_starts[line - 1]]
        after = text[end : _line_end(source, end_line)]
        if not before.strip() and not after.strip():
            directive_lines.update(range(line, end_line + 1))
    last_line = len(source.line_starts)
    for directive in directives:
        if directive.action == "disable-next-line" and directive.problem is None:
            directive.target_line = next(
                (
                    number
                    for number in range(directive.end_line + 1, last_line + 1)
                    if number not in directive_lines and source.line_text(number).strip()
                ),
                None,
            )
    return directives


def _line_end(source: SourceFile, line: int) -> int:
    start = source.line_starts[line - 1]
    return start + len(source.line_text(line))


def _range_state(directives: Sequence[Directive]) -> list[tuple[int, Directive]]:
    """The ``disable`` and ``enable`` directives in order, with their lines; marks each
    ``enable`` that ends a disable."""
    ranged = [d for d in directives if d.problem is None and d.action in ("disable", "enable")]
    every_rule_off = False
    by_rule: dict[str, bool] = {}  # rules switched after the last directive for every rule
    for directive in ranged:
        ids = directive.rule_ids
        off = directive.action == "disable"
        if ids is None:
            if not off:
                directive.ends_a_disable = every_rule_off or any(by_rule.values())
            every_rule_off = off
            by_rule.clear()
        else:
            if not off:
                directive.ends_a_disable = any(by_rule.get(i, every_rule_off) for i in ids)
            by_rule.update(dict.fromkeys(ids, off))
    return [(directive.line, directive) for directive in ranged]


def _suppressors(
    finding: Finding, directives: Sequence[Directive], ranged: Sequence[tuple[int, Directive]]
) -> list[Directive]:
    """The directives that suppress a finding of a real rule."""
    found = [
        d
        for d in directives
        if d.problem is None
        and d.covers(finding.rule_id)
        and (
            d.action == "disable-file"
            or (d.action == "disable-next-line" and d.target_line == finding.line)
        )
    ]
    last = None
    for line, directive in ranged:
        if line > finding.line:
            break
        if directive.covers(finding.rule_id):
            last = directive
    if last is not None and last.action == "disable":
        found.append(last)
    return found


def ignored(finding: Finding, entries: Iterable[IgnoreRule]) -> bool:
    """Whether an ``ignore:`` entry of the guide drops the finding."""
    for entry in entries:
        if entry.rules and finding.rule_id not in entry.rules:
            continue
        if entry.keys and (
            finding.key is None
            or not any(fnmatchcase(finding.key.lower(), glob.lower()) for glob in entry.keys)
        ):
            continue
        if entry.paths and not path_matches(PurePosixPath(finding.path), entry.paths):
            continue
        return True
    return False


def _synthetic(source: SourceFile, directive: Directive, rule: RuleSpec, problem: str) -> Finding:
    line, column = source.position(directive.start)
    end_line, end_column = source.position(directive.end)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=rule.severity,
        message=rule.message.format(problem=problem),
        path=source.display_path,
        start=directive.start,
        end=directive.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        matched=source.text[directive.start : directive.end],
        category=rule.category,
        line_text=source.line_text(line),
    )


def _shown(directive: Directive) -> str:
    names = ",".join(written for written, _ in directive.written)
    return directive.action + (f"={names}" if names else "")


def _unused_problem(directive: Directive) -> str | None:
    """Why a valid directive is unused, or None when it did its work."""
    if directive.action == "enable":
        return None if directive.ends_a_disable else f"{_shown(directive)} ends no disable"
    if directive.action == "disable-next-line" and directive.target_line is None:
        return f"{_shown(directive)} has no line after it"
    if not directive.written:
        return None if directive.used else f"{_shown(directive)} suppresses nothing"
    idle = [written for written, rule_id in directive.written if rule_id not in directive.used]
    if not idle:
        return None
    if len(idle) == len(directive.written):
        return f"{_shown(directive)} suppresses nothing"
    return f"{_shown(directive)} suppresses nothing for {', '.join(idle)}"


def suppress(
    source: SourceFile, findings: Sequence[Finding], guide: StyleGuide
) -> tuple[Finding, ...]:
    """The findings of one file that no directive or ``ignore:`` entry suppresses, with
    findings for invalid and unused directives, sorted."""
    directives = find_directives(source, guide)
    if not directives and not guide.ignore:
        return tuple(findings)
    ranged = _range_state(directives)
    kept: list[Finding] = []
    for finding in findings:
        if any(d.start <= finding.start and finding.end <= d.end for d in directives):
            continue  # inside the comment itself (a text file has no comments): not copy
        suppressors = _suppressors(finding, directives, ranged) if directives else []
        for directive in suppressors:
            directive.used.add(finding.rule_id)
        if not suppressors and not ignored(finding, guide.ignore):
            kept.append(finding)
    whole_file = [d for d in directives if d.action == "disable-file" and d.problem is None]
    for directive in directives:
        if directive in whole_file:
            continue
        if directive.problem is not None:
            synthetic = _synthetic(source, directive, INVALID_SUPPRESSION, directive.problem)
        else:
            problem = _unused_problem(directive)
            if problem is None:
                continue
            synthetic = _synthetic(source, directive, UNUSED_SUPPRESSION, problem)
        silencers = [d for d in whole_file if d.covers(synthetic.rule_id)]
        for silencer in silencers:
            silencer.used.add(synthetic.rule_id)
        if not silencers:
            kept.append(synthetic)
    for directive in whole_file:  # last: they may have silenced the others' findings
        problem = _unused_problem(directive)
        if problem is not None:
            kept.append(_synthetic(source, directive, UNUSED_SUPPRESSION, problem))
    return tuple(sorted(kept, key=Finding.sort_key))


def rule_markdown(rule: RuleSpec, heading: str = "##") -> str:
    """``tonelint explain`` for TL001 and TL002, laid out like the rules of packs."""
    return (
        "\n".join(
            [
                f"{heading} {rule.id} `{rule.name}`",
                "",
                f"Category: {rule.category} · Kind: {rule.kind} · Default severity: "
                f"{rule.severity.label} · Fix: none · Built into tonelint",
                "",
                "**What it does.** Reports a `tonelint:` comment that "
                + (
                    "tonelint cannot read."
                    if rule is INVALID_SUPPRESSION
                    else "suppresses no finding, or an enable that ends no disable."
                ),
                "",
                "**Why is this bad?** " + rule.why,
                "",
                "**Example**",
                "",
                *(f"- ✗ `{_one_line(example.text)}`" for example in rule.fail_examples),
                "",
                "**Use instead.** " + rule.instead,
                "",
                "**Not flagged:** "
                + ", ".join(f"`{_one_line(e.text)}`" for e in rule.pass_examples),
                "",
                "Always on; only a `disable-file` directive silences it.",
            ]
        )
        + "\n"
    )


def _one_line(text: str) -> str:
    return text.replace("\n", " ↵ ")
