"""Style guides and rule packs: loading, overrides, strict one-line errors, JSON Schema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builtin_rules import (
    ALL_IDS,
    CHANNEL_IDS,
    DEFAULT_IDS,
    EXCESS_IDS,
    OVERFAMILIAR_IDS,
    RULE_ID,
    STYLEGUIDES,
)
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.kinds import KINDS
from tonelint.matching.linear_regex import MAX_PATTERNS, compile_linear
from tonelint.matching.regex_safety import backtracking_risk
from tonelint.models import Applicability, RuleSpec, Severity
from tonelint.schema import load_schema, validate
from tonelint.styleguide import (
    BRAND_BANNED_ID,
    BRAND_PREFERRED_ID,
    MAX_EXTENDS_DEPTH,
    MAX_GUIDE_SIZE,
    StyleGuide,
    builtin_dir,
    builtin_guides,
    builtin_packs,
    load_pack,
    load_styleguide,
)
from tonelint.yamlsource import EXCERPT_LENGTH, YamlDocument, excerpt, load_yaml

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "src" / "tonelint" / "schemas"


# ---------------------------------------------------------------- helpers


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def line_of(path: Path, marker: str) -> int:
    """The 1-based line of the first line of ``path`` that contains ``marker``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


def pack_text(
    pack: str = "brandpack",
    rule_id: str = "BR001",
    name: str = "buzzword",
    kind: str = "existence",
    body: str = "phrases: [synergy]",
) -> str:
    """A valid one-rule pack; ``body`` holds the kind-specific lines (4-space indented)."""
    extra = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    return (
        f"pack: {pack}\n"
        "rules:\n"
        f"  - id: {rule_id}\n"
        f"    name: {name}\n"
        f"    kind: {kind}\n"
        "    severity: warning\n"
        "    message: \"'{match}' is corporate jargon.\"\n"
        "    why: Jargon hides what we mean.\n"
        f"{extra}\n"
        "    examples:\n"
        '      fail: ["Let\'s find synergy."]\n'
        '      pass: ["Let\'s work together."]\n'
    )


def load_error(path: Path) -> TonelintError:
    with pytest.raises(TonelintError) as info:
        load_styleguide(path=path)
    return info.value


def assert_error(
    error: TonelintError, file: str, line: int | None, key: str | None, fragment: str
) -> None:
    """A single line ``file:line: key: message`` with the expected parts."""
    text = str(error)
    assert "\n" not in text and "\r" not in text, text
    assert text.splitlines() == [text]
    assert error.error.path == file, text
    assert error.error.line == line, text
    assert error.error.key == key, text
    location = f"{file}:{line}" if line is not None else file
    detail = f"{key}: " if key is not None else ""
    assert text.startswith(f"{location}: {detail}"), text
    assert fragment in text, text


def ids(guide: StyleGuide) -> set[str]:
    return {rule.id for rule in guide.rules}


def findings(guide: StyleGuide, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.matched) for f in Linter(guide).lint_text(text).findings]


# ---------------------------------------------------------------- built-in guide


def test_builtin_default_loads() -> None:
    guide = load_styleguide()
    assert guide.name == "default"
    assert guide.fail_on is Severity.WARNING
    # the ids and names these tests use are in the pack
    assert {"TL101", "TL102", "TL201"} <= OVERFAMILIAR_IDS
    assert RULE_ID["casual-greeting"] == "TL101"
    assert {"pet-name", "false-intimacy", "hard-to-read"} <= set(RULE_ID)
    assert {RULE_ID["exclamation-run"], RULE_ID["emoji-flood"], RULE_ID["caps-hype"]} <= EXCESS_IDS
    assert ids(guide) == DEFAULT_IDS
    assert {rule.id for rule in guide.available} == ALL_IDS
    # switched on only for serious contexts
    assert RULE_ID["casual-in-serious-context"] in OVERFAMILIAR_IDS - DEFAULT_IDS
    assert {rule.pack for rule in guide.rules} == {"overfamiliar", "channels"}
    assert guide.chain[-1].endswith("default.yaml")
    assert guide.include is None
    assert guide.exclude == ()
    assert len(guide.fingerprint) == 16


def test_builtin_by_name_is_the_same_as_no_name() -> None:
    assert load_styleguide(name="default") == load_styleguide()
    assert load_styleguide(name="default").fingerprint == load_styleguide().fingerprint


def test_builtin_listings() -> None:
    assert "default" in builtin_guides()
    assert "overfamiliar" in builtin_packs()
    assert (builtin_dir() / "default.yaml").is_file()


def test_builtin_rule_ids_and_names_are_unique() -> None:
    guide = load_styleguide()
    rule_ids = [rule.id.lower() for rule in guide.available]
    names = [rule.name for rule in guide.available]
    assert len(rule_ids) == len(set(rule_ids))
    assert len(names) == len(set(names))
    for rule in guide.available:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", rule.name), rule.name
        assert rule.kind in KINDS
        assert rule.fail_examples and rule.pass_examples
        source, _, line = rule.source.rpartition(":")
        assert Path(source).resolve().parent == (builtin_dir() / "packs").resolve()
        assert int(line) > 1


def test_builtin_rule_fields_are_normalised() -> None:
    guide = load_styleguide()
    greeting = guide.find("TL101")
    assert greeting is not None
    assert greeting.kind == "substitution"
    assert greeting.fix is Applicability.SAFE
    assert ("hey bestie", "Hello") in greeting.swaps
    # folded YAML text is joined into one line
    assert "\n" not in greeting.why and "  " not in greeting.why
    # options are filled with the kind's defaults
    assert dict(greeting.options) == {"inflect": False}
    emoji = guide.find("emoji-flood")
    assert emoji is not None
    assert emoji.options["measure"] == "emoji"
    assert emoji.options["max"] == 1
    assert emoji.options["allow"] == []
    assert "reply" in emoji.options["keyword-after"]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("TL101", "TL101"),
        ("tl101", "TL101"),
        ("  TL201 ", "TL201"),
        ("casual-greeting", "TL101"),
        ("Casual-Greeting", "TL101"),
        ("emoji-flood", RULE_ID["emoji-flood"]),
        ("hard-to-read", RULE_ID["hard-to-read"]),
    ],
)
def test_find_by_id_and_name(reference: str, expected: str) -> None:
    rule = load_styleguide().find(reference)
    assert rule is not None
    assert rule.id == expected


@pytest.mark.parametrize("reference", ["TL999", "excess", "overfamiliar", "", "casual"])
def test_find_unknown_is_none(reference: str) -> None:
    # categories and packs are not rules
    assert load_styleguide().find(reference) is None


def test_find_includes_disabled_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "extends: default\ndisable: [TL101]\n"))
    assert "TL101" not in ids(guide)
    rule = guide.find("casual-greeting")
    assert rule is not None and rule.id == "TL101"


def test_default_rules_flag_text() -> None:
    found = findings(load_styleguide(), "Hey bestie! We miss you!!!")
    rule_ids = {rule_id for rule_id, _ in found}
    # casual and hey greeting, pet name, false intimacy, exclamation run
    assert {"TL101", "TL102", "TL104", "TL301", "TL401"} <= rule_ids


# ---------------------------------------------------------------- extends, packs


def test_extends_builtin_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(path=write(tmp_path / "guide.yaml", "extends: default\n"))
    assert guide.name == "guide.yaml"
    assert guide.source == "guide.yaml"
    assert ids(guide) == DEFAULT_IDS
    assert guide.fail_on is Severity.WARNING  # inherited
    assert len(guide.chain) == 2
    assert guide.chain[0].endswith("default.yaml")
    assert guide.chain[1] == "guide.yaml"


def test_guide_without_extends_has_no_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "description: nothing\n"))
    assert guide.rules == ()
    assert guide.fail_on is None
    assert findings(guide, "Hey bestie! We miss you!!!") == []


def test_empty_file_is_an_empty_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "# nothing here\n"))
    assert guide.rules == ()
    assert guide.available == ()


