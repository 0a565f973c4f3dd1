"""``suppression``: the rules about ``tonelint:`` directives (TL001, TL002).

A message holds no directive (they are comments, outside the copy), so the checker finds
nothing; the suppression stage (``tonelint.suppress``) reads a file's directives and turns
the invalid and unused ones into findings of these rules with ``finding``.
"""

from __future__ import annotations

from collections.abc import Iterable

from tonelint.kinds.base import Checker, Kind, NoOptions
from tonelint.models import Finding, Hit, Message, RuleSpec, SourceFile

# What each rule reports, for ``tonelint explain`` and docs: the pack data has no field for
# it, and these two rules are the only ones of the kind.
_REPORTS = {
    "invalid-suppression": "a `tonelint:` comment that tonelint cannot read",
    "unused-suppression": "a `tonelint:` comment that suppresses no finding, or an enable "
    "that ends no disable",
}


def describe(rule: RuleSpec) -> str:
    """What the rule reports, and that no style guide turns it off."""
    reported = _REPORTS.get(rule.name, "a `tonelint:` comment")
    return (
        f"Reports {reported}. Always on, in every style guide; only a `disable-file` "
        "directive silences it."
    )


def _nothing(message: Message) -> Iterable[Hit]:
    return ()


def _build(rule: RuleSpec) -> Checker:
    return _nothing


def finding(source: SourceFile, start: int, end: int, rule: RuleSpec, problem: str) -> Finding:
    """The finding of ``rule`` for the directive at ``[start, end)`` of a file."""
    return Finding.at(
        source,
        start,
        end,
        rule_id=rule.id,
        rule_name=rule.name,
        severity=rule.severity,
        message=rule.message.format(problem=problem),
        matched=source.text[start:end],
        category=rule.category,
    )


KIND = Kind(
    name="suppression",
    summary="Reports tonelint: directives that are invalid or suppress nothing.",
    options_type=NoOptions,
    build=_build,
    describe=describe,
)
