"""The CI output formats (SARIF, GitHub workflow commands, JUnit XML, rdjson) and the
``--format auto`` / ``--output`` options of ``tonelint check``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import tonelint
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.explain import rule_markdown
from tonelint.models import (
    Applicability,
    Edit,
    FileReport,
    Finding,
    Fix,
    InputError,
    RunReport,
    Severity,
)
from tonelint.reporters import (
    FORMATTERS,
    NO_CONTEXT,
    ReportContext,
    format_github,
    format_junit,
    format_rdjson,
    format_sarif,
)
from tonelint.reporters.github import escape_data, escape_property
from tonelint.reporters.sarif import FINGERPRINT, SARIF_SCHEMA
from tonelint.styleguide import StyleGuide, load_styleguide, styleguide_from_data

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA_FILE = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
RULES_DOC = ROOT / "docs" / "rules.md"

# A small pack of our own, so that exact outputs do not change whenever the built-in packs
# gain a rule or reword a message: a greeting with a safe fix, a pet name whose removal is
# an unsafe fix, a phrase with advice and no fix.
PACK = """\
pack: starter
rules:
  - id: ST101
    name: casual-greeting
    kind: substitution
    severity: warning
    fix: safe
    message: "'{match}' is a greeting between friends; use '{replacement}'."
    why: Customers did not choose the brand as a friend.
    swaps: {hey bestie: Hello, hiya: Hello}
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
    instead: "Say what the customer gains."
    phrases: [we miss you]
    examples: {fail: [We miss you.], pass: [Your basket is saved.]}
