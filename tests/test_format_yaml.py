"""YAML catalogues: key paths, every scalar style, aliases and merge keys, locales, errors,
and property tests that every message maps back onto exactly the file text it came from.

Unit and property tests run under both loaders (libyaml's and PyYAML's)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from format_checks import by_key, pinned, templates
from tonelint.errors import TonelintError
from tonelint.models import MASK_CHAR, Message, SourceFile, SourceMap
from tonelint.readers import yaml_catalog
from tonelint.readers.base import Extraction, split_messages

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture(autouse=True, params=["libyaml", "pyyaml"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run each test with libyaml's loader and with PyYAML's."""
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML is built without libyaml")
        assert yaml_catalog._loader() is yaml.CSafeLoader  # its marks count characters
    else:
        monkeypatch.setattr(yaml_catalog, "_loader", lambda: yaml.SafeLoader)
    yield request.param


def extract(text: str, name: str = "catalog.yml") -> tuple[SourceFile, Extraction]:
    source = SourceFile.from_text(Path(name), text)
    return source, yaml_catalog.extract(source)


def pairs(text: str, name: str = "catalog.yml") -> list[tuple[str | None, str]]:
    return [(m.key, m.text) for m in extract(text, name)[1].messages]


def file_text(source: SourceFile, message: Message, start: int = 0, end: int | None = None) -> str:
    """The file text that holds message text ``[start, end)``."""
    first, last = message.source_map.to_source(start, len(message.text) if end is None else end)
    return source.text[first:last]


def only(text: str) -> tuple[SourceFile, Message]:
    source, extraction = extract(text)
    (message,) = extraction.messages
    return source, message


# --- strict mapping checks ----------------------------------------------------------------

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_MARK = "\ue001"


def assert_pieces(source: SourceFile, message: Message) -> None:
    """Each run of the map is copied text, or an escape that decodes to its text on its own,
    or a line folding (white space and line breaks only) that decodes to a space or to
    line breaks; nothing else in the file is skipped but quotes, indentation and headers."""
    for segment in message.source_map.segments:
        text = message.text[segment.text_start : segment.text_start + segment.text_length]
        raw = source.text[segment.source_start : segment.source_start + segment.source_length]
        if text == raw:
            continue
        if raw.startswith("\\"):
            assert yaml.safe_load(f'"{raw}"') == text, (text, raw)
        elif raw == "''":
            assert text == "'"
        else:
            assert not raw.strip(" \t\r\n\x85\u2028\u2029"), (text, raw)
            breaks = len(_BREAK.findall(raw))
            if text == " ":
                assert breaks == 1, raw
            else:
                assert set(text) <= {"\n", "\u2028", "\u2029"}, (text, raw)
                assert breaks in (len(text), len(text) + 1), (text, raw)


