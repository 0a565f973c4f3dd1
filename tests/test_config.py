"""Finding the style guide for a run: --styleguide, .tonelint.yaml, pyproject.toml, default."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from builtin_rules import DEFAULT_IDS, EXCESS_IDS, RULE_ID
from tonelint.config import CONFIG_NAMES, discover, resolve_styleguide
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.models import Severity
from tonelint.styleguide import BRAND_BANNED_ID, StyleGuide, builtin_guides, load_styleguide


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def banned(guide: StyleGuide) -> tuple[str, ...]:
    """The brand-banned phrases: each test config bans a word naming where it came from."""
    rule = guide.find(BRAND_BANNED_ID)
    assert rule is not None, f"{guide.name} has no banned phrases"
    return rule.phrases


def nested(tmp_path: Path, *parts: str) -> Path:
    folder = tmp_path.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_one_line(error: TonelintError) -> str:
    text = str(error)
    assert text.splitlines() == [text], repr(text)
    return text


@pytest.fixture(autouse=True)
def _no_config_above_tmp(tmp_path: Path) -> None:
    """Discovery walks up to the root; nothing above the test folder may interfere."""
    for folder in tmp_path.parents:
        for name in (*CONFIG_NAMES, "pyproject.toml"):
            assert not (folder / name).is_file(), f"stray config {folder / name}"


# ---------------------------------------------------------------- --styleguide


def test_option_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "guides" / "brand.yaml", "extends: default\nbanned: [from-option]\n")
    write(tmp_path / ".tonelint.yaml", "banned: [from-discovery]\n")
    guide = resolve_styleguide("guides/brand.yaml")
    assert banned(guide) == ("from-option",)  # the option wins over discovery
    assert guide.name == "guides/brand.yaml"
    assert guide.source == "guides/brand.yaml"
    assert {rule.id for rule in guide.rules} == DEFAULT_IDS | {BRAND_BANNED_ID}


def test_option_absolute_path_and_yml_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "conf" / "brand.yml", "banned: [yml]\n")
    monkeypatch.chdir(nested(tmp_path, "work"))
    guide = resolve_styleguide(str(path))
    assert banned(guide) == ("yml",)


def test_option_path_without_yaml_suffix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "brand.guide", "banned: [suffixless]\n")
    assert banned(resolve_styleguide("brand.guide")) == ("suffixless",)


def test_option_builtin_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".tonelint.yaml", "banned: [from-discovery]\n")
    guide = resolve_styleguide("default")
    assert guide.name == "default"
    assert {rule.id for rule in guide.rules} == DEFAULT_IDS
    assert guide.find(BRAND_BANNED_ID) is None
    assert guide == load_styleguide(name="default")


def test_option_unknown_builtin_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide("strictest")
    text = assert_one_line(info.value)
    assert text == (
        f"strictest: no built-in style guide by that name (built-in: {', '.join(builtin_guides())})"
    )
    assert "default" in builtin_guides()


@pytest.mark.parametrize("option", ["missing.yaml", "sub/missing.yml", "MISSING.YAML"])
def test_option_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(option)
    assert assert_one_line(info.value) == f"{option}: style guide file not found"


def test_option_folder_is_not_a_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    nested(tmp_path, "guides")
    with pytest.raises(TonelintError) as info:
        resolve_styleguide("guides")
    assert assert_one_line(info.value) == "guides: style guide file not found"


def test_option_guide_with_errors_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "brand.yaml", "extends: default\ndisable:\n  - TL999\n")
    with pytest.raises(TonelintError) as info:
        resolve_styleguide("brand.yaml")
    text = assert_one_line(info.value)
    assert text.startswith("brand.yaml:3: disable[0]: unknown rule")


# ---------------------------------------------------------------- .tonelint.yaml


def test_tonelint_yaml_found_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(
        tmp_path / "repo" / ".tonelint.yaml",
        """
        extends: default
        packs: [packs/brand.yaml]
        banned: [from-yaml]
        fail-on: error
        """,
    )
    write(
        tmp_path / "repo" / "packs" / "brand.yaml",
        """
        pack: brand
        rules:
          - id: BR001
            name: buzzword
            kind: existence
            severity: warning
            message: "'{match}' is jargon."
            why: Jargon hides meaning.
            phrases: [synergy]
            examples:
              fail: ["synergy"]
              pass: ["teamwork"]
        """,
    )
    deep = nested(tmp_path, "repo", "src", "emails", "en")
    monkeypatch.chdir(deep)
    assert discover() == config.resolve()
    guide = resolve_styleguide(None)
    assert banned(guide) == ("from-yaml",)
    assert guide.fail_on is Severity.ERROR
    assert guide.source.endswith("repo/.tonelint.yaml")
    # the pack path is relative to the config file, not to the current folder
    found = {f.rule_id for f in Linter(guide).lint_text("More synergy, hun.").findings}
    assert {"BR001", RULE_ID["pet-name"]} <= found


def test_start_argument_instead_of_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "a" / ".tonelint.yaml", "banned: [from-a]\n")
    write(tmp_path / "b" / ".tonelint.yaml", "banned: [from-b]\n")
    monkeypatch.chdir(tmp_path / "a")
    assert banned(resolve_styleguide(None, start=tmp_path / "b")) == ("from-b",)
    assert banned(resolve_styleguide(None)) == ("from-a",)
    assert discover(tmp_path / "b") == (tmp_path / "b" / ".tonelint.yaml").resolve()


def test_nearest_yaml_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".tonelint.yaml", "banned: [outer]\n")
    write(tmp_path / "inner" / ".tonelint.yaml", "banned: [inner]\n")
    monkeypatch.chdir(nested(tmp_path, "inner", "deeper"))
    assert banned(resolve_styleguide(None)) == ("inner",)
    monkeypatch.chdir(tmp_path)
    assert banned(resolve_styleguide(None)) == ("outer",)


def test_config_file_names_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert CONFIG_NAMES[0] == ".tonelint.yaml"
    monkeypatch.chdir(tmp_path)
    for name in reversed(CONFIG_NAMES):
        write(tmp_path / name, f"banned: [{name.strip('.').replace('.', '-')}]\n")
        found = discover()
        assert isinstance(found, Path)
        assert found.name == name
    assert banned(resolve_styleguide(None)) == ("tonelint-yaml",)


@pytest.mark.parametrize("name", CONFIG_NAMES)
def test_every_config_name_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    write(tmp_path / name, "banned: [found]\n")
    monkeypatch.chdir(nested(tmp_path, "x"))
    assert banned(resolve_styleguide(None)) == ("found",)


def test_discovered_yaml_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".tonelint.yaml", "extends: default\nrules:\n  TL101:\n    level: high\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert text.startswith(".tonelint.yaml:4: rules.TL101.level: unknown key")


# ---------------------------------------------------------------- pyproject.toml


def test_pyproject_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "shop"

        [tool.tonelint]
        extends = "default"
        disable = ["excess"]
        banned = ["from-pyproject"]
        fail-on = "error"
        exclude = ["vendor/**"]

        [tool.tonelint.rules.TL101]
        severity = "error"

        [tool.tonelint.preferred]
        utilize = "use"
        """,
    )
    monkeypatch.chdir(nested(tmp_path, "src", "templates"))
    found = discover()
    assert isinstance(found, tuple)
    path, (table, line) = found
    assert path == pyproject.resolve()
    assert table["extends"] == "default"
    assert line is not None
    guide = resolve_styleguide(None)
    assert banned(guide) == ("from-pyproject",)
    assert guide.fail_on is Severity.ERROR
    assert guide.exclude == ("vendor/**",)
    rule_ids = {rule.id for rule in guide.rules}
    assert EXCESS_IDS and not EXCESS_IDS & rule_ids
    assert rule_ids == (DEFAULT_IDS - EXCESS_IDS) | {"TL900", "TL901"}
    greeting = guide.find("TL101")
    assert greeting is not None and greeting.severity is Severity.ERROR
    assert guide.source.endswith("pyproject.toml")
    found_ids = {f.rule_id for f in Linter(guide).lint_text("Hiya! Utilize it.").findings}
    assert {"TL101", "TL901"} <= found_ids