def test_extends_relative_path_from_the_file_not_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "base" / "base.yaml",
        """
        extends: default
        packs:
          - ./packs/brand.yaml
        disable:
          - excess
        fail-on: error
        """,
    )
    write(tmp_path / "base" / "packs" / "brand.yaml", pack_text())
    child = write(
        tmp_path / "teams" / "child.yaml",
        """
        extends: ../base/base.yaml
        enable:
          - emoji-flood
        """,
    )
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    guide = load_styleguide(path=child)
    assert ids(guide) == (DEFAULT_IDS - EXCESS_IDS) | {"BR001", RULE_ID["emoji-flood"]}
    assert guide.fail_on is Severity.ERROR
    assert [Path(p).name for p in guide.chain] == ["default.yaml", "base.yaml", "child.yaml"]
    assert ("BR001", "synergy") in findings(guide, "We love synergy.")


def test_extends_chain_of_three_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.yaml", "extends: default\nfail-on: suggestion\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\ndisable: [overfamiliar]\n")
    guide = load_styleguide(path=write(tmp_path / "c.yaml", "extends: ./b.yaml\nenable: [TL201]\n"))
    assert ids(guide) == {"TL201"} | CHANNEL_IDS
    assert guide.fail_on is Severity.SUGGESTION
    assert guide.chain[1:] == ("a.yaml", "b.yaml", "c.yaml")


def test_relative_pack_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "packs" / "brand.yaml", pack_text())
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "packs:\n  - packs/brand.yaml\n"))
    assert ids(guide) == {"BR001"}
    rule = guide.rules[0]
    assert rule.pack == "brandpack"
    assert rule.category == "buzzword"  # defaults to the rule name
    assert rule.source == "packs/brand.yaml:3"
    assert dict(rule.options) == {"inflect": True, "case-sensitive": False}
    assert findings(guide, "Pure synergy.") == [("BR001", "synergy")]


def test_builtin_pack_by_name_and_duplicate_pack_is_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(tmp_path / "g.yaml", "extends: default\npacks: [overfamiliar, overfamiliar]\n")
    )
    assert ids(guide) == DEFAULT_IDS
    assert len(guide.available) == len(ALL_IDS)


def test_load_pack_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path / "p.yaml",
        pack_text(
            kind="substitution",
            body="""
            fix: unsafe
            category: jargon
            instead: "  Say   what you mean. "
            swaps:
              leverage: use
            """,
        ),
    )
    name, rules, document = load_pack(path)
    assert name == "brandpack"
    assert document.path == "p.yaml"
    (rule,) = rules
    assert rule.swaps == (("leverage", "use"),)
    assert rule.fix is Applicability.UNSAFE
    assert rule.category == "jargon"
    assert rule.instead == "Say what you mean."
    assert rule.fail_examples[0].text == "Let's find synergy."


# ---------------------------------------------------------------- enable / disable


@pytest.mark.parametrize(
    ("reference", "disabled"),
    [
        ("TL201", {"TL201"}),
        ("tl201", {"TL201"}),
        ("pet-name", {RULE_ID["pet-name"]}),
        ("excess", EXCESS_IDS),
        ("readability", {RULE_ID["hard-to-read"]}),
        ("overfamiliar", OVERFAMILIAR_IDS),
        ("Overfamiliar", OVERFAMILIAR_IDS),
    ],
)
def test_disable_by_id_name_category_and_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str, disabled: set[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(tmp_path / "g.yaml", f"extends: default\ndisable:\n  - {reference}\n")
    )
    assert ids(guide) == DEFAULT_IDS - disabled
    assert {rule.id for rule in guide.available} == ALL_IDS


def test_disabled_rule_does_not_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "We miss you, hun."
    intimacy, pet = RULE_ID["false-intimacy"], RULE_ID["pet-name"]
    assert {intimacy, pet} <= {r for r, _ in findings(load_styleguide(), text)}
    guide = load_styleguide(
        path=write(tmp_path / "g.yaml", f"extends: default\ndisable: [{intimacy}]\n")
    )
    after = {r for r, _ in findings(guide, text)}
    assert pet in after
    assert intimacy not in after


@pytest.mark.parametrize(
    ("reference", "enabled"),
    [
        (RULE_ID["caps-hype"], {RULE_ID["caps-hype"]}),
        ("caps-hype", {RULE_ID["caps-hype"]}),
        ("excess", EXCESS_IDS),
        ("overfamiliar", OVERFAMILIAR_IDS),
    ],
)
def test_enable_by_id_name_category_and_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str, enabled: set[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "base.yaml", "extends: default\ndisable: [overfamiliar]\n")
    guide = load_styleguide(
        path=write(tmp_path / "g.yaml", f"extends: base.yaml\nenable:\n  - {reference}\n")
    )
    assert ids(guide) == enabled | CHANNEL_IDS


def test_enable_and_disable_in_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            "extends: default\nenable: [excess]\ndisable: [excess]\n",
        )
    )
    # enable runs first, then disable
    assert ids(guide) == DEFAULT_IDS - EXCESS_IDS


# ---------------------------------------------------------------- rules: overrides


def test_rule_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            """
            extends: default
            rules:
              TL101:
                severity: error
                message: "Please write Hello, not '{match}'."
              emoji-flood:
                options:
                  max: 3
              hard-to-read:
                enabled: false
              caps-hype:
                options:
                  allow: [SALE]
            """,
        )
    )
    greeting = guide.find("TL101")
    assert greeting is not None
    assert greeting.severity is Severity.ERROR
    assert greeting.message == "Please write Hello, not '{match}'."
    emoji_id, caps_id, readability_id = (
        RULE_ID["emoji-flood"],
        RULE_ID["caps-hype"],
        RULE_ID["hard-to-read"],
    )
    emoji = guide.find(emoji_id)
    assert emoji is not None
    # options merge with the pack's options and the kind's defaults
    assert emoji.options["max"] == 3
    assert emoji.options["measure"] == "emoji"
    assert "reply" in emoji.options["keyword-after"]
    caps = guide.find(caps_id)
    assert caps is not None
    assert caps.options["allow"] == ["SALE"]
    assert caps.options["measure"] == "caps-words"
    assert caps.options["max"] == 0
    assert readability_id not in ids(guide)
    assert guide.find(readability_id) is not None

    report = Linter(guide).lint_text("Heyy there 🎉🔥💸")
    by_rule = {f.rule_id: f for f in report.findings}
    assert "TL101" in by_rule
    assert emoji_id not in by_rule  # three emoji are now allowed
    assert by_rule["TL101"].severity is Severity.ERROR
    assert by_rule["TL101"].message == "Please write Hello, not 'Heyy'."
    assert [f.rule_id for f in Linter(guide).lint_text("Go 🎉🔥💸🎁").findings] == [emoji_id]


def test_rule_override_enabled_true_turns_a_rule_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    caps = RULE_ID["caps-hype"]
    write(tmp_path / "base.yaml", "extends: default\ndisable: [excess]\n")
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml", f"extends: base.yaml\nrules:\n  {caps}:\n    enabled: true\n"
        )
    )
    assert ids(guide) == (DEFAULT_IDS - EXCESS_IDS) | {caps}


def test_rule_overrides_accumulate_over_the_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    emoji_id = RULE_ID["emoji-flood"]
    write(
        tmp_path / "base.yaml",
        f"extends: default\nrules:\n  {emoji_id}:\n    options: {{max: 4}}\n    severity: error\n",
    )
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            "extends: base.yaml\nrules:\n  emoji-flood:\n    options: {allow: ['🎉']}\n",
        )
    )
    emoji = guide.find(emoji_id)
    assert emoji is not None
    assert emoji.options["max"] == 4
    assert emoji.options["allow"] == ["🎉"]
    assert emoji.severity is Severity.ERROR


def test_overrides_change_the_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = load_styleguide(path=write(tmp_path / "a.yaml", "extends: default\n"))
    changed = load_styleguide(
        path=write(tmp_path / "b.yaml", "extends: default\nrules:\n  TL101: {severity: error}\n")
    )
    assert plain.fingerprint == load_styleguide().fingerprint
    assert plain.fingerprint != changed.fingerprint


# ---------------------------------------------------------------- banned / preferred


