"""Every example written in a rule pack runs as a test, and every rule must have some."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet

from languagetool_fake import fake_languagetool
from tonelint.engine import Linter
from tonelint.fixer import apply_edits, fix_source
from tonelint.grammar import GrammarSettings
from tonelint.models import Edit, Example, RuleSpec, SourceFile
from tonelint.placeholders import keeps_placeholders
from tonelint.settings import RunSettings
from tonelint.styleguide import StyleGuide, builtin_dir, load_pack, load_styleguide

PACK_FILES = sorted((builtin_dir() / "packs").glob("*.yaml"))
RULES: list[RuleSpec] = [rule for path in PACK_FILES for rule in load_pack(path)[1]]
WHOLE_MESSAGE_KINDS = frozenset({"formality"})


_FAKE_LANGUAGETOOL: list[Any] = []  # the running server's context manager and its URL


def _languagetool_url() -> str:
    """Grammar rules run their examples against recorded LanguageTool answers
    (tests/data/languagetool), served on 127.0.0.1 for the whole test session."""
    if not _FAKE_LANGUAGETOOL:
        server = fake_languagetool(lifetime=1800)
        _FAKE_LANGUAGETOOL.extend((server, server.__enter__().url))
    return str(_FAKE_LANGUAGETOOL[1])


def _linter(*rules: RuleSpec, locale: str = "en", channel: str | None = None) -> Linter:
    if any(rule.kind == "suppression" for rule in rules):
        # The rules about directives are in no guide and always on; their examples need
        # rules for a directive to name and suppress: the default guide's.
        return Linter(load_styleguide(), RunSettings(channel=channel))
    guide = StyleGuide(
        name="examples", source="examples", rules=rules, available=rules, locale=locale
    )
    if any(rule.kind == "grammar" for rule in rules):
        settings = GrammarSettings(url=_languagetool_url(), require=True, timeout=10)
        return Linter(guide, RunSettings(channel=channel, grammar=settings))
    return Linter(guide, RunSettings(channel=channel))


def _locale(rule: RuleSpec, example: Example) -> str:
    language = rule.languages[0]
    return example.locale or ("en" if language == "*" else language)


def _with_options(rule: RuleSpec, example: Example) -> RuleSpec:
    """The rule as the example runs it: its own options merged over the rule's."""
    if not example.options:
        return rule
    return replace(rule, options=MappingProxyType({**rule.options, **example.options}))


def _rewritten_spans(edits: list[Edit]) -> list[tuple[int, int]]:
    """Where each replacement text ends up in the fixed text."""
    spans = []
    shift = 0
    for edit in sorted(edits, key=lambda e: e.start):
        start = edit.start + shift
        spans.append((start, start + len(edit.replacement)))
        shift += len(edit.replacement) - (edit.end - edit.start)
    return spans


def _cases(kind: str) -> list[ParameterSet]:
    cases = []
    for rule in RULES:
        examples = rule.fail_examples if kind == "fail" else rule.pass_examples
        for index, example in enumerate(examples):
            cases.append(pytest.param(rule, example, id=f"{rule.id}-{rule.name}-{kind}{index}"))
    return cases


def _example_of(case: ParameterSet) -> Example:
    example = case.values[1]
    assert isinstance(example, Example)
    return example


def test_packs_were_found() -> None:
    assert PACK_FILES, f"no rule packs under {builtin_dir()}"
    assert RULES


@pytest.mark.parametrize(("rule", "example"), _cases("fail"))
def test_fail_example_is_flagged(rule: RuleSpec, example: Example) -> None:
    rule = _with_options(rule, example)
    linter = _linter(rule, locale=_locale(rule, example), channel=example.channel)
    report = linter.lint_text(example.text)
    assert report.findings, f"{rule.id} {rule.name} did not flag: {example.text!r}"
    own = [finding for finding in report.findings if finding.rule_id == rule.id]
    assert own, f"{rule.id} did not flag {example.text!r}"
    for finding in report.findings:
        assert example.text[finding.start : finding.end] == finding.matched
    if example.flags:
        assert sorted(f.matched for f in own) == sorted(example.flags), "pinned `flags`"
    edits = [edit for f in own if f.fix is not None for edit in f.fix.edits]
    if example.fixed is None:
        assert not edits, f"{rule.id} fixes {example.text!r}; show it in `fixed`"
    else:
        assert edits, f"{rule.id} offers no fix for {example.text!r}"
        fixed, applied = apply_edits(example.text, edits)
        assert applied == len(edits), "a rule's own fixes must not overlap"
        assert fixed == example.fixed
        assert keeps_placeholders(example.text, fixed)
        relint = _linter(rule, locale=_locale(rule, example), channel=example.channel)
        again = relint.lint_text(fixed)
        assert not again.findings, f"the rewrite is flagged again: {fixed!r}"
        # No rule of any built-in pack flags the words a rewrite put in.
        # (Whole-message measurements such as the formality score are not about words.)
        phrase_rules = [r for r in RULES if r.kind not in WHOLE_MESSAGE_KINDS]
        cross = _linter(*phrase_rules, locale=_locale(rule, example))
        for finding in cross.lint_text(fixed).findings:
            for start, end in _rewritten_spans(edits):
                overlaps = finding.start < end and start < finding.end and end > start
                assert not overlaps, f"{finding.rule_name} flags the rewrite in {fixed!r}"


@pytest.mark.parametrize(
    ("rule", "example"),
    [case for case in _cases("fail") if _example_of(case).fixed is not None],
)
def test_fixed_example_holds_when_every_pack_rule_fixes_it_together(
    rule: RuleSpec, example: Example
) -> None:
    """Other rules find parts of the same copy ("Hey" in "Hey bestie"); where their fixes
    overlap, the whole rewrite must still come out as the example shows."""
    assert rule.fix is not None
    rules = [
        _with_options(r, example) if r.id == rule.id else r
        for r in RULES
        if r.kind not in WHOLE_MESSAGE_KINDS
    ]
    linter = _linter(*rules, locale=_locale(rule, example), channel=example.channel)
    source = SourceFile.from_text(Path("example.txt"), example.text)
    fixed = fix_source(linter, source, "text", {rule.fix})
    assert (fixed.after, fixed.refused) == (example.fixed, None)


@pytest.mark.parametrize(("rule", "example"), _cases("pass"))
def test_pass_example_is_not_flagged(rule: RuleSpec, example: Example) -> None:
    rule = _with_options(rule, example)
    linter = _linter(rule, locale=_locale(rule, example), channel=example.channel)
    report = linter.lint_text(example.text)
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