def expand(message: Message, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole atomic pieces (a folding into several line breaks)."""
    for segment in message.source_map.segments:
        low, high = segment.text_start, segment.text_start + segment.text_length
        if segment.text_length != segment.source_length:
            if low < start < high:
                start = low
            if low < end < high:
                end = high
    return start, end


def load(text: str) -> Any:
    return yaml.load(text, Loader=FAST_LOADER)


def marked(original: Any, changed: Any) -> tuple[str, str]:
    """The string holding ``_MARK`` in ``changed``, and the same value in ``original``."""
    stack = [(original, changed)]
    while stack:
        before, after = stack.pop()
        if isinstance(after, str) and _MARK in after:
            return before, after
        if isinstance(after, dict):
            assert list(before) == list(after)
            stack.extend((before[key], after[key]) for key in after)
        elif isinstance(after, list):
            stack.extend(zip(before, after, strict=True))
    raise AssertionError("the marker is not in any string")


def spans(length: int) -> Iterator[tuple[int, int]]:
    """All spans of a short message; single characters, prefixes, suffixes and short runs of
    a long one."""
    if length <= 16:
        yield from ((i, j) for i in range(length) for j in range(i + 1, length + 1))
        return
    for i in range(length):
        yield from {(i, i + 1), (0, i + 1), (i, length), (i, min(i + 3, length))}


def scalar_style(text: str, offset: int) -> str | None:
    """The style of the scalar node that holds file offset ``offset``."""
    stack = [yaml.compose(text, Loader=FAST_LOADER)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.start_mark.index <= offset < node.end_mark.index:
                style: str | None = node.style
                return style
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    raise AssertionError(f"no scalar at {offset}")


def joins_unlike_lines(value: str, low: int, high: int) -> bool:
    """Whether value ``[low, high)`` runs from a line of a folded scalar onto a more indented
    one or back: replacing it joins them, which changes how the next line break folds."""
    last_break = value.rfind("\n", low, high)
    if last_break < 0 or last_break + 1 >= len(value):
        return False
    first_line = value.rfind("\n", 0, low) + 1
    return (value[first_line] in " \t") != (value[last_break + 1] in " \t")


def assert_in_context(source: SourceFile, message: Message, value: str, offset: int) -> None:
    """Replacing the file text of any span ``[i, j)`` with a marker and parsing the file
    again changes ``value`` (which the message starts at ``offset`` of) exactly there: the
    file text decodes, in its place, to exactly ``message.text[i:j]``."""
    data = load(source.text)
    folded = scalar_style(source.text, message.source_map.to_source(0, 0)[0]) == ">"
    for i, j in spans(len(message.text)):
        first, last = expand(message, i, j)
        if folded and joins_unlike_lines(value, offset + first, offset + last):
            continue
        start, end = message.source_map.to_source(i, j)
        # Keep a more-indented line of a folded scalar more indented.
        replacement = (" " if source.text[start] in " \t" else "") + _MARK
        before, after = marked(data, load(source.text[:start] + replacement + source.text[end:]))
        assert before == value
        at = after.index(replacement)
        low, high = at, len(before) - (len(after) - at - len(replacement))
        assert after[:low] == before[:low]
        assert after[at + len(replacement) :] == before[high:]
        assert (low, high) == (offset + first, offset + last), (i, j, source.text[start:end])
        assert before[low:high] == message.text[first:last]


def expected_messages(data: Any, path: str = "") -> list[tuple[str | None, str, str, int]]:
    """(key, text, value, offset in value) for each message of loaded data, in file order;
    a collection reached again through an alias is skipped."""
    found: list[tuple[str | None, str, str, int]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, str]] = [(data, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            for message in split_messages(value, SourceMap.contiguous(0, len(value))):
                offset = message.source_map.to_source(0, 0)[0]
                found.append((path or None, message.text, value, offset))
        elif isinstance(value, (list, dict)) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, list):
                children = [(item, f"{path}[{i}]") for i, item in enumerate(value)]
            else:
                children = [
                    (item, f"{path}.{key}" if path else str(key)) for key, item in value.items()
                ]
            stack.extend(reversed(children))
    return found


def check_catalogue(text: str, data: Any) -> None:
    """Extract ``text``, whose messages are those of ``data``, and check every mapping."""
    source, extraction = extract(text)
    expected = expected_messages(data)
    assert [(m.key, m.text) for m in extraction.messages] == [(k, t) for k, t, _, _ in expected]
    for message, (_, _, value, offset) in zip(extraction.messages, expected, strict=True):
        assert_pieces(source, message)
        assert_in_context(source, message, value, offset)


# --- key paths, values and locales ---------------------------------------------------------


def test_rails_catalogue_keys_and_locale() -> None:
    text = """\
en:
  devise:
    failure:
      inactive: "Your account is not activated yet."
      locked: Your account is locked.
    count: 3
    enabled: yes
    nothing: ~
    when: 2024-01-31
    ratio: 1.5
"""
    source, extraction = extract(text, "config/locales/devise.yml")
    assert extraction.metadata["locale"] == "en"
    assert [(m.key, m.text, m.locale) for m in extraction.messages] == [
        ("en.devise.failure.inactive", "Your account is not activated yet.", "en"),
        ("en.devise.failure.locked", "Your account is locked.", "en"),
    ]
    assert source.position(extraction.messages[0].source_map.to_source(0, 0)[0]) == (4, 18)


def test_sequences_and_plain_maps() -> None:
    text = "steps:\n  - Sign up\n  - title: Verify\n    body: [Check, your inbox]\n"
    assert pairs(text, "onboarding.yml") == [
        ("steps[0]", "Sign up"),
        ("steps[1].title", "Verify"),
        ("steps[1].body[0]", "Check"),
        ("steps[1].body[1]", "your inbox"),
    ]
    assert pairs("- One\n- [Two]\n") == [("[0]", "One"), ("[1][0]", "Two")]
    assert pairs("Just copy\n") == [(None, "Just copy")]
    assert pairs("") == []
    assert pairs("# only a comment\n") == []


def test_keys_are_written_text_not_messages() -> None:
    assert pairs("yes: Confirm\n1: One\n'quoted key': Q\n? [a, b]\n: Complex\n") == [
        ("yes", "Confirm"),
        ("1", "One"),
        ("quoted key", "Q"),
        ("[a, b]", "Complex"),
    ]


def test_explicit_str_tag_makes_a_message() -> None:
    source, message = only("a: !!str 123\nb: 123\n")
    assert (message.key, message.text, file_text(source, message)) == ("a", "123", "123")


@pytest.mark.parametrize(
    ("name", "text", "locale"),
    [
        ("config/locales/fr.yml", "fr:\n  a: Salut\n", "fr"),
        ("x.yml", "pt-BR:\n  a: Olá\n", "pt-BR"),
        ("en.yml", "de:\n  a: Hallo\n", "de"),
        ("locales/es/common.yaml", "a: Hola\n", "es"),
        ("messages.yml", "a: Hi\n", None),
        ("messages.yml", "en:\n  a: Hi\nde:\n  a: Hallo\n", None),
        ("messages.yml", "- en\n", None),
    ],
)
def test_locale(name: str, text: str, locale: str | None) -> None:
    _, extraction = extract(text, name)
    assert extraction.metadata.get("locale") == locale
    assert {m.locale for m in extraction.messages} == {locale}


def test_duplicate_keys_are_all_linted() -> None:
    assert pairs("a: First\na: Second\n") == [("a", "First"), ("a", "Second")]


def test_byte_order_mark_and_crlf() -> None:
    source, extraction = extract('\ufeffa: "Caf\\u00e9"\r\nb: |\r\n  one\r\n  two\r\n')
    first, second = extraction.messages
    assert file_text(source, first) == "Caf\\u00e9"
    assert (second.text, file_text(source, second, 3, 4)) == ("one\ntwo", "\r\n  ")


# --- scalar styles ------------------------------------------------------------------------


def test_plain_scalar_with_anchor_and_tag_properties() -> None:
    source, message = only("a: &x !!str Hello there\n")
    assert file_text(source, message) == "Hello there"
    source, message = only("a: &x  # comment\n  Hello\n")
    assert file_text(source, message) == "Hello"


def test_multi_line_plain_scalar_folds() -> None:
    source, message = only("a: one\n  two   \n\n  three\n\n\n  four\n")
    assert message.text == "one two\nthree\n\nfour"
    assert file_text(source, message, 3, 4) == "\n  "
    assert file_text(source, message, 7, 8) == "   \n\n  "
    assert file_text(source, message, 13, 15) == "\n\n\n  "
    assert file_text(source, message, 13, 14) == "\n\n\n  "  # the folding is one piece
    assert_pieces(source, message)


def test_single_quoted_scalar() -> None:
    source, message = only("a: 'It''s   here\n\n   and ''there'''\n")
    assert message.text == "It's   here\nand 'there'"
    assert file_text(source, message, 2, 3) == "''"
    assert file_text(source, message, 0, 11) == "It''s   here"
    assert file_text(source, message, 11, 12) == "\n\n   "
    assert_pieces(source, message)


@pytest.mark.parametrize(
    ("escape", "decoded"),
    [
        ("\\n", "\n"),
        ('\\"', '"'),
        ("\\\\", "\\"),
        ("\\t", "\t"),
        ("\\\t", "\t"),
        ("\\/", "/"),
        ("\\ ", " "),
        ("\\0", "\0"),
        ("\\a", "\a"),
        ("\\b", "\b"),
        ("\\e", "\x1b"),
        ("\\f", "\f"),
        ("\\r", "\r"),
        ("\\v", "\v"),
        ("\\N", "\x85"),
        ("\\_", "\xa0"),
        ("\\L", "\u2028"),
        ("\\P", "\u2029"),
        ("\\x41", "A"),
        ("\\u00e9", "é"),
        ("\\U0001F600", "😀"),
    ],
)
def test_each_double_quoted_escape_is_atomic(escape: str, decoded: str) -> None:
    source, message = only(f'a: "ab{escape}cd"\n')
    assert message.text == f"ab{decoded}cd"
    assert file_text(source, message, 2, 3) == escape
    assert file_text(source, message, 3, 5) == "cd"
    assert_pieces(source, message)


def test_double_quoted_line_folding_and_escaped_line_breaks() -> None:
    source, message = only('a: "one \\\n    two\n\n   three \\\n\n  four"\n')
    assert message.text == "one two\nthree \nfour"
    assert file_text(source, message, 0, 7) == "one \\\n    two"
    assert file_text(source, message, 7, 8) == "\n\n   "
    assert file_text(source, message, 13, 15) == " \\\n\n  "
    assert_pieces(source, message)


def test_literal_block_scalar() -> None:
    source, message = only("a: |\n  First line\n    indented\n\n  last\nb: 1\n")
    assert message.text == "First line\n  indented\n\nlast"
    assert file_text(source, message, 10, 11) == "\n  "
    assert file_text(source, message, 11, 21) == "  indented"
    assert file_text(source, message, 21, 23) == "\n\n  "
    assert file_text(source, message, 22, 23) == "\n\n  "
    assert_pieces(source, message)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("|", "x\n\ny\n"),
        ("|-", "x\n\ny"),
        ("|+", "x\n\ny\n\n\n"),
        (">", "x\ny\n"),
        (">-", "x\ny"),
        (">+", "x\ny\n\n\n"),
        ("|2-", "x\n\ny"),
        ("|-2", "x\n\ny"),
    ],
)
def test_block_chomping_and_indentation_indicators(header: str, value: str) -> None:
    text = f"a: {header}  # note\n  x\n\n  y\n\n\nb: 1\n"
    assert yaml.safe_load(text)["a"] == value
    source, extraction = extract(text)
    assert [m.text for m in extraction.messages] == [value.strip()]
    assert_pieces(source, extraction.messages[0])
    assert_in_context(source, extraction.messages[0], value, 0)


def test_folded_block_scalar_with_more_indented_lines() -> None:
    text = "a: >\n  Folded\n  text\n\n  new paragraph\n    code\n  end\n"
    source, message = only(text)
    assert message.text == "Folded text\nnew paragraph\n  code\nend"
    assert file_text(source, message, 6, 7) == "\n  "
    assert file_text(source, message, 11, 12) == "\n\n  "
    assert file_text(source, message, 25, 26) == "\n  "
    assert_pieces(source, message)
    assert_in_context(source, message, yaml.safe_load(text)["a"], 0)


def test_block_scalar_with_explicit_indentation_and_leading_spaces() -> None:
    text = "a: |2\n     leading spaces\n  next\n"
    source, message = only(text)
    assert yaml.safe_load(text)["a"] == "   leading spaces\nnext\n"
    assert (message.text, file_text(source, message)) == (
        "leading spaces\nnext",
        "leading spaces\n  next",
    )


def test_misaligned_scalar_falls_back_to_one_atomic_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_catalog, "_flow", lambda *args: None)
    source, message = only("a: 'Hello ''you'''\n")
    assert message.text == "Hello 'you'"
    assert file_text(source, message) == "'Hello ''you'''"
    assert file_text(source, message, 3, 4) == "'Hello ''you'''"


# --- aliases and merge keys ---------------------------------------------------------------


def test_aliased_value_is_linted_once_at_its_anchor() -> None:
    text = "a: &greeting Hello there\nb: *greeting\nc: [*greeting, Bye]\n"
    source, extraction = extract(text)
    assert [(m.key, m.text) for m in extraction.messages] == [("a", "Hello there"), ("c[1]", "Bye")]
    assert source.position(extraction.messages[0].source_map.to_source(0, 0)[0]) == (1, 14)


def test_merge_keys() -> None:
    text = """\
base: &base
  title: Welcome
  body: Hello
more: &more
  footer: Thanks
page:
  <<: [*base, *more]
  body: Hi
inline:
  <<: {extra: Bonus}
  own: Mine
"""
    assert pairs(text) == [
        ("base.title", "Welcome"),
        ("base.body", "Hello"),
        ("more.footer", "Thanks"),
        ("page.body", "Hi"),
        ("inline.extra", "Bonus"),
        ("inline.own", "Mine"),
    ]


def test_recursive_alias_terminates() -> None:
    assert pairs("a: &a [Loop, *a]\n") == [("a[0]", "Loop")]


# --- ICU ----------------------------------------------------------------------------------


def test_nested_icu_plural_gives_one_message_per_arm() -> None:
    text = "en:\n  cart: '{count, plural, one {# item} other {# items}}'\n"
    source, extraction = extract(text)
    assert [(m.key, m.text) for m in extraction.messages] == [
        ("en.cart", "# item"),
        ("en.cart", "# items"),
    ]
    for message in extraction.messages:
        assert file_text(source, message) == message.text
        assert message.masked.startswith(MASK_CHAR)


def test_icu_arms_of_a_folded_scalar_map_across_lines() -> None:
    text = "a: >-\n  You have {n, plural,\n  one {# new message}\n  other {# new messages}}\n"
    source, extraction = extract(text)
    assert [m.text for m in extraction.messages] == ["You have", "# new message", "# new messages"]
    assert source.position(extraction.messages[2].source_map.to_source(0, 0)[0]) == (4, 10)


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: b\nc\nd: e\n", "could not find expected ':'", 3),
        ('a: 1\nb: "bad \\q"\n', "found unknown escape character", 2),
        ("a: [1, 2\nb: 3\n", "expected ',' or ']'", 2),
        ("a:\n  - b\n c: d\n", "expected <block end>", 3),
        ('a: "never closed\n', "found unexpected end of stream", 2),
        ("a: 1\nb: *missing\n", "found undefined alias 'missing'", 2),
        ("a: 1\n---\nb: 2\n", "expected a single document in the stream", 2),
        ("a: 1\nb: x\x01y\n", "unacceptable character #x0001", 2),
        ("a:\n\tb: 1\n", "found character '\\t' that cannot start any token", 2),
    ],
)
def test_malformed_yaml(text: str, message: str, line: int) -> None:
    with pytest.raises(TonelintError) as info:
        extract(text, "bad.yml")
    assert info.value.error.message.startswith(f"invalid YAML: {message}")
    assert info.value.error.line == line
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "tag", "key", "line"),
    [
        ("a:\n  b: !ruby/object:Foo {x: 1}\n", "!ruby/object:Foo", "a.b", 2),
        ("a: !!python/object:os.system x\n", "!!python/object:os.system", "a", 1),
        ("- !custom x\n", "!custom", "[0]", 1),
    ],
)
def test_non_standard_tags_are_refused(text: str, tag: str, key: str, line: int) -> None:
    with pytest.raises(TonelintError) as info:
        extract(text, "tags.yml")
    assert info.value.error.message.startswith(f"unsupported YAML tag {tag!r}")
    assert (info.value.error.key, info.value.error.line) == (key, line)


def test_escape_out_of_range(loader: str) -> None:
    with pytest.raises(TonelintError) as info:
        extract('a: 1\nb: "\\UFFFFFFFF"\n')
    if loader == "libyaml":  # libyaml refuses it; PyYAML fails the same way on a second read
        assert (
            info.value.error.message == "invalid YAML: found invalid Unicode character escape code"
        )
        assert info.value.error.line == 2
    else:
        assert info.value.error.message == "invalid YAML: a character escape is out of range"


def test_deep_nesting_is_an_error_or_read() -> None:
    depth = 5_000
    try:
        found = pairs("[" * depth + "deep" + "]" * depth)
    except TonelintError as exc:
        # the wording depends on the PyYAML / libyaml build
        message = exc.error.message
        assert message.startswith("invalid YAML: ")
        assert "nested too deeply" in message or "nesting depth" in message
    else:
        assert found == [("[0]" * depth, "deep")]


def test_loader_whose_marks_count_bytes_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    class ByteMarks(yaml.SafeLoader):
        def get_mark(self) -> yaml.Mark:
            mark = super().get_mark()
            consumed = self.buffer[: self.pointer].encode("utf-8", "surrogatepass")
            return yaml.Mark(mark.name, len(consumed), mark.line, mark.column, None, 0)

    monkeypatch.undo()  # the real _loader, not the fixture's
    monkeypatch.setattr(yaml, "CSafeLoader", ByteMarks)
    yaml_catalog._loader.cache_clear()
    try:
        assert yaml_catalog._loader() is yaml.SafeLoader
    finally:
        monkeypatch.undo()
        yaml_catalog._loader.cache_clear()


# --- properties ---------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        '"',
        "\\",
        "'",
        "''",
        "\n",
        "\n\n",
        "\t",
        "\r",
        "\x00",
        "\x7f",
        "\x85",
        "\u2028",
        "\ufeff",
        "é",
        "中文",
        "😀",
        "👍🏽",
        " ",
        "  ",
        "# ",
        ": ",
        "- ",
        "&a ",
        "*b",
        "!t ",
        "|",
        ">",
        "%",
        "@",
        "`",
        "? ",
        "[x]",
        ", ",
        "---",
        "...",
        "yes",
        "{name}",
        "%{x}",
        "{{ name }}",
        "%s",
        "{count, plural, one {# item} other {# items}}",
        "{{#if vip}}",
        "Hello there",
        "your account is ready",
    ]
)
_TEXT = st.lists(
    st.one_of(_PIECES, st.text(st.characters(codec="utf-8"), max_size=5)),
    max_size=7,
).map("".join)
_KEY = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8).filter(lambda key: key != "<<")
_SCALAR = st.one_of(
    _TEXT, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()
)
_TREE = st.recursive(
    _SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_KEY, children, max_size=3)
    ),
    max_leaves=10,
)

_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(
    data=st.dictionaries(_KEY, _TREE, min_size=1, max_size=5),
    alias=st.booleans(),
    style=st.sampled_from([None, "'", '"', "|", ">"]),
    width=st.sampled_from([12, 30, 80, 1000]),
    allow_unicode=st.booleans(),
    indent=st.sampled_from([2, 4]),
    flow=st.sampled_from([False, True, None]),
    crlf=st.booleans(),
)
def test_property_dumped_catalogues_map_exactly(
    data: dict[str, Any],
    alias: bool,
    style: str | None,
    width: int,
    allow_unicode: bool,
    indent: int,
    flow: bool | None,
    crlf: bool,
) -> None:
    shared = next((v for v in data.values() if isinstance(v, (list, dict)) and v), None)
    if alias and shared is not None:
        data["zz alias"] = shared  # dumped as an anchor and an alias
    text = yaml.safe_dump(
        data,
        default_style=style,
        width=width,
        allow_unicode=allow_unicode,
        indent=indent,
        default_flow_style=flow,
        line_break="\r\n" if crlf else None,
    )
    # The parser's reading is the reference: PyYAML's emitter can garble a value when it
    # wraps a double-quoted line next to an escaped break ('"\\n  ' at width 12).
    check_catalogue(text, load(text))


_WORD = st.text(st.sampled_from("abcxyzABC019éü中😀.,!?()%{}/-_@"), min_size=1, max_size=6).map(
    lambda word: "w" + word
)
_ESCAPE = st.sampled_from(
    [
        *'\\n \\t \\" \\\\ \\u00e9 \\x41 \\U0001F600 \\/ \\N \\_ \\L \\P \\e \\0'.split(),
        "\\ ",
        "\\\t",
    ]
)
_FLOW_GAP = st.sampled_from([" ", "   ", "\t", "\n  ", "\n\n  ", "  \n \t\n\n    ", " \n\t "])


@st.composite
def flow_scalar(draw: st.DrawFn) -> str:
    """A hand-written plain, single- or double-quoted scalar, maybe over several lines."""
    style = draw(st.sampled_from(["plain", "single", "double"]))
    extra: list[st.SearchStrategy[str]] = [_WORD]
    gaps: list[st.SearchStrategy[str]] = [_FLOW_GAP]
    if style == "single":
        extra.append(st.just("''"))
    if style == "double":
        extra.append(_ESCAPE)
        gaps.append(st.sampled_from(["\\\n  ", " \\\n\n   ", "\\\n\t"]))
    words: list[str] = draw(st.lists(st.one_of(*extra), min_size=1, max_size=6))
    text = words[0]
    for word in words[1:]:
        gap = draw(st.one_of(*gaps))
        text += (gap.replace("\t", " ") if style == "plain" else gap) + word
    if style == "plain":
        return text
    pad = draw(st.sampled_from(["", " ", "  "]))
    quote = "'" if style == "single" else '"'
    return f"{quote}{pad}{text}{pad}{quote}"


@st.composite
def block_scalar(draw: st.DrawFn) -> str:
    """A hand-written literal or folded block scalar, its header and indented lines."""
    folded = draw(st.booleans())
    chomping = draw(st.sampled_from(["", "-", "+"]))
    indent = draw(st.integers(1, 4))
    explicit = draw(st.booleans())
    lines = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["", "", "", " ", "   ", "\t"]),  # extra indentation
                st.lists(_WORD, min_size=1, max_size=4).map(" ".join),
                st.sampled_from([0, 0, 0, 1, 2]),  # blank lines after it
                st.sampled_from(["", "", " "]),  # trailing spaces
            ),
            min_size=1,
            max_size=5,
        )
    )
    if not explicit:  # the first line sets the indentation
        lines[0] = ("", *lines[0][1:])
    body = ""
    for extra, words, blanks, trailing in lines:
        body += " " * indent + extra + words + trailing + "\n" + "\n" * blanks
    indicator = str(indent) if explicit else ""
    header = (">" if folded else "|") + draw(
        st.sampled_from([indicator + chomping, chomping + indicator])
    )
    return f"{header}{draw(st.sampled_from(['', '  # comment']))}\n{body}"


@_SETTINGS
@given(
    scalars=st.lists(st.one_of(flow_scalar(), block_scalar()), min_size=1, max_size=4),
    properties=st.lists(st.sampled_from(["", "&a{} ", "!!str ", "&a{} !!str "]), min_size=4),
)
def test_property_hand_written_scalars_map_exactly(
    scalars: list[str], properties: list[str]
) -> None:
    entries = []
    for index, scalar in enumerate(scalars):
        written = properties[index].format(index) + scalar
        entries.append(f"k{index}: {written}".rstrip(" ") + ("" if scalar.endswith("\n") else "\n"))
        if "&" in written:
            entries.append(f"alias{index}: *a{index}\n")
    text = "".join(entries)
    loaded = load(text)
    check_catalogue(text, {k: v for k, v in loaded.items() if not k.startswith("alias")})


# --- real catalogues ----------------------------------------------------------------------


def real(relative: str) -> tuple[SourceFile, Extraction]:
    path = templates() / relative
    source = SourceFile.from_text(path, path.read_text(encoding="utf-8"), relative)
    return source, yaml_catalog.extract(source)


def test_real_devise_entries() -> None:
    source, extraction = real("devise/config/locales/en.yml")
    assert extraction.metadata["locale"] == "en"
    (inactive,) = by_key(extraction, "en.devise.failure.inactive")
    assert pinned(source, inactive) == ("Your account is not activated yet.", (11, 18), (11, 52))
    (invalid,) = by_key(extraction, "en.devise.failure.invalid")
    assert pinned(source, invalid) == (
        "Invalid %{authentication_keys} or password.",
        (12, 17),
        (12, 60),
    )
    assert MASK_CHAR * len("%{authentication_keys}") in invalid.masked


def test_real_discourse_block_and_multi_line_entries() -> None:
    source, extraction = real("discourse/config/locales/client.en.yml")
    (literal,) = by_key(extraction, "en.js.user.mailing_list_mode.instructions")
    assert pinned(source, literal) == (
        "This setting overrides the activity summary.<br />\n"
        "Muted topics and categories are not included in these emails.",
        (979, 11),
        (980, 72),
    )
    arms = by_key(extraction, "en.js.too_few_topics_notice_MF")  # folded >- with ICU plurals
    assert [pinned(source, m)[1:] for m in arms[:3]] == [
        ((1534, 7), (1535, 12)),
        ((1535, 42), (1535, 69)),
        ((1535, 78), (1535, 107)),
    ]
    assert arms[0].text.endswith("start the discussion!</a> There")
    assert arms[1].text == "is <strong>#</strong> topic"
    quoted = by_key(extraction, "en.js.topic.read_more_MF")  # multi-line double-quoted ICU
    assert pinned(source, quoted[1]) == (
        "is <a href='{basePath}/unread'>1 unread</a>",
        (2309, 9),
        (2309, 52),
    )
    (escaped,) = by_key(extraction, "en.js.topic.bumped_at_title_MF")
    assert file_text(source, escaped, 26, 27) == "\\n"


def test_every_real_yaml_file_extracts() -> None:
    root = templates()
    counts: dict[str, int] = {}
    began = time.perf_counter()
    for path in sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")]):
        relative = path.relative_to(root).as_posix()
        source, extraction = real(relative)
        counts[relative] = len(extraction.messages)
        assert extraction.metadata["locale"] == "en"
        for message in extraction.messages:
            assert_pieces(source, message)
    assert time.perf_counter() - began < 60
    assert len(counts) >= 50
    assert all(count > 0 for count in counts.values())
    assert sum(counts.values()) > 15_000
