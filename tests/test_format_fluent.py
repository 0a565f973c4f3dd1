"""Fluent: messages, terms, attributes, multi-line values, selectors and errors."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from format_checks import assert_spans, located, source, templates
from tonelint.errors import TonelintError
from tonelint.models import Message
from tonelint.readers import fluent


def extract(text: str, name: str = "app.ftl", indent: int = 4) -> list[Message]:
    src = source(text, name)
    messages = list(fluent.extract(src).messages)
    for message in messages:
        assert_spans(src, message, decoder(indent))
    return messages


def pairs(text: str, indent: int = 4) -> list[tuple[str, str | None]]:
    return [(m.text, m.key) for m in extract(text, indent=indent)]


def decoder(indent: int) -> Callable[[str], str]:
    """Decodes file text of a value whose common indentation is ``indent``: a line break
    (CRLF too) and up to ``indent`` spaces after it become ``\\n``."""

    def decode(fragment: str) -> str:
        lines = fragment.replace("\r\n", "\n").split("\n")
        return "\n".join([lines[0], *(_dedent(line, indent) for line in lines[1:])])

    return decode


def _dedent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


# --- entries ----------------------------------------------------------------------------


def test_message_text_key_and_position() -> None:
    src = source("# Comment\nwelcome = Welcome back, { $name }!\n", "app.ftl")
    (message,) = fluent.extract(src).messages
    assert located(src, message) == ("Welcome back, { $name }!", "welcome", 2, 11)
    assert [p.text for p in message.placeholders] == ["{ $name }"]


def test_terms_are_copy_and_keep_their_dash() -> None:
    assert pairs("-brand-name = Firefox\n-sync-brand = Firefox Sync\n") == [
        ("Firefox", "-brand-name"),
        ("Firefox Sync", "-sync-brand"),
    ]


def test_attributes_have_dotted_keys() -> None:
    text = (
        "login-button = Log in\n"
        "    .title = Log in to your account\n"
        "    .accesskey = L\n"
        "search =\n"
        "    .placeholder = Search logins\n"
    )
    assert pairs(text) == [
        ("Log in", "login-button"),
        ("Log in to your account", "login-button.title"),
        ("L", "login-button.accesskey"),
        ("Search logins", "search.placeholder"),
    ]


def test_multi_line_value_loses_its_common_indentation() -> None:
    text = (
        "intro =\n    First line of text\n      indented more\n\n    after a blank line\nnext = x\n"
    )
    src = source(text, "app.ftl")
    first = fluent.extract(src).messages[0]
    assert first.text == "First line of text\n  indented more\n\nafter a blank line"
    assert located(src, first)[2:] == (2, 5)
    start, end = first.source_map.to_source(len("First line of "), len("First line of text\n  in"))
    assert text[start:end] == "text\n      in"
    assert_spans(src, first, decoder(4))


def test_inline_start_continues_on_indented_lines() -> None:
    assert pairs("about = This page shows\n  how memory\n  is used.\n", indent=2) == [
        ("This page shows\nhow memory\nis used.", "about"),
    ]


def test_blank_lines_and_comments_between_entries() -> None:
    text = (
        "### Resource comment\n\n"
        "## Group comment\n"
        "#\n"
        "# Entry comment: be chill\n"
        "a = One\n\n\n"
        "b = Two\n"
    )
    assert pairs(text) == [("One", "a"), ("Two", "b")]


def test_crlf_line_breaks() -> None:
    text = "a =\r\n    Line one\r\n    line two\r\nb = Next\r\n"
    src = source(text, "app.ftl")
    messages = fluent.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("Line one\nline two", "a", 2, 5),
        ("Next", "b", 4, 5),
    ]
    for message in messages:
        assert_spans(src, message, decoder(4))


def test_selector_variants_are_messages_of_their_own() -> None:
    text = (
        "tabs-count =\n"
        "    { $count ->\n"
        "        [one] { $count } tab will close\n"
        "       *[other] { $count } tabs will close\n"
        "    }\n"
    )
    src = source(text, "app.ftl")
    messages = fluent.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("{ $count } tab will close", "tabs-count", 3, 15),
        ("{ $count } tabs will close", "tabs-count", 4, 17),
    ]


def test_selector_inside_text_and_platform_function() -> None:
    text = "prefs = Open { PLATFORM() ->\n    [windows] Options\n   *[other] Preferences\n} now\n"
    assert pairs(text) == [
        ("Open", "prefs"),
        ("Options", "prefs"),
        ("Preferences", "prefs"),
        ("now", "prefs"),
    ]


def test_selector_with_three_variants() -> None:
    text = (
        "n =\n    { $n ->\n        [0] No items\n        [1] One item\n"
        "       *[other] Many\n    }\n"
    )
    assert [m.text for m in extract(text)] == ["No items", "One item", "Many"]


def test_placeable_braces_in_string_literals_do_not_count() -> None:
    text = 'shortcut =\n    .key = { "}" }\nlabel = Time range:{ " " }\n'
    messages = fluent.extract(source(text, "app.ftl")).messages
    assert [(m.key, m.text) for m in messages][-1] == ("label", 'Time range:{ " " }')


def test_placeable_may_close_at_column_zero() -> None:
    text = "a = { $n ->\n   *[other] Many things\n}\nb = After\n"
    assert pairs(text) == [("Many things", "a"), ("After", "b")]


def test_only_placeables_is_not_copy() -> None:
    assert pairs('empty = { "" }\ndate = { DATETIME($d, month: "long") }\n') == []


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a = One\nnot an entry\n", "expected a message, a term, an attribute or a comment", 2),
        ("a = One\n[one] x\n", "expected a message, a term, an attribute or a comment", 2),
        ("a = One\n\tb = Two\n", "expected a message, a term, an attribute or a comment", 2),
        ("a =\nb = Two\n", "a has neither a value nor attributes", 1),
        ("x = y\n\nempty =\n\n# comment\n", "empty has neither a value nor attributes", 3),
        ("-term =\n    .attr = x\n", "term -term has no value", 1),
        ("# comment\n    indented\n", "indented line outside an entry", 2),
        ("#comment\n", "a comment starts with '#', '##' or '###' and a space", 1),
        ("####\n", "a comment starts with '#', '##' or '###' and a space", 1),
        ("a = One\n    .= x\n", "attribute without a name or '='", 2),
        ("a = One\n    .title =\n    .label = x\n", "attribute a.title has no value", 2),
        ("a = { $n ->\n  *[other] x\nb = y\n", "unclosed placeable", 1),
    ],
)
def test_malformed_input(text: str, message: str, line: int) -> None:
    with pytest.raises(TonelintError) as caught:
        fluent.extract(source(text, "broken.ftl"))
    error = caught.value.error
    assert (error.path, error.message, error.line) == (
        "broken.ftl",
        f"invalid Fluent: {message}",
        line,
    )


# --- property: random files -------------------------------------------------------------

_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*"abcXYZ ,!?'\"-:;#=/é中—“…😀\t", "👍🏽"]),
        st.sampled_from(["{ $name }", "{ -brand-name }", '{ "literal" }', "{ NUMBER($n) }"]),
    ),
    max_size=6,
).map(lambda pieces: "Zq" + "".join(pieces))  # starts with a word, so never blank


@st.composite
def values(draw: st.DrawFn, base: int) -> tuple[str, str, int]:
    """A value as written after ``=`` (lines indented from ``base``), its text and the
    common indentation of its continuation lines."""
    newline = "\n"  # replaced by the file's line break
    inline = draw(st.one_of(st.just(""), _TEXT))
    lines = draw(st.lists(st.tuples(st.integers(0, 3), _TEXT, st.booleans()), max_size=3))
    if not inline and not lines:
        inline = draw(_TEXT)
    written = " " + inline if inline else ""
    common = min((base + extra for extra, _, _ in lines), default=0)
    texts = [inline] if inline else []
    for extra, line, blank_before in lines:
        if blank_before and (inline or texts):
            written += newline
            texts.append("")
        written += newline + " " * (base + extra) + line
        texts.append(" " * (base + extra - common) + line)
    return written, "\n".join(texts).strip(), common


@st.composite
def fluent_files(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int]]]:
    """A Fluent file and its (text, key, indentation) triples."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    parts: list[str] = []
    expected: list[tuple[str, str, int]] = []
    for number in range(draw(st.integers(1, 4))):
        comment = draw(st.sampled_from(["", "# Note: hey pal", "## Group", "### Resource"]))
        parts.append(comment + newline if comment else "")
        identifier = draw(st.sampled_from(["msg", "-term", "id_x"])) + str(number)
        has_value = identifier.startswith("-") or draw(st.booleans())
        attributes = draw(st.lists(st.sampled_from(["title", "label", "aria-label"]), unique=True))
        if not has_value and not attributes:
            has_value = True
        written = f"{identifier} ="
        if has_value:
            value, text, common = draw(values(4))
            written += value
            expected.append((text, identifier, common))
        for attribute in attributes:
            value, text, common = draw(values(8))
            written += f"\n    .{attribute} =" + value
            expected.append((text, f"{identifier}.{attribute}", common))
        parts.append(written.replace("\n", newline) + newline)
        parts.append(draw(st.sampled_from(["", newline])))
    return "".join(parts), expected


