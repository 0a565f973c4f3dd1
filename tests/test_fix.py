"""--fix, --unsafe-fixes and --diff: safe edits, kept placeholders, valid files, atomic writes."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.fixer import escape_for, fix_source
from tonelint.models import Applicability, SourceFile
from tonelint.placeholders import placeholder_multiset
from tonelint.styleguide import load_styleguide

runner = CliRunner()
SAFE = {Applicability.SAFE}
ALL = {Applicability.SAFE, Applicability.UNSAFE}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fix_applies_safe_fixes_and_keeps_newlines_and_the_missing_final_newline() -> None:
    path = Path("a.txt")
    path.write_bytes(b"Heyyy {{ first_name }}!!! u there? Thanks, hun!\r\n\r\nPls reply.")
    code, _, stderr = check("a.txt", "--fix")
    assert path.read_bytes() == (
        b"Hello {{ first_name }}! you there? Thanks, hun!\r\n\r\nPlease reply."
    )
    assert code == 1  # the unsafe pet-name fix was not applied, so a finding remains
    assert "Fixed 4 problem(s) in 1 file(s)." in stderr


def test_unsafe_fixes_and_a_second_run_changes_nothing() -> None:
    path = Path("a.txt")
    path.write_text("Thanks, hun!!! Pls reply.\n", encoding="utf-8")
    code, _, _ = check("a.txt", "--fix", "--unsafe-fixes")
    fixed = path.read_text(encoding="utf-8")
    assert fixed == "Thanks! Please reply.\n"
    assert code == 0
    code, _, stderr = check("a.txt", "--fix", "--unsafe-fixes")
    assert path.read_text(encoding="utf-8") == fixed
    assert "Fixed" not in stderr


def test_diff_writes_nothing_and_exits_1() -> None:
    path = Path("a.txt")
    path.write_text("Yo! Thx.\n", encoding="utf-8")
    code, stdout, _ = check("a.txt", "--diff")
    assert code == 1
    assert path.read_text(encoding="utf-8") == "Yo! Thx.\n"
    assert stdout.splitlines()[:2] == ["--- a/a.txt", "+++ b/a.txt"]
    assert "-Yo! Thx." in stdout and "+Hello! Thanks." in stdout
    Path("b.txt").write_text("Hello.\n", encoding="utf-8")
    assert check("b.txt", "--diff")[0] == 0


def test_json_yaml_and_po_stay_valid_and_only_values_change() -> None:
    Path("en.json").write_text(
        '{"a": "Yo \\"friend\\"!!!", "n": 3, "b": "Thx, pls come back"}\n', encoding="utf-8"
    )
    Path("en.yml").write_text("en:\n  a: Heyyy there!!!\n  b: 'Pls confirm'\n", encoding="utf-8")
    Path("en.po").write_text('msgid "Thx {name}!!!"\nmsgstr ""\n', encoding="utf-8")
    check(".", "--fix")
    assert json.loads(Path("en.json").read_text("utf-8")) == {
        "a": 'Hello "friend"!',
        "n": 3,
        "b": "Thanks, please come back",
    }
    assert yaml.safe_load(Path("en.yml").read_text("utf-8")) == {
        "en": {"a": "Hello there!", "b": "Please confirm"}
    }
    assert Path("en.po").read_text("utf-8") == 'msgid "Thanks {name}!"\nmsgstr ""\n'


def test_encoding_and_byte_order_mark_are_kept() -> None:
    Path("bom.txt").write_bytes(codecs.BOM_UTF8 + "Thx, café!!!\n".encode())
    Path("utf16.txt").write_bytes("Thx, café!!!\n".encode("utf-16"))
    check(".", "--fix")
    assert Path("bom.txt").read_bytes() == codecs.BOM_UTF8 + "Thanks, café!\n".encode()
    assert Path("utf16.txt").read_bytes().decode("utf-16") == "Thanks, café!\n"
    assert Path("utf16.txt").read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def test_placeholders_are_kept_by_every_fix() -> None:
    text = (
        "Heyyy {{ name }}, u have %{count} items!!! "
        "Pls check ${link} {n, plural, one {#} other {#}}."
    )
    source = SourceFile.from_text(Path("a.txt"), text)
    linter = Linter(load_styleguide())
    fixed = fix_source(linter, source, "text", ALL)
    assert fixed.changed
    assert placeholder_multiset(fixed.after) == placeholder_multiset(text)
    again = fix_source(linter, SourceFile.from_text(Path("a.txt"), fixed.after), "text", ALL)
    assert not again.changed


def test_a_fix_that_would_break_the_format_is_refused() -> None:
    # "don't know" in a single-quoted YAML scalar would end the string early
    Path("en.yml").write_text("en:\n  a: 'We dunno yet'\n", encoding="utf-8")
    code, _, stderr = check("en.yml", "--fix")
    assert Path("en.yml").read_text("utf-8") == "en:\n  a: 'We dunno yet'\n"
    assert "en.yml: not fixed: the fixed file would not parse" in stderr
    assert code == 1


def test_escape_for_formats() -> None:
    assert escape_for("json", 'say "hi"\\') == 'say \\"hi\\"\\\\'
    assert escape_for("po", 'say "hi"') == 'say \\"hi\\"'
    assert escape_for("html", "Tom & Jerry <3") == "Tom &amp; Jerry &lt;3"
    assert escape_for("text", "a & b") == "a & b"


def test_fix_and_diff_refuse_stdin() -> None:
    result = runner.invoke(app, ["check", "-", "--fix"], input="Yo\n")
    assert result.exit_code == 2
    assert "--fix and --diff work on files, not on stdin" in result.stderr


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("{{ name }}\nxoxo\nHey there", "{{ name }}\nHello"),
        ("Thanks!\r\nxoxo\r\n{{ name }}\r\n", "Thanks!\r\n{{ name }}\r\n"),
    ],
)
def test_deleting_a_whole_line_takes_its_line_break(before: str, after: str) -> None:
    """Found by the hypothesis properties: a sign-off alone on a line left a blank line,
    which split the paragraph and moved "{{ name }}" into a message of its own."""
    linter = Linter(load_styleguide(name="default"))
    source = SourceFile.from_text(Path("m.txt"), before, "m.txt")
    fixed = fix_source(linter, source, "text", ALL)
    assert (fixed.after, fixed.refused) == (after, None)
