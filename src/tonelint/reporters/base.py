"""What every formatter receives besides the report: rule metadata and run settings, as data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from tonelint.models import Finding, RuleSpec, Severity

if TYPE_CHECKING:
    from tonelint.styleguide import StyleGuide

TOOL_NAME = "tonelint"
TOOL_URI = "https://github.com/tonelint/tonelint"
RULES_URI = TOOL_URI + "/blob/main/docs/rules.md"


@dataclass(frozen=True)
class ReportContext:
    """Data a formatter may need that is not in the ``RunReport``.

    ``rules`` are the rules the guide enables, in its order (SARIF lists them as the rules
    that ran); ``available`` maps every rule of the guide by id, enabled or not, because a
    context override can switch a rule on for some messages only. ``source_root`` is the
    folder relative paths are relative to (SARIF's ``%SRCROOT%``), when known. ``fail_on``
    is the lowest severity that fails the run (a failed JUnit test case). ``documented``
    holds the ids of the rules that docs/rules.md describes (the built-in packs' rules), so
    that only those get a help link.
    """

    rules: tuple[RuleSpec, ...] = ()
    available: Mapping[str, RuleSpec] = field(default_factory=lambda: MappingProxyType({}))
    source_root: str | None = None
    fail_on: Severity = Severity.WARNING
    documented: frozenset[str] = frozenset()

    @classmethod
    def from_guide(
        cls,
        guide: StyleGuide,
        source_root: str | None = None,
        fail_on: Severity | None = None,
    ) -> ReportContext:
        from tonelint.styleguide import builtin_packs

        builtin = set(builtin_packs())
        return cls(
            rules=guide.rules,
            available=MappingProxyType({rule.id: rule for rule in guide.available}),
            source_root=source_root,
            fail_on=fail_on or guide.fail_on or Severity.WARNING,
            documented=frozenset(rule.id for rule in guide.available if rule.pack in builtin),
        )

    def rule(self, rule_id: str) -> RuleSpec | None:
        """A rule by id: the enabled one (with the guide's settings) first."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return self.available.get(rule_id)

    def rule_url(self, rule_id: str, rule_name: str) -> str | None:
        """The rule's section of the generated reference docs/rules.md, when it has one."""
        if rule_id not in self.documented:
            return None
        return f"{RULES_URI}#{rule_id.lower()}-{rule_name}"


NO_CONTEXT = ReportContext()


def position_on_line(finding: Finding, offset: int) -> tuple[int, int] | None:
    """The 1-based (line, column) of a file offset on the line where ``finding`` starts.

    Formatters see no file text, only the part of the finding's first line around it and
    its fix: an offset elsewhere (a fix edit on another line) gives ``None``.
    """
    shown_start = finding.start - (finding.column - finding.line_text_column)
    if shown_start <= offset <= shown_start + len(finding.line_text):
        return finding.line, offset - shown_start + finding.line_text_column
    return None


def utf8_column(finding: Finding, column: int) -> int:
    """A 1-based character column on the finding's first line as a 1-based UTF-8 byte column.

    Outside the part of the line the finding holds (a finding that ends on a later line),
    the character column is returned unchanged: the text there is not known here.
    """
    index = column - finding.line_text_column
    if not 0 <= index <= len(finding.line_text):
        return column
    shown = finding.line_text[:index].encode("utf-8", "surrogatepass")
    return finding.line_text_byte_column + len(shown)


def suggestion_note(finding: Finding) -> str:
    """`` (suggestion: …)`` for a one-line report, or ``""`` without suggestions."""
    if not finding.suggestions:
        return ""
    label = "suggestion" if len(finding.suggestions) == 1 else "suggestions"
    return f" ({label}: {'; '.join(finding.suggestions)})"


def json_text(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` and a line break, encoded a list
    item at a time: the standard encoder holds every small piece of the whole document at
    once, which for a report of many thousands of findings is several times its size."""
    parts: list[str] = []
    _encode(value, 0, parts)
    parts.append("\n")
    return "".join(parts)


def _encode(value: Any, level: int, parts: list[str]) -> None:
    if not _large(value):
        text = json.dumps(value, indent=2, ensure_ascii=False)
        parts.append(text.replace("\n", "\n" + "  " * level) if level else text)
        return
    inner = "\n" + "  " * (level + 1)
    items = value.items() if isinstance(value, dict) else enumerate(value)
    parts.append("{" if isinstance(value, dict) else "[")
    for index, (key, item) in enumerate(items):
        parts.append(("," if index else "") + inner)
        if isinstance(value, dict):
            parts.append(json.dumps(key, ensure_ascii=False) + ": ")
        _encode(item, level + 1, parts)
    parts.append("\n" + "  " * level + ("}" if isinstance(value, dict) else "]"))


def _large(value: Any) -> bool:
    """Whether a value holds a list or object of more than a few dozen items."""
    if isinstance(value, dict):
        return len(value) > 64 or any(_large(item) for item in value.values())
    if isinstance(value, list):
        return len(value) > 64 or any(_large(item) for item in value)
    return False
