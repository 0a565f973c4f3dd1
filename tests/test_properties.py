"""Properties over random copy, placeholders, catalogues and style guides (hypothesis):
nothing escapes as an exception, every span lies in the file and holds what it names,
indenting a Markdown block start only moves what is found in it, and ``--fix`` changes
only flagged text, keeps each message's placeholders, keeps the file readable, and is done
after one run, whatever the guide's rewrites."""

from __future__ import annotations

import ast
import csv
import difflib
import io
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from explore import PROPERTY_SETTINGS
from tonelint.engine import Linter
from tonelint.errors import TonelintError
from tonelint.files import format_for
from tonelint.fixer import choose_edits, fix_source
from tonelint.models import Applicability, Edit, SourceFile
from tonelint.placeholders import find_placeholders
from tonelint.readers import FORMATS
from tonelint.styleguide import load_styleguide

LINTER = Linter(load_styleguide(name="default"))
ALL_FIXES = {Applicability.SAFE, Applicability.UNSAFE}
SETTINGS = PROPERTY_SETTINGS

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
    "app",
    "ok",
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


# Markdown block starts: list items, headings, block quotes and their nesting. The
# indentation a start may take and still be the same block: up to 3 spaces, and more for
# a list item nested under the line before.
BLOCK_STARTS = ["* ", "- ", "+ ", "1. ", "12) ", "- [ ] ", "# ", "### ", "> ", "> > "]
BLOCK_STARTS += ["> - ", ">  * ", "> 1. ", "> # "]
LIST_ITEMS = ("* ", "- ", "+ ", "1. ", "12) ", "- [ ] ")
line_copy = st.lists(st.sampled_from(WORDS + PLACEHOLDERS + PUNCTUATION), min_size=1, max_size=8)


@st.composite
def markdown_blocks(draw: st.DrawFn) -> tuple[list[str], list[int]]:
    """Markdown lines (each with its line break) and how far each may be indented: lines
    that start a block, in turn after a blank line or under the line before."""
    lines: list[str] = []
    reach: list[int] = []
    after_blank = True
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.sampled_from(["", *BLOCK_STARTS]))
        line_break = draw(st.sampled_from(["\n", "\n", "\n\n", "\r\n"]))
        lines.append(start + " ".join(draw(line_copy)) + line_break)
        reach.append(0 if not start else 5 if start in LIST_ITEMS and not after_blank else 3)
        after_blank = line_break == "\n\n"
    return lines, reach


def _indented(lines: list[str], indents: list[int]) -> str:
    return "".join(" " * indent + line for line, indent in zip(lines, indents, strict=True))


@st.composite
def indented_markdown(draw: st.DrawFn) -> tuple[list[str], list[int]]:
    """Markdown lines and an indentation for each that keeps its block what it is."""
    lines, reach = draw(markdown_blocks())
    return lines, [draw(st.integers(0, most)) for most in reach]


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
    if kind == "markdown" and draw(st.booleans()):
        return _indented(*draw(indented_markdown())), kind
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
    _fixes_only_flagged_text_and_settles(LINTER, *file)


def _fixes_only_flagged_text_and_settles(linter: Linter, text: str, kind: str) -> None:
    """``--fix`` changes only text that a finding before it showed (or refuses, changing
    nothing), keeps each message's placeholders and the file readable, puts each rewrite
    in once, and a second run changes nothing."""
    source = _source(text)
    try:
        placeholders = _messages_placeholders(source, kind)
    except TonelintError:
        return
    findings = linter.lint_file(source, kind).findings
    flagged = [(f.start, f.end) for f in findings]
    fixed = fix_source(linter, source, kind, ALL_FIXES)
    if fixed.refused is not None:
        assert fixed.after == text
        assert "\n" not in fixed.refused
    for start, end in _changed_regions(text, fixed.after):
        assert any(s <= end and start <= e for s, e in flagged), (
            f"{text[start:end]!r} at {start} changed, and no rule flagged it"
        )
    # however often a rewrite holds its phrase (escaping may take 6 characters for 1)
    longest = max([1, *(len(r) for rule in linter.guide.rules for _, r in rule.swaps)])
    assert len(fixed.after) <= len(text) + len(findings) * 6 * longest
    after_source = _source(fixed.after)
    assert _messages_placeholders(after_source, kind) == placeholders  # parses; same placeholders
    again = fix_source(linter, after_source, kind, ALL_FIXES)
    assert (again.after, again.applied) == (fixed.after, 0)


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


# --- replacements holding the characters a format quotes or escapes ------------------------
# A guide whose one rule rewrites "zorbly", loaded through the public loader; the copy holds
# "zorbly" in a text node or value written in each way the format allows.


