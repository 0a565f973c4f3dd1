"""The edits a report carries (JSON, SARIF, rdjson) are file-ready: applied to the file's
text at their span, as reviewdog or a SARIF viewer applies them, they leave a file that
reads as the file before with the intended text in place, whatever the quoting where they
land; an edit that cannot be written there is not offered at all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from explore import PROPERTY_SETTINGS
from tonelint.cache import ContentCache, settings_key
from tonelint.engine import Linter
from tonelint.files import format_for
from tonelint.models import FileReport, RunReport, SourceFile
from tonelint.readers import FORMATS
from tonelint.reporters.json import report_to_dict
from tonelint.reporters.rdjson import report_to_rdjson
from tonelint.reporters.sarif import report_to_sarif
from tonelint.styleguide import load_styleguide

# "zorbly" in each place a replacement can land: HTML text and each quoting of an attribute
# (also in HTML templates), each style of YAML scalar, catalogues with escapes, CSV fields.
FILES = [
    ("a.html", "<p>A zorbly day</p>\n<img alt='A zorbly day' src=x.png>\n"),
    ("b.html", '<p>Hi</p>\n<img alt="A zorbly day" title=zorbly src=x.png>\n'),
    ("a.hbs", "<p>Hi {{name}}, a zorbly day</p>\n<img alt='A zorbly day'>\n"),
    ("a.j2", '<p>Hi {{ name }}</p>\n<img alt="A zorbly day" title=zorbly>\n'),
    ("c.j2", "A zorbly day, {{ name }}\n"),  # not HTML: copy written as it is
    ("en.yml", "en:\n  a: 'A zorbly day'\n  b: \"A zorbly day\"\n  c: A zorbly day\n"),
    ("en.json", '{"a": "A zorbly day", "b": "Say \\"hi\\" \\\\ a zorbly day"}\n'),
    ("en.po", 'msgid "A \\"zorbly\\" day"\nmsgstr ""\n'),
    ("en.properties", "a = A zorbly day\nb = Hi \\\\ a zorbly day\n"),
    ("deck.csv", 'key,text\na,"A ""zorbly"" day"\nb,A zorbly day\n'),
]
NASTY = 'R&D <"it\'s"> \\ né'


def _guide(tmp_path: Path, replacement: str) -> Linter:
    path = tmp_path / "guide.yaml"
    path.write_text(f"preferred:\n  zorbly: {json.dumps(replacement)}\n", encoding="utf-8")
    return Linter(load_styleguide(path))


def _report(linter: Linter, name: str, text: str) -> tuple[RunReport, str]:
    kind = format_for(Path(name), None)
    source = SourceFile.from_text(Path(name), text, name)
    return RunReport((linter.lint_file(source, kind),), (), "test"), kind


def _offset(text: str, line: int, column: int, unit: str) -> int:
    """A file offset from a 1-based line and column (counted in ``unit``)."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    if unit == "utf-8":
        head = text[start:].encode("utf-8")[: column - 1].decode("utf-8")
        return start + len(head)
    return start + column - 1


def _json_edits(text: str, report: RunReport) -> list[tuple[int, int, str]]:
    data = report_to_dict(report)
    return [
        (edit["offset"], edit["end_offset"], edit["replacement"])
        for finding in data["findings"]
        if finding["fix"]
        for edit in finding["fix"]["edits"]
    ]