def test_banned_and_preferred_rules_flag_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            """
            banned:
              - rockstar
              - crushing it
              - phrases: [ninja, guru]
                message: "Do not call customers '{match}'."
                severity: error
                suggest: Use their name.
            preferred:
              utilize: use
              e-mail: email
            """,
        )
    )
    assert ids(guide) == {BRAND_BANNED_ID, f"{BRAND_BANNED_ID}-2", BRAND_PREFERRED_ID}
    plain = guide.find("brand-banned")
    assert plain is not None
    assert plain.phrases == ("rockstar", "crushing it")
    assert plain.severity is Severity.WARNING
    assert plain.source == "g.yaml"
    own = guide.find("brand-banned-2")
    assert own is not None
    assert own.severity is Severity.ERROR
    assert own.instead == "Use their name."
    preferred = guide.find(BRAND_PREFERRED_ID)
    assert preferred is not None
    assert preferred.fix is Applicability.SAFE
    assert preferred.swaps == (("utilize", "use"), ("e-mail", "email"))

    report = Linter(guide).lint_text("Our rockstar ninja will utilize the e-mail.")
    found = {(f.rule_id, f.matched, f.severity, f.message) for f in report.findings}
    assert found == {
        ("TL900", "rockstar", Severity.WARNING, "'rockstar' is on the brand's banned list."),
        ("TL900-2", "ninja", Severity.ERROR, "Do not call customers 'ninja'."),
        ("TL901", "utilize", Severity.WARNING, "Use 'use' instead of 'utilize'."),
        ("TL901", "e-mail", Severity.WARNING, "Use 'email' instead of 'e-mail'."),
    }
    fixes = {f.matched: f.fix for f in report.findings if f.rule_id == "TL901"}
    assert all(
        fix is not None and fix.edits[0].replacement in {"use", "email"} for fix in fixes.values()
    )


def test_banned_and_preferred_accumulate_over_the_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "base.yaml", "extends: default\nbanned: [rockstar]\npreferred: {utilize: use}\n"
    )
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            "extends: base.yaml\nbanned: [ninja]\npreferred: {utilize: apply, leverage: use}\n",
        )
    )
    banned = guide.find(BRAND_BANNED_ID)
    assert banned is not None and banned.phrases == ("rockstar", "ninja")
    preferred = guide.find(BRAND_PREFERRED_ID)
    assert preferred is not None
    assert dict(preferred.swaps) == {"utilize": "apply", "leverage": "use"}
    assert ids(guide) == DEFAULT_IDS | {"TL900", "TL901"}
    found = findings(guide, "A ninja and a rockstar utilize things.")
    assert ("TL900", "ninja") in found and ("TL900", "rockstar") in found
    assert ("TL901", "utilize") in found


def test_fail_on_include_exclude(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "base.yaml",
        """
        extends: default
        fail-on: error
        include: ["**/*.md"]
        exclude: ["vendor/**"]
        """,
    )
    child = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            """
            extends: base.yaml
            fail-on: suggestion
            include: ["**/*.txt", "**/*.json"]
            exclude: ["build/**"]
            """,
        )
    )
    base = load_styleguide(path=tmp_path / "base.yaml")
    assert base.fail_on is Severity.ERROR
    assert base.include == ("**/*.md",)
    assert base.exclude == ("vendor/**",)
    assert child.fail_on is Severity.SUGGESTION
    assert child.include == ("**/*.txt", "**/*.json")  # include replaces
    assert child.exclude == ("vendor/**", "build/**")  # exclude adds up


def test_every_schema_key_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One guide using every top-level key of the schema loads and is schema-valid."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "packs" / "brand.yaml", pack_text())
    path = write(
        tmp_path / "g.yaml",
        """
        $schema: ./styleguide.schema.json
        description: Everything at once.
        extends: default
        packs: [packs/brand.yaml]
        fail-on: error
        include: ["**/*.md"]
        exclude: ["vendor/**"]
        enable: [TL101]
        disable: [excess]
        rules:
          TL201: {severity: suggestion}
        banned: [rockstar]
        preferred: {utilize: use}
        locale: en-GB
        address: formal
        grammar: false
        formats:
          csv: {text-column: Copy, key-column: ID}
        ignore:
          - {rules: [TL101], keys: ["legacy.*"], paths: [legacy/**]}
        contexts:
          - {context: billing, keys: ["*.payment.*"], paths: [billing/**], phrases: [refund]}
        channels:
          - {channel: sms, paths: ["**/sms/**"]}
        overrides:
          - contexts: [billing]
            channels: [sms]
            disable: [TL101]
            rules:
              TL201: {severity: error}
        """,
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == set(load_schema("styleguide")["properties"])
    jsonschema.Draft7Validator(load_schema("styleguide")).validate(data)
    guide = load_styleguide(path=path)
    assert ids(guide) == (DEFAULT_IDS - EXCESS_IDS) | {
        "BR001",
        "TL900",
        "TL901",
        RULE_ID["address-form"],
    }


def test_yaml_merge_keys_may_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    guide = load_styleguide(
        path=write(
            tmp_path / "g.yaml",
            """
            extends: default
            rules:
              TL101: &loud
                severity: error
                message: "Too familiar: '{match}'."
              TL102:
                <<: *loud
                severity: suggestion
            """,
        )
    )
    pet = guide.find("TL102")
    assert pet is not None
    assert pet.severity is Severity.SUGGESTION
    assert pet.message == "Too familiar: '{match}'."
    greeting = guide.find("TL101")
    assert greeting is not None and greeting.severity is Severity.ERROR


# ---------------------------------------------------------------- strict errors (guides)


def test_unknown_top_level_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "extends: default\nfail-on: error\ncolour: blue\n")
    assert_error(load_error(path), "g.yaml", 3, "colour", "unknown key (expected one of:")


def test_unknown_key_inside_rules_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path / "conf" / "g.yaml",
        """
        extends: default
        rules:
          TL101:
            severity: error
            colour: red
        """,
    )
    assert_error(
        load_error(path),
        "conf/g.yaml",
        line_of(path, "colour"),
        "rules.TL101.colour",
        "unknown key (expected one of: enabled, message, options, severity)",
    )


@pytest.mark.parametrize(
    ("text", "line", "key", "fragment"),
    [
        ("description: x\npacks: 3\n", 2, "packs", "expected a list, got a whole number 3"),
        ("packs: [overfamiliar, 7]\n", 1, "packs[1]", "expected a string"),
        ("description: x\nextends: [default]\n", 2, "extends", "expected a string, got a list"),
        ("disable: TL101\n", 1, "disable", "expected a list, got a string 'TL101'"),
        ("rules: [TL101]\n", 1, "rules", "expected a mapping, got a list"),
        ("rules:\n  TL101:\n", 2, "rules.TL101", "expected a mapping, got null"),
        ("rules:\n  TL101:\n    enabled: maybe\n", 3, "rules.TL101.enabled", "true or false"),
        ("rules:\n  TL101:\n    options: 3\n", 3, "rules.TL101.options", "expected a mapping"),
        ("rules:\n  TL101:\n    message: ''\n", 3, "rules.TL101.message", "must not be empty"),
        ("banned:\n  - 3\n", 2, "banned[0]", "expected a string or a mapping"),
        ("banned:\n  - phrases: []\n", 2, "banned[0].phrases", "needs at least 1 item"),
        ("banned:\n  - message: hi\n", 2, "banned[0]", "missing required key 'phrases'"),
        ("banned:\n  - phrases: [a]\n    tone: x\n", 3, "banned[0].tone", "unknown key"),
        ("preferred:\n  utilize: 3\n", 2, "preferred.utilize", "expected a string"),
        ("preferred:\n  yes: sure\n", 2, "preferred.True", "keys must be strings, got true"),
        (
            "rules:\n  TL101: off\n",
            2,
            "rules.TL101",
            "expected a mapping, got false (YAML reads on, off, yes and no as true or false)",
        ),
        ("include: ['']\n", 1, "include[0]", "must not be empty"),
        ("- a list\n", 1, None, "expected a mapping, got a list"),
    ],
)
def test_wrong_types(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    line: int,
    key: str | None,
    fragment: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", text)
    assert_error(load_error(path), "g.yaml", line, key, fragment)


@pytest.mark.parametrize(
    ("text", "marker", "key"),
    [
        (
            "extends: default\nrules:\n  TL101:\n    severity: fatal\n",
            "fatal",
            "rules.TL101.severity",
        ),
        ("extends: default\nfail-on: Error\n", "fail-on", "fail-on"),
        ("banned:\n  - phrases: [a]\n    severity: loud\n", "loud", "banned[0].severity"),
    ],
)
def test_bad_severity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, marker: str, key: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", text)
    assert_error(
        load_error(path),
        "g.yaml",
        line_of(path, marker),
        key,
        "expected one of suggestion, warning, error",
    )


def test_unknown_rule_in_disable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "extends: default\ndisable:\n  - TL101\n  - TL999\n")
    assert_error(
        load_error(path), "g.yaml", 4, "disable[1]", "unknown rule, category or pack 'TL999'"
    )


