"""Suppressions: what the ``tonelint:`` directives of a file and the guide's ``ignore:`` drop.

``disable`` holds from its line to the end of the file or to an ``enable`` of the same
rule; the directive last written above a line decides for it. ``disable-next-line``
covers the next line that holds text (blank lines and lines holding only directives are
passed over). ``disable-file`` covers the whole file. (``tonelint.directives`` reads them.)

A directive that suppresses nothing is reported as ``unused-suppression`` (TL002), an
unreadable one as ``invalid-suppression`` (TL001); only ``disable-file`` silences those.
Style-guide ``ignore:`` entries drop findings by message key and file path, for formats
without comments (JSON); an entry that matches nothing is not reported, because one guide
serves many runs.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from tonelint.directives import (
    INVALID_ID,
    UNUSED_ID,
    Directive,
    find_directives,
    suppression_rule,
    suppression_rules,
)
from tonelint.files import path_matches
from tonelint.kinds.suppression import finding as directive_finding
from tonelint.models import Finding, RuleSpec, SourceFile
from tonelint.styleguide import IgnoreRule, StyleGuide


def _range_state(directives: Sequence[Directive]) -> tuple[list[Directive], set[Directive]]:
    """The ``disable`` and ``enable`` directives in order, and the ``enable`` directives
    that end a disable."""
    ranged = [d for d in directives if d.problem is None and d.action in ("disable", "enable")]
    ending: set[Directive] = set()
    every_rule_off = False
    by_rule: dict[str, bool] = {}  # rules switched after the last directive for every rule
    for directive in ranged:
        ids = directive.rule_ids
        off = directive.action == "disable"
        if ids is None:
            if not off and (every_rule_off or any(by_rule.values())):
                ending.add(directive)
            every_rule_off = off
            by_rule.clear()
        else:
            if not off and any(by_rule.get(i, every_rule_off) for i in ids):
                ending.add(directive)
            by_rule.update(dict.fromkeys(ids, off))
    return ranged, ending


class _Covering:
    """Directives by the rule they cover: those for every rule, and those naming it.
    ``used`` holds the ids of the rules each directive suppressed."""

    def __init__(self, used: dict[Directive, set[str]]) -> None:
        self._used = used
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
            self._used[directive].add(rule_id)


class _Suppressors:
    """The valid directives of a file, indexed so that a finding is looked up in time that
    does not grow with the number of directives.

    Findings must be asked about in order of their position (a sweep over the ``disable``
    and ``enable`` directives follows them).
    """

    def __init__(self, directives: Sequence[Directive], used: dict[Directive, set[str]]) -> None:
        self._directives = directives
        self._used = used
        self._starts = [directive.start for directive in directives]
        self._whole_file = _Covering(used)
        self._next_line: dict[int, _Covering] = {}
        for directive in directives:
            if directive.problem is not None:
                continue
            if directive.action == "disable-file":
                self._whole_file.add(directive)
            elif directive.action == "disable-next-line" and directive.target_line is not None:
                self._next_line.setdefault(directive.target_line, _Covering(used)).add(directive)
        self._marked: set[tuple[int, str]] = set()  # (target line, 0 for the file; rule)
        self._ranged, self.ending = _range_state(directives)  # ending: enables that end one
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
            self._used[last].add(rule_id)
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
    return directive_finding(source, directive.start, directive.end, rule, problem)


def _shown(directive: Directive) -> str:
    names = ",".join(written for written, _ in directive.written)
    return directive.action + (f"={names}" if names else "")


def _unused_problem(directive: Directive, used: set[str], ends_a_disable: bool) -> str | None:
    """Why a valid directive is unused (``used``: the rules it suppressed; for an enable,
    whether it ends a disable), or None when it did its work."""
    if directive.action == "enable":
        return None if ends_a_disable else f"{_shown(directive)} ends no disable"
    if directive.action == "disable-next-line" and directive.target_line is None:
        return f"{_shown(directive)} has no line after it"
    if not directive.written:
        return None if used else f"{_shown(directive)} suppresses nothing"
    idle = [written for written, rule_id in directive.written if rule_id not in used]
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
    used: dict[Directive, set[str]] = {directive: set() for directive in directives}
    suppressors = _Suppressors(directives, used)
    kept: list[Finding] = []
    for finding in sorted(findings, key=Finding.sort_key):
        if suppressors.in_comment(finding):
            continue
        if not suppressors.suppressed(finding) and not ignored(finding, guide.ignore):
            kept.append(finding)
    whole_file = [d for d in directives if d.action == "disable-file" and d.problem is None]
    silencers = {
        rule.id: [d for d in whole_file if d.covers(rule.id)] for rule in suppression_rules()
    }
    invalid, unused = suppression_rule(INVALID_ID), suppression_rule(UNUSED_ID)
    silenced: set[str] = set()
    for directive in directives:
        if directive.action == "disable-file" and directive.problem is None:
            continue
        rule, problem = invalid, directive.problem
        if problem is None:
            ending = directive in suppressors.ending
            rule, problem = unused, _unused_problem(directive, used[directive], ending)
            if problem is None:
                continue
        if not silencers[rule.id]:
            kept.append(_synthetic(source, directive, rule, problem))
        elif rule.id not in silenced:
            silenced.add(rule.id)
            for silencer in silencers[rule.id]:
                used[silencer].add(rule.id)
    for directive in whole_file:  # last: they may have silenced the others' findings
        problem = _unused_problem(directive, used[directive], False)
        if problem is not None:
            kept.append(_synthetic(source, directive, unused, problem))
    return tuple(sorted(kept, key=Finding.sort_key))
