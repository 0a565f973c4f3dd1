"""Every example written in a rule pack runs as a test, and every rule must have some."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonelint.engine import Linter
from tonelint.fixer import apply_edits
from tonelint.models import Edit, Example, RuleSpec
from tonelint.placeholders import keeps_placeholders
from tonelint.styleguide import StyleGuide, builtin_dir, load_pack

PACK_FILES = sorted((builtin_dir() / "packs").glob("*.yaml"))
RULES: list[RuleSpec] = [rule for path in PACK_FILES for rule in load_pack(path)[1]]


def _linter(*rules: RuleSpec, locale: str = "en") -> Linter:
    guide = StyleGuide(
        name="examples", source="examples", rules=rules, available=rules, locale=locale
    )
    return Linter(guide)


def _locale(rule: RuleSpec, example: Example) -> str:
    return example.locale or rule.languages[0]


def _rewritten_spans(edits: list[Edit]) -> list[tuple[int, int]]:
    """Where each replacement text ends up in the fixed text."""
    spans = []
    shift = 0
    for edit in sorted(edits, key=lambda e: e.start):
        start = edit.start + shift
        spans.append((start, start + len(edit.replacement)))
        shift += len(edit.replacement) - (edit.end - edit.start)
    return spans


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
    report = _linter(rule, locale=_locale(rule, example)).lint_text(example.text)
    assert report.findings, f"{rule.id} {rule.name} did not flag: {example.text!r}"
    for finding in report.findings:
        assert example.text[finding.start : finding.end] == finding.matched
    if example.fixed is not None:
        edits = [edit for f in report.findings if f.fix is not None for edit in f.fix.edits]
        assert edits, f"{rule.id} offers no fix for {example.text!r}"
        fixed, applied = apply_edits(example.text, edits)
        assert applied == len(edits), "a rule's own fixes must not overlap"
        assert fixed == example.fixed
        assert keeps_placeholders(example.text, fixed)
        again = _linter(rule, locale=_locale(rule, example)).lint_text(fixed)
        assert not again.findings, f"the rewrite is flagged again: {fixed!r}"
        # No rule of any built-in pack flags the words a rewrite put in.
        for finding in _linter(*RULES, locale=_locale(rule, example)).lint_text(fixed).findings:
            for start, end in _rewritten_spans(edits):
                overlaps = finding.start < end and start < finding.end and end > start
                assert not overlaps, f"{finding.rule_name} flags the rewrite in {fixed!r}"


@pytest.mark.parametrize(("rule", "example"), _cases("pass"))
def test_pass_example_is_not_flagged(rule: RuleSpec, example: Example) -> None:
    report = _linter(rule, locale=_locale(rule, example)).lint_text(example.text)
    assert not report.findings, [f"{f.matched!r}: {f.message}" for f in report.findings]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.id}-{rule.name}")
def test_rule_has_examples_and_explanation(rule: RuleSpec) -> None:
    assert len(rule.fail_examples) >= 3, "every rule needs at least three fail examples"
    assert len(rule.pass_examples) >= 3, "every rule needs at least three pass examples"
    assert rule.why.strip()
    if rule.fix is not None:
        assert any(example.fixed is not None for example in rule.fail_examples), (
            "a rule with a fix shows it in a fail example's `fixed`"
        )


def test_examples_parametrisation_is_not_empty() -> None:
    assert _cases("fail") and _cases("pass")
    assert Path(PACK_FILES[0]).is_file()