def _sarif_edits(text: str, report: RunReport) -> list[tuple[int, int, str]]:
    (run,) = report_to_sarif(report)["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    edits = []
    for result in run["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    start = region["charOffset"]
                    end = start + region["charLength"]
                    lines = (
                        (region["startLine"], region["startColumn"]),
                        (
                            region["endLine"],
                            region["endColumn"],
                        ),
                    )
                    assert [_offset(text, *where, "code points") for where in lines] == [start, end]
                    edits.append((start, end, replacement["insertedContent"]["text"]))
    return edits


def _rdjson_edits(text: str, report: RunReport) -> list[tuple[int, int, str]]:
    edits = []
    for diagnostic in report_to_rdjson(report)["diagnostics"]:
        for suggestion in diagnostic.get("suggestions", []):
            ends = suggestion["range"]["start"], suggestion["range"]["end"]
            start, end = (_offset(text, where["line"], where["column"], "utf-8") for where in ends)
            edits.append((start, end, suggestion["text"]))
    return edits


OUTPUTS: dict[str, Callable[[str, RunReport], list[tuple[int, int, str]]]] = {
    "json": _json_edits,
    "sarif": _sarif_edits,
    "rdjson": _rdjson_edits,
}


def _applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _read(linter: Linter, name: str, kind: str, text: str) -> tuple[list[Any], ...]:
    """What the file says: its messages (white space as it renders), keys and markup."""
    source = SourceFile.from_text(Path(name), text, name)
    messages = linter.extract(source, kind).messages
    return (
        [_shown(m.text, kind) for m in messages],
        [m.key for m in messages] if kind != "po" else [],  # a .po entry is keyed by its msgid
        list(FORMATS[kind].structure(source)),
    )


def _parses(name: str, text: str) -> None:
    """The fixed file still parses for the tools that own the format."""
    if name.endswith(".json"):
        json.loads(text)
    elif name.endswith(".yml"):
        yaml.safe_load(text)


def _shown(text: str, kind: str) -> str:
    """A message's text as compared: white space as HTML renders it, or stripped."""
    return " ".join(text.split()) if kind in ("html", "template") else text.strip()


def _check_file(linter: Linter, output: str, name: str, text: str, replacement: str) -> int:
    """Applies the output's edits to the file, each alone and all together: the file parses
    and reads as before with "zorbly" put right where an edit says; returns how many edits
    there were."""
    report, kind = _report(linter, name, text)
    edits = OUTPUTS[output](text, report)
    messages, keys, markup = _read(linter, name, kind, text)
    for edit in edits:  # alone: one message changes, one "zorbly" in it put right
        fixed = _applied(text, [edit])
        _parses(name, fixed)
        after, after_keys, after_markup = _read(linter, name, kind, fixed)
        assert (after_keys, after_markup) == (keys, markup)
        changed = [
            i for i, (old, new) in enumerate(zip(messages, after, strict=True)) if old != new
        ]
        assert len(changed) == 1, (edit, messages, after)
        pieces = messages[changed[0]].split("zorbly")
        options = [
            _shown(
                "zorbly".join(pieces[: n + 1]) + replacement + "zorbly".join(pieces[n + 1 :]), kind
            )
            for n in range(len(pieces) - 1)
        ]
        assert after[changed[0]] in options, (edit, after[changed[0]], options)
    fixed = _applied(text, edits)  # all together
    _parses(name, fixed)
    if len(edits) == text.count("zorbly"):
        wanted = [_shown(m.replace("zorbly", replacement), kind) for m in messages]
        assert _read(linter, name, kind, fixed) == (wanted, keys, markup)
    return len(edits)


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize(("name", "text"), FILES)
def test_reported_edits_applied_to_the_file_read_as_the_fix(
    output: str, name: str, text: str, tmp_path: Path
) -> None:
    linter = _guide(tmp_path, NASTY)
    edits = _check_file(linter, output, name, text, NASTY)
    assert edits == text.count("zorbly")  # each one offered, and written right


@pytest.mark.parametrize("output", OUTPUTS)
def test_the_issue_s_apostrophe_in_a_single_quoted_attribute(output: str, tmp_path: Path) -> None:
    text = "<p>Hi</p><img alt='Sorry, we zorbly yet'>\n"
    report, _ = _report(_guide(tmp_path, "don't know"), "a.html", text)
    assert _applied(text, OUTPUTS[output](text, report)) == (
        "<p>Hi</p><img alt='Sorry, we don&#39;t know yet'>\n"
    )


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize(
    ("name", "text", "replacement"),
    [
        ("en.yml", "a: A zorbly day", "one: two"),  # would be a mapping
        ("en.yml", "a: zorbly day", "#1"),  # would be a comment
        ("en.yml", "a: [zorbly, b]", "x, y"),  # would be two items
        ("en.yml", "a: 'A zorbly day'", "two\nlines"),  # would fold
        ("deck.csv", "text\nA zorbly day", "x, y"),  # would be two fields
        ("a.ftl", "a = A zorbly day", "{ $x }"),  # would be a placeable
        ("a.html", "<img alt=zorbly>", ""),  # alt= would take what follows
        ("c.j2", "A zorbly day, {{ name }}", "two\n\nparagraphs"),  # would be two messages
        ("a.txt", "A zorbly day", "two\n\nparagraphs"),
        ("a.md", "A zorbly day", "a\n# heading"),  # would begin a heading
    ],
)
def test_an_edit_that_cannot_be_written_there_is_not_offered(
    output: str, name: str, text: str, replacement: str, tmp_path: Path
) -> None:
    report, _ = _report(_guide(tmp_path, replacement), name, text)
    (finding,) = report.findings
    assert finding.fix is None and finding.suggestions  # still reported, for a human
    assert OUTPUTS[output](text, report) == []
    assert report_to_dict(report)["summary"]["fixable"] == 0


# Characters that quoting and escaping treat specially, and a few plain ones.
_AWKWARD = st.text(alphabet="ab '\"\\&<>;=#:,-[]*\t\n.é’", min_size=1, max_size=8)


@PROPERTY_SETTINGS
@given(replacement=_AWKWARD.filter(lambda text: text.strip() and "<" not in text))
def test_property_reported_edits_are_file_ready(replacement: str) -> None:
    """For any replacement, each output's edits leave every file reading as the fix (and
    an edit that cannot be written is left out, never written wrong)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        linter = _guide(Path(folder), replacement)
    for name, text in FILES:
        for output in OUTPUTS:
            _check_file(linter, output, name, text, replacement)


def test_the_cache_keeps_the_written_and_the_intended_text(tmp_path: Path) -> None:
    linter = _guide(tmp_path, NASTY)
    name, text = FILES[0]
    report, _ = _report(linter, name, text)
    cache = ContentCache(tmp_path / "cache", settings_key(linter.guide))
    cache.put("k", report.files[0])
    cache.save()
    again = ContentCache(tmp_path / "cache", settings_key(linter.guide)).get("k")
    assert isinstance(again, FileReport)
    assert again.findings == report.files[0].findings
    edits = [edit for f in again.findings if f.fix for edit in f.fix.edits]
    assert {edit.reads_as for edit in edits} == {NASTY}
    assert {edit.replacement for edit in edits} == {
        'R&amp;D &lt;"it\'s"&gt; \\ né',
        'R&amp;D &lt;"it&#39;s"&gt; \\ né',
    }


@pytest.mark.parametrize("wrong", [5, ["x"], {"a": 1}])
def test_a_cached_edit_whose_intended_text_is_not_text_is_not_used(
    wrong: object, tmp_path: Path
) -> None:
    linter = _guide(tmp_path, NASTY)
    report, _ = _report(linter, *FILES[0])
    cache = ContentCache(tmp_path / "cache", settings_key(linter.guide))
    cache.put("k", report.files[0])
    cache.save()
    written = tmp_path / "cache" / cache._name
    entry = json.loads(written.read_text(encoding="utf-8"))
    (edit,) = entry["k"]["findings"][0]["fix"]["edits"]
    assert edit[3] == NASTY
    edit[3] = wrong
    written.write_text(json.dumps(entry), encoding="utf-8")
    assert ContentCache(tmp_path / "cache", settings_key(linter.guide)).get("k") is None