def test_unknown_rule_in_enable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "extends: default\nenable: [pet-names]\n")
    assert_error(load_error(path), "g.yaml", 2, "enable[0]", "'pet-names'")


def test_disable_without_any_rules_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: no extends\ndisable: [TL101]\n")
    assert_error(load_error(path), "g.yaml", 2, "disable[0]", "unknown rule")


def test_unknown_rule_in_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path / "g.yaml",
        """
        extends: default
        rules:
          TL101:
            severity: error
          TL999:
            enabled: false
        """,
    )
    assert_error(load_error(path), "g.yaml", 5, "rules.TL999", "unknown rule 'TL999'")


def test_rules_cannot_be_keyed_by_category(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "extends: default\nrules:\n  excess:\n    enabled: false\n")
    assert_error(load_error(path), "g.yaml", 3, "rules.excess", "unknown rule 'excess'")


def test_unknown_pack_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: x\npacks:\n  - overfamiliar\n  - nosuchpack\n")
    assert_error(
        load_error(path),
        "g.yaml",
        4,
        "packs[1]",
        f"no built-in pack 'nosuchpack' (built-in: {', '.join(builtin_packs())})",
    )


def test_missing_pack_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: x\npacks:\n  - ./packs/nope.yaml\n")
    assert_error(
        load_error(path), "g.yaml", 3, "packs[0]", "pack file not found: './packs/nope.yaml'"
    )


def test_extends_unknown_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: x\nextends: strictest\n")
    assert_error(
        load_error(path),
        "g.yaml",
        2,
        "extends",
        f"no built-in style guide by that name (built-in: {', '.join(builtin_guides())})",
    )


def test_extends_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: x\nextends: ./base/missing.yaml\n")
    assert_error(load_error(path), "g.yaml", 2, "extends", "style guide file not found")


def test_extends_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "description: the second\nextends: ./a.yaml\n")
    error = load_error(a)
    # reported where the cycle closes: b.yaml's extends
    assert_error(
        error,
        "b.yaml",
        2,
        "extends",
        "style guides extend each other in a cycle: a.yaml → b.yaml → a.yaml",
    )


@pytest.mark.parametrize("reference", ["self.yaml", "./self.yaml", "../conf/self.yaml"])
def test_self_extends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str) -> None:
    path = write(tmp_path / "conf" / "self.yaml", f"description: me\nextends: {reference}\n")
    monkeypatch.chdir(path.parent)
    assert_error(load_error(path), "self.yaml", 2, "extends", "cycle: self.yaml → self.yaml")


def test_error_in_extended_file_is_reported_in_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistake in the parent is not blamed on the child's ``extends`` line."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "base.yaml", "extends: default\ndescription: base\ncolour: red\n")
    child = write(tmp_path / "child.yaml", "extends: base.yaml\n")
    assert_error(load_error(child), "base.yaml", 3, "colour", "unknown key")


def test_duplicate_yaml_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path / "g.yaml",
        """
        extends: default
        rules:
          TL101:
            severity: error
          TL102:
            severity: error
            severity: warning
        """,
    )
    # reported at the second occurrence
    assert_error(load_error(path), "g.yaml", 7, "rules.TL102.severity", "duplicate key")


def test_duplicate_top_level_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "fail-on: error\ndescription: x\nfail-on: warning\n")
    assert_error(load_error(path), "g.yaml", 3, "fail-on", "duplicate key")


def test_yaml_syntax_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "description: x\npacks: [a, b\nfail-on: error\n")
    assert_error(load_error(path), "g.yaml", 3, None, "invalid YAML:")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("description: x\n  bad: indent\n", 2),
        ("description: 'unterminated\n", 2),
        ("a: b\n---\nc: d\n", 2),
        ("\tdescription: tab\n", 1),
        ("description: ok\nextends: *nowhere\n", 2),
        ("description: ok\n\nfail-on: \x01\n", 3),
    ],
)
def test_yaml_syntax_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    assert_error(load_error(path), "g.yaml", line, None, "invalid YAML:")


def test_recursive_alias_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", "packs: &loop [*loop]\n")
    error = load_error(path)
    assert str(error).startswith("g.yaml: invalid YAML:")
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object:tl_sentinel.Boom {a: 1}",
        "!!python/object/new:tl_sentinel.Boom {}",
        "!!python/object/apply:tl_sentinel.boom ['touched']",
        "!!python/object/apply:tl_sentinel.boom {args: ['touched']}",
        "!!python/name:tl_sentinel.boom ''",
        "!!python/module:tl_sentinel ''",
        "!!python/object:tl_sentinel.Boom",
        "!custom_tag value",
    ],
)
def test_python_tags_are_refused_never_constructed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    sentinel = tmp_path / "lib" / "tl_sentinel.py"
    marker = tmp_path / "constructed"
    write(
        sentinel,
        f"""
        from pathlib import Path
        MARK = Path({str(marker)!r})
        MARK.write_text("imported")

        class Boom:
            def __init__(self, *args, **kwargs):
                MARK.write_text("constructed")

            def __setstate__(self, state):
                MARK.write_text("constructed")

        def boom(*args, **kwargs):
            MARK.write_text("called")
        """,
    )
    monkeypatch.syspath_prepend(str(sentinel.parent))
    monkeypatch.delitem(sys.modules, "tl_sentinel", raising=False)
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", f"description: x\nextends: {value}\n")
    error = load_error(path)
    assert_error(error, "g.yaml", 2, "extends", "")
    assert "unsupported YAML tag" in str(error) or "could not determine a constructor" in str(error)
    assert not marker.exists()
    assert "tl_sentinel" not in sys.modules


# ---------------------------------------------------------------- strict errors (packs)


def test_pack_regex_that_does_not_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    pack = write(
        tmp_path / "packs" / "p.yaml",
        pack_text(body="patterns:\n  - '\\bsyn(ergy)?\\b'\n  - '(unclosed'\n"),
    )
    guide = write(tmp_path / "g.yaml", "packs: [packs/p.yaml]\n")
    assert_error(
        load_error(guide),
        "packs/p.yaml",
        line_of(pack, "(unclosed"),
        "rules[0].patterns[1]",
        "invalid regular expression: missing ): (unclosed (patterns are matched with RE2",
    )


# Patterns that take exponential or polynomial time on Python's backtracking re, by class:
# a repeat in a repeat (unbounded or bounded), alternatives that start alike, optional
# items in a counted repeat (nested and written out flat), and adjacent overlapping repeats.
SLOW_ON_RE = [
    ("(a+)+$", "a" * 40 + "!"),
    ("(\\w+\\s?)*$", "a" * 40 + "!"),
    ("(.*a){12}", "a" * 40),
    ("(a|a)*$", "a" * 40 + "!"),
    ("(?:a?){28}a{28}", "a" * 28),
    ("a?" * 28 + "a" * 28, "a" * 28),
    (".*.*.*.*=$", "x" * 3000),
    ("(?:a{1,30}){1,30}$", "a" * 61 + "!"),
]


