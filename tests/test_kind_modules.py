"""A rule kind is one module: the registry, the pack schema and the docs come from it."""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import pytest
import yaml

import tonelint.kinds
from tonelint.errors import TonelintError
from tonelint.explain import what_it_does
from tonelint.kinds import KINDS, kind_modules, rulepack_schema
from tonelint.kinds.base import Kind, Options
from tonelint.kinds.density import DensityOptions
from tonelint.models import Message, RuleSpec, Severity, SourceMap
from tonelint.schema import load_schema
from tonelint.styleguide import load_pack

KINDS_DIR = Path(tonelint.kinds.__file__).parent
SCHEMA_FILE = KINDS_DIR.parent / "schemas" / "rulepack.schema.json"


def test_every_public_module_of_the_package_is_a_kind_and_nothing_else_is() -> None:
    files = {
        path.stem
        for path in KINDS_DIR.glob("*.py")
        if not path.stem.startswith("_") and path.stem != "base"
    }
    assert set(kind_modules()) == files
    found = {}
    for name in files:
        kind = importlib.import_module(f"tonelint.kinds.{name}").KIND
        assert isinstance(kind, Kind)
        found[kind.name] = kind
    assert found == KINDS
    for path in KINDS_DIR.glob("_*.py"):
        if path.stem != "__init__" and path.stem != "__main__":
            assert not hasattr(importlib.import_module(f"tonelint.kinds.{path.stem}"), "KIND")


def test_committed_pack_schema_is_generated_from_the_kinds() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == rulepack_schema(committed), (
        "schemas/rulepack.schema.json is stale: run `python -m tonelint.kinds`"
    )
    rule = committed["$defs"]["rule"]
    assert rule["properties"]["kind"]["enum"] == sorted(KINDS)
    per_kind = {branch["if"]["properties"]["kind"]["const"]: branch for branch in rule["allOf"]}
    assert set(per_kind) == set(KINDS)
    for name, kind in KINDS.items():
        assert per_kind[name]["then"]["properties"]["options"] == kind.options


@pytest.fixture
def probe_package(tmp_path: Path) -> Iterator[str]:
    """A copy of tonelint.kinds, as a package of its own, to add a kind to."""
    name = "kindsprobe"
    shutil.copytree(KINDS_DIR, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(tmp_path))
    try:
        yield name
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]


NEW_KIND = '''
"""shout: flags a message written all in capitals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tonelint.kinds.base import Checker, Kind, Options, option
from tonelint.models import Hit, Message, RuleSpec


@dataclass(frozen=True)
class ShoutOptions(Options):
    min_letters: int = option(type="integer", minimum=1, default=4, description="Fewer: fine.")


def build(rule: RuleSpec) -> Checker:
    least = ShoutOptions.of(rule).min_letters

    def check(message: Message) -> Iterator[Hit]:
        letters = [c for c in message.text if c.isalpha()]
        if len(letters) >= least and all(c.isupper() for c in letters):
            yield Hit(0, len(message.text), rule.message)

    return check


KIND = Kind(
    name="shout",
    summary="Flags messages in capitals.",
    options_type=ShoutOptions,
    build=build,
    describe=lambda rule: f"Flags messages of {ShoutOptions.of(rule).min_letters}+ capitals.",
)
'''


def test_a_new_kind_is_one_new_file(probe_package: str, tmp_path: Path) -> None:
    (tmp_path / probe_package / "shout.py").write_text(NEW_KIND, encoding="utf-8")
    package = importlib.import_module(probe_package)
    assert set(package.KINDS) == set(KINDS) | {"shout"}
    kind = package.KINDS["shout"]
    schema = package.rulepack_schema(load_schema("rulepack"))
    assert "shout" in schema["$defs"]["rule"]["properties"]["kind"]["enum"]
    rule = _rule("shout", {"min-letters": 2})
    assert kind.description(rule) == "Flags messages of 2+ capitals."
    assert [hit.start for hit in kind.build(rule)(_message("NO WAY"))] == [0]
    assert kind.defaults() == {"min-letters": 4}


def _rule(kind: str, options: dict[str, Any]) -> RuleSpec:
    return RuleSpec(
        id="T1",
        name="t",
        kind=kind,
        severity=Severity.WARNING,
        message="m",
        why="w",
        pack="p",
        options=MappingProxyType(options),
    )


def _message(text: str) -> Message:
    return Message(text, text, SourceMap.contiguous(0, len(text)))


@pytest.mark.parametrize("name", sorted(KINDS))
def test_typed_defaults_are_the_schema_defaults(name: str) -> None:
    kind = KINDS[name]
    from_schema = kind.options_type.from_mapping(kind.defaults())
    assert from_schema == kind.options_type()  # the dataclass's own defaults agree
    fields = dataclasses.fields(from_schema)
    if fields:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(from_schema, fields[0].name, None)
    for item in dataclasses.fields(from_schema):
        value = getattr(from_schema, item.name)
        assert not isinstance(value, (list, dict)), (name, item.name)  # lists are tuples


def _wrong_value(schema: dict[str, Any]) -> object:
    """A value of another type than the option's."""
    return {"boolean": "yes", "string": 5, "array": 5, "object": 5}.get(schema["type"], "x")