def test_pyproject_packs_are_relative_to_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "pyproject.toml",
        """
        [tool.tonelint]
        packs = ["tone/brand.yaml"]
        """,
    )
    write(
        tmp_path / "tone" / "brand.yaml",
        """
        pack: brand
        rules:
          - id: BR001
            name: buzzword
            kind: existence
            severity: error
            message: "'{match}' is jargon."
            why: Jargon hides meaning.
            phrases: [synergy]
            examples:
              fail: ["synergy"]
              pass: ["teamwork"]
        """,
    )
    monkeypatch.chdir(nested(tmp_path, "deep", "er"))
    guide = resolve_styleguide(None)
    assert [rule.id for rule in guide.rules] == ["BR001"]


def test_pyproject_extends_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "config" / "base.yaml", "extends: default\nbanned: [from-base]\n")
    write(tmp_path / "pyproject.toml", '[tool.tonelint]\nextends = "config/base.yaml"\n')
    monkeypatch.chdir(nested(tmp_path, "src"))
    guide = resolve_styleguide(None)
    assert banned(guide) == ("from-base",)
    assert {rule.id for rule in guide.rules} == DEFAULT_IDS | {BRAND_BANNED_ID}


def test_pyproject_without_table_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".tonelint.yaml", "banned: [outer-yaml]\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\n')
    monkeypatch.chdir(nested(tmp_path, "pkg", "src"))
    assert discover() == (tmp_path / ".tonelint.yaml").resolve()
    assert banned(resolve_styleguide(None)) == ("outer-yaml",)