@pytest.mark.parametrize(("pattern", "text"), SLOW_ON_RE, ids=[p for p, _ in SLOW_ON_RE])
def test_pack_patterns_are_matched_by_re2_so_backtracking_patterns_are_harmless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, text: str
) -> None:
    """A pack that is not built in runs on RE2, so what would backtrack catastrophically in
    re is matched in linear time, with the same matches (test_hostile_guides bounds the
    CPU time of such runs)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.yaml", pack_text(body=f"patterns:\n  - '{pattern}'\n"))
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "packs: [./p.yaml]\n"))
    [rule] = guide.rules
    assert rule.linear
    unescaped = pattern.replace("\\\\", "\\")
    for short in ("aaa=", "b" + "a" * 12 + "!"):  # short enough for re: the same matches
        expected = [m.group() for m in re.finditer(unescaped, short, re.I) if m.group()]
        assert findings(guide, short) == [("BR001", match) for match in expected]
    Linter(guide).lint_text(text)  # finishes: re would take minutes on some of these


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("(a+)+$", "a repeated group holds another repeat"),
        ("(\\w+\\s?)*$", "a repeated group holds another repeat"),
        ("(.*a){12}", "a repeated group holds another repeat"),
        ("(a|a)*$", "a repeated group has alternatives that can start alike"),
        ("(" * 1200 + "a" + ")" * 1200, "groups are nested too deeply to check"),
    ],
)
def test_backtracking_check_of_the_builtin_packs(pattern: str, why: str) -> None:
    """The built-in packs stay on re (they use lookarounds); this check guards them."""
    risk = backtracking_risk(pattern.replace("\\\\", "\\"))
    assert risk is not None and why in risk


def test_builtin_packs_run_on_re_and_their_patterns_pass_the_check() -> None:
    rules = load_styleguide(name="strict").available
    with_patterns = [rule for rule in rules if rule.patterns]
    assert with_patterns and not any(rule.linear for rule in rules)
    assert [p for r in with_patterns for p in r.patterns if backtracking_risk(p)] == []


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("(?<![\\w])win", "invalid perl operator: (?<!"),
        ("(?=now)n", "invalid perl operator: (?="),
        ("(a)\\1", "invalid escape sequence: \\1"),
        ("a{1001}", "repeat count over 1000"),
        ("a{4294967296}", "repeat count over 1000"),
        ("a{2,99999999999999999999}", "repeat count over 1000"),
        ("(?:a{1,40}){1,40}$", "invalid repetition size"),
        ("(?:(?:a{1,30}){1,30}){1,30}", "invalid repetition size"),
        ("\\pL{1000}" * 10, "pattern too large"),
    ],
)
def test_pack_patterns_re2_cannot_compile_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    pack = write(tmp_path / "p.yaml", pack_text(body=f"patterns:\n  - 'x'\n  - '{pattern}'\n"))
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    error = load_error(guide)
    assert_error(error, "p.yaml", line_of(pack, pattern[:20]), "rules[0].patterns[1]", fragment)
    assert "matched with RE2" in str(error)
    assert len(str(error)) < 400


def test_a_guide_brings_at_most_max_patterns_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    half = MAX_PATTERNS // 2 + 1
    for name in ("a", "b"):
        body = "patterns:\n" + "".join(f"  - '{name}{i}x'\n" for i in range(half))
        write(
            tmp_path / f"{name}.yaml",
            pack_text(pack=name, rule_id=name.upper(), name=name, body=body),
        )
    write(tmp_path / "one.yaml", "packs: [./a.yaml]\n")
    assert len(load_styleguide(path=tmp_path / "one.yaml").rules[0].patterns) == half
    guide = write(tmp_path / "g.yaml", "packs: [./a.yaml, ./b.yaml]\n")
    error = load_error(guide)
    over = MAX_PATTERNS - half  # the index in b.yaml of the first pattern over the limit
    assert_error(
        error,
        "b.yaml",
        line_of(tmp_path / "b.yaml", f"b{over}x"),
        f"rules[0].patterns[{over}]",
        f"more than {MAX_PATTERNS} regular expressions",
    )


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    text=st.text(alphabet=st.sampled_from("aAbé É😀ß\u0130\nx-"), max_size=40),
    pattern=st.sampled_from(["a+", "é+", "b?é", "x.", "[aé]{2}", "😀|ß", "(?i)é", "(?s)a.b"]),
)
def test_re2_matches_are_at_the_same_character_offsets_as_re(text: str, pattern: str) -> None:
    """RE2 works on UTF-8; the offsets it gives back are in characters, as re's are."""
    linear = [m.span() for m in compile_linear(pattern).finditer(text)]
    assert linear == [m.span() for m in re.finditer(pattern, text)]


def test_findings_of_an_re2_pattern_in_non_ascii_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.yaml", pack_text(body="patterns:\n  - 'sÿn(?:ergy|ergies)'\n"))
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "packs: [./p.yaml]\n"))
    text = "Grüße 😀 aus Zürich, 𝔘nd SŸNERGIES. Mehr sÿnergy!"
    report = Linter(guide).lint_text(text)
    spans = [(f.matched, f.column) for f in report.findings]
    assert spans == [("SŸNERGIES", text.index("SŸN") + 1), ("sÿnergy", text.index("sÿn") + 1)]


def test_safe_repeats_and_alternations_are_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    body = "patterns:\n  - '\\b(?:call|text)\\b[^.!?]{0,40}'\n  - '(?:ab{1,3}){1,4}'\n"
    write(tmp_path / "p.yaml", pack_text(body=body))
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "packs: [./p.yaml]\n"))
    assert findings(guide, "Text us now or call.") == [("BR001", "Text us now or call")]


def test_pack_regex_that_compiles_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.yaml", pack_text(body="patterns:\n  - '\\bsyn(ergy|ergies)\\b'\n"))
    guide = load_styleguide(path=write(tmp_path / "g.yaml", "packs: [./p.yaml]\n"))
    assert findings(guide, "Many synergies.") == [("BR001", "synergies")]


def test_pack_substitution_without_swaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    pack = write(tmp_path / "p.yaml", pack_text(kind="substitution", body="phrases: [synergy]"))
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    assert_error(
        load_error(guide),
        "p.yaml",
        line_of(pack, "- id:"),
        "rules[0]",
        "a substitution rule needs swaps",
    )


def test_pack_existence_without_phrases_or_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.yaml", pack_text(body="category: jargon"))
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    assert_error(
        load_error(guide), "p.yaml", 3, "rules[0]", "existence rule needs phrases or patterns"
    )


@pytest.mark.parametrize(
    ("options", "marker", "key", "fragment"),
    [
        ("measure: bogus", "bogus", "rules[0].options.measure", "expected one of exclamations"),
        ("max: -1", "max", "rules[0].options.max", "must be at least 0, got -1"),
        ("max: many", "max", "rules[0].options.max", "expected a whole number, got a string"),
        ("max: 1.5", "max", "rules[0].options.max", "expected a whole number"),
        ("colour: red", "colour", "rules[0].options.colour", "unknown key"),
        ("allow: www", "allow", "rules[0].options.allow", "expected a list"),
    ],
)
def test_pack_bad_kind_option(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: str,
    marker: str,
    key: str,
    fragment: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    pack = write(tmp_path / "p.yaml", pack_text(kind="density", body=f"options:\n  {options}\n"))
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    assert_error(load_error(guide), "p.yaml", line_of(pack, marker), key, fragment)


@pytest.mark.parametrize(
    ("options", "option", "fragment"),
    [
        ("measure: bogus", "measure", "expected one of exclamations"),
        ("max: -1", "max", "must be at least 0, got -1"),
        ("max: true", "max", "expected a whole number, got true (YAML reads"),
        ("metric: grade", "metric", "unknown key"),
    ],
)
def test_guide_bad_kind_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: str, option: str, fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    emoji = RULE_ID["emoji-flood"]  # a density rule
    path = write(
        tmp_path / "g.yaml",
        f"extends: default\nrules:\n  {emoji}:\n    severity: error\n"
        f"    options:\n      {options}\n",
    )
    assert_error(load_error(path), "g.yaml", 6, f"rules.{emoji}.options.{option}", fragment)


def test_guide_bad_option_of_readability_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(
        tmp_path / "g.yaml",
        "extends: default\nrules:\n  hard-to-read:\n    options:\n      min-words: 0\n",
    )
    assert_error(
        load_error(path), "g.yaml", 5, "rules.hard-to-read.options.min-words", "must be at least 1"
    )


@pytest.mark.parametrize("name", ["My_Rule", "PetName", "pet--name", "-pet", "pet-", "9lives"])
def test_pack_rule_name_must_be_kebab_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    pack = write(tmp_path / "p.yaml", pack_text(name=f"'{name}'"))
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    assert_error(
        load_error(guide),
        "p.yaml",
        line_of(pack, "name:"),
        "rules[0].name",
        "must be kebab-case, like pet-name",
    )


def test_two_packs_with_the_same_rule_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "one.yaml", pack_text(pack="one", rule_id="BR001", name="first-rule"))
    write(tmp_path / "two.yaml", pack_text(pack="two", rule_id="br001", name="second-rule"))
    guide = write(tmp_path / "g.yaml", "description: x\npacks:\n  - one.yaml\n  - two.yaml\n")
    assert_error(
        load_error(guide),
        "g.yaml",
        4,
        "packs[1]",
        "rule br001 (second-rule) from two.yaml:3 clashes with BR001 (first-rule) from one.yaml:3",
    )


