"""Rule documentation, generated from the rule data: the one Markdown renderer of a rule
(``rule_markdown``) for ``tonelint explain``, SARIF's rule help and docs/rules.md.

Regenerate the reference with ``python -m tonelint.explain > docs/rules.md``; a test fails
when the committed file differs from what this module renders.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from tonelint.directives import suppression_rules
from tonelint.kinds import KINDS
from tonelint.kinds.base import quoted as _quoted
from tonelint.models import Example, RuleSpec
from tonelint.styleguide import ALWAYS_ON_PACK, StyleGuide, builtin_guides, load_styleguide


def what_it_does(rule: RuleSpec) -> str:
    """One paragraph on what the rule flags, derived from its kind, data and options."""
    return KINDS[rule.kind].description(rule)


def _shown(text: str) -> str:
    """An example as inline code: a line break shows as ↵ (Markdown would make it a space)."""
    return f"`{text.replace(chr(10), ' ↵ ')}`"


def _with_options(example: Example) -> str:
    """The example's own options, as a suffix: ``(with `max` = 0)``."""
    if not example.options:
        return ""
    return " (with " + ", ".join(f"`{k}` = {v}" for k, v in example.options.items()) + ")"


def _example_lines(rule: RuleSpec) -> list[str]:
    lines: list[str] = []
    for example in rule.fail_examples:
        lines.append(f"- ✗ {_shown(example.text)}{_with_options(example)}")
        if example.fixed is not None:
            lines.append(f"  - ✓ {_shown(example.fixed)}")
    return lines


def _options_lines(rule: RuleSpec) -> list[str]:
    schema = KINDS[rule.kind].options.get("properties", {})
    lines = []
    for name, spec in schema.items():
        value: Any = rule.options.get(name)
        shown = value if not isinstance(value, (list, tuple)) else _quoted(value, 12) or "[]"
        lines.append(f"- `{name}` = {shown}: {spec.get('description', '')}")
    return lines


def rule_markdown(rule: RuleSpec, heading: str = "##") -> str:
    """A rule's documentation in Markdown, in the order ruff uses."""
    fix = (
        rule.fix.value
        if rule.fix
        else "none (suggestion only)"
        if rule.kind in ("existence", "readability")
        else "none"
    )
    parts = [
        f"{heading} {rule.id} `{rule.name}`",
        "",
        f"Category: {rule.category} · Kind: {rule.kind} · Default severity: "
        f"{rule.severity.label} · Fix: {fix} · Pack: {rule.pack}",
        "",
        "**What it does.** " + what_it_does(rule),
        "",
        "**Why is this bad?** " + rule.why,
        "",
        "**Example**",
        "",
        *_example_lines(rule),
    ]
    if rule.instead:
        parts += ["", "**Use instead.** " + rule.instead]
    passing = ", ".join(
        _shown(example.text) + _with_options(example) for example in rule.pass_examples
    )
    parts += ["", "**Not flagged:** " + passing]
    options = _options_lines(rule)
    if options:
        parts += ["", "**Options** (set per rule in a style guide's `rules:`)", "", *options]
    return "\n".join(parts) + "\n"


def _severity_in(guide: StyleGuide, rule: RuleSpec) -> str:
    if rule.pack == ALWAYS_ON_PACK:
        return rule.severity.label
    active = {r.id: r for r in guide.rules}
    return active[rule.id].severity.label if rule.id in active else "off"


def reference_markdown(guides: Sequence[str] | None = None) -> str:
    """docs/rules.md: every built-in rule and its severity in each built-in guide."""
    names = list(guides or builtin_guides())
    loaded = {name: load_styleguide(name=name) for name in names}
    rules = (
        loaded["default"].available
        if "default" in loaded
        else next(iter(loaded.values())).available
    )
    rules = tuple(
        sorted(
            (*(rule for rule in rules if rule.pack != "brand"), *suppression_rules()),
            key=lambda r: r.id,
        )
    )
    header = "| id | name | category | fix | " + " | ".join(names) + " |"
    divider = "|" + " --- |" * (4 + len(names))
    rows = [
        f"| [{rule.id}](#{rule.id.lower()}-{rule.name}) | `{rule.name}` | {rule.category} | "
        f"{rule.fix.value if rule.fix else '-'} | "
        + " | ".join(_severity_in(loaded[name], rule) for name in names)
        + " |"
        for rule in rules
    ]
    intro = [
        "# Rule reference",
        "",
        "<!-- Generated from the rule data by `python -m tonelint.explain > docs/rules.md`;"
        " do not edit by hand. -->",
        "",
        "Every rule below is data in `styleguides/packs/`; its examples run as tests. The table",
        "shows each rule's severity in each built-in style guide (`off`: not enabled there; "
        "guides may change severity and options per context, see the README).",
        "The rules about `tonelint:` comments (pack `tonelint`) are on in every guide.",
        "",
        header,
        divider,
        *rows,
        "",
    ]
    return "\n".join(intro) + "\n" + "\n".join(rule_markdown(rule) for rule in rules)


def main() -> None:
    sys.stdout.write(reference_markdown())


if __name__ == "__main__":
    main()
