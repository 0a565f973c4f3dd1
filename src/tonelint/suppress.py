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

import bisect
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from tonelint.files import path_matches
from tonelint.matching.scan import Alternation, Alternative
from tonelint.models import Example, Finding, RuleSpec, Severity, SourceFile
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


_References = tuple[tuple[tuple[str, str], ...], str | None]


def _parse(
    body: str, directive: Directive, guide: StyleGuide, read: dict[tuple[str, str], _References]
) -> None:
    """Fill in a directive's action and rules, or the problem with it; ``read`` remembers
    the rule lists read before in the file (a file repeats its directives)."""
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
    if (listed, action) not in read:
        read[listed, action] = _references(listed, action, guide)
    directive.written, directive.problem = read[listed, action]


_NON_SPACE = re.compile(r"\S")


def find_directives(source: SourceFile, guide: StyleGuide) -> list[Directive]:
    """Every ``tonelint:`` comment in a file, in order, read against the guide's rules.

    Linear in the file's size: each stretch of text is looked at a bounded number of
    times, however many directives a line holds.
    """
    text = source.text
    if "tonelint:" not in text:
        return []
    directives: list[Directive] = []
    read: dict[tuple[str, str], _References] = {}
    for match in _DIRECTIVE.finditer(text):
        start, end = _comment_span(match)
        line = source.position(start)[0]
        end_line = source.position(end)[0]
        directive = Directive("", start, end, line, end_line)
        _parse(match.group(match.lastgroup or 0), directive, guide, read)
        directives.append(directive)
    _find_targets(source, directives, _directive_lines(source, directives))
    return directives


def _directive_lines(source: SourceFile, directives: Sequence[Directive]) -> set[int]:
    """The lines that hold one directive and nothing else but white space."""
    lines: set[int] = set()
    text = source.text
    for index, directive in enumerate(directives):
        line_start = source.line_starts[directive.line - 1]
        line_end = source.line_end(directive.end_line)
        previous = directives[index - 1] if index else None
        following = directives[index + 1] if index + 1 < len(directives) else None
        if previous is not None and previous.end > line_start:
            continue  # another directive before it on its line
        if following is not None and following.start < line_end:
            continue
        if _NON_SPACE.search(text, line_start, directive.start):
            continue
        if _NON_SPACE.search(text, directive.end, line_end):
            continue
        lines.update(range(directive.line, directive.end_line + 1))
    return lines


def _find_targets(
    source: SourceFile, directives: Sequence[Directive], directive_lines: set[int]
) -> None:
    """Set the line each valid ``disable-next-line`` covers: the next that holds text and
    is not only a directive. Directives come in order, so each line is read at most once."""
    last_line = len(source.line_starts)
    found: int | None = 0  # the answer for the directive before (0: none yet)
    for directive in directives:
        if directive.action != "disable-next-line" or directive.problem is not None:
            continue
        if found is not None and found <= directive.end_line:
            found = None
            for number in range(directive.end_line + 1, last_line + 1):
                if number in directive_lines:
                    continue
                line_start = source.line_starts[number - 1]
                if _NON_SPACE.search(source.text, line_start, source.line_end(number)):
                    found = number
                    break
        directive.target_line = found


def _range_state(directives: Sequence[Directive]) -> list[Directive]:
    """The ``disable`` and ``enable`` directives in order; marks each ``enable`` that ends a
    disable."""
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
    return ranged


class _Covering:
    """Directives by the rule they cover: those for every rule, and those naming it."""

    def __init__(self) -> None:
        self.every: list[Directive] = []
        self.by_rule: dict[str, list[Directive]] = {}

    def add(self, directive: Directive) -> None:
        ids = directive.rule_ids
        if ids is None:
            self.every.append(directive)
        for rule_id in ids or ():
            self.by_rule.setdefault(rule_id, []).append(directive)

    def covers(self, rule_id: str) -> bool:
        return bool(self.every) or rule_id in self.by_rule

    def mark(self, rule_id: str) -> None:
        for directive in (*self.every, *self.by_rule.get(rule_id, ())):
            directive.used.add(rule_id)


