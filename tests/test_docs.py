"""The rule reference and `tonelint explain` are generated from the rule data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.explain import reference_markdown, rule_markdown
from tonelint.models import RuleSpec
from tonelint.styleguide import builtin_dir, builtin_guides, load_pack, load_styleguide

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_committed_rule_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), (
        "docs/rules.md is stale: run `python -m tonelint.explain > docs/rules.md`"
    )


def test_reference_lists_every_rule_with_its_severity_per_guide() -> None:
    text = reference_markdown()
    guide = load_styleguide()
    for rule in guide.available:
        if rule.pack == "brand":
            continue
        assert f"## {rule.id} `{rule.name}`" in text
        assert rule.why in text
    header = next(line for line in text.splitlines() if line.startswith("| id |"))
    for name in builtin_guides():
        assert f" {name} |" in header


def _shipped_rules() -> list[RuleSpec]:
    """Every rule of every pack tonelint ships, read where an installed tonelint reads
    them (a copy of a pack elsewhere is a user's pack, whose patterns run on RE2)."""
    packs = sorted((builtin_dir() / "packs").glob("*.yaml"))
    return [rule for path in packs for rule in load_pack(path)[1]]


def test_reference_documents_every_rule_of_every_builtin_pack_with_the_one_renderer() -> None:
    """Every rule tonelint ships, the always-on ones about directives included, has its
    section in docs/rules.md, rendered as ``tonelint explain`` renders it."""
    text = reference_markdown()
    rules = _shipped_rules()
    assert {"TL001", "TL002"} <= {rule.id for rule in rules}
    for rule in rules:
        assert rule_markdown(rule) in text, rule.id


def test_rendered_examples_keep_their_line_breaks_visible() -> None:
    """An example spanning lines is one inline code span with ↵ for each break: a raw line
    break inside backticks would render as a space (or end the list item)."""
    text = reference_markdown()
    multiline = [
        example
        for rule in _shipped_rules()
        for example in (*rule.fail_examples, *rule.pass_examples)
        if "\n" in example.text
    ]
    assert multiline
    for example in multiline:
        assert "`" + example.text.replace("\n", " ↵ ") + "`" in text
    for number, line in enumerate(text.splitlines(), start=1):
        assert line.count("`") % 2 == 0, f"docs/rules.md:{number}: a code span crosses lines"


def test_an_example_with_its_own_options_is_shown_with_them() -> None:
    """An example that runs with other options than its rule's says so where it is shown:
    otherwise the same text could appear as flagged and as not flagged."""
    with_options = [
        (rule, example)
        for rule in _shipped_rules()
        for example in (*rule.fail_examples, *rule.pass_examples)
        if example.options
    ]
    assert with_options
    for rule, example in with_options:
        shown = ", ".join(f"`{key}` = {value}" for key, value in example.options.items())
        assert f"`{example.text}` (with {shown})" in rule_markdown(rule)


@pytest.mark.parametrize("reference", ["TL104", "pet-name", "tl104", " Pet-Name "])
def test_explain_by_id_or_name(reference: str) -> None:
    result = runner.invoke(app, ["explain", reference, "--no-color"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# TL104 `pet-name`")
    for heading in ("**What it does.**", "**Why is this bad?**", "**Example**", "**Options**"):
        assert heading in out
    assert "Fix: unsafe" in out
    assert "✗ `Thanks, hun! We'll be in touch.`" in out
    assert "✓ `Thanks! We'll be in touch.`" in out
    assert "In default: enabled, warning." in out


def test_explain_shows_the_state_in_the_chosen_guide() -> None:
    result = runner.invoke(app, ["explain", "hey-greeting", "-s", "friendly", "--no-color"])
    assert result.exit_code == 0
    assert "In friendly: off." in result.stdout


def test_explain_unknown_rule_is_a_usage_error() -> None:
    result = runner.invoke(app, ["explain", "no-such-rule"])
    assert result.exit_code == 2
    assert "unknown rule 'no-such-rule'" in result.stderr
    assert "Traceback" not in result.output


def test_rule_markdown_includes_hint_and_pass_examples() -> None:
    rule = load_styleguide().find("guilt-trip")
    assert rule is not None
    text = rule_markdown(rule)
    assert "**Use instead.** Offer a neutral choice" in text
    assert "**Not flagged:** `No thanks`" in text
    assert "Fix: none (suggestion only)" in text


def test_rules_command_shows_category_severity_and_fix() -> None:
    result = runner.invoke(app, ["rules", "--all"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "category", "kind", "severity", "fix", "enabled"]
    row = next(line.split() for line in lines if line.startswith("TL501"))
    assert row == [
        "TL501",
        "casual-in-serious-context",
        "serious-context",
        "existence",
        "error",
        "-",
        "no",
    ]


def test_security_policy_names_every_environment_variable_the_code_reads() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "src" / "tonelint").rglob("*.py")
    )
    names = set(re.findall(r"\benv(?:iron)?\.get\(\s*\"([A-Z_]+)\"", source))
    names |= set(re.findall(r"^ENV_\w+ = \"([A-Z_]+)\"", source, re.MULTILINE))
    assert {"TONELINT_CACHE_DIR", "TONELINT_LANGUAGETOOL_URL", "LTP_PATH"} <= names
    policy = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert [name for name in sorted(names) if f"`{name}`" not in policy] == []


def test_security_policy_states_the_limits_of_style_guides_the_code_enforces() -> None:
    """The limits SECURITY.md promises are the ones in the code."""
    from tonelint.files import MAX_SIZE_LIMIT
    from tonelint.matching.linear_regex import MAX_PATTERNS, MAX_REPEAT_COUNT, PATTERN_MEMORY
    from tonelint.styleguide import MAX_EXTENDS_DEPTH, MAX_GUIDE_SIZE
    from tonelint.yamlsource import EXCERPT_LENGTH, MAX_NODES

    policy = " ".join((ROOT / "SECURITY.md").read_text(encoding="utf-8").split())

    def stated(pattern: str) -> int:
        found = re.findall(pattern, policy)
        assert len(found) == 1, (pattern, found)
        return int(found[0].replace(",", ""))

    assert stated(r"regular file .*? of at most (\d+) KiB") * 1024 == MAX_GUIDE_SIZE
    assert stated(r"A chain of `extends` may be at most (\d+) deep") == MAX_EXTENDS_DEPTH
    assert stated(r"at most (\d+) patterns of its own") == MAX_PATTERNS
    assert stated(r"RE2's (\d+) KiB memory budget for one pattern") * 1024 == PATTERN_MEMORY
    assert stated(r"with a repeat count over (\d+),") == MAX_REPEAT_COUNT
    assert stated(r"an error quotes at most (\d+) characters of a value") == EXCERPT_LENGTH
    assert stated(r"alias expansion is capped at ([\d,]+) nodes") == MAX_NODES
    assert stated(r"`--max-file-size` \(default 16 MiB, at most (\d+)G") * 1024**3 == (
        MAX_SIZE_LIMIT
    )