"""

# One finding of each severity: the greeting is raised to error, the bond lowered.
SEVERITIES = {"casual-greeting": {"severity": "error"}, "ST201": {"severity": "suggestion"}}

TEXT = "Hiya! Thanks, hun.\n\nWe miss you.\n"

runner = CliRunner()


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> StyleGuide:
    folder = tmp_path_factory.mktemp("starter")
    (folder / "starter.yaml").write_text(PACK, encoding="utf-8")
    return styleguide_from_data(
        {"packs": ["./starter.yaml"], "rules": SEVERITIES}, {}, "starter", folder
    )


@pytest.fixture(scope="module")
def linter(guide: StyleGuide) -> Linter:
    return Linter(guide)


@pytest.fixture(scope="module")
def context(guide: StyleGuide) -> ReportContext:
    return ReportContext.from_guide(guide)


def make_report(linter: Linter, *texts: str, errors: tuple[InputError, ...] = ()) -> RunReport:
    files = tuple(
        linter.lint_text(text, name=f"{chr(ord('a') + index)}.txt")
        for index, text in enumerate(texts)
    )
    return RunReport(files, errors, linter.guide.name)


def sarif(run: RunReport, context: ReportContext = NO_CONTEXT) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(format_sarif(run, False, False, context))
    return data


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    if not SARIF_SCHEMA_FILE.is_file():
        pytest.skip(f"../shared/schemas is not present: {SARIF_SCHEMA_FILE} not found")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    validator = jsonschema.Draft4Validator(schema)
    validator.check_schema(schema)
    return validator


def assert_valid_sarif(validator: Any, data: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


# ---------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_schema(
    sarif_validator: Any, linter: Linter, context: ReportContext
) -> None:
    errors = (
        InputError("logo.txt", "binary file skipped"),
        InputError("en.json", "invalid JSON", 3, "a.b"),
    )
    run = make_report(linter, TEXT, "Your order has shipped.", errors=errors)
    assert_valid_sarif(sarif_validator, sarif(run, context))
    assert_valid_sarif(sarif_validator, sarif(run))  # no rule data: rules from the findings
    assert_valid_sarif(sarif_validator, sarif(make_report(linter), context))


def test_sarif_of_the_builtin_guide_validates(sarif_validator: Any) -> None:
    guide = load_styleguide()
    text = "Hey bestie!!! Thanks, hun 😍 We miss you. Oops, LAST CHANCE, u r gr8.\n"
    run = make_report(Linter(guide), text, "{{ name }}, café time ✨")
    context = ReportContext.from_guide(guide, source_root=str(ROOT), fail_on=Severity.WARNING)
    data = sarif(run, context)
    assert_valid_sarif(sarif_validator, data)
    driver = data["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in guide.rules]
    assert data["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": ROOT.as_uri() + "/"}}


def test_sarif_tool_and_rules(linter: Linter, guide: StyleGuide, context: ReportContext) -> None:
    data = sarif(make_report(linter, TEXT), context)
    assert data["$schema"] == SARIF_SCHEMA
    assert data["version"] == "2.1.0"
    assert len(data["runs"]) == 1
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tonelint"
    assert driver["version"] == tonelint.__version__
    assert driver["informationUri"] == "https://github.com/tonelint/tonelint"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["properties"] == {"styleguide": "starter"}
    assert [rule["id"] for rule in driver["rules"]] == ["ST101", "ST102", "ST201"]
    greeting = driver["rules"][0]
    pet = next(rule for rule in guide.rules if rule.id == "ST102")
    assert greeting["name"] == "casual-greeting"
    assert greeting["shortDescription"] == {"text": "'…' is a greeting between friends; use '…'."}
    assert greeting["fullDescription"] == {
        "text": "Customers did not choose the brand as a friend."
    }
    assert greeting["defaultConfiguration"] == {"level": "error"}  # as the guide sets it
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "note"}
    assert greeting["properties"]["category"] == "casual-greeting"
    assert driver["rules"][1]["help"]["markdown"] == rule_markdown(pet)
    assert "**" not in driver["rules"][1]["help"]["text"]
    assert "Pet names claim a closeness" in driver["rules"][1]["help"]["text"]
    assert "helpUri" not in greeting  # not a built-in rule: docs/rules.md does not have it


def test_sarif_results(linter: Linter, context: ReportContext) -> None:
    run = sarif(make_report(linter, TEXT), context)["runs"][0]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("ST101", "error"),
        ("ST102", "warning"),
        ("ST201", "note"),
    ]
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    greeting, _pet, bond = results
    assert greeting["message"] == {"text": "'Hiya' is a greeting between friends; use 'Hello'."}
    assert greeting["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "a.txt", "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": 1,
                    "startColumn": 1,
                    "endLine": 1,
                    "endColumn": 5,
                    "charOffset": 0,
                    "charLength": 4,
                },
            }
        }
    ]
    assert bond["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert greeting["properties"]["suggestions"] == ["Hello"]
    assert bond["properties"]["suggestions"] == ["Say what the customer gains."]
    assert set(greeting["partialFingerprints"]) == {FINGERPRINT} == {"tonelint/v1"}
    assert re.fullmatch(r"[0-9a-f]{64}", greeting["partialFingerprints"][FINGERPRINT])
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_fixes(linter: Linter, context: ReportContext) -> None:
    greeting, pet, bond = sarif(make_report(linter, TEXT), context)["runs"][0]["results"]
    assert greeting["fixes"] == [
        {
            "description": {"text": "Hello (safe fix)"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "a.txt", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 1,
                                "startColumn": 1,
                                "endLine": 1,
                                "endColumn": 5,
                                "charOffset": 0,
                                "charLength": 4,
                            },
                            "insertedContent": {"text": "Hello"},
                        }
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    replacement = pet["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["charOffset"] == TEXT.index(", hun")
    assert replacement["deletedRegion"]["charLength"] == len(", hun")
    assert replacement["insertedContent"] == {"text": ""}
    assert pet["fixes"][0]["properties"] == {"applicability": "unsafe"}
    assert "fixes" not in bond


def test_sarif_fix_with_a_wider_range_than_the_finding() -> None:
    linter = Linter(load_styleguide())
    run = make_report(linter, "Welcome!\n\nThanks, hun! See you.")
    pet = next(
        result
        for result in sarif(run)["runs"][0]["results"]
        if result["properties"]["ruleName"] == "pet-name"
    )
    region = pet["locations"][0]["physicalLocation"]["region"]
    deleted = pet["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert (region["startColumn"], region["endColumn"]) == (9, 12)  # hun
    assert deleted == {  # ", hun"
        "startLine": 3,
        "startColumn": 7,
        "endLine": 3,
        "endColumn": 12,
        "charOffset": 16,
        "charLength": 5,
    }


def fingerprints(linter: Linter, text: str) -> dict[tuple[str, str], tuple[str, int]]:
    results = sarif(make_report(linter, text))["runs"][0]["results"]
    return {
        (r["ruleId"], r["properties"]["matched"]): (
            r["partialFingerprints"][FINGERPRINT],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    }


def test_sarif_fingerprints_survive_moving_lines(linter: Linter) -> None:
    before = fingerprints(linter, "Hiya! Thanks, hun.\n")
    after = fingerprints(linter, "Order update\n\n\n\nHiya! Thanks, hun.\n")
    assert set(before) == set(after) == {("ST101", "Hiya"), ("ST102", ", hun")}
    for found, (print_before, line_before) in before.items():
        print_after, line_after = after[found]
        assert (line_before, line_after) == (1, 5)
        assert print_before == print_after


def test_sarif_fingerprints_tell_findings_apart(linter: Linter) -> None:
    results = sarif(make_report(linter, "Hiya! Hiya!\n\nHiya!", "Hiya!"))["runs"][0]["results"]
    prints = [result["partialFingerprints"][FINGERPRINT] for result in results]
    assert len(prints) == 4
    assert len(set(prints)) == 4  # twice in one message, once in another, once in b.txt
    # Another word in the message is another message: its findings are new.
    edited = fingerprints(linter, "Hiya! Thanks, hun. Your order shipped.\n")
    same = fingerprints(linter, "Hiya! Thanks, hun.\n")
    assert edited[("ST101", "Hiya")][0] != same[("ST101", "Hiya")][0]


def test_sarif_input_errors(linter: Linter, context: ReportContext) -> None:
    errors = (
        InputError("logo.txt", "binary file skipped"),
        InputError("en.json", "invalid JSON", 3, "a.b"),
    )
    run = sarif(make_report(linter, "Hello.", errors=errors), context)["runs"][0]
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "binary file skipped"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "logo.txt", "uriBaseId": "%SRCROOT%"}
                            }
                        }
                    ],
                    "descriptor": {"id": "input-error"},
                },
                {
                    "level": "error",
                    "message": {"text": "a.b: invalid JSON"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "en.json", "uriBaseId": "%SRCROOT%"},
                                "region": {"startLine": 3},
                            }
                        }
                    ],
                    "descriptor": {"id": "input-error"},
                    "properties": {"key": "a.b"},
                },
            ],
        }
    ]
    assert run["results"] == []


def test_sarif_uris() -> None:
    def uri(path: str) -> dict[str, Any]:
        finding = bare_finding(path=path)
        data = sarif(RunReport((FileReport(path, (finding,), 1),), (), "x"))
        location: dict[str, Any] = data["runs"][0]["results"][0]["locations"][0]
        return dict(location["physicalLocation"]["artifactLocation"])

    assert uri("emails/wel come#1.txt") == {
        "uri": "emails/wel%20come%231.txt",
        "uriBaseId": "%SRCROOT%",
    }
    assert uri("/srv/copy/a.txt") == {"uri": "file:///srv/copy/a.txt"}
    assert uri("C:/copy/a.txt") == {"uri": "file:///C:/copy/a.txt"}


def test_sarif_help_links_point_at_the_rule_reference() -> None:
    guide = load_styleguide()
    data = sarif(make_report(Linter(guide)), ReportContext.from_guide(guide))
    anchors = {
        "#" + re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^## (.+)$", RULES_DOC.read_text("utf-8"), re.MULTILINE)
    }
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    for rule in rules:
        assert rule["helpUri"].startswith("https://github.com/tonelint/tonelint/")
        assert "#" + rule["helpUri"].split("#")[1] in anchors


# ---------------------------------------------------------------- GitHub


def bare_finding(**changes: Any) -> Finding:
    values: dict[str, Any] = {
        "rule_id": "ST102",
        "rule_name": "pet-name",
        "severity": Severity.WARNING,
        "message": "'hun' addresses the customer with a pet name.",
        "path": "a.txt",
        "start": 8,
        "end": 11,
        "line": 1,
        "column": 9,
        "end_line": 1,
        "end_column": 12,
        "matched": "hun",
        "line_text": "Thanks, hun!",
    }
    values.update(changes)
    return Finding(**values)


def test_github_commands(linter: Linter) -> None:
    errors = (InputError("logo.txt", "binary file skipped"), InputError("x.po", "bad", 4))
    output = format_github(make_report(linter, TEXT, "Thank you.", errors=errors))
    assert output == (
        "::error file=a.txt,line=1,col=1,endLine=1,endColumn=5,title=ST101 casual-greeting"
        "::'Hiya' is a greeting between friends; use 'Hello'. (suggestion: Hello)\n"
        "::warning file=a.txt,line=1,col=13,endLine=1,endColumn=18,title=ST102 pet-name"
        "::', hun' addresses the customer with a pet name. (suggestion: (remove it))\n"
        "::notice file=a.txt,line=3,col=1,endLine=3,endColumn=12,title=ST201 false-intimacy"
        "::'We miss you' claims a personal bond with the customer."
        " (suggestion: Say what the customer gains.)\n"
        "::error file=logo.txt::binary file skipped\n"
        "::error file=x.po,line=4::bad\n"
        "3 problems (1 error, 1 warning, 1 suggestion) in 1 file of 2 checked;"
        " 1 with a safe fix; 2 file errors.\n"
    )


def test_github_escaping() -> None:
    assert escape_data("100% off\r\nnow: a, b") == "100%25 off%0D%0Anow: a, b"
    assert escape_property("100% off\r\nnow: a, b") == "100%25 off%0D%0Anow%3A a%2C b"
    finding = bare_finding(
        path="copy/sale, 50%: now.txt",
        message="'hun': 100% cosy,\nbut no",
        suggestions=("Hi, friend", "Hello"),
    )
    run = RunReport((FileReport(finding.path, (finding,), 1),), (), "x")
    first = format_github(run).splitlines()[0]
    assert first == (
        "::warning file=copy/sale%2C 50%25%3A now.txt,line=1,col=9,endLine=1,endColumn=12,"
        "title=ST102 pet-name::'hun': 100%25 cosy,%0Abut no (suggestions: Hi, friend; Hello)"
    )
    error = InputError("a,b:c.txt", "line one\nline two: 5%")
    assert format_github(RunReport((), (error,), "x")).splitlines()[0] == (
        "::error file=a%2Cb%3Ac.txt::line one%0Aline two: 5%25"
    )


def test_github_quiet_and_clean(linter: Linter) -> None:
    clean = make_report(linter, "Thank you.")
    assert format_github(clean) == "No problems in 1 file.\n"
    assert format_github(clean, False, True) == ""
    assert format_github(make_report(linter, "Hiya."), False, True).startswith("::error ")


# ---------------------------------------------------------------- JUnit


def test_junit_structure(linter: Linter, context: ReportContext) -> None:
    errors = (InputError("logo.txt", "binary file skipped"),)
    run = make_report(linter, TEXT, "Thank you.", "We miss you.", errors=errors)
    output = format_junit(run, False, False, context)
    assert output.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites ")
    root = ET.fromstring(output)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    counts = {"tests": "4", "failures": "1", "errors": "1", "skipped": "0"}
    for element in (root, suite):
        assert element.get("name") == "tonelint"
        assert {name: element.get(name) for name in counts} == counts
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["a.txt", "b.txt", "c.txt", "logo.txt"]
    assert {case.get("classname") for case in cases} == {"tonelint"}
    failures = cases[0].findall("failure")
    assert len(failures) == 1
    assert failures[0].get("message") == "3 problems (1 error, 1 warning, 1 suggestion)"
    assert failures[0].get("type") == "error"
    assert failures[0].text == (
        "a.txt:1:1: error: 'Hiya' is a greeting between friends; use 'Hello'."
        " [ST101 casual-greeting] (suggestion: Hello)\n"
        "a.txt:1:13: warning: ', hun' addresses the customer with a pet name."
        " [ST102 pet-name] (suggestion: (remove it))\n"
        "a.txt:3:1: suggestion: 'We miss you' claims a personal bond with the customer."
        " [ST201 false-intimacy] (suggestion: Say what the customer gains.)"
    )
    assert list(cases[1]) == []  # clean: passed
    # Only a suggestion, below the failure level: passed, with the finding in its output.
    assert cases[2].find("failure") is None
    out = cases[2].find("system-out")
    assert out is not None
    assert out.text is not None
    assert out.text.startswith("c.txt:1:1: suggestion: 'We miss you'")
    error = cases[3].find("error")
    assert error is not None
    assert (error.get("message"), error.get("type")) == ("binary file skipped", "input-error")
    properties = suite.find("properties")
    assert properties is not None
    assert [(p.get("name"), p.get("value")) for p in properties] == [("styleguide", "starter")]


def test_junit_fail_level_and_unwritable_characters(linter: Linter) -> None:
    run = make_report(linter, "Hiya.", "We miss you.")
    strict = ReportContext(fail_on=Severity.SUGGESTION)
    lenient = ReportContext(fail_on=Severity.ERROR)
    assert ET.fromstring(format_junit(run, False, False, strict)).get("failures") == "2"
    assert ET.fromstring(format_junit(run, False, False, lenient)).get("failures") == "1"
    finding = bare_finding(message='form\x0cfeed & <tag> "quoted"', path="a\x01.txt")
    odd = RunReport((FileReport(finding.path, (finding,), 1),), (), "x")
    root = ET.fromstring(format_junit(odd))  # well-formed despite the control characters
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("name") == "a\ufffd.txt"
    failure = case.find("failure")
    assert failure is not None
    assert failure.text is not None
    assert 'form\ufffdfeed & <tag> "quoted"' in failure.text


# ---------------------------------------------------------------- rdjson


def test_rdjson_structure(linter: Linter) -> None:
    errors = (InputError("logo.txt", "binary file skipped"), InputError("x.po", "bad", 4))
    data = json.loads(format_rdjson(make_report(linter, TEXT, errors=errors)))
    assert data["source"] == {"name": "tonelint", "url": "https://github.com/tonelint/tonelint"}
    assert data["severity"] == "ERROR"
    greeting, pet, bond, logo, po = data["diagnostics"]
    assert greeting == {
        "message": "'Hiya' is a greeting between friends; use 'Hello'.",
        "location": {
            "path": "a.txt",
            "range": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 5}},
        },
        "severity": "ERROR",
        "code": {"value": "ST101"},
        "suggestions": [
            {
                "range": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 5}},
                "text": "Hello",
            }
        ],
    }
    assert pet["severity"] == "WARNING"
    assert pet["suggestions"] == [
        {
            "range": {"start": {"line": 1, "column": 13}, "end": {"line": 1, "column": 18}},
            "text": "",
        }
    ]
    assert bond["severity"] == "INFO"
    assert "suggestions" not in bond  # no fix: the advice is in the message
    assert bond["message"] == (
        "'We miss you' claims a personal bond with the customer."
        " (suggestion: Say what the customer gains.)"
    )
    assert logo == {
        "message": "binary file skipped",
        "location": {"path": "logo.txt"},
        "severity": "ERROR",
        "code": {"value": "input-error"},
    }
    assert po["location"] == {"path": "x.po", "range": {"start": {"line": 4}}}


def test_rdjson_columns_are_utf8_bytes_and_fix_ranges_are_kept() -> None:
    guide = load_styleguide()
    data = json.loads(
        format_rdjson(
            make_report(Linter(guide), "Café 😍 time! Thanks, hun!"),
            context=ReportContext.from_guide(guide),
        )
    )
    pet = next(d for d in data["diagnostics"] if d["code"]["value"] == "TL104")
    offset = len("Café 😍 time! Thanks, ".encode())  # é is 2 bytes, 😍 is 4
    assert pet["location"]["range"] == {
        "start": {"line": 1, "column": offset + 1},
        "end": {"line": 1, "column": offset + 4},
    }
    assert pet["suggestions"] == [  # the fix removes ", hun", wider than the finding
        {
            "range": {
                "start": {"line": 1, "column": offset - 1},
                "end": {"line": 1, "column": offset + 4},
            },
            "text": "",
        }
    ]
    assert pet["code"]["url"].endswith("/docs/rules.md#tl104-pet-name")


def test_rdjson_fix_on_another_line_gives_no_suggestion() -> None:
    finding = bare_finding(fix=Fix((Edit(40, 43, ""),), Applicability.UNSAFE))
    data = json.loads(format_rdjson(RunReport((FileReport("a.txt", (finding,), 1),), (), "x")))
    (diagnostic,) = data["diagnostics"]
    assert "suggestions" not in diagnostic
    assert data["severity"] == "WARNING"
    assert json.loads(format_rdjson(RunReport((), (), "x"))) == {
        "source": {"name": "tonelint", "url": "https://github.com/tonelint/tonelint"},
        "severity": "INFO",
        "diagnostics": [],
    }


# ---------------------------------------------------------------- the command line


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder with one overfamiliar file and a guide with only casual-greeting."""
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TONELINT_DEBUG", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".tonelint.yaml").write_text(
        "extends: default\ndisable: [overfamiliar]\nrules:\n  casual-greeting: {enabled: true}\n",
        encoding="utf-8",
    )
    (tmp_path / "bad.txt").write_text("Hey bestie! Your order has shipped.\n", encoding="utf-8")
    return tmp_path