def test_tonelint_yaml_beats_pyproject_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".tonelint.yaml", "banned: [yaml]\n")
    write(tmp_path / "pyproject.toml", '[tool.tonelint]\nbanned = ["pyproject"]\n')
    monkeypatch.chdir(tmp_path)
    assert banned(resolve_styleguide(None)) == ("yaml",)


def test_nearer_pyproject_beats_outer_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".tonelint.yaml", "banned: [outer-yaml]\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[tool.tonelint]\nbanned = ["inner-pyproject"]\n')
    monkeypatch.chdir(nested(tmp_path, "pkg", "src"))
    assert banned(resolve_styleguide(None)) == ("inner-pyproject",)


def test_nearer_yaml_beats_outer_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.tonelint]\nbanned = ["outer-pyproject"]\n')
    write(tmp_path / "pkg" / ".tonelint.yaml", "banned: [inner-yaml]\n")
    monkeypatch.chdir(nested(tmp_path, "pkg", "src"))
    assert banned(resolve_styleguide(None)) == ("inner-yaml",)


def test_invalid_toml_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.tonelint]\nbanned = ["a",\n')
    monkeypatch.chdir(nested(tmp_path, "src"))
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert info.value.error.path == str(pyproject.resolve())
    assert text.startswith(f"{pyproject.resolve()}: invalid TOML: ")


def test_invalid_toml_reports_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.tonelint\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        discover()
    text = assert_one_line(info.value)
    assert "invalid TOML" in text
    assert "line 3" in text


def test_invalid_toml_further_up_is_not_read_when_a_nearer_config_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", "this is = = not toml\n")
    write(tmp_path / "app" / ".tonelint.yaml", "banned: [nearer]\n")
    monkeypatch.chdir(nested(tmp_path, "app"))
    assert banned(resolve_styleguide(None)) == ("nearer",)


def test_tool_tonelint_not_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool]\ntonelint = "default"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert text == f"{pyproject.resolve()}: tool.tonelint: must be a table"


def test_tool_not_a_table_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".tonelint.yaml", "banned: [outer-yaml]\n")
    write(tmp_path / "pkg" / "pyproject.toml", 'tool = "nothing here"\n')
    monkeypatch.chdir(nested(tmp_path, "pkg"))
    assert banned(resolve_styleguide(None)) == ("outer-yaml",)