def _guide_linter(folder: Path, replacement: str) -> Linter:
    guide = folder / "guide.yaml"
    guide.write_text(f"preferred:\n  zorbly: {json.dumps(replacement)}\n", encoding="utf-8")
    return Linter(load_styleguide(guide))


def _replacements(special: str) -> st.SearchStrategy[str]:
    """Text with at least one letter, and the format's special characters around it."""
    around = st.text(alphabet=special + "ab ", max_size=5)
    return st.tuples(around, st.sampled_from(["b", "ab"]), around).map("".join)


class _Markup(HTMLParser):
    """Python's own HTML parser: every tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, ()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser


HTML_QUOTES = {"double": '"{}"', "single": "'{}'", "unquoted": "{}"}
COPY_ATTRIBUTES = ["alt", "title", "placeholder", "aria-label"]


@SETTINGS
@given(
    st.sampled_from(["a.html", "a.hbs", "a.j2", "a.liquid"]),
    st.sampled_from(sorted(HTML_QUOTES)),
    st.sampled_from(COPY_ATTRIBUTES),
    st.sampled_from(["zorbly", "A zorbly", "zorbly day", "A zorbly day", "zorbly {{ name }}"]),
    _replacements("'\"<>&=`/\n"),
)
def test_fixing_html_attributes_keeps_the_markup_and_writes_the_fixed_text(
    name: str, quoting: str, attribute: str, value: str, replacement: str
) -> None:
    if quoting == "unquoted" or (name.endswith(".html") and "{" in value):
        value = "zorbly"  # a value without spaces; template tags in templates only
    placeholder = "" if name.endswith(".html") else " {{ name }}"
    written = HTML_QUOTES[quoting].format(value)
    text = (
        f"<html><body>\n<p>Hello{placeholder}, a zorbly day.</p>\n"
        f'<img {attribute}={written} src="x.png"><br>\n</body></html>\n'
    )
    kind = "html" if name.endswith(".html") else "template"
    intended = value.replace("zorbly", replacement)
    with tempfile.TemporaryDirectory() as folder:
        linter = _guide_linter(Path(folder), replacement)
    fixed = fix_source(linter, SourceFile.from_text(Path(name), text, name), kind, ALL_FIXES)
    assert fixed.refused is None
    assert fixed.after != text
    before, after = _markup(text), _markup(fixed.after)
    # Python's parser reads the same tags and attributes, the attribute with its new value
    assert [(tag, [n for n, _ in attrs]) for tag, attrs in after.tags] == [
        (tag, [n for n, _ in attrs]) for tag, attrs in before.tags
    ]
    (image,) = [dict(attrs) for tag, attrs in after.tags if tag == "img"]
    assert image[attribute] == intended
    assert f"a {replacement} day." in "".join(after.text)
    # and so does tonelint: the attribute's message is the fixed text
    messages = linter.extract(SourceFile.from_text(Path(name), fixed.after, name), kind).messages
    assert " ".join(messages[-1].text.split()) == " ".join(intended.split())
    again = fix_source(linter, SourceFile.from_text(Path(name), fixed.after, name), kind, ALL_FIXES)
    assert again.after == fixed.after


# (file name, copy with "zorbly" written the format's way, how to read the value back with
# another parser than tonelint's, if there is one, and whether every replacement can be
# written there)
Reader = Callable[[str], str] | None
CATALOGUES: list[tuple[str, str, Reader, bool]] = [
    ("en.json", '{{"greeting": {{"a": "{}"}}}}\n', lambda t: json.loads(t)["greeting"]["a"], True),
    ("en.po", 'msgid "{}"\nmsgstr ""\n', lambda t: ast.literal_eval(t.split("\n")[0][6:]), True),
    ("en.properties", "a = {}\n", None, True),
    ("en.yml", 'a: "{}"\n', lambda t: yaml.safe_load(t)["a"], True),
    ("en.yml", "a: '{}'\n", lambda t: yaml.safe_load(t)["a"], False),
    ("en.yml", "a: {}\n", lambda t: yaml.safe_load(t)["a"], False),
    ("en.yml", "a: [{}, b]\n", lambda t: yaml.safe_load(t)["a"][0], False),
    ("en.yml", "a: |\n  {}\n", lambda t: yaml.safe_load(t)["a"], False),
    ("en.yml", "a: >-\n  {}\n", lambda t: yaml.safe_load(t)["a"], False),
    ("deck.csv", 'key,text\na,"{}"\n', lambda t: list(csv.reader(io.StringIO(t)))[1][1], True),
    ("deck.csv", "key,text\na,{}\n", lambda t: list(csv.reader(io.StringIO(t)))[1][1], False),
    ("en.ftl", "a = {}\n", None, False),
]
# The characters each format quotes, escapes or reads as syntax.
SPECIAL = {
    "json": '"\\/\n\t',
    "po": '"\\\n\r\t',
    "properties": "\\=:#! \n\t",
    "yaml": "'\"\\:#,[]{}-?&*!|>%@`\n\t",
    "csv": '",;\n',
    "fluent": '{}[]*."\\\n',
}


@st.composite
def catalogue_fixes(draw: st.DrawFn) -> tuple[str, str, Reader, bool, str, str]:
    name, shape, read, holds_anything = draw(st.sampled_from(CATALOGUES))
    kind = format_for(Path(name), None)
    value = draw(st.sampled_from(["zorbly", "A zorbly", "zorbly day", "A zorbly day"]))
    return name, shape, read, holds_anything, value, draw(_replacements(SPECIAL[kind]))


@SETTINGS
@given(catalogue_fixes())
def test_fixing_a_catalogue_writes_its_special_characters_so_they_read_back(
    case: tuple[str, str, Reader, bool, str, str],
) -> None:
    name, shape, read, holds_anything, value, replacement = case
    kind = format_for(Path(name), None)
    text = shape.format(value)
    intended = value.replace("zorbly", replacement)
    with tempfile.TemporaryDirectory() as folder:
        linter = _guide_linter(Path(folder), replacement)
    source = SourceFile.from_text(Path(name), text, name)
    offered = [f for f in linter.lint_file(source, kind).findings if f.fix is not None]
    fixed = fix_source(linter, source, kind, ALL_FIXES)
    assert fixed.refused is None  # escaping either writes the text right or leaves it
    after = SourceFile.from_text(Path(name), fixed.after, name)
    if fixed.after == text:
        # left as it was: only where the format cannot hold the replacement, still reported
        assert not (offered and holds_anything)
        assert len(linter.lint_file(after, kind).findings) == len(offered) or not offered
        return
    message = linter.extract(after, kind).messages[0]  # the first value holds "zorbly"
    assert message.text == intended.strip()
    if read is not None:
        assert read(fixed.after).strip() == intended.strip()
        if holds_anything:
            assert read(fixed.after) == intended
    again = fix_source(linter, after, kind, ALL_FIXES)
    assert again.after == fixed.after


def _placed(
    source: SourceFile, lines: list[str], indents: list[int]
) -> Counter[tuple[object, ...]]:
    """What is found in Markdown lines, where it would be without their indentation."""
    by_line = [0]  # the indentation of each line of the file, from 1
    for line, indent in zip(lines, indents, strict=True):
        by_line += [indent, 0] if line.endswith("\n\n") else [indent]
    report = LINTER.lint_file(source, "markdown")
    return Counter(
        (f.rule_id, f.matched, f.line, f.column - by_line[f.line]) for f in report.findings
    )


@SETTINGS
@given(indented_markdown())
def test_indenting_markdown_block_starts_only_moves_what_is_found(
    markdown: tuple[list[str], list[int]],
) -> None:
    lines, indents = markdown
    flat = _source(_indented(lines, [0] * len(lines)))
    indented = _source(_indented(lines, indents))
    assert _placed(indented, lines, indents) == _placed(flat, lines, [0] * len(lines))
    for finding in LINTER.lint_file(indented, "markdown").findings:
        assert indented.text[finding.start : finding.end] == finding.matched


# Small style guides, loaded through the public loader: a pack of substitution rules and
# the guide's preferred terms, with rewrites that hold their own phrase ("app" → "mobile
# app"), that chain into another phrase or back, delete, or hold a placeholder.
PHRASES = ["app", "ok", "order", "hey", "u", "miss you", "pay", "your account", "win", "=FREE"]
GUIDE_COPY = [p.removeprefix("=") for p in PHRASES] + ["mobile app", "ok ok", "ok.", "hello"]


@st.composite
def rewrites(draw: st.DrawFn) -> tuple[str, str]:
    phrase = draw(st.sampled_from(PHRASES))
    plain = phrase.removeprefix("=")
    replacement = draw(
        st.one_of(
            st.sampled_from(["", "mobile app", "hello", "Hello", "you", "your order", "{name}"]),
            st.sampled_from(PHRASES).map(lambda other: other.removeprefix("=")),
            st.tuples(
                st.sampled_from(["", "mobile ", f"{plain} ", "the "]),
                st.sampled_from(["", f" {plain}", " now", "!"]),
            ).map(lambda around: around[0] + plain + around[1]),
        )
    )
    return phrase, replacement


@st.composite
def guides(draw: st.DrawFn) -> tuple[str, str]:
    """A style guide's text and the text of the pack it names."""
    swaps = dict(draw(st.lists(rewrites(), max_size=3)))
    preferred = dict(draw(st.lists(rewrites(), max_size=3)))
    pack = {
        "pack": "generated",
        "rules": [
            {
                "id": "GEN1",
                "name": "generated-swap",
                "kind": "substitution",
                "severity": "warning",
                "fix": draw(st.sampled_from(["safe", "unsafe"])),
                "message": "Use '{replacement}', not '{match}'.",
                "why": "Generated.",
                "swaps": swaps or {"zzz": "z"},
                "options": {"inflect": draw(st.booleans())},
                "examples": {"fail": ["zzz"], "pass": ["z"]},
            }
        ],
    }
    builtin = draw(st.sampled_from([[], [], [], [], ["overfamiliar"]]))
    guide = {"packs": [*builtin, "./pack.yaml"], "preferred": preferred}
    return yaml.safe_dump(guide, allow_unicode=True), yaml.safe_dump(pack, allow_unicode=True)


