"""Suppressions: ``tonelint:`` directives in every comment syntax, and the guide's ``ignore:``."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from builtin_rules import RULE_ID
from tonelint.cli import app
from tonelint.directives import find_suppression_rule, suppression_rules
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.explain import rule_markdown
from tonelint.models import Finding, Severity
from tonelint.schema import load_schema
from tonelint.styleguide import (
    ALWAYS_ON_PACK,
    StyleGuide,
    builtin_dir,
    builtin_guides,
    builtin_packs,
    load_styleguide,
    styleguide_from_data,
)

PET = RULE_ID["pet-name"]
GREETING = RULE_ID["casual-greeting"]
INVALID, UNUSED = "TL001", "TL002"

# Only pet-name and casual-greeting on, so that tests do not change whenever a rule is added.
TWO_RULES = {
    "extends": "default",
    "disable": ["overfamiliar"],
    "rules": {"pet-name": {"enabled": True}, "casual-greeting": {"enabled": True}},
}


def two_rule_guide(**extra: object) -> StyleGuide:
    return styleguide_from_data({**TWO_RULES, **extra}, {}, "guide.yaml", Path.cwd())


def lint(
    text: str, source_format: str, name: str, guide: StyleGuide | None = None
) -> list[Finding]:
    linter = Linter(guide or two_rule_guide())
    return list(linter.lint_text(text, source_format, name).findings)


def found(findings: list[Finding]) -> set[tuple[int, str]]:
    return {(finding.line, finding.rule_id) for finding in findings}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# ---------------------------------------------------------------- every comment syntax


@dataclass(frozen=True)
class Syntax:
    """How to write a directive comment and a message line in one kind of file."""

    name: str
    source_format: str
    comment: Callable[[str], str]
    message: Callable[[int, str], str]
    header: str = ""


def _html(directive: str) -> str:
    return f"<!-- tonelint: {directive} -->"


def _plain(number: int, text: str) -> str:
    return text


def _po(number: int, text: str) -> str:
    return f'msgid "{text}"\nmsgstr ""\n'


SYNTAXES = [
    Syntax("copy.txt", "text", _html, _plain),
    Syntax("copy.md", "markdown", _html, _plain),
    Syntax("email.html", "html", _html, lambda number, text: f"<p>{text}</p>"),
    Syntax(
        "en.yml",
        "yaml",
        lambda d: f"  # tonelint: {d}",
        lambda number, text: f"  m{number}: {text}",
        header="en:\n",
    ),
    Syntax("en.po", "po", lambda d: f"#. tonelint: {d}", _po),
    Syntax("en.ftl", "fluent", lambda d: f"# tonelint: {d}", lambda n, t: f"m{n} = {t}"),
    Syntax(
        "messages_en.properties",
        "properties",
        lambda d: f"! tonelint: {d}",
        lambda number, text: f"m{number}={text}",
    ),
    Syntax("welcome.txt.j2", "template", lambda d: f"{{# tonelint: {d} #}}", _plain),
    Syntax("welcome.hbs", "template", lambda d: f"{{{{! tonelint: {d} }}}}", _plain),
    Syntax("welcome.handlebars", "template", lambda d: f"{{{{!-- tonelint: {d} --}}}}", _plain),
    Syntax("welcome.txt.erb", "template", lambda d: f"<%# tonelint: {d} %>", _plain),
    Syntax(
        "welcome.liquid",
        "template",
        lambda d: f"{{% comment %}}tonelint: {d}{{% endcomment %}}",
        _plain,
    ),
]

# A scenario is a list of items: a directive (str) or the number of a message (int), and the
# numbers of the messages whose pet name must still be reported.
SCENARIOS: dict[str, tuple[list[str | int], set[int]]] = {
    "no directive": ([1, 2], {1, 2}),
    "next line by id": ([1, f"disable-next-line={PET}", 2, 3], {1, 3}),
    "next line by name, any case": (["disable-next-line=Pet-Name", 1, 2], {2}),
    "next line for every rule": (["disable-next-line", 1, 2], {2}),
    "disable then enable": ([1, "disable=pet-name", 2, 3, "enable=pet-name", 4], {1, 4}),
    "disable by id, enable all": ([f"disable={PET.lower()}", 1, "enable", 2], {2}),
    "disable all to the end": ([1, "disable=all", 2, 3], {1}),
    "whole file": ([1, 2, "disable-file", 3], set()),
    "whole file for one rule": ([1, f"disable-file={PET}", 2], set()),
}


def _build(syntax: Syntax, items: list[str | int]) -> tuple[str, dict[int, int]]:
    """The file text and the line of each numbered message."""
    lines = [syntax.header.rstrip("\n")] if syntax.header else []
    message_lines: dict[int, int] = {}
    for item in items:
        if isinstance(item, str):
            lines.append(syntax.comment(item))
        else:
            message_lines[item] = sum(line.count("\n") + 1 for line in lines) + 1
            lines.append(syntax.message(item, f"Thanks, hun! Order {item} has shipped."))
    return "\n".join(lines) + "\n", message_lines


@pytest.mark.parametrize("scenario", list(SCENARIOS), ids=list(SCENARIOS))
@pytest.mark.parametrize("syntax", SYNTAXES, ids=[s.name for s in SYNTAXES])
def test_directives_in_every_comment_syntax(syntax: Syntax, scenario: str) -> None:
    items, reported = SCENARIOS[scenario]
    text, message_lines = _build(syntax, items)
    findings = lint(text, syntax.source_format, syntax.name)
    assert found(findings) == {(message_lines[n], PET) for n in reported}, text


@pytest.mark.parametrize("syntax", SYNTAXES, ids=[s.name for s in SYNTAXES])
def test_an_unused_directive_is_reported_in_every_syntax(syntax: Syntax) -> None:
    text, _ = _build(syntax, [1, "disable-next-line=casual-greeting", 2])
    findings = lint(text, syntax.source_format, syntax.name)
    comment_line = next(n for n, line in enumerate(text.splitlines(), 1) if "tonelint:" in line)
    assert (comment_line, UNUSED) in found(findings), text


def test_variants_of_each_comment_form() -> None:
    text = (
        "{#- tonelint: disable-next-line=pet-name -#}\nThanks, hun!\n"
        "{% # tonelint: disable-next-line=pet-name %}\nThanks, hun!\n"
        "{{~! tonelint: disable-next-line=pet-name ~}}\nThanks, hun!\n"
        "<%# tonelint: disable-next-line=pet-name -%>\nThanks, hun!\n"
        "{{/* tonelint: disable-next-line=pet-name */}}\nThanks, hun!\n"
        "{%- comment -%} tonelint: disable-next-line=pet-name {%- endcomment -%}\nThanks, hun!\n"
        "Thanks, hun!\n"
    )
    assert found(lint(text, "template", "t.txt.j2")) == {(13, PET)}


def test_directives_in_gettext_translator_comments_and_fluent_group_comments() -> None:
    po = '# tonelint: disable-next-line=pet-name\nmsgid "Thanks, hun!"\nmsgstr ""\n'
    assert lint(po, "po", "en.po") == []
    ftl = "## tonelint: disable=pet-name\nm1 = Thanks, hun!\n"
    assert lint(ftl, "fluent", "en.ftl") == []
    properties = "# tonelint: disable-next-line=pet-name\nm1=Thanks, hun!\nm2=Thanks, hun!\n"
    assert found(lint(properties, "properties", "en.properties")) == {(3, PET)}


def test_a_yaml_end_of_line_comment_covers_the_next_line_not_its_own() -> None:
    text = "en:\n  a: Thanks, hun!  # tonelint: disable-next-line=pet-name\n  b: Thanks, hun!\n"
    assert found(lint(text, "yaml", "en.yml")) == {(2, PET)}


def test_next_line_passes_over_blank_lines_and_other_directives() -> None:
    text = (
        "<!-- tonelint: disable-next-line=pet-name -->\n"
        "\n"
        "<!-- tonelint: disable-next-line=casual-greeting -->\n"
        "Hey bestie!\n"
        "Hey bestie!\n"
    )
    assert found(lint(text, "markdown", "a.md")) == {(5, GREETING), (5, PET)}


def test_a_directive_disables_from_its_own_line() -> None:
    text = "Thanks, hun! <!-- tonelint: disable=pet-name -->\nThanks, hun!\n"
    assert lint(text, "html", "a.html") == []


def test_enable_of_one_rule_after_disable_of_all() -> None:
    text = (
        "<!-- tonelint: disable -->\n"
        "Hey bestie!\n"
        "<!-- tonelint: enable=casual-greeting -->\n"
        "Hey bestie!\n"
    )
    assert found(lint(text, "markdown", "a.md")) == {(4, GREETING)}


def test_a_directive_may_span_lines_and_give_a_reason() -> None:
    text = (
        "<!--\n  tonelint: disable-next-line=pet-name -- HEY, our brand voice for HUGE fans\n-->\n"
        "Thanks, hun!\n"
    )
    guide = load_styleguide()  # every rule: nothing in the comment itself is linted
    assert lint(text, "text", "a.txt", guide) == []
    assert lint(text, "markdown", "a.md", guide) == []


def test_disable_file_may_stand_anywhere() -> None:
    text = "Hey bestie!\n\nHey bestie!\n\n{{! tonelint: disable-file=casual-greeting }}\n"
    assert found(lint(text, "template", "a.hbs")) == {(1, PET), (3, PET)}


# ---------------------------------------------------------------- unused and invalid directives


def test_unused_directive_is_a_suggestion_at_the_directive() -> None:
    text = "Hello.\n\n  <!-- tonelint: disable-next-line=pet-name -->\nThank you.\n"
    [finding] = lint(text, "markdown", "a.md")
    assert finding.rule_id == UNUSED
    assert finding.rule_name == "unused-suppression"
    assert finding.severity is Severity.SUGGESTION
    assert finding.category == "suppression"
    assert (finding.line, finding.column, finding.end_line) == (3, 3, 3)
    assert finding.matched == "<!-- tonelint: disable-next-line=pet-name -->"
    assert text[finding.start : finding.end] == finding.matched
    assert "disable-next-line=pet-name suppresses nothing" in finding.message
    assert finding.line_text == "  <!-- tonelint: disable-next-line=pet-name -->"


def test_partly_unused_list_names_the_idle_rules() -> None:
    text = "# tonelint: disable-next-line=pet-name,casual-greeting\nThanks, hun!\n"
    [finding] = lint(text, "text", "a.txt")
    assert finding.rule_id == UNUSED
    assert finding.message.endswith("suppresses nothing for casual-greeting.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# tonelint: enable=pet-name\nHello.\n", "enable=pet-name ends no disable"),
        ("# tonelint: disable-file\nHello.\n", "disable-file suppresses nothing"),
        ("Hello.\n# tonelint: disable-next-line\n", "has no line after it"),
        ("# tonelint: disable=pet-name\n# tonelint: enable\nThanks, hun!\n", "suppresses nothing"),
    ],
)
def test_other_unused_directives(text: str, message: str) -> None:
    findings = lint(text, "text", "a.txt")
    assert any(f.rule_id == UNUSED and message in f.message for f in findings), findings


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        ("disabel=pet-name", "unknown directive 'disabel' (did you mean disable?)"),
        ("disable=pet-nam", "unknown rule 'pet-nam' (did you mean pet-name?)"),
        ("disable-next-line=TL104,TL999", "unknown rule 'TL999'"),
        ("disable=", "empty rule list after 'disable='"),
        ("disable-next-line = , ", "empty rule list after 'disable-next-line='"),
        ("disable pet-name", "expected ACTION or ACTION=RULE,RULE"),
        ("", "expected disable, enable, disable-next-line or disable-file"),
        ("disable-next-line=unused-suppression", "can only be turned off by disable-file"),
    ],
)
def test_malformed_directive_is_a_warning_and_suppresses_nothing(
    directive: str, problem: str
) -> None:
    text = f"<!-- tonelint: {directive} -->\nThanks, hun!\n"
    findings = lint(text, "markdown", "a.md")
    assert found(findings) == {(1, INVALID), (2, PET)}
    invalid = findings[0]
    assert invalid.rule_name == "invalid-suppression"
    assert invalid.severity is Severity.WARNING
    assert (invalid.line, invalid.column) == (1, 1)
    assert problem in invalid.message


def test_only_disable_file_silences_suppression_findings() -> None:
    text = (
        "<!-- tonelint: disable-file=unused-suppression,TL001 -->\n"
        "<!-- tonelint: disable=pet-name -->\n"
        "<!-- tonelint: disabel -->\n"
        "Hello.\n"
    )
    assert lint(text, "markdown", "a.md") == []
    # the same directives without disable-file are reported
    findings = lint(text.split("\n", 1)[1], "markdown", "a.md")
    assert found(findings) == {(1, UNUSED), (2, INVALID)}
    # a disable-file that silenced nothing is itself reported
    idle = "<!-- tonelint: disable-file=TL002 -->\nHello.\n"
    assert found(lint(idle, "markdown", "a.md")) == {(1, UNUSED)}


def test_suppression_rules_are_known_by_id_and_name() -> None:
    rules = suppression_rules()
    assert [(rule.id, rule.name) for rule in rules] == [
        (INVALID, "invalid-suppression"),
        (UNUSED, "unused-suppression"),
    ]
    assert find_suppression_rule(" tl002 ") is rules[1]
    assert find_suppression_rule("Invalid-Suppression") is rules[0]
    assert find_suppression_rule("pet-name") is None
    assert all(rule.category == "suppression" for rule in rules)


def test_a_rule_the_guide_turns_off_may_still_be_named() -> None:
    # casual-in-serious-context is off in the default guide but known to it
    text = f"<!-- tonelint: disable-next-line={RULE_ID['casual-in-serious-context']} -->\nHi.\n"
    assert found(lint(text, "markdown", "a.md")) == {(1, UNUSED)}


def test_files_without_directives_are_unchanged() -> None:
    text = "Hey bestie! Order 1 has shipped.\n"
    assert found(lint(text, "text", "a.txt")) == {(1, GREETING), (1, PET)}


# ---------------------------------------------------------------- ignore: in the style guide

CATALOGUE = json.dumps(
    {
        "marketing": {"winback": "Thanks, hun! Come back soon.", "promo": "Hey bestie!"},
        "orders": {"shipped": "Thanks, hun! Your order has shipped."},
    },
    indent=2,
)


def _catalogue_findings(guide: StyleGuide, name: str = "locales/en.json") -> set[str | None]:
    return {f"{f.key}:{f.rule_name}" for f in lint(CATALOGUE, "json", name, guide)}


def test_ignore_by_key_glob_any_case() -> None:
    guide = two_rule_guide(ignore=[{"rules": ["pet-name"], "keys": ["MARKETING.*"]}])
    assert _catalogue_findings(guide) == {
        "marketing.promo:casual-greeting",
        "orders.shipped:pet-name",
    }


def test_ignore_every_rule_by_key() -> None:
    guide = two_rule_guide(ignore=[{"keys": ["marketing.*"]}])
    assert _catalogue_findings(guide) == {"orders.shipped:pet-name"}


def test_ignore_by_path_glob() -> None:
    guide = two_rule_guide(ignore=[{"rules": [GREETING, "pet-name"], "paths": ["legacy/**"]}])
    assert _catalogue_findings(guide, "legacy/en.json") == set()
    assert len(_catalogue_findings(guide, "locales/en.json")) == 4


def test_ignore_with_keys_and_paths_needs_both() -> None:
    guide = two_rule_guide(ignore=[{"keys": ["orders.*"], "paths": ["legacy/**"]}])
    assert "orders.shipped:pet-name" in _catalogue_findings(guide, "locales/en.json")
    assert "orders.shipped:pet-name" not in _catalogue_findings(guide, "legacy/en.json")


def test_ignore_takes_categories_and_packs() -> None:
    guide = two_rule_guide(ignore=[{"rules": ["overfamiliar"], "keys": ["*"]}])
    assert _catalogue_findings(guide) == set()


def test_ignore_entries_add_up_across_extends(tmp_path: Path) -> None:
    write(
        tmp_path / "base.yaml",
        yaml.safe_dump({**TWO_RULES, "ignore": [{"keys": ["orders.*"]}]}),
    )
    child = write(
        tmp_path / "child.yaml",
        """
        extends: ./base.yaml
        ignore:
          - rules: [casual-greeting]
            keys: ["marketing.promo"]
        """,
    )
    guide = load_styleguide(path=child)
    assert len(guide.ignore) == 2
    assert _catalogue_findings(guide) == {"marketing.winback:pet-name", "marketing.promo:pet-name"}


def test_ignore_is_not_reported_when_unused_and_changes_the_fingerprint() -> None:
    guide = two_rule_guide(ignore=[{"keys": ["no.such.key"]}])
    assert len(_catalogue_findings(guide)) == 4
    assert guide.fingerprint != two_rule_guide().fingerprint


def test_ignore_never_drops_suppression_findings() -> None:
    guide = two_rule_guide(ignore=[{"paths": ["**"]}])
    text = "<!-- tonelint: disable=pet-nam -->\nThanks, hun!\n"
    assert found(lint(text, "markdown", "a.md", guide)) == {(1, INVALID)}


@pytest.mark.parametrize(
    ("entry", "line", "key", "message"),
    [
        (
            '  - rules: [pet-name, no-such-rule]\n    keys: ["a.*"]\n',
            3,
            "ignore[0].rules[1]",
            "unknown rule, category or pack 'no-such-rule'",
        ),
        ("  - rules: [pet-name]\n", 3, "ignore[0]", "needs keys or paths"),
        ("  - keys: []\n", 3, "ignore[0].keys", "needs at least 1 item(s)"),
        ("  - keys: [a]\n    when: always\n", 4, "ignore[0].when", "unknown key"),
    ],
)
def test_bad_ignore_entries_are_one_line_errors(
    tmp_path: Path, entry: str, line: int, key: str, message: str
) -> None:
    path = tmp_path / "guide.yaml"
    path.write_text("extends: default\nignore:\n" + entry, encoding="utf-8")
    with pytest.raises(TonelintError) as info:
        load_styleguide(path=path)
    error = info.value.error
    assert (error.path.endswith("guide.yaml"), error.line, error.key) == (True, line, key)
    assert message in error.message
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{error.path}:{line}: {key}: ")


def test_ignore_is_in_the_json_schema() -> None:
    schema = load_schema("styleguide")
    validator = jsonschema.Draft7Validator(schema)
    validator.validate({"ignore": [{"rules": ["TL104"], "keys": ["a.*"], "paths": ["x/**"]}]})
    assert not validator.is_valid({"ignore": [{"keys": ["a"], "colour": "red"}]})
    assert not validator.is_valid({"ignore": {"keys": ["a"]}})


# ---------------------------------------------------------------- command line


def test_check_reports_unused_directives_and_honours_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "guide.yaml", yaml.safe_dump({**TWO_RULES, "ignore": [{"keys": ["b"]}]}))
    write(
        tmp_path / "copy.md",
        """
        <!-- tonelint: disable-next-line=pet-name -->
        Thanks, hun!

        <!-- tonelint: disable-next-line=casual-greeting -->
        Thank you.
        """,
    )
    write(tmp_path / "en.json", '{"a": "Hello.", "b": "Hey bestie!"}\n')
    result = CliRunner().invoke(
        app, ["check", "copy.md", "en.json", "-s", "guide.yaml", "-f", "json"]
    )
    assert result.exit_code == 0, result.output  # a suggestion is below the failure level
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["rule_id"], f["severity"]) for f in findings] == [
        ("copy.md", 4, UNUSED, "suggestion")
    ]
    assert findings[0]["category"] == "suppression"
    strict = CliRunner().invoke(
        app, ["check", "copy.md", "-s", "guide.yaml", "--fail-on", "suggestion", "-q"]
    )
    assert strict.exit_code == 1
    assert "unused-suppression" in strict.stdout


@pytest.mark.parametrize("reference", ["TL001", "invalid-suppression", "tl002"])
def test_explain_knows_the_suppression_rules(reference: str) -> None:
    result = CliRunner().invoke(app, ["explain", reference, "--no-color"])
    assert result.exit_code == 0, result.output
    rule = find_suppression_rule(reference)
    assert rule is not None
    assert result.stdout.startswith(f"# {rule.id} `{rule.name}`")
    assert "Category: suppression" in result.stdout
    assert rule.why in result.stdout
    assert result.stdout == rule_markdown(rule, heading="#")  # the one renderer of rule docs


def test_suppression_rules_are_pack_data_in_no_guide() -> None:
    """TL001 and TL002 come from their pack file, like every built-in rule; no guide holds
    them and no guide can list their pack, so nothing a guide says changes them."""
    for rule in suppression_rules():
        where = Path(rule.source.rsplit(":", 1)[0]).resolve()
        assert where == (builtin_dir() / "packs" / "tonelint.yaml").resolve()
        assert rule.pack == ALWAYS_ON_PACK and rule.kind == "suppression"
    assert ALWAYS_ON_PACK not in builtin_packs()
    for name in builtin_guides():
        assert not {r.id for r in load_styleguide(name=name).available} & {INVALID, UNUSED}


@pytest.mark.parametrize(
    "guide_text",
    [
        f"packs: [{ALWAYS_ON_PACK}]\n",
        f"extends: default\npacks: [overfamiliar, {ALWAYS_ON_PACK}]\n",
    ],
)
def test_a_guide_cannot_list_the_pack_of_the_suppression_rules(
    tmp_path: Path, guide_text: str
) -> None:
    path = tmp_path / "guide.yaml"
    path.write_text(guide_text, encoding="utf-8")
    with pytest.raises(TonelintError) as info:
        load_styleguide(path=path)
    text = str(info.value)
    assert "\n" not in text
    assert "guide.yaml" in text and f"no built-in pack '{ALWAYS_ON_PACK}'" in text


def test_rules_all_mentions_the_suppression_rules() -> None:
    result = CliRunner().invoke(app, ["rules", "--all"])
    assert result.exit_code == 0
    assert "TL001 invalid-suppression, TL002 unused-suppression" in result.stdout
    assert "TL001" not in CliRunner().invoke(app, ["rules"]).stdout