def test_two_packs_with_the_same_rule_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "one.yaml", pack_text(pack="one", rule_id="BR001"))
    write(tmp_path / "two.yaml", pack_text(pack="two", rule_id="BR002"))
    guide = write(tmp_path / "g.yaml", "packs: [one.yaml, two.yaml]\n")
    assert_error(load_error(guide), "g.yaml", 1, "packs[1]", "clashes with BR001 (buzzword)")


def test_pack_clashing_with_an_inherited_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.yaml", pack_text(rule_id="TL101"))
    guide = write(tmp_path / "g.yaml", "extends: default\npacks:\n  - p.yaml\n")
    assert_error(load_error(guide), "g.yaml", 3, "packs[0]", "clashes with TL101 (casual-greeting)")


@pytest.mark.parametrize(
    ("pack", "marker", "key", "fragment"),
    [
        ("pack: p\n", "pack:", None, "missing required key 'rules'"),
        ("pack: p\nrules: []\n", "rules:", "rules", "needs at least 1 item"),
        (
            pack_text().replace("kind: existence", "kind: vibes"),
            "vibes",
            "rules[0].kind",
            "expected one of",
        ),
        (
            pack_text().replace("    why: Jargon hides what we mean.\n", ""),
            "- id:",
            "rules[0]",
            "missing required key 'why'",
        ),
        (
            pack_text().replace('      pass: ["Let\'s work together."]\n', ""),
            "examples:",
            "rules[0].examples",
            "missing required key 'pass'",
        ),
        (
            pack_text(body="phrases: [synergy]\nfix: always"),
            "always",
            "rules[0].fix",
            "expected one of safe, unsafe",
        ),
        (
            pack_text(body="phrases: [synergy]\nphrase: [x]"),
            "phrase: [x]",
            "rules[0].phrase",
            "unknown key",
        ),
        (
            pack_text(body="swaps: [a, b]", kind="substitution"),
            "swaps",
            "rules[0].swaps",
            "expected a mapping",
        ),
        (
            pack_text().replace("pack: brandpack", "pack: brandpack\npack: again"),
            "again",
            "pack",
            "duplicate key",
        ),
    ],
)
def test_pack_schema_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pack: str,
    marker: str,
    key: str | None,
    fragment: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.yaml"
    path.write_text(pack, encoding="utf-8")
    guide = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n")
    assert_error(load_error(guide), "p.yaml", line_of(path, marker), key, fragment)