@lru_cache(maxsize=64)
def _generated_guide_linter(guide: str, pack: str) -> Linter:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pack.yaml").write_text(pack, encoding="utf-8")
        (Path(folder) / "guide.yaml").write_text(guide, encoding="utf-8")
        return Linter(load_styleguide(Path(folder) / "guide.yaml"))


def _changed_regions(before: str, after: str) -> list[tuple[int, int]]:
    """The spans of ``before`` that differ in ``after`` (empty where text was inserted),
    each as wide as the places it could equally be: "ok" → "ok ok" puts " ok" in after
    the word or "ok " before it."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    regions = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        low = high = (i1, i2, j1, j2)
        while (
            low[0] > 0
            and low[2] > 0
            and before[low[0] - 1] == after[low[2] - 1]
            and (low[0] == low[1] or before[low[1] - 1] == before[low[0] - 1])
            and (low[2] == low[3] or after[low[3] - 1] == after[low[2] - 1])
        ):
            low = (low[0] - 1, low[1] - 1, low[2] - 1, low[3] - 1)
        while (
            high[1] < len(before)
            and high[3] < len(after)
            and before[high[1]] == after[high[3]]
            and (high[0] == high[1] or before[high[0]] == before[high[1]])
            and (high[2] == high[3] or after[high[2]] == after[high[3]])
        ):
            high = (high[0] + 1, high[1] + 1, high[2] + 1, high[3] + 1)
        regions.append((low[0], high[1]))
    return regions


@SETTINGS
@given(guides(), files(), st.lists(st.sampled_from(GUIDE_COPY), max_size=4))
def test_fixing_with_any_guide_changes_only_flagged_text_and_settles(
    guide: tuple[str, str], file: tuple[str, str], phrases: list[str]
) -> None:
    text, kind = file
    if kind in ("text", "markdown", "template"):  # the guide's phrases, and their rewrites
        text = " ".join(phrases) + "\n" + text
    _fixes_only_flagged_text_and_settles(_generated_guide_linter(*guide), text, kind)


edits = st.lists(
    st.builds(
        lambda start, length, replacement: Edit(start, start + length, replacement),
        st.integers(0, 20),
        st.integers(0, 6),
        st.sampled_from(["", "x", "yy", "Hello"]),
    ),
    max_size=12,
)


def _overlap(a: Edit, b: Edit) -> bool:
    """Whether two edits cannot both be applied: they share text, one inserts inside the
    other, or both insert at one place."""
    same_place = a.start == a.end == b.start == b.end
    return same_place or (a.start < b.end and b.start < a.end)


@SETTINGS
@given(edits.flatmap(lambda some: st.tuples(st.just(some), st.permutations(some))))
def test_of_overlapping_edits_the_wider_wins_whatever_their_order(
    lists: tuple[list[Edit], list[Edit]],
) -> None:
    some, shuffled = lists
    chosen = choose_edits(some)
    assert choose_edits(shuffled) == chosen
    assert chosen == sorted(chosen, key=lambda e: (e.start, e.end))
    for index, edit in enumerate(chosen):
        assert not any(_overlap(edit, other) for other in chosen[index + 1 :])
    for edit in set(some) - set(chosen):
        assert any(
            _overlap(edit, winner) and winner.end - winner.start >= edit.end - edit.start
            for winner in chosen
        )
