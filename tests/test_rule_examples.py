"""Every example written in a rule pack runs as a test, and every rule must have some."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonelint.engine import Linter
from tonelint.fixer import apply_edits
from tonelint.models import Example, RuleSpec
from tonelint.styleguide import StyleGuide, builtin_dir, load_pack

PACK_FILES = sorted((builtin_dir() / "packs").glob("*.yaml"))
RULES: list[RuleSpec] = [rule for path in PACK_FILES for rule in load_pack(path)[1]]


def _linter(rule: RuleSpec) -> Linter:
    guide = StyleGuide(name=rule.name, source=rule.source, rules=(rule,), available=(rule,))
    return Linter(guide)


def _cases(kind: str) -> list[pytest.param]:  # type: ignore[valid-type]
    cases = []
    for rule in RULES:
        examples = rule.fail_examples if kind == "fail" else rule.pass_examples
        for index, example in enumerate(examples):
            cases.append(pytest.param(rule, example, id=f"{rule.id}-{rule.name}-{kind}{index}"))
    return cases


def test_packs_were_found() -> None:
    assert PACK_FILES, f"no rule packs under {builtin_dir()}"
    assert RULES


@pytest.mark.parametrize(("rule", "example"), _cases("fail"))
def test_fail_example_is_flagged(rule: RuleSpec, example: Example) -> None:
    report = _linter(rule).lint_text(example.text)
    assert report.findings, f"{rule.id} {rule.name} did not flag: {example.text!r}"
    for finding in report.findings:
        assert example.text[finding.start : finding.end] == finding.matched
    if example.fixed is not None:
        edits = [edit for f in report.findings if f.fix is not None for edit in f.fix.edits]
        assert edits, f"{rule.id} offers no fix for {example.text!r}"
        fixed, _ = apply_edits(example.text, edits)
        assert fixed == example.fixed
        again = _linter(rule).lint_text(fixed)
        assert not again.findings, f"the rewrite is flagged again: {fixed!r}"


@pytest.mark.parametrize(("rule", "example"), _cases("pass"))
def test_pass_example_is_not_flagged(rule: RuleSpec, example: Example) -> None:
    report = _linter(rule).lint_text(example.text)
    assert not report.findings, [f"{f.matched!r}: {f.message}" for f in report.findings]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.id}-{rule.name}")
def test_rule_has_examples_and_explanation(rule: RuleSpec) -> None:
    assert len(rule.fail_examples) >= 1, "every rule needs a fail example"
    assert len(rule.pass_examples) >= 1, "every rule needs a pass example"
    assert rule.why.strip()
    if rule.fix is not None:
        assert any(example.fixed is not None for example in rule.fail_examples), (
            "a rule with a fix shows it in a fail example's `fixed`"
        )


def test_examples_parametrisation_is_not_empty() -> None:
    assert _cases("fail") and _cases("pass")
    assert Path(PACK_FILES[0]).is_file()
