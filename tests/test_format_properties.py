"""Java properties: separators, comments, continuations, escapes, keys and exact mapping."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from format_checks import assert_spans, located, source, templates
from tonelint.errors import TonelintError
from tonelint.models import Message
from tonelint.readers import properties


def extract(text: str, name: str = "messages.properties") -> list[Message]:
    src = source(text, name)
    messages = list(properties.extract(src).messages)
    for message in messages:
        assert_spans(src, message, decode_properties)
    return messages


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.key) for m in extract(text)]


_TOKEN = re.compile(r"\\u[0-9A-Fa-f]{4}|\\(?:\r\n|\r|\n)[ \t\f]*|\\[^\r\n]|[^\\]")
_NAMED = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def decode_properties(fragment: str) -> str:
    """Strictly decode a value's file text (continuations included)."""
    units = []
    position = 0
    while position < len(fragment):
        token = _TOKEN.match(fragment, position)
        assert token is not None, f"not a whole escape or character at {fragment[position:]!r}"
        value = token.group()
        if value.startswith("\\u"):
            units.append(chr(int(value[2:], 16)))
        elif value[:2] in ("\\\r", "\\\n"):
            pass  # a continuation
        elif value.startswith("\\"):
            units.append(_NAMED.get(value[1], value[1]))
        else:
            units.append(value)
        position = token.end()
    return "".join(units).encode("utf-16-le", "surrogatepass").decode("utf-16-le")


# --- entries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "greeting=Hello there",
        "greeting = Hello there",
        "greeting: Hello there",
        "greeting Hello there",
        "   greeting\t=\tHello there",
        "greeting\f:  Hello there",
    ],
)
def test_separators(line: str) -> None:
    assert pairs(line + "\n") == [("Hello there", "greeting")]


def test_text_key_and_position() -> None:
    src = source("# Comment\n! Other comment\n\nsave.label = Save %S now\n", "a.properties")
    (message,) = properties.extract(src).messages
    assert located(src, message) == ("Save %S now", "save.label", 4, 14)
    assert [p.text for p in message.placeholders] == ["%S"]


def test_comments_are_not_copy_even_with_a_trailing_backslash() -> None:
    assert pairs("# hey pal \\\nkey = Value\n  ! also a comment\n") == [("Value", "key")]


def test_hash_inside_a_value_is_text() -> None:
    assert pairs("key = Item #1 ! great\n") == [("Item #1 ! great", "key")]


def test_continuation_lines_drop_the_break_and_indentation() -> None:
    text = "intro = This is a long \\\n    sentence that \\\n\t\tcontinues.\nnext = Two\n"
    src = source(text, "a.properties")
    messages = properties.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("This is a long sentence that continues.", "intro", 1, 9),
        ("Two", "next", 4, 8),
    ]
    start, end = messages[0].source_map.to_source(len("This is a "), len("This is a long sen"))
    assert text[start:end] == "long \\\n    sen"
    assert_spans(src, messages[0], decode_properties)


def test_even_backslashes_do_not_continue() -> None:
    assert pairs("a = ends in \\\\\nb = next\n") == [("ends in \\", "a"), ("next", "b")]


def test_continued_key_and_crlf() -> None:
    src = source("long\\\r\n   key = Value\r\nother = x y\r\n", "a.properties")
    messages = properties.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("Value", "longkey", 2, 10),
        ("x y", "other", 3, 9),
    ]


def test_continuation_at_the_end_of_the_file() -> None:
    assert pairs("key = last \\") == [("last", "key")]


@pytest.mark.parametrize(
    ("escape", "decoded"),
    [
        ("\\t", "\t"),
        ("\\n", "\n"),
        ("\\r", "\r"),
        ("\\f", "\f"),
        ("\\\\", "\\"),
        ("\\=", "="),
        ("\\:", ":"),
        ("\\#", "#"),
        ("\\!", "!"),
        ("\\ ", " "),
        ("\\u00e9", "é"),
        ("\\u2026", "…"),
        ("\\uD83D\\uDE00", "😀"),
        ("\\q", "q"),
    ],
)
def test_each_escape_is_one_atomic_piece(escape: str, decoded: str) -> None:
    text = f"key = Say{escape}now\n"
    src = source(text, "a.properties")
    (message,) = properties.extract(src).messages
    assert message.text == f"Say{decoded}now"
    start, end = message.source_map.to_source(3, 3 + len(decoded))
    assert text[start:end] == escape
    assert message.source_map.to_source(0, 3) == (6, 9)
    assert_spans(src, message, decode_properties)


def test_lone_surrogate_becomes_a_replacement_character() -> None:
    messages = properties.extract(source("key = a\\uD83Db\n", "a.properties")).messages
    assert [m.text for m in messages] == ["a\ufffdb"]


def test_keys_with_escapes() -> None:
    text = "my\\ key = one\nwith\\=equals:two\n\\u00e9t\\u00e9 three\nk\\:v = four\n"
    assert pairs(text) == [
        ("one", "my key"),
        ("two", "with=equals"),
        ("three", "été"),
        ("four", "k:v"),
    ]


def test_value_may_start_with_a_second_separator() -> None:
    assert pairs("key = = value\nother::x\n") == [("= value", "key"), (":x", "other")]


def test_keys_without_values_and_blank_values_are_not_messages() -> None:
    assert pairs("empty\nblank =   \nspaced = \\u0020\n") == []


def test_locale_is_left_to_the_file_name() -> None:
    (message,) = extract("key = Bonjour\n", "messages_fr.properties")
    assert message.locale is None  # the engine reads it from the path