OPTIONS = [
    (name, key, spec)
    for name, kind in sorted(KINDS.items())
    for key, spec in kind.options["properties"].items()
]


def _pack(tmp_path: Path, kind: str, options: dict[str, Any]) -> Path:
    rule: dict[str, Any] = {
        "id": "T1",
        "name": "probe",
        "kind": kind,
        "severity": "warning",
        "message": "m",
        "why": "w",
        "phrases": ["hun"],
        "swaps": {"hun": "friend"},
        "options": options,
        "examples": {"fail": ["hun"], "pass": ["friend"]},
    }
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump({"pack": "probe", "rules": [rule]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "key", "spec"), OPTIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_wrong_option_names_file_line_and_key_and_the_schema_agrees(
    tmp_path: Path, kind: str, key: str, spec: dict[str, Any]
) -> None:
    validator = jsonschema.Draft7Validator(load_schema("rulepack"))
    fine = yaml.safe_load(_pack(tmp_path, kind, {}).read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(fine))
    load_pack(tmp_path / "probe.yaml")
    path = _pack(tmp_path, kind, {key: _wrong_value(spec)})
    with pytest.raises(TonelintError) as raised:
        load_pack(path)
    error = raised.value.error
    assert error.path.endswith("probe.yaml")
    assert error.key == f"rules[0].options.{key}"
    assert error.line is not None and error.line > 1
    assert str(error.message).startswith("expected ")
    assert list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_unknown_option_is_refused_by_tonelint_and_the_schema(tmp_path: Path, kind: str) -> None:
    path = _pack(tmp_path, kind, {"no-such-option": 1})
    with pytest.raises(TonelintError) as raised:
        load_pack(path)
    assert raised.value.error.key == "rules[0].options.no-such-option"
    assert "unknown key" in raised.value.error.message
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(load_schema("rulepack")).iter_errors(data))


def _pack_with_example(tmp_path: Path, kind: str, example: dict[str, Any]) -> Path:
    path = _pack(tmp_path, kind, {})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"][0]["examples"]["fail"] = [example]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "key", "spec"), OPTIONS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_an_example_s_wrong_option_names_the_example_s_key(
    tmp_path: Path, kind: str, key: str, spec: dict[str, Any]
) -> None:
    example = {"text": "hun", "options": {key: _wrong_value(spec)}}
    with pytest.raises(TonelintError) as raised:
        load_pack(_pack_with_example(tmp_path, kind, example))
    error = raised.value.error
    assert error.path.endswith("probe.yaml")
    assert error.key == f"rules[0].examples.fail[0].options.{key}"
    assert error.line is not None and error.line > 1
    assert str(error.message).startswith("expected ")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_example_s_unknown_option_is_refused(tmp_path: Path, kind: str) -> None:
    example = {"text": "hun", "options": {"no-such-option": 1}}
    with pytest.raises(TonelintError) as raised:
        load_pack(_pack_with_example(tmp_path, kind, example))
    assert raised.value.error.key == "rules[0].examples.fail[0].options.no-such-option"
    assert "unknown key" in raised.value.error.message


@pytest.mark.parametrize(("flags", "pinned"), [("hun", ("hun",)), (["hun", "hun"], ("hun", "hun"))])
def test_an_example_s_flags_and_options_are_read_as_written(
    tmp_path: Path, flags: str | list[str], pinned: tuple[str, ...]
) -> None:
    example = {"text": "hun, hun", "flags": flags, "options": {"max": 3}}
    _, rules, _ = load_pack(_pack_with_example(tmp_path, "density", example))
    (read,) = rules[0].fail_examples
    assert (read.flags, dict(read.options)) == (pinned, {"max": 3})
    assert rules[0].options["max"] == 1  # the rule's own options are untouched
    with pytest.raises(TypeError):
        read.options["max"] = 4  # type: ignore[index]


@pytest.mark.parametrize("flags", [[], "", [""], 5])
def test_empty_or_wrong_flags_are_refused_by_the_schema(tmp_path: Path, flags: object) -> None:
    with pytest.raises(TonelintError) as raised:
        load_pack(_pack_with_example(tmp_path, "density", {"text": "hun", "flags": flags}))
    assert raised.value.error.key is not None
    assert raised.value.error.key.startswith("rules[0].examples.fail[0]")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_explain_describes_a_rule_through_its_kind(kind: str) -> None:
    rule = dataclasses.replace(
        _rule(kind, KINDS[kind].defaults()), phrases=("hun",), swaps=(("hun", "friend"),)
    )
    assert what_it_does(rule) == KINDS[kind].description(rule)
    assert what_it_does(rule).strip()


def test_options_read_from_a_pack_are_typed(tmp_path: Path) -> None:
    path = _pack(tmp_path, "density", {"measure": "caps-words", "allow": ["SALE"]})
    _, rules, _ = load_pack(path)
    options = DensityOptions.of(rules[0])
    assert isinstance(options, Options)
    assert (options.measure, options.allow) == ("caps-words", ("SALE",))
    assert options.max == 1  # the default


def test_readme_lists_every_kind() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Rules are data", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert sorted(row.split("`")[1] for row in rows) == sorted(KINDS)