GITHUB_LINE = (
    "::warning file=bad.txt,line=1,col=1,endLine=1,endColumn=11,title=TL101 casual-greeting"
    "::'Hey bestie' is a greeting between friends; use 'Hello'. (suggestion: Hello)\n"
)
SUMMARY = "1 problem (1 warning) in 1 file of 1 checked; 1 with a safe fix.\n"


def test_format_auto_outside_github_actions_is_text(workdir: Path) -> None:
    result = runner.invoke(app, ["check", "bad.txt"])
    assert result.exit_code == 1
    assert result.stdout.startswith("bad.txt\n  1:1  warning  casual-greeting [TL101]")
    assert result.stdout.endswith(SUMMARY)
    explicit = runner.invoke(app, ["check", "bad.txt", "--format", "auto"])
    assert explicit.stdout == result.stdout
    other = runner.invoke(app, ["check", "bad.txt"], env={"GITHUB_ACTIONS": "false"})
    assert other.stdout == result.stdout


def test_format_auto_inside_github_actions_is_github(workdir: Path) -> None:
    result = runner.invoke(app, ["check", "bad.txt"], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout == GITHUB_LINE + SUMMARY
    assert result.stderr == ""
    # An explicit format wins.
    text = runner.invoke(app, ["check", "bad.txt", "-f", "text"], env={"GITHUB_ACTIONS": "true"})
    assert text.stdout.startswith("bad.txt\n")


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_every_format_from_the_command_line(workdir: Path, name: str) -> None:
    result = runner.invoke(app, ["check", "bad.txt", "--format", name])
    assert result.exit_code == 1, result.output
    assert "TL101" in result.stdout
    if name in ("json", "sarif", "rdjson"):
        json.loads(result.stdout)
    if name == "junit":
        assert ET.fromstring(result.stdout).get("failures") == "1"


def test_output_writes_the_report_and_prints_the_summary(
    workdir: Path, sarif_validator: Any
) -> None:
    result = runner.invoke(app, ["check", ".", "--format", "sarif", "--output", "out.sarif"])
    assert result.exit_code == 1
    assert result.stdout == SUMMARY
    assert result.stderr == ""
    data = json.loads((workdir / "out.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif(sarif_validator, data)
    (finding,) = data["runs"][0]["results"]
    assert finding["ruleId"] == "TL101"
    assert data["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workdir.as_uri() + "/"


def test_output_with_text_and_github(workdir: Path) -> None:
    result = runner.invoke(app, ["check", "bad.txt", "-o", "report.txt"])
    assert result.stdout == SUMMARY
    written = (workdir / "report.txt").read_text(encoding="utf-8")
    assert written.startswith("bad.txt\n  1:1  warning")
    assert "\x1b" not in written
    env = {"GITHUB_ACTIONS": "true", "FORCE_COLOR": "1"}
    result = runner.invoke(app, ["check", "bad.txt", "-o", "gh.txt"], env=env)
    assert result.stdout == SUMMARY
    assert (workdir / "gh.txt").read_text(encoding="utf-8") == GITHUB_LINE + SUMMARY


def test_output_report_is_not_linted_on_the_next_run(workdir: Path) -> None:
    first = runner.invoke(app, ["check", ".", "-f", "json", "-o", "report.json"])
    second = runner.invoke(app, ["check", ".", "-f", "json", "-o", "report.json"])
    assert first.stdout == second.stdout == SUMMARY
    data = json.loads((workdir / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["files"] == 1


def test_output_quiet_clean_and_unwritable(workdir: Path) -> None:
    (workdir / "bad.txt").write_text("Hello, your order has shipped.\n", encoding="utf-8")
    quiet = runner.invoke(app, ["check", "bad.txt", "-q", "-o", "out.json", "-f", "json"])
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    assert json.loads((workdir / "out.json").read_text(encoding="utf-8"))["findings"] == []
    loud = runner.invoke(app, ["check", "bad.txt", "-o", "out.json", "-f", "json"])
    assert loud.stdout == "No problems in 1 file.\n"
    missing = runner.invoke(app, ["check", "bad.txt", "-o", "no/such/folder/out.json"])
    assert missing.exit_code == 2
    assert missing.stdout == ""
    assert missing.stderr.startswith("tonelint: error: no/such/folder/out.json: cannot write")
