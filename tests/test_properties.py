"""Properties over random copy, placeholders and catalogues (hypothesis): nothing escapes as
an exception, every span lies in the file and holds what it names, and ``--fix`` keeps
each message's placeholders, keeps the file readable, and is done after one run."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.fixer import fix_source
from tonelint.formats import FORMATS
from tonelint.models import Applicability, SourceFile
from tonelint.placeholders import find_placeholders
from tonelint.styleguide import load_styleguide

LINTER = Linter(load_styleguide(name="default"))
ALL_FIXES = {Applicability.SAFE, Applicability.UNSAFE}
# CI runs the same 300 cases every time, and a failure names its case; to search further,
# set TONELINT_EXPLORE=3000 (random cases, as many as given).
_EXPLORE = int(os.environ.get("TONELINT_EXPLORE", "0"))
SETTINGS = settings(
    max_examples=_EXPLORE or 300,
    deadline=None,
    derandomize=not _EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Words that trip rules, words that do not, and the places where matching gets hard.
WORDS = [
    "Hey",
    "hey",
    "bestie",
    "hun",
    "babe",
    "we",
    "miss",
    "you",
    "missed",
    "u",
    "ur",
    "r",
    "gonna",
    "Yay",
    "FREE",
    "ACT",
    "NOW",
    "sooo",
    "later!",
    "Thanks,",
    "order",
    "shipped",
    "Your",
    "account",
    "password",
    "payment",
    "U.S.",
    "Yo-yo",
    "/u/",
    "%u",
    "Reply",
    "STOP",
    "only",
    "3",
    "left!",
    "win",
    "$100",
    "at",
    "3am",
    "I’d",
    "rather",
    "pay",
    "xoxo",
]
PLACEHOLDERS = [
    "{{ name }}",
    "{{name}}",
    "{name}",
    "%{count}",
    "%s",
    "%1$S",
    "${value}",
    "{ $user }",
    "{count, plural, one {# item} other {# items}}",
    "{% if x %}",
    "{% endif %}",
    "{{#if vip}}",
    "{{/if}}",
    "<%= name %>",
    "((tag))",
]
PUNCTUATION = ["!", "!!!", "?!", ",", ".", " — ", "…", "🔥", "😂😂", "\u00a0", "’", "&", "<b>"]

pieces = st.sampled_from(WORDS + PLACEHOLDERS + PUNCTUATION) | st.text(max_size=4)
separators = st.sampled_from([" ", " ", " ", "\n", "\r\n", "\n\n", "\t"])


@st.composite
def copy(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(pieces, separators), min_size=1, max_size=14))
    return "".join(piece + separator for piece, separator in parts)


keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
catalogues = st.dictionaries(
    keys, st.one_of(copy(), st.dictionaries(keys, copy(), max_size=3)), min_size=1, max_size=5
)


def _po(entries: dict[str, str]) -> str:
    def quoted(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + escaped.replace("\r", "\\r").replace("\t", "\\t") + '"'

    lines = ['msgid ""', 'msgstr ""', '"Language: en\\n"', ""]
    for key, text in entries.items():
        lines += [f"msgctxt {quoted(key)}", f"msgid {quoted(text)}", 'msgstr ""', ""]
    return "\n".join(lines)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, str]:
    """A file's text and its format."""
    kind = draw(st.sampled_from(["text", "markdown", "template", "html", "json", "yaml", "po"]))
    if kind in ("text", "markdown", "template"):
        return draw(copy()), kind
    if kind == "html":
        body = "".join(f"<p>{text}</p>\n" for text in draw(st.lists(copy(), max_size=4)))
        return f'<html lang="en"><body>\n{body}</body></html>\n', kind
    data = draw(catalogues)
    if kind == "json":
        return json.dumps(data, ensure_ascii=draw(st.booleans()), indent=2), kind
    if kind == "yaml":
        return yaml.safe_dump({"en": data}, allow_unicode=draw(st.booleans())), kind
    flat = {key: value for key, value in data.items() if isinstance(value, str)}
    return _po(flat or {"k": "Hey bestie"}), kind


def _source(text: str) -> SourceFile:
    return SourceFile.from_text(Path("copy"), text, "copy")


def _messages_placeholders(source: SourceFile, kind: str) -> list[Counter[str]]:
    extraction = FORMATS[kind].extract(source, None)
    return [
        Counter(" ".join(p.text.split()) for p in find_placeholders(m.text))
        for m in extraction.messages
    ]


@SETTINGS
@given(files())
def test_spans_lie_in_the_file_and_hold_the_matched_text(file: tuple[str, str]) -> None:
    text, kind = file
    source = _source(text)
    try:
        report = LINTER.lint_file(source, kind)
    except TonelintError:
        return  # a clear input error is an answer too
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert source.position(finding.start) == (finding.line, finding.column)
        held = text[finding.start : finding.end]
        if kind in ("text", "markdown", "template"):
            assert held == finding.matched
        elif "\\" not in held and "&" not in held:
            # No escape in between: the text itself, with white space as the format
            # folds it (HTML collapses runs of white space, YAML folds lines).
            assert held.split() == finding.matched.split()
        for edit in finding.fix.edits if finding.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text)


@SETTINGS
@given(files())
def test_fixing_keeps_placeholders_and_readability_and_is_done_at_once(
    file: tuple[str, str],
) -> None:
    text, kind = file
    source = _source(text)
    try:
        before = _messages_placeholders(source, kind)
    except TonelintError:
        return
    fixed = fix_source(LINTER, source, kind, ALL_FIXES)
    after_source = _source(fixed.after)
    assert _messages_placeholders(after_source, kind) == before  # parses; same placeholders
    again = fix_source(LINTER, after_source, kind, ALL_FIXES)
    assert again.after == fixed.after


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(sorted(FORMATS)))
def test_any_text_in_any_format_gives_a_report_or_a_clear_error(text: str, kind: str) -> None:
    try:
        report = LINTER.lint_file(_source(text), kind)
    except TonelintError as exc:
        assert str(exc.error).startswith("copy")
        assert "\n" not in str(exc.error)
        return
    assert all(0 <= f.start <= f.end <= len(text) for f in report.findings)
