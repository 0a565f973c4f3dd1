"""The report formatters, called directly on reports made by the engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import tonelint
from tonelint.engine import Linter
from tonelint.models import FileReport, InputError, RunReport, Severity
from tonelint.reporters import FORMATTERS, format_json, format_text
from tonelint.reporters.json import SCHEMA_VERSION
from tonelint.reporters.text import summary_line
from tonelint.styleguide import StyleGuide, load_styleguide, styleguide_from_data

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "json-output.md"


# A small pack of our own for the tests that pin exact counts and layouts, so that they do
# not change whenever the built-in pack gains a rule: a greeting with a safe fix, a pet name
# whose removal is an unsafe fix, a phrase with a suggestion and no fix, and an emoji limit.
STARTER_PACK = """\
pack: starter
rules:
  - id: ST101
    name: casual-greeting
    kind: substitution
    severity: warning
    fix: safe
    message: "'{match}' is a greeting between friends; use '{replacement}'."
    why: Customers did not choose the brand as a friend.
    swaps: {hey bestie: Hello, hiya: Hello, yo: Hello}
    examples: {fail: [Hiya there.], pass: [Hello there.]}
  - id: ST102
    name: pet-name
    kind: substitution
    severity: warning
    fix: unsafe
    message: "'{match}' addresses the customer with a pet name."
    why: Pet names claim a closeness the brand does not have.
    swaps: {", hun": ""}
    examples: {fail: ["Thanks, hun."], pass: ["Thanks, Sam."]}
  - id: ST201
    name: false-intimacy
    kind: existence
    severity: warning
    message: "'{match}' claims a personal bond with the customer."
    why: A brand cannot miss anyone.
    instead: "Say what the customer gains: 'Your saved items are still in your basket.'"
    phrases: [we miss you]
    examples: {fail: [We miss you.], pass: [Your basket is saved.]}
  - id: ST301
    name: emoji-flood
    kind: density
    severity: warning
    message: "{count} emoji in one message (at most {max})."
    why: A row of emoji crowds out the message.
    options: {measure: emoji, max: 1}
    examples: {fail: [Sale 🎉🔥], pass: [Sale 🎉]}
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    """The built-in default guide."""
    return Linter(load_styleguide())


def _starter_linter(folder: Path, label: str, rules: dict[str, dict[str, str]]) -> Linter:
    (folder / "starter.yaml").write_text(STARTER_PACK, encoding="utf-8")
    guide: StyleGuide = styleguide_from_data(
        {"packs": ["./starter.yaml"], "rules": rules}, {}, label, folder
    )
    return Linter(guide)


@pytest.fixture(scope="module")
def starter_linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    """Only the rules of the small pack above, as the pack defines them."""
    return _starter_linter(tmp_path_factory.mktemp("starter"), "starter", {})


@pytest.fixture(scope="module")
def mixed_linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    """The small pack with one rule raised to error and one lowered to suggestion."""
    rules = {"ST101": {"severity": "error"}, "false-intimacy": {"severity": "suggestion"}}
    return _starter_linter(tmp_path_factory.mktemp("mixed"), "mixed", rules)


def report(linter: Linter, *texts: str, errors: tuple[InputError, ...] = ()) -> RunReport:
    files = tuple(
        linter.lint_text(text, name=f"{chr(ord('a') + index)}.txt")
        for index, text in enumerate(texts)
    )
    return RunReport(files, errors, linter.guide.name)


# ---------------------------------------------------------------- JSON


def test_json_top_level_structure(linter: Linter) -> None:
    data = json.loads(format_json(report(linter, "Hey bestie! We miss you.")))
    assert list(data) == ["version", "tool", "styleguide", "summary", "findings", "errors"]
    assert data["version"] == SCHEMA_VERSION == 1
    assert data["tool"] == {"name": "tonelint", "version": tonelint.__version__}
    assert data["styleguide"] == "default"
    assert data["errors"] == []


def test_json_summary_counts_equal_the_findings(mixed_linter: Linter) -> None:
    run = report(
        mixed_linter,
        "Hey bestie! We miss you. Thanks, hun.",
        "Your order has shipped.",
        "Yo! Sale starts now 🎉🔥💸",
    )
    data = json.loads(format_json(run))
    findings = data["findings"]
    summary = data["summary"]
    assert summary["files"] == 3
    assert summary["messages"] == run.message_count == 3
    assert summary["findings"] == len(findings) == len(run.findings)
    for label in ("suggestion", "warning", "error"):
        expected = sum(1 for finding in findings if finding["severity"] == label)
        assert summary["by_severity"][label] == expected
    assert summary["by_severity"]["error"] == 2  # both greetings
    assert summary["by_severity"]["suggestion"] == 1  # we miss you
    assert summary["by_severity"]["warning"] >= 2  # pet name, emoji
    assert summary["fixable"] == sum(1 for finding in findings if finding["fix"] is not None)
    assert summary["errors"] == 0