def test_pack_error_from_a_builtin_guide_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken pack used by a parent guide is reported in the pack, not the child."""
    monkeypatch.chdir(tmp_path)
    pack = write(tmp_path / "base" / "p.yaml", pack_text(body="patterns: ['[a-']"))
    write(tmp_path / "base" / "base.yaml", "packs: [p.yaml]\n")
    child = write(tmp_path / "child.yaml", "extends: base/base.yaml\n")
    assert_error(
        load_error(child),
        "base/p.yaml",
        line_of(pack, "[a-"),
        "rules[0].patterns[0]",
        "invalid regular expression",
    )


@pytest.mark.parametrize(
    "reference",
    ["TL\n999", "new\rline", "line\u2028separator"],
)
def test_references_with_line_breaks_still_give_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for action in ("disable", "packs", "extends"):
        value = [reference] if action != "extends" else reference
        path = tmp_path / f"{action}.yaml"
        path.write_text(json.dumps({action: value}), encoding="utf-8")
        error = load_error(path)
        assert len(str(error).splitlines()) == 1, repr(str(error))
        assert str(error).startswith(f"{action}.yaml:1: {action}")
    path = tmp_path / "rules.yaml"
    path.write_text(json.dumps({"extends": "default", "rules": {reference: {}}}), encoding="utf-8")
    error = load_error(path)
    assert len(str(error).splitlines()) == 1, repr(str(error))
    assert str(error).startswith("rules.yaml:1: rules.")


# ---------------------------------------------------------------- JSON Schema


@pytest.mark.parametrize("schema_file", sorted(SCHEMA_DIR.glob("*.schema.json")), ids=str)
def test_schema_files_are_valid_draft7(schema_file: Path) -> None:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    name = schema_file.name.removesuffix(".schema.json")
    assert load_schema(name) == schema  # the package loads the same file
    assert schema["$id"].endswith(schema_file.name)


def test_schema_files_are_the_ones_tonelint_uses() -> None:
    assert {path.name for path in SCHEMA_DIR.glob("*.schema.json")} == {
        "styleguide.schema.json",
        "rulepack.schema.json",
    }


def test_schema_enums_agree_with_the_code() -> None:
    guide_schema = load_schema("styleguide")
    pack_schema = load_schema("rulepack")
    labels = [severity.label for severity in sorted(Severity)]
    assert guide_schema["$defs"]["severity"]["enum"] == labels
    assert pack_schema["$defs"]["severity"]["enum"] == labels
    kinds = pack_schema["$defs"]["rule"]["properties"]["kind"]["enum"]
    assert set(kinds) == set(KINDS)
    fixes = pack_schema["$defs"]["rule"]["properties"]["fix"]["enum"]
    assert set(fixes) == {item.value for item in Applicability}


def _builtin_documents() -> list[tuple[Path, str]]:
    guides = [(path, "styleguide") for path in sorted(STYLEGUIDES.glob("*.yaml"))]
    packs = [(path, "rulepack") for path in sorted((STYLEGUIDES / "packs").glob("*.yaml"))]
    return guides + packs


def test_there_are_builtin_documents() -> None:
    kinds = [kind for _, kind in _builtin_documents()]
    assert "styleguide" in kinds and "rulepack" in kinds
    # Installed (package data) or from the checkout, the built-in files are the repository's.
    installed = sorted(p.relative_to(builtin_dir()) for p in builtin_dir().rglob("*.yaml"))
    in_repo = sorted(p.relative_to(STYLEGUIDES) for p in STYLEGUIDES.rglob("*.yaml"))
    assert installed == in_repo
    for relative in in_repo:
        assert (builtin_dir() / relative).read_bytes() == (STYLEGUIDES / relative).read_bytes()


@pytest.mark.parametrize(
    ("path", "schema_name"), _builtin_documents(), ids=lambda value: getattr(value, "name", value)
)
def test_builtin_documents_validate_against_the_schemas(path: Path, schema_name: str) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    schema = load_schema(schema_name)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert errors == []
    validate(load_yaml(text, path.name), schema)  # tonelint's own validator agrees
    # the editor modeline points at the schema file that ships in the package
    first = text.splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match is not None, first
    target = (path.parent / match.group(1)).resolve()
    assert target == (SCHEMA_DIR / f"{schema_name}.schema.json").resolve()


@pytest.mark.parametrize("path", sorted((STYLEGUIDES / "packs").glob("*.yaml")), ids=str)
def test_builtin_packs_load(path: Path) -> None:
    # As tonelint finds it: installed as package data (a copy of the checkout's, which must
    # be current), so its patterns run on Python's re, as built-in packs' do.
    installed = builtin_dir() / "packs" / path.name
    assert installed.read_bytes() == path.read_bytes(), "reinstall: the installed pack is stale"
    name, rules, _ = load_pack(installed)
    assert name == path.stem
    assert rules


INVALID_GUIDES: list[tuple[str, Any, str]] = [
    ("unknown key", {"colour": "blue"}, "colour"),
    ("packs not a list", {"packs": 3}, "packs"),
    ("extends empty", {"extends": ""}, "extends"),
    ("bad fail-on", {"fail-on": "fatal"}, "fail-on"),
    ("bad severity", {"rules": {"TL101": {"severity": "loud"}}}, "rules.TL101.severity"),
    ("rules key unknown", {"rules": {"TL101": {"colour": "red"}}}, "rules.TL101.colour"),
    ("enabled not bool", {"rules": {"TL101": {"enabled": "no"}}}, "rules.TL101.enabled"),
    ("banned number", {"banned": [3]}, "banned[0]"),
    ("banned no phrases", {"banned": [{"message": "x"}]}, "banned[0]"),
    ("banned empty phrases", {"banned": [{"phrases": []}]}, "banned[0].phrases"),
    ("preferred list", {"preferred": ["a"]}, "preferred"),
    ("preferred value", {"preferred": {"a": 1}}, "preferred.a"),
    ("include empty string", {"include": [""]}, "include[0]"),
    ("not an object", ["default"], ""),
]

_RULE: dict[str, Any] = {
    "id": "BR001",
    "name": "buzzword",
    "kind": "existence",
    "severity": "warning",
    "message": "m",
    "why": "w",
    "phrases": ["synergy"],
    "examples": {"fail": ["synergy"], "pass": ["ok"]},
}

INVALID_PACKS: list[tuple[str, Any, str]] = [
    ("no pack", {"rules": [_RULE]}, ""),
    ("empty pack name", {"pack": "", "rules": [_RULE]}, "pack"),
    ("no rules", {"pack": "p", "rules": []}, "rules"),
    ("unknown kind", {"pack": "p", "rules": [{**_RULE, "kind": "vibes"}]}, "rules[0].kind"),
    ("unknown rule key", {"pack": "p", "rules": [{**_RULE, "colour": 1}]}, "rules[0].colour"),
    (
        "missing why",
        {"pack": "p", "rules": [{k: v for k, v in _RULE.items() if k != "why"}]},
        "rules[0]",
    ),
    (
        "bad example",
        {"pack": "p", "rules": [{**_RULE, "examples": {"fail": [{"fixed": "x"}], "pass": ["ok"]}}]},
        "rules[0].examples.fail[0]",
    ),
    (
        "no fail examples",
        {"pack": "p", "rules": [{**_RULE, "examples": {"fail": [], "pass": ["ok"]}}]},
        "rules[0].examples.fail",
    ),
    ("swaps values", {"pack": "p", "rules": [{**_RULE, "swaps": {"a": 1}}]}, "rules[0].swaps.a"),
    ("options list", {"pack": "p", "rules": [{**_RULE, "options": []}]}, "rules[0].options"),
]


def _json_path(error: jsonschema.ValidationError) -> str:
    text = ""
    for part in error.absolute_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _both_reject(schema_name: str, data: Any, key: str) -> None:
    schema = load_schema(schema_name)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert errors, f"jsonschema accepted {data!r}"
    with pytest.raises(TonelintError) as info:
        validate(YamlDocument("doc.yaml", data, {}), schema)
    ours = info.value.error.key or ""
    assert ours == key
    # jsonschema reports at the same place or at the object that holds the bad key
    theirs = {_json_path(error) for error in errors}
    assert any(ours == path or ours.startswith(path) for path in theirs), (ours, theirs)


@pytest.mark.parametrize(
    ("label", "data", "key"), INVALID_GUIDES, ids=[c[0] for c in INVALID_GUIDES]
)
def test_invalid_guides_are_rejected_by_both(label: str, data: Any, key: str) -> None:
    _both_reject("styleguide", data, key)


@pytest.mark.parametrize(("label", "data", "key"), INVALID_PACKS, ids=[c[0] for c in INVALID_PACKS])
def test_invalid_packs_are_rejected_by_both(label: str, data: Any, key: str) -> None:
    _both_reject("rulepack", data, key)


def test_valid_pack_is_accepted_by_both() -> None:
    data = {"pack": "p", "rules": [_RULE, {**_RULE, "id": "BR002", "name": "other"}]}
    schema = load_schema("rulepack")
    jsonschema.Draft7Validator(schema).validate(data)
    validate(YamlDocument("doc.yaml", data, {}), schema)


_GUIDE_KEYS = [*sorted(load_schema("styleguide")["properties"]), "colour"]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(["", "default", "TL101", "warning", "error", "fatal", "x"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ["phrases", "message", "severity", "enabled", "options", "suggest", "TL101", "a"]
            ),
            children,
            max_size=3,
        ),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_GUIDE_KEYS), _VALUES, max_size=4))
def test_tonelint_validator_agrees_with_jsonschema(data: dict[str, Any]) -> None:
    schema = load_schema("styleguide")
    jsonschema_ok = jsonschema.Draft7Validator(schema).is_valid(data)
    try:
        validate(YamlDocument("doc.yaml", data, {}), schema)
        ours_ok = True
    except TonelintError as exc:
        ours_ok = False
        assert "\n" not in str(exc)
    assert ours_ok == jsonschema_ok, data


# ---------------------------------------------------------------- brand rules and fingerprints


def test_brand_rules_can_be_switched_off_by_a_child_guide(tmp_path: Path) -> None:
    from tonelint.engine import Linter

    base = tmp_path / "base.yaml"
    base.write_text("extends: default\nbanned: [synergy]\npreferred: {e-mail: email}\n")
    child = tmp_path / "child.yaml"
    child.write_text(
        "extends: ./base.yaml\ndisable: [brand-banned]\nrules:\n  TL901: {severity: error}\n"
    )
    guide = load_styleguide(path=child)
    names = {rule.name: rule for rule in guide.rules}
    assert "brand-banned" not in names
    assert names["brand-preferred"].severity.label == "error"
    findings = Linter(guide).lint_text("Synergy by e-mail.").findings
    assert [f.rule_name for f in findings] == ["brand-preferred"]


def test_a_guide_without_rules_explains_unknown_rule(tmp_path: Path) -> None:
    guide = tmp_path / "g.yaml"
    guide.write_text("rules:\n  pet-name: {severity: error}\n")
    with pytest.raises(TonelintError, match=r"g\.yaml:2: rules\.pet-name: .*extends: default"):
        load_styleguide(path=guide)


def test_fingerprint_does_not_depend_on_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_styleguide().fingerprint
    monkeypatch.chdir(tmp_path)
    assert load_styleguide().fingerprint == first


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(TonelintError, match=r"bomb\.yaml:\d+: .*aliases are expanded"):
        load_styleguide(path=bomb)


# ---------------------------------------------------------------- hostile guides: limits


def test_extends_chain_up_to_the_depth_limit_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    last = MAX_EXTENDS_DEPTH - 1
    for index in range(last):
        write(tmp_path / f"g{index}.yaml", f"extends: g{index + 1}.yaml\n")
    write(tmp_path / f"g{last}.yaml", "extends: default\nbanned: [deepest]\n")
    guide = load_styleguide(path=tmp_path / "g0.yaml")
    assert len(guide.chain) == MAX_EXTENDS_DEPTH + 1  # with the built-in default
    assert guide.find(BRAND_BANNED_ID) is not None


@pytest.mark.parametrize(
    ("length", "cycle"), [(MAX_EXTENDS_DEPTH + 1, False), (400, False), (2000, True)]
)
def test_extends_chains_past_the_depth_limit_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int, cycle: bool
) -> None:
    """A long chain or a long cycle stops at the limit, without recursion and without
    reading more than the limit's worth of files."""
    monkeypatch.chdir(tmp_path)
    for index in range(length):
        following = (index + 1) % length if cycle else index + 1
        write(tmp_path / f"g{index}.yaml", f"extends: g{following}.yaml\n")
    if not cycle:
        write(tmp_path / f"g{length}.yaml", "locale: en\n")
    deepest = MAX_EXTENDS_DEPTH
    assert_error(
        load_error(tmp_path / "g0.yaml"),
        f"g{deepest}.yaml",
        1,
        "extends",
        f"style guides extend each other more than {MAX_EXTENDS_DEPTH} deep",
    )