def test_malformed_unicode_escape() -> None:
    with pytest.raises(TonelintError) as caught:
        properties.extract(source("a = 1\nb = \\u12G4\n", "bad.properties"))
    error = caught.value.error
    assert (error.path, error.message, error.line) == (
        "bad.properties",
        "invalid .properties: malformed \\uXXXX escape",
        2,
    )


def test_malformed_unicode_escape_line_after_continuations() -> None:
    with pytest.raises(TonelintError) as caught:
        properties.extract(source("a = one \\\n two \\\n \\uXY\n", "bad.properties"))
    assert caught.value.error.line == 3


# --- property: random files -------------------------------------------------------------

_PLACEHOLDERS = ["%S", "%1$S", "{0}", "{name}", "%d", "#1"]
_CHARS = st.sampled_from([*"abcXYZ ,.?'-;0123456789=:#!\"\\\n\t\r\f\xa0éü中—“…😀", "👍🏽"])
_PIECE = st.one_of(
    st.lists(_CHARS, min_size=1, max_size=6).map("".join), st.sampled_from(_PLACEHOLDERS)
)
# Each value holds a word that no masking can hide, so it is always one message.
_VALUE = st.builds(
    lambda before, after: "".join(before) + " Zq " + "".join(after),
    st.lists(_PIECE, max_size=4),
    st.lists(_PIECE, max_size=4),
)
_KEY = st.lists(st.sampled_from([*"abkey.-_", " ", "=", ":", "é", "#"]), min_size=1).map("".join)
_ALWAYS = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_ESCAPED = {"\t": "\\t", "\f": "\\f", " ": "\\ ", "=": "\\=", ":": "\\:", "#": "\\#", "!": "\\!"}


def _unicode(char: str) -> str:
    units = char.encode("utf-16-le")
    return "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'little'):04x}" for i in range(0, len(units), 2)
    )


def _tokens(text: str, draw: st.DrawFn, leading: bool) -> list[str]:
    """``text`` as tokens, each character plain or escaped; a character that the reader
    would take for a separator or skip (``leading``) is always escaped."""
    tokens = []
    for index, char in enumerate(text):
        if char in _ALWAYS:
            forms = [_ALWAYS[char]]
        elif leading and index == 0 and char in " \t\f=:":
            forms = [_ESCAPED[char]]
        else:
            forms = [char] * 3 + [_ESCAPED.get(char, _unicode(char))]
            if char.isalpha() and char not in "tnrfu":
                forms.append("\\" + char)
        tokens.append(draw(st.sampled_from(forms)))
    return tokens


@st.composite
def files(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A .properties file and its (value, key) pairs."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    parts: list[str] = []
    entries: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 4))):
        comments = draw(st.lists(st.sampled_from(["# hey pal", "! note \\", "#"]), max_size=2))
        parts.extend(comment + newline for comment in comments)
        parts.append(draw(st.sampled_from(["", newline, " \t" + newline])))
        key, value = draw(_KEY), draw(_VALUE)
        key_tokens = [
            token if token not in " \t\f=:#!" else _ESCAPED[token]
            for token in _tokens(key, draw, leading=False)
        ]
        separator = draw(st.sampled_from(["=", " = ", ":", " : ", " ", "\t", "\t=  "]))
        value_tokens = _tokens(value, draw, leading=separator.strip() == "")
        cuts = sorted(draw(st.sets(st.integers(1, len(value_tokens)), max_size=3)))
        line = draw(st.sampled_from(["", "  "])) + "".join(key_tokens) + separator
        for index, token in enumerate(value_tokens):
            if index in cuts:  # a continuation; the next line's indentation is dropped
                line += "\\" + newline + draw(st.sampled_from(["", "    ", "\t "]))
                if token in " \t\f":
                    token = _ESCAPED[token]
            line += token
        parts.append(line + newline)
        entries.append((value.strip(), key))
    return "".join(parts), entries


@settings(max_examples=150, deadline=None)
@given(files())
def test_property_random_files_round_trip(file: tuple[str, list[tuple[str, str]]]) -> None:
    text, entries = file
    src = source(text, "random.properties")
    messages = properties.extract(src).messages
    assert [(m.text, m.key) for m in messages] == entries
    for message in messages:
        assert_spans(src, message, decode_properties)


# --- real files -------------------------------------------------------------------------


def test_real_firefox_entries() -> None:
    root = templates() / "firefox-en-US"
    path = root / "browser/extensions/formautofill/formautofill.properties"
    src = source(path.read_text(encoding="utf-8"), str(path))
    found = {m.key: m for m in properties.extract(src).messages}
    saved = "%S now saves addresses so you can fill out forms faster."
    assert located(src, found["saveAddressesMessage"]) == (saved, "saveAddressesMessage", 22, 24)
    assert located(src, found["cancelAddressLabel"]) == ("Don’t Save", "cancelAddressLabel", 34, 22)

    path = root / "dom/chrome/nsWebBrowserPersist.properties"
    src = source(path.read_text(encoding="utf-8"), str(path))
    found = {m.key: m for m in properties.extract(src).messages}
    read_error = found["readError"]
    assert read_error.text == (
        "%S could not be saved, because the source file could not be read.\n\n"
        "Try again later, or contact the server administrator."
    )
    assert located(src, read_error)[2:] == (5, 13)
    assert_spans(src, read_error, decode_properties)


def test_every_real_properties_file_extracts() -> None:
    paths = sorted(templates().rglob("*.properties"))
    assert paths
    started = time.perf_counter()
    for path in paths:
        messages = properties.extract(source(path.read_text(encoding="utf-8"), str(path))).messages
        assert messages, path
    assert time.perf_counter() - started < 20