def test_json_findings_mirror_the_engine(linter: Linter) -> None:
    run = report(linter, "Welcome!\n\nThanks, hun! Hiya.", "Hey bestie!")
    data = json.loads(format_json(run))
    assert len(data["findings"]) == len(run.findings)
    for entry, finding in zip(data["findings"], run.findings, strict=True):
        assert entry["path"] == finding.path
        assert (entry["line"], entry["column"]) == (finding.line, finding.column)
        assert (entry["end_line"], entry["end_column"]) == (finding.end_line, finding.end_column)
        assert (entry["offset"], entry["end_offset"]) == (finding.start, finding.end)
        assert (entry["rule_id"], entry["rule_name"]) == (finding.rule_id, finding.rule_name)
        assert entry["category"] == finding.category
        assert entry["severity"] == finding.severity.label
        assert entry["message"] == finding.message
        assert entry["matched"] == finding.matched
        assert entry["key"] is None
        assert entry["suggestions"] == list(finding.suggestions)
        if finding.fix is None:
            assert entry["fix"] is None
        else:
            assert entry["fix"]["applicability"] == finding.fix.applicability.value
            assert entry["fix"]["edits"] == [
                {"offset": e.start, "end_offset": e.end, "replacement": e.replacement}
                for e in finding.fix.edits
            ]
    pet = next(entry for entry in data["findings"] if entry["rule_name"] == "pet-name")
    assert pet["path"] == "a.txt"
    assert (pet["line"], pet["column"], pet["end_line"], pet["end_column"]) == (3, 9, 3, 12)
    assert (pet["offset"], pet["end_offset"]) == (18, 21)  # the name; the fix takes ", hun"
    assert pet["fix"] == {
        "applicability": "unsafe",
        "edits": [{"offset": 16, "end_offset": 21, "replacement": ""}],
    }


def test_json_errors(linter: Linter) -> None:
    errors = (
        InputError("logo.txt", "binary file skipped"),
        InputError("latin1.txt", "not valid UTF-8 (byte 0xe9); file skipped", 2),
    )
    data = json.loads(format_json(report(linter, "Hello.", errors=errors)))
    assert data["summary"]["errors"] == 2
    assert data["errors"] == [
        {"path": "logo.txt", "line": None, "key": None, "message": "binary file skipped"},
        {
            "path": "latin1.txt",
            "line": 2,
            "key": None,
            "message": "not valid UTF-8 (byte 0xe9); file skipped",
        },
    ]


def test_json_of_a_clean_run(linter: Linter) -> None:
    data = json.loads(format_json(report(linter, "Your order has shipped.", "Thank you.")))
    assert data["findings"] == []
    assert data["summary"] == {
        "files": 2,
        "messages": 2,
        "findings": 0,
        "by_severity": {"suggestion": 0, "warning": 0, "error": 0},
        "fixable": 0,
        "errors": 0,
    }


def test_json_text_is_indented_utf8_and_ignores_colour_and_quiet(linter: Linter) -> None:
    run = report(linter, "Café 😍 hey bestie")
    output = format_json(run)
    assert output.endswith("}\n")
    assert '\n  "version": 1,\n' in output
    assert "Café 😍 hey bestie" not in output  # the context is not part of the JSON
    assert '"matched": "hey bestie"' in output
    assert "\\u" not in output
    assert format_json(run, True, True) == output
    assert "\x1b" not in format_json(run, True, False)


def test_every_json_field_is_documented(linter: Linter, mixed_linter: Linter) -> None:
    errors = (InputError("x.txt", "binary file skipped"),)
    data = json.loads(format_json(report(linter, "Hey bestie! Thanks, hun.", errors=errors)))
    names: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                names.add(key)
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    documented = set(re.findall(r"`(?:edits\[\]\.|tool\.)?([a-z_]+)`", DOCS.read_text("utf-8")))
    assert names - {"suggestion", "warning", "error"} <= documented
    assert {"offset", "end_offset", "replacement", "applicability", "by_severity"} <= names


# ---------------------------------------------------------------- text


def test_summary_pluralisation(starter_linter: Linter) -> None:
    assert summary_line(report(starter_linter, "Hey bestie!")) == (
        "1 problem (1 warning) in 1 file of 1 checked; 1 with a safe fix."
    )
    assert summary_line(report(starter_linter, "Hey bestie! Hiya there.")) == (
        "2 problems (2 warnings) in 1 file of 1 checked; 2 with a safe fix."
    )
    assert summary_line(report(starter_linter, "Hey bestie!", "Hiya!", "Thank you.")) == (
        "2 problems (2 warnings) in 2 files of 3 checked; 2 with a safe fix."
    )
    assert summary_line(report(starter_linter, "Thank you.")) == "No problems in 1 file."
    assert summary_line(report(starter_linter, "Thank you.", "Bye.")) == "No problems in 2 files."
    assert summary_line(report(starter_linter)) == "No problems in 0 files."