@settings(max_examples=100, deadline=None)
@given(fluent_files())
def test_property_random_files_round_trip(file: tuple[str, list[tuple[str, str, int]]]) -> None:
    text, expected = file
    src = source(text, "random.ftl")
    messages = fluent.extract(src).messages
    assert [(m.text, m.key) for m in messages] == [(t, key) for t, key, _ in expected]
    for message, (_, _, indent) in zip(messages, expected, strict=True):
        assert_spans(src, message, decoder(indent))


# --- real files -------------------------------------------------------------------------


def test_real_firefox_entries() -> None:
    path = templates() / "firefox-en-US/browser/browser/aboutLogins.ftl"
    src = source(path.read_text(encoding="utf-8"), str(path))
    messages = fluent.extract(src).messages
    found = {(m.key, m.text): m for m in messages}
    title = found[("about-logins-page-title", "Logins & Passwords")]
    assert located(src, title)[2:] == (6, 27)
    placeholder = found[("about-logins-login-filter.placeholder", "Search Logins")]
    assert located(src, placeholder)[2:] == (8, 20)
    variant = found[("login-list-count", "{ $count } logins")]
    assert located(src, variant)[2:] == (50, 17)
    for message in messages:
        if len(message.text) < 80:  # the file indents continuation lines by four spaces
            assert_spans(src, message, decoder(4))


def test_every_real_fluent_file_extracts() -> None:
    paths = sorted(templates().rglob("*.ftl"))
    assert paths
    started = time.perf_counter()
    for path in paths:
        messages = fluent.extract(source(path.read_text(encoding="utf-8"), str(path))).messages
        assert messages, path
    assert time.perf_counter() - started < 20