def test_pyproject_validation_error_is_one_line_at_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "shop"

        [tool.tonelint]  # tone of our emails
        extends = "default"
        colour = "blue"
        """,
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert info.value.error.line == 4  # the [tool.tonelint] header
    assert info.value.error.key == "colour"
    assert text.startswith(f"{pyproject.resolve().as_posix()}:4: colour: unknown key")


@pytest.mark.parametrize(
    ("body", "key", "fragment"),
    [
        (
            'extends = "default"\ndisable = ["TL999"]',
            "disable[0]",
            "unknown rule, category or pack 'TL999'",
        ),
        ('extends = "nosuch"', "extends", "no built-in style guide by that name"),
        ('packs = "overfamiliar"', "packs", "expected a list, got a string"),
        ("fail-on = 2", "fail-on", "expected a string, got a whole number 2"),
        (
            '[tool.tonelint.rules.TL101]\nseverity = "loud"',
            "rules.TL101.severity",
            "expected one of",
        ),
    ],
)
def test_pyproject_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, key: str, fragment: str
) -> None:
    write(tmp_path / "pyproject.toml", f"[tool.tonelint]\n{body}\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert info.value.error.key == key
    assert info.value.error.line == 1
    assert fragment in text
    assert "pyproject.toml:1: " in text


# ---------------------------------------------------------------- fallback


def test_fallback_to_builtin_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(nested(tmp_path, "empty", "project"))
    assert discover() is None
    guide = resolve_styleguide(None)
    assert guide.name == "default"
    assert guide == load_styleguide()
    assert {rule.id for rule in guide.rules} == DEFAULT_IDS
    assert guide.fail_on is Severity.WARNING


def test_empty_pyproject_falls_back_to_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", "")
    monkeypatch.chdir(tmp_path)
    assert discover() is None
    assert resolve_styleguide(None).name == "default"


# ---------------------------------------------------------------- discovered guides stay home


def _outside(tmp_path: Path) -> Path:
    """A guide and a pack outside the project, with a secret that must not leak."""
    write(tmp_path / "outside" / "base.yaml", "extends: default\nbanned: [SECRET-outside]\n")
    write(tmp_path / "outside" / "pack.yaml", "pack: x\nrules: SECRET-outside\n")
    return tmp_path / "outside"


def _project(tmp_path: Path) -> Path:
    project = nested(tmp_path, "project")
    (project / ".git").mkdir()
    return project


@pytest.mark.parametrize("key", ["extends", "packs"])
@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink", "symlinked folder"])
@pytest.mark.parametrize("config", [".tonelint.yaml", "pyproject.toml", "sub/.tonelint.yaml"])
def test_discovered_guide_may_not_reference_files_outside_its_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, how: str, config: str
) -> None:
    """A ``.tonelint.yaml`` comes with the repository being linted: it is untrusted, so
    what it extends and its packs must be built-in names or files inside the project."""
    outside, project = _outside(tmp_path), _project(tmp_path)
    target = outside / ("base.yaml" if key == "extends" else "pack.yaml")
    config_path = project / config
    config_path.parent.mkdir(parents=True, exist_ok=True)
    if how == "absolute":
        reference = str(target)
    elif how == "dot-dot":
        reference = str(Path(*[".."] * len(Path(config).parts)) / "outside" / target.name)
    elif how == "symlink":
        (config_path.parent / "link.yaml").symlink_to(target)
        reference = "./link.yaml"
    else:
        (config_path.parent / "shared").symlink_to(outside, target_is_directory=True)
        reference = f"shared/{target.name}"
    value = reference if key == "extends" else [reference]
    if config.endswith(".toml"):
        write(config_path, f"[tool.tonelint]\n{key} = {json.dumps(value)}\n")
    else:
        write(config_path, f"{key}: {json.dumps(value)}\n")
    monkeypatch.chdir(config_path.parent)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    text = assert_one_line(info.value)
    assert info.value.error.key == (key if key == "extends" else "packs[0]")
    expected = "is an absolute path" if how == "absolute" else "is outside the project"
    assert expected in text and "SECRET" not in text
    assert f"inside its project folder {project.resolve().as_posix()}" in text
    # Named with --styleguide, the same guide is the user's choice and may reach out.
    if config.endswith(".yaml") and key == "extends":
        assert banned(resolve_styleguide(str(config_path))) == ("SECRET-outside",)


def test_discovered_guide_may_reference_files_anywhere_in_its_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    write(project / "shared" / "base.yaml", "extends: strict\nbanned: [from-shared]\n")
    write(project / "app" / ".tonelint.yaml", "extends: ../shared/base.yaml\npacks: [address]\n")
    monkeypatch.chdir(nested(project, "app", "copy"))
    guide = resolve_styleguide(None)
    assert banned(guide) == ("from-shared",)
    assert any(source.endswith("strict.yaml") for source in guide.chain)


def test_discovered_guide_outside_a_work_tree_is_confined_to_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "base.yaml", "banned: [parent]\n")
    write(tmp_path / "copy" / ".tonelint.yaml", "extends: ../base.yaml\n")
    monkeypatch.chdir(tmp_path / "copy")
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    assert "is outside the project" in assert_one_line(info.value)


@pytest.mark.parametrize("option", ["a" * 5000 + ".yaml", "a" * 5000, "a/" * 3000 + "g.yaml"])
def test_option_the_system_cannot_open_is_a_short_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(option)
    text = assert_one_line(info.value)
    assert len(text) < 300 and ("too long" in text or "not found" in text)


def test_an_oversized_or_special_pyproject_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tonelint.styleguide import MAX_GUIDE_SIZE

    big = '[tool.tonelint]\nextends = "default"\n' + "# padding\n" * (MAX_GUIDE_SIZE // 10)
    write(tmp_path / "pyproject.toml", big)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TonelintError) as info:
        resolve_styleguide(None)
    assert "limit for a style guide" in assert_one_line(info.value)
    (tmp_path / "pyproject.toml").unlink()
    os.mkfifo(tmp_path / "pyproject.toml")  # is_file() is false: a FIFO is never opened
    assert discover() is None