def test_summary_counts_severities_most_severe_first(mixed_linter: Linter) -> None:
    run = report(mixed_linter, "Hey bestie! We miss you. Thanks, hun.")
    assert run.counts()[Severity.ERROR] == 1
    assert summary_line(run) == (
        "3 problems (1 error, 1 warning, 1 suggestion) in 1 file of 1 checked; 1 with a safe fix."
    )


def test_summary_counts_only_safe_fixes_and_file_errors(starter_linter: Linter) -> None:
    assert summary_line(report(starter_linter, "Thanks, hun.")) == (
        "1 problem (1 warning) in 1 file of 1 checked."  # the fix is unsafe
    )
    one = (InputError("logo.txt", "binary file skipped"),)
    two = (*one, InputError("x.txt", "binary file skipped"))
    assert summary_line(report(starter_linter, "Thank you.", errors=one)) == (
        "No problems in 1 file; 1 file error."
    )
    assert summary_line(report(starter_linter, "Hey bestie!", errors=two)) == (
        "1 problem (1 warning) in 1 file of 1 checked; 1 with a safe fix; 2 file errors."
    )


def test_text_report_layout(starter_linter: Linter) -> None:
    output = format_text(
        report(starter_linter, "Hey bestie! Hiya there.", "Thank you.", "We miss you.")
    )
    assert output == (
        "a.txt\n"
        "  1:1  warning  casual-greeting [ST101]  "
        "'Hey bestie' is a greeting between friends; use 'Hello'.\n"
        "    │ Hey bestie! Hiya there.\n"
        "    │ ^^^^^^^^^^\n"
        "    ╰ rewrite (safe fix): Hello\n"
        "  1:13  warning  casual-greeting [ST101]  "
        "'Hiya' is a greeting between friends; use 'Hello'.\n"
        "    │ Hey bestie! Hiya there.\n"
        "    │             ^^^^\n"
        "    ╰ rewrite (safe fix): Hello\n"
        "\n"
        "c.txt\n"
        "  1:1  warning  false-intimacy [ST201]  "
        "'We miss you' claims a personal bond with the customer.\n"
        "    │ We miss you.\n"
        "    │ ^^^^^^^^^^^\n"
        "    ╰ suggestion: Say what the customer gains: "
        "'Your saved items are still in your basket.'\n"
        "\n"
        "3 problems (3 warnings) in 2 files of 3 checked; 2 with a safe fix.\n"
    )


def test_text_marker_with_tabs_and_wide_characters(starter_linter: Linter) -> None:
    tabbed = format_text(report(starter_linter, "\tHey bestie!")).splitlines()
    assert tabbed[1].startswith("  1:2  ")
    assert tabbed[2:4] == ["    │  Hey bestie!", "    │  ^^^^^^^^^^"]
    wide = format_text(report(starter_linter, "Café 😍 hey bestie")).splitlines()
    assert wide[1].startswith("  1:8  ")
    assert wide[3] == "    │ " + " " * 8 + "^" * 10


def test_text_quiet(starter_linter: Linter) -> None:
    run = report(starter_linter, "Hey bestie! Thanks, hun.")
    assert format_text(run, quiet=True) == (
        "a.txt\n"
        "  1:1  warning  casual-greeting [ST101]  "
        "'Hey bestie' is a greeting between friends; use 'Hello'.\n"
        "  1:19  warning  pet-name [ST102]  ', hun' addresses the customer with a pet name.\n"
        "\n"
        "2 problems (2 warnings) in 1 file of 1 checked; 1 with a safe fix.\n"
    )
    assert format_text(report(starter_linter, "Thank you."), quiet=True) == ""
    assert format_text(report(starter_linter, "Thank you.")) == "No problems in 1 file.\n"
    errors = (InputError("logo.txt", "binary file skipped"),)
    assert format_text(report(starter_linter, "Thank you.", errors=errors), quiet=True) == (
        "No problems in 1 file; 1 file error.\n"
    )


def test_text_colour(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    run = report(linter, "Hey bestie! Thanks, hun.")
    plain = format_text(run, color=False)
    coloured = format_text(run, color=True)
    assert "\x1b" not in plain
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_formatter_registry() -> None:
    assert FORMATTERS["text"] is format_text
    assert FORMATTERS["json"] is format_json
    assert set(FORMATTERS) == {"text", "json", "sarif", "github", "junit", "rdjson"}


def test_empty_report_objects() -> None:
    run = RunReport((FileReport("a.txt", (), 0),), (), "default")
    assert json.loads(format_json(run))["summary"]["files"] == 1
    assert format_text(run) == "No problems in 1 file.\n"