@pytest.mark.parametrize("reference", ["/dev/zero", "/dev/null", "./folder.yaml"])
@pytest.mark.parametrize("key", ["extends", "packs"])
def test_guides_and_packs_must_be_regular_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str, key: str
) -> None:
    """A device is refused unread (``/dev/zero`` would grow without end), like a folder."""
    if not Path(reference.lstrip(".")).exists() and reference.startswith("/"):
        pytest.skip(f"no {reference} here")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.yaml").mkdir()
    value = reference if key == "extends" else f"[{reference}]"
    error = load_error(write(tmp_path / "g.yaml", f"{key}: {value}\n"))
    shown = reference.removeprefix("./")
    expected = "is a folder" if "folder" in reference else "not a regular file"
    assert_error(error, shown, None, None, expected)


def test_fifo_guide_or_pack_is_refused_without_blocking(tmp_path: Path) -> None:
    """A named pipe would block a read forever; it is refused unread (the timeout only
    guards the test run)."""
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "t.txt").write_text("Hello.\n", encoding="utf-8")
    for guide in ("packs: [./pipe.yaml]\n", "extends: ./pipe.yaml\n"):
        write(tmp_path / "g.yaml", guide)
        result = subprocess.run(
            [sys.executable, "-m", "tonelint", "check", "-s", "g.yaml", "t.txt"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr == (
            "tonelint: error: pipe.yaml: not a regular file (a device, pipe or socket)\n"
        )


@pytest.mark.parametrize("key", ["extends", "packs", "guide"])
def test_guides_and_packs_over_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.chdir(tmp_path)
    big = "# padding\n" * (MAX_GUIDE_SIZE // 10 + 1)  # valid YAML, one byte per byte
    write(tmp_path / "big.yaml", pack_text() + big)
    write(tmp_path / "fits.yaml", pack_text() + big[: MAX_GUIDE_SIZE - len(pack_text())])
    assert (tmp_path / "fits.yaml").stat().st_size == MAX_GUIDE_SIZE
    load_styleguide(path=write(tmp_path / "ok.yaml", "packs: [./fits.yaml]\n"))
    if key == "guide":
        path = tmp_path / "big.yaml"
    else:
        value = "./big.yaml" if key == "extends" else "[./big.yaml]"
        path = write(tmp_path / "g.yaml", f"{key}: {value}\n")
    assert_error(load_error(path), "big.yaml", None, None, "larger than 1024 KiB")


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ("2001-12-14", "got a date (2001-12-14; quote it to mean text)"),
        ("2001-12-14t21:59:43.10-05:00", "got a timestamp (2001-12-14T21:59:43.100000-05:00"),
        ("!!binary aGVsbG8=", "got binary data (5 bytes, from !!binary)"),
    ],
)
def test_values_yaml_reads_as_other_types_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, described: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "g.yaml", f"extends: default\nlocale: {value}\n")
    assert_error(load_error(path), "g.yaml", 2, "locale", f"expected a string, {described}")


@pytest.mark.parametrize("number", [".nan", ".NaN", ".inf", "-.inf", ".Inf"])
@pytest.mark.parametrize("where", ["guide", "pack"])
def test_numbers_must_be_finite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: str, where: str
) -> None:
    """NaN compares false with every bound, so ``max: .nan`` would switch a rule off."""
    monkeypatch.chdir(tmp_path)
    if where == "guide":
        text = f"extends: default\nrules:\n  hard-to-read:\n    options: {{max: {number}}}\n"
        path, shown, key = write(tmp_path / "g.yaml", text), "g.yaml", "rules.hard-to-read"
    else:
        body = f"options: {{max: {number}}}"
        pack = write(tmp_path / "p.yaml", pack_text(kind="readability", body=body))
        path, shown, key = write(tmp_path / "g.yaml", "packs: [./p.yaml]\n"), "p.yaml", "rules[0]"
        assert pack.is_file()
    error = load_error(path)
    assert error.error.path == shown and error.error.key == f"{key}.options.max"
    assert "must be a finite number" in str(error)


RULE_ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}")


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    rule_id=st.one_of(
        st.from_regex(RULE_ID_PATTERN, fullmatch=True),
        st.text(min_size=1, max_size=50),
        st.sampled_from(["TL\n999", "BR001\n", "BR 001", "BR\u2028001", "ÉR001", "1BR", "a" * 41]),
    )
)
def test_rule_ids_are_accepted_only_when_strict(rule_id: str) -> None:
    """An id is printed in every report line: one with a line break, a space or a control
    character would split or forge lines, so only the strict form is accepted."""
    data = yaml.safe_load(pack_text())
    data["rules"][0]["id"] = rule_id
    document = YamlDocument("p.yaml", data, {("rules", 0, "id"): 3})
    if RULE_ID_PATTERN.fullmatch(rule_id):
        validate(document, load_schema("rulepack"))
        return
    with pytest.raises(TonelintError) as info:
        validate(document, load_schema("rulepack"))
    text = str(info.value)
    assert text.splitlines() == [text] and all(char.isprintable() for char in text)
    assert text.startswith("p.yaml:3: rules[0].id: must be letters, digits, - or _")


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(value=st.text(max_size=3000))
def test_errors_quote_a_short_printable_excerpt_of_a_value(value: str) -> None:
    """Whatever a guide holds (a file that was never a guide, control characters, a huge
    string), an error quotes at most EXCERPT_LENGTH characters of it, escaped."""
    document = YamlDocument("g.yaml", {"fail-on": value, "extends": value}, {})
    with pytest.raises(TonelintError) as info:
        validate(document, load_schema("styleguide"))
    text = str(info.value)
    assert text.splitlines() == [text] and all(char.isprintable() for char in text)
    quoted = excerpt(value)
    assert quoted in text and len(eval(quoted.split("…")[0])) <= EXCERPT_LENGTH
    assert len(text) <= 200 + 10 * EXCERPT_LENGTH


def test_a_file_that_is_not_a_guide_is_not_echoed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``extends`` of a file that is not a guide (a named guide may reference any file)
    quotes no more than a short excerpt of it."""
    monkeypatch.chdir(tmp_path)
    secret = "root:x:0:0:root:/root:/bin/bash\n" + "".join(
        f"user{i}:SECRET{i}\n" for i in range(50)
    )
    write(tmp_path / "elsewhere" / "passwd", secret)
    path = write(tmp_path / "g.yaml", f"extends: {tmp_path / 'elsewhere' / 'passwd'}\n")
    error = load_error(path)
    assert "expected a mapping, got a string 'root:x:0:0" in str(error)
    assert "SECRET49" not in str(error) and len(str(error)) < 300


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    text=st.text(alphabet=st.sampled_from("abAB é!\n"), max_size=20),
    patterns=st.lists(
        st.sampled_from(["^a", "b$", "(?i)AB", "(?-i:B)", "a|é", "(?s)a.b", "\\bab\\b", "x?"]),
        min_size=1,
        max_size=4,
    ),
)
def test_a_rule_of_re2_patterns_is_triggered_where_any_of_them_matches(
    text: str, patterns: list[str]
) -> None:
    """The engine runs such a rule where one search of all its patterns as alternatives
    matches: that is wherever one of them does, whatever flags or anchors each has."""
    spec = RuleSpec(
        id="BR001",
        name="x",
        kind="existence",
        severity=Severity.WARNING,
        message="m",
        why="w",
        pack="p",
        patterns=tuple(patterns),
        options={"inflect": False, "case-sensitive": False},
        linear=True,
    )
    make_trigger = KINDS["existence"].trigger
    assert make_trigger is not None
    trigger = make_trigger(spec)
    assert len(trigger.patterns) == 1
    each = [compile_linear(p, ignore_case=True) for p in patterns]
    assert bool(trigger.patterns[0].search(text)) == any(p.search(text) for p in each)


@pytest.mark.parametrize("reference", ["./" + "a" * 5000 + ".yaml", "./" + "a/" * 3000 + "p.yaml"])
@pytest.mark.parametrize("key", ["extends", "packs"])
def test_references_the_system_cannot_open_are_short_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str, key: str
) -> None:
    monkeypatch.chdir(tmp_path)
    value = reference if key == "extends" else f"[{reference}]"
    error = load_error(write(tmp_path / "g.yaml", f"{key}: {value}\n"))
    assert_error(error, "g.yaml", 1, key if key == "extends" else "packs[0]", "too long")
    assert len(str(error)) < 300
