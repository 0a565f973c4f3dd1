"""--fix, --unsafe-fixes and --diff: safe edits, kept placeholders, valid files, atomic writes."""

from __future__ import annotations

import codecs
import html
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tonelint import escaping
from tonelint.cli import app
from tonelint.engine import Linter
from tonelint.escaping import escape_for
from tonelint.files import format_for
from tonelint.fixer import fix_source
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


def test_a_single_quoted_yaml_scalar_takes_the_apostrophe_doubled() -> None:
    # "don't know" in a single-quoted YAML scalar once ended the string early
    Path("en.yml").write_text("en:\n  a: 'We dunno yet'\n", encoding="utf-8")
    code, _, _ = check("en.yml", "--fix")
    assert Path("en.yml").read_text("utf-8") == "en:\n  a: 'We don''t know yet'\n"
    assert code == 0


def _naive_escape(source_format: str, text: str, *context: str) -> str:
    """The escaping of old: one way per format, whatever the quoting in force."""
    return html.escape(text, quote=False) if source_format in ("html", "template") else text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.html", "<p>Hi</p><img alt='A zorbly day' src=x.png>\n"),
        ("a.html", "<p>Hi</p><img alt=zorbly src=x.png>\n"),
        ("a.html", '<p>Hi</p><img alt="A zorbly day" src=x.png>\n'),
        ("a.hbs", "<p>Hi {{name}}</p><img alt='A zorbly day'>\n"),
        ("en.yml", "en:\n  a: 'A zorbly day'\n"),
        ("en.json", '{"a": "A zorbly day"}\n'),
        ("en.po", 'msgid "A zorbly day"\nmsgstr ""\n'),
        ("deck.csv", 'key,text\na,"A zorbly day"\n'),
    ],
)
def test_a_fix_that_would_not_read_back_as_written_is_refused(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should escaping go wrong again, the check after the edits refuses the fix: the file
    would no longer read as the same messages with the fixed text in place."""
    monkeypatch.setattr(escaping, "escape_for", _naive_escape)
    Path(".tonelint.yaml").write_text("preferred: {zorbly: 'it''s \"R&D\" now'}\n", "utf-8")
    Path(name).write_text(text, encoding="utf-8")
    code, _, stderr = check(name, "--fix")
    assert Path(name).read_text("utf-8") == text
    assert f"{name}: not fixed: the fix" in stderr or f"{name}: not fixed: the fixed" in stderr
    assert code == 1


def test_markup_written_into_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replacement that would add a tag changes the file's tags: refused, whatever the
    text reads as."""
    monkeypatch.setattr(escaping, "escape_for", lambda _format, text, *context: text)
    Path(".tonelint.yaml").write_text("preferred: {zorbly: <b>bold</b>}\n", encoding="utf-8")
    Path("a.html").write_text("<p>A zorbly day</p>\n", encoding="utf-8")
    _, _, stderr = check("a.html", "--fix")
    assert "a.html: not fixed: the fix would change the file's structure" in stderr
    assert Path("a.html").read_text("utf-8") == "<p>A zorbly day</p>\n"


def test_the_check_after_fixing_reads_the_file_with_the_guide_s_format_options() -> None:
    """A CSV deck whose text column only the guide names: the fixed file is read with it."""
    Path(".tonelint.yaml").write_text(
        "extends: default\nformats:\n  csv: {text-column: copy_en}\n", encoding="utf-8"
    )
    Path("deck.csv").write_text("id,copy_en\na,Thx for ur order!!!\n", encoding="utf-8")
    _, _, stderr = check("deck.csv", "--fix")
    assert Path("deck.csv").read_text("utf-8") == "id,copy_en\na,Thanks for ur order!\n"
    assert "not fixed" not in stderr


def _fixed(guide: str, name: str, text: str) -> tuple[str, list[str]]:
    """The text of a file after fixing it with a guide, and its messages then."""
    Path("guide.yaml").write_text(guide, encoding="utf-8")
    linter = Linter(load_styleguide(Path("guide.yaml")))
    kind = format_for(Path(name), None)
    fixed = fix_source(linter, SourceFile.from_text(Path(name), text, name), kind, ALL)
    assert fixed.refused is None
    after = SourceFile.from_text(Path(name), fixed.after, name)
    return fixed.after, [m.text for m in linter.extract(after, kind).messages]


@pytest.mark.parametrize("name", ["a.html", "a.hbs", "a.j2", "a.liquid"])
@pytest.mark.parametrize(
    ("attribute", "written", "message"),
    [
        (
            "alt='Sorry, we dunno yet'",
            "alt='Sorry, we don&#39;t know yet'",
            "Sorry, we don't know yet",
        ),
        (
            'alt="Sorry, we dunno yet"',
            'alt="Sorry, we don\'t know yet"',
            "Sorry, we don't know yet",
        ),
        ("alt=dunno", "alt=don&#39;t&#32;know", "don't know"),
    ],
)
def test_the_issue_s_attributes_in_each_quoting(
    name: str, attribute: str, written: str, message: str
) -> None:
    """Issue 12: "dunno" → "don't know" ended a single-quoted attribute at the apostrophe."""
    text = f"<p>Hi {{{{ name }}}}</p>\n<img {attribute} src=x.png>\n"
    after, messages = _fixed("extends: default\n", name, text)
    assert after == text.replace(attribute, written)
    assert messages == ["Hi {{ name }}", message]


@pytest.mark.parametrize(
    ("name", "text", "after"),
    [
        # HTML text and each quoting of an attribute value
        ("a.html", "<p>A zorbly day</p>", '<p>A R&amp;D &lt;"it\'s"&gt; day</p>'),
        ("a.html", "<img alt='zorbly'>", "<img alt='R&amp;D &lt;\"it&#39;s\"&gt;'>"),
        ("a.html", '<img alt="zorbly">', '<img alt="R&amp;D &lt;&quot;it\'s&quot;&gt;">'),
        ("a.html", "<img alt=zorbly>", "<img alt=R&#38;D&#32;&#60;&#34;it&#39;s&#34;&#62;>"),
        # a template that is not HTML is copy written as it is
        ("a.j2", "A zorbly day, {{ name }}", 'A R&D <"it\'s"> day, {{ name }}'),
        # catalogues
        ("en.json", '{"a": "A zorbly day"}', '{"a": "A R&D <\\"it\'s\\"> day"}'),
        ("en.po", 'msgid "A zorbly day"\nmsgstr ""', 'msgid "A R&D <\\"it\'s\\"> day"\nmsgstr ""'),
        ("en.yml", "a: 'A zorbly day'", "a: 'A R&D <\"it''s\"> day'"),
        ("en.yml", 'a: "A zorbly day"', 'a: "A R&D <\\"it\'s\\"> day"'),
        ("en.yml", "a: A zorbly day", 'a: A R&D <"it\'s"> day'),
        ("deck.csv", 'text\n"A zorbly day"', 'text\n"A R&D <""it\'s""> day"'),
        ("a.ftl", "a = A zorbly day", 'a = A R&D <"it\'s"> day'),
        ("a.properties", "a = A zorbly day", 'a = A R&D <"it\'s"> day'),
    ],
)
def test_a_replacement_is_written_for_the_quoting_it_lands_in(
    name: str, text: str, after: str
) -> None:
    guide = 'preferred:\n  zorbly: R&D <"it\'s">\n'
    fixed, messages = _fixed(guide, name, text)
    assert fixed == after
    assert any("""R&D <"it's">""" in message for message in messages)


@pytest.mark.parametrize(
    ("name", "text", "replacement"),
    [
        ("en.yml", "a: A zorbly day", "one: two"),  # would be a mapping
        ("en.yml", "a: zorbly day", "#1"),  # would be a comment
        ("en.yml", "a: [zorbly, b]", "x, y"),  # would be two items
        ("deck.csv", "text\nA zorbly day", "x, y"),  # would be two fields
        ("a.ftl", "a = A zorbly day", "{ $x }"),  # would be a placeable
    ],
)
def test_a_replacement_that_cannot_be_written_there_is_left_as_a_finding(
    name: str, text: str, replacement: str
) -> None:
    Path("guide.yaml").write_text(f"preferred:\n  zorbly: {json.dumps(replacement)}\n", "utf-8")
    linter = Linter(load_styleguide(Path("guide.yaml")))
    kind = format_for(Path(name), None)
    source = SourceFile.from_text(Path(name), text, name)
    fixed = fix_source(linter, source, kind, ALL)
    assert (fixed.after, fixed.refused) == (text, None)
    assert linter.lint_file(source, kind).findings  # still reported


def test_escape_for_formats() -> None:
    assert escape_for("json", 'say "hi"\\') == 'say \\"hi\\"\\\\'
    assert escape_for("po", 'say "hi"\r\n') == 'say \\"hi\\"\\r\\n'
    assert escape_for("html", "Tom & Jerry <3") == "Tom &amp; Jerry &lt;3"
    assert escape_for("html", 'it\'s "x"', "single") == 'it&#39;s "x"'
    assert escape_for("html", 'it\'s "x"', "double") == "it's &quot;x&quot;"
    assert escape_for("html", "a b=`c`", "unquoted", "x") == "a&#32;b&#61;&#96;c&#96;"
    assert escape_for("html", "", "unquoted") is None  # "alt=" would take what follows
    assert escape_for("template", "a & b", "raw") == "a & b"
    assert escape_for("yaml", "it's", "single") == "it''s"
    assert escape_for("yaml", 'a "b" \\ \x85\x7f', "double") == 'a \\"b\\" \\\\ \\N\\x7f'
    assert escape_for("yaml", "a\nb", "single") is None
    assert escape_for("properties", " a\\b\n") == "\\ a\\\\b\\n"
    assert escape_for("csv", 'a "b"', "double") == 'a ""b""'
    assert escape_for("csv", '"b', "unquoted") is None  # would open a quoted field
    assert escape_for("csv", 'a "b', "unquoted", "x") == 'a "b'
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