class _Suppressors:
    """The valid directives of a file, indexed so that a finding is looked up in time that
    does not grow with the number of directives.

    Findings must be asked about in order of their position (a sweep over the ``disable``
    and ``enable`` directives follows them).
    """

    def __init__(self, directives: Sequence[Directive]) -> None:
        self._directives = directives
        self._starts = [directive.start for directive in directives]
        self._whole_file = _Covering()
        self._next_line: dict[int, _Covering] = {}
        for directive in directives:
            if directive.problem is not None:
                continue
            if directive.action == "disable-file":
                self._whole_file.add(directive)
            elif directive.action == "disable-next-line" and directive.target_line is not None:
                self._next_line.setdefault(directive.target_line, _Covering()).add(directive)
        self._marked: set[tuple[int, str]] = set()  # (target line, 0 for the file; rule)
        self._ranged = _range_state(directives)
        self._swept = 0  # how many of the ranged directives are above the current finding
        self._every_rule: Directive | None = None  # the last ranged one for every rule
        self._by_rule: dict[str, Directive] = {}  # the last naming a rule, after that one

    def in_comment(self, finding: Finding) -> bool:
        """Whether the finding lies inside a directive (text in a text file): not copy."""
        index = bisect.bisect_right(self._starts, finding.start) - 1
        return index >= 0 and finding.end <= self._directives[index].end

    def suppressed(self, finding: Finding) -> bool:
        """Whether a directive suppresses the finding; marks every such directive used."""
        rule_id = finding.rule_id
        found = False
        for place, covering in (
            (0, self._whole_file),
            (finding.line, self._next_line.get(finding.line)),
        ):
            if covering is not None and covering.covers(rule_id):
                found = True
                if (place, rule_id) not in self._marked:
                    self._marked.add((place, rule_id))
                    covering.mark(rule_id)
        while self._swept < len(self._ranged) and self._ranged[self._swept].line <= finding.line:
            directive = self._ranged[self._swept]
            ids = directive.rule_ids
            if ids is None:
                self._every_rule = directive
                self._by_rule.clear()
            else:
                self._by_rule.update(dict.fromkeys(ids, directive))
            self._swept += 1
        last = self._by_rule.get(rule_id, self._every_rule)
        if last is not None and last.action == "disable":
            last.used.add(rule_id)
            found = True
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
    excerpt = source.excerpt(directive.start, directive.end)
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
        line_text=excerpt.text,
        line_text_column=excerpt.column,
        line_text_byte_column=excerpt.byte_column,
        line_text_cut=excerpt.cut,
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
    suppressors = _Suppressors(directives)
    kept: list[Finding] = []
    for finding in sorted(findings, key=Finding.sort_key):
        if suppressors.in_comment(finding):
            continue
        if not suppressors.suppressed(finding) and not ignored(finding, guide.ignore):
            kept.append(finding)
    whole_file = [d for d in directives if d.action == "disable-file" and d.problem is None]
    silencers = {
        rule.id: [d for d in whole_file if d.covers(rule.id)] for rule in SUPPRESSION_RULES
    }
    silenced: set[str] = set()
    for directive in directives:
        if directive.action == "disable-file" and directive.problem is None:
            continue
        rule, problem = INVALID_SUPPRESSION, directive.problem
        if problem is None:
            rule, problem = UNUSED_SUPPRESSION, _unused_problem(directive)
            if problem is None:
                continue
        if not silencers[rule.id]:
            kept.append(_synthetic(source, directive, rule, problem))
        elif rule.id not in silenced:
            silenced.add(rule.id)
            for silencer in silencers[rule.id]:
                silencer.used.add(rule.id)
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
