"""CSV copy decks: column choice, RFC 4180 quoting, delimiters, keys and exact mapping."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from format_checks import assert_spans, located, source
from tonelint.errors import TonelintError
from tonelint.models import Message
from tonelint.readers import csv_deck


def decode_csv(fragment: str) -> str:
    """File text inside a field: a doubled quote is one quote; a lone quote is not text."""
    assert '"' not in fragment.replace('""', ""), fragment
    return fragment.replace('""', '"')


def extract(text: str, options: dict[str, Any] | None = None) -> list[Message]:
    src = source(text, "deck.csv")
    messages = list(csv_deck.extract(src, options).messages)
    for message in messages:
        assert_spans(src, message, decode_csv)
    return messages


def pairs(text: str, options: dict[str, Any] | None = None) -> list[tuple[str, str | None]]:
    return [(m.text, m.key) for m in extract(text, options)]


# --- columns ----------------------------------------------------------------------------


def test_default_text_and_key_columns() -> None:
    text = "id,screen,copy,notes\nwelcome,home,Welcome back!,hey\nbye,home,See you soon,\n"
    src = source(text, "deck.csv")
    messages = csv_deck.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("Welcome back!", "welcome", 2, 14),
        ("See you soon", "bye", 3, 10),
    ]


@pytest.mark.parametrize(
    "name", ["text", "Copy", "MESSAGE", "body", "content", "string", "value", "source", "en"]
)
def test_each_default_text_column_name(name: str) -> None:
    assert pairs(f"key,{name}\nk1,Hello there\n") == [("Hello there", "k1")]


def test_leftmost_default_column_wins() -> None:
    assert pairs("notes,body,text,id\nx,From body,From text,k\n") == [("From body", "k")]
    assert pairs("name,text,id\nn,Hello there,i\n") == [("Hello there", "n")]


@pytest.mark.parametrize("name", ["id", "Key", "NAME", "slug"])
def test_each_default_key_column_name(name: str) -> None:
    assert pairs(f"text,{name}\nHello there,k1\n") == [("Hello there", "k1")]


def test_columns_from_options_match_case_insensitively() -> None:
    text = "ID,Headline,Body copy\nh1,Big news,Read all about it\n"
    options = {"text-column": "body COPY", "key-column": "headline"}
    assert pairs(text, options) == [("Read all about it", "Big news")]


def test_row_number_key_without_a_key_column_or_with_an_empty_key() -> None:
    text = 'text,notes\nFirst one,\n"Second\nover two lines",x\nThird,\n'
    assert pairs(text) == [
        ("First one", "row 2"),
        ("Second\nover two lines", "row 3"),
        ("Third", "row 4"),
    ]
    assert pairs("id,text\n,Keyless\n") == [("Keyless", "row 2")]


# --- RFC 4180 ---------------------------------------------------------------------------


def test_quoted_fields_with_escaped_quotes_map_exactly() -> None:
    text = 'id,text\nq1,"Say ""hi"", then go"\n'
    src = source(text, "deck.csv")
    (message,) = csv_deck.extract(src).messages
    assert located(src, message) == ('Say "hi", then go', "q1", 2, 5)
    start, end = message.source_map.to_source(4, 5)
    assert text[start:end] == '""'
    start, end = message.source_map.to_source(0, 8)
    assert text[start:end] == 'Say ""hi""'
    assert_spans(src, message, decode_csv)


def test_line_breaks_inside_quotes_and_crlf() -> None:
    text = 'id,text\r\na,"Line one\r\nline two"\r\nb,Next\r\n'
    src = source(text, "deck.csv")
    messages = csv_deck.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("Line one\r\nline two", "a", 2, 4),
        ("Next", "b", 4, 3),
    ]


def test_final_line_without_a_break() -> None:
    assert pairs("id,text\na,Last line") == [("Last line", "a")]


def test_semicolon_delimiter_when_the_header_has_more_semicolons() -> None:
    text = 'id;text;notes\na;Hello, friend;x\nb;"Quoted; with semicolon";y\n'
    assert pairs(text) == [("Hello, friend", "a"), ("Quoted; with semicolon", "b")]


def test_comma_delimiter_wins_ties() -> None:
    assert pairs("text,id;x\na;b,c\n") == [("a;b", "row 2")]


def test_quoted_header_names() -> None:
    assert pairs('"ID","Copy"\n"k","Hi there"\n') == [("Hi there", "k")]


def test_text_after_a_closing_quote_is_kept() -> None:
    messages = csv_deck.extract(source('id,text\na,"quoted" tail\n', "deck.csv")).messages
    assert [m.text for m in messages] == ["quoted tail"]


def test_short_rows_and_blank_lines_are_skipped() -> None:
    text = "id,notes,text\na,x,Kept\n\nb,only two\nc,x,Also kept,extra\n"
    assert pairs(text) == [("Kept", "a"), ("Also kept", "c")]


def test_empty_file_and_header_only() -> None:
    assert pairs("") == []
    assert pairs("id,text\n") == []


def test_placeholders_and_icu_selectors() -> None:
    text = 'id,text\nn,"{count, plural, one {# new message} other {# new messages}}"\n'
    assert pairs(text) == [("# new message", "n"), ("# new messages", "n")]


# --- errors -----------------------------------------------------------------------------


def test_no_text_column() -> None:
    with pytest.raises(TonelintError) as caught:
        csv_deck.extract(source("a, b,c\n1,2,3\n", "deck.csv"))
    error = caught.value.error
    assert (error.path, error.line) == ("deck.csv", 1)
    assert error.message == (
        "csv: no text column (name one with csv: {text-column: ...} in the style guide); "
        "header: a, b, c"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"text-column": "Copy"}, "csv: text-column 'Copy' is not in the header: id, text"),
        ({"key-column": "slug"}, "csv: key-column 'slug' is not in the header: id, text"),
    ],
)
def test_option_names_a_missing_column(options: dict[str, Any], message: str) -> None:
    with pytest.raises(TonelintError) as caught:
        csv_deck.extract(source("id,text\na,b\n", "deck.csv"), options)
    assert (caught.value.error.message, caught.value.error.line) == (message, 1)


def test_unterminated_quoted_field() -> None:
    with pytest.raises(TonelintError) as caught:
        csv_deck.extract(source('id,text\na,ok\nb,"never\nclosed\n', "deck.csv"))
    error = caught.value.error
    assert (error.path, error.message, error.line) == (
        "deck.csv",
        "csv: unterminated quoted field",
        3,
    )


# --- property: random decks -------------------------------------------------------------

_CELL = st.lists(
    st.sampled_from([*"abcXYZ ,;.\"'\n\r\t!?é中😀", "{name}", "%s", "\r\n"]),
    max_size=12,
).map("".join)


@st.composite
def decks(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A deck with an ``id`` and a ``text`` column and the (text, key) pairs it holds."""
    delimiter = draw(st.sampled_from([",", ";"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [delimiter.join(["id", "text", "notes"]) + delimiter * 2]  # the delimiter decides
    expected: list[tuple[str, str]] = []
    for number in range(draw(st.integers(1, 5))):
        cells = [f"k{number}", draw(_CELL) + " Zq " + draw(_CELL), draw(_CELL)]
        written = []
        for cell in cells:
            special = any(char in cell for char in f'"\r\n{delimiter}')
            if special or draw(st.booleans()):
                written.append('"' + cell.replace('"', '""') + '"')
            else:
                written.append(cell)
        lines.append(delimiter.join(written))
        expected.append((cells[1].strip(), cells[0]))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), expected


@settings(max_examples=150, deadline=None)
@given(decks())
def test_property_random_decks_round_trip(deck: tuple[str, list[tuple[str, str]]]) -> None:
    text, expected = deck
    assert pairs(text) == expected
