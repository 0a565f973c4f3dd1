"""JSON catalogues: key paths, escapes, formatjs descriptors, locales, errors, and a property
test that every message maps back onto the exact (escaped) file text it came from."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from format_checks import by_key, pinned, templates
from tonelint.errors import TonelintError
from tonelint.models import MASK_CHAR, Message, SourceFile, SourceMap
from tonelint.readers import json_catalog
from tonelint.readers.base import Extraction, split_messages


def extract(text: str, name: str = "catalog.json") -> tuple[SourceFile, Extraction]:
    source = SourceFile.from_text(Path(name), text)
    return source, json_catalog.extract(source)


def pairs(text: str, name: str = "catalog.json") -> list[tuple[str | None, str]]:
    return [(m.key, m.text) for m in extract(text, name)[1].messages]


def file_text(source: SourceFile, message: Message, start: int = 0, end: int | None = None) -> str:
    """The file text that holds message text ``[start, end)``."""
    first, last = message.source_map.to_source(start, len(message.text) if end is None else end)
    return source.text[first:last]


def assert_strict_mapping(source: SourceFile, message: Message) -> None:
    """Every sub-span of the message (empty ones too) maps onto file text that JSON-decodes
    to exactly it: copied text, or whole escapes."""
    text = message.text
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1):
            start, end = message.source_map.to_source(i, j)
            assert 0 <= start <= end <= len(source.text)
            raw = source.text[start:end]
            assert json.loads(f'"{raw}"') == text[i:j], (i, j, raw)


# --- key paths and values ---------------------------------------------------------------


def test_nested_keys_arrays_and_non_strings() -> None:
    text = """{
      "menu": {"title": "Menu", "items": ["Home", "About", "Contact"], "count": 3},
      "flags": [true, false, null, 1.5e3, -0],
      "deep": [[{"a": "x"}]]
    }"""
    assert pairs(text) == [
        ("menu.title", "Menu"),
        ("menu.items[0]", "Home"),
        ("menu.items[1]", "About"),
        ("menu.items[2]", "Contact"),
        ("deep[0][0].a", "x"),
    ]


def test_top_level_array_and_string() -> None:
    assert pairs('["One", {"b": "Two"}]') == [("[0]", "One"), ("[1].b", "Two")]
    assert pairs('"Just copy"') == [(None, "Just copy")]
    assert pairs("  \n") == []
    assert pairs("{}") == []


def test_flat_react_intl_map_positions() -> None:
    source, extraction = extract('{\n  "app.greeting": "Hello {name}",\n  "app.bye": "Bye"\n}\n')
    first, second = extraction.messages
    assert (first.key, first.text) == ("app.greeting", "Hello {name}")
    assert first.masked == "Hello " + MASK_CHAR * 6
    assert source.position(first.source_map.to_source(0, 0)[0]) == (2, 20)
    assert (second.key, file_text(source, second)) == ("app.bye", "Bye")


def test_duplicate_keys_are_all_linted() -> None:
    assert pairs('{"a": "First", "a": "Second"}') == [("a", "First"), ("a", "Second")]


def test_byte_order_mark_is_skipped() -> None:
    source, extraction = extract('\ufeff{"a": "Hi"}')
    assert [file_text(source, m) for m in extraction.messages] == ["Hi"]


# --- escapes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "decoded"),
    [
        ("\\n", "\n"),
        ('\\"', '"'),
        ("\\\\", "\\"),
        ("\\/", "/"),
        ("\\t", "\t"),
        ("\\r", "\r"),
        ("\\b", "\b"),
        ("\\f", "\f"),
        ("\\u00e9", "é"),
        ("\\u00E9", "é"),
        ("\\ud83d\\ude00", "😀"),
    ],
)
def test_each_escape_is_one_atomic_piece(escape: str, decoded: str) -> None:
    source, extraction = extract(f'{{"k": "ab{escape}cd"}}')
    (message,) = extraction.messages
    assert message.text == f"ab{decoded}cd"
    assert file_text(source, message, 2, 3) == escape
    assert file_text(source, message, 0, 2) == "ab"
    assert file_text(source, message, 3, 5) == "cd"
    assert_strict_mapping(source, message)


def test_lone_surrogate_decodes_to_replacement_character() -> None:
    source, extraction = extract('{"k": "a\\ud800b\\udc00"}')
    (message,) = extraction.messages
    assert message.text == "a\ufffdb\ufffd"
    assert file_text(source, message, 1, 2) == "\\ud800"


def test_raw_unicode_and_emoji_map_one_to_one() -> None:
    source, extraction = extract('{"k": "Café 😀 naïve"}')
    (message,) = extraction.messages
    assert file_text(source, message, 5, 6) == "😀"
    assert_strict_mapping(source, message)


def test_escaped_keys_are_decoded_in_the_key_path() -> None:
    assert pairs('{"a\\u002eb": {"\\"q\\"": "x", "caf\\u00e9": "y"}}') == [
        ('a.b."q"', "x"),
        ("a.b.café", "y"),
    ]


# --- formatjs descriptors and ICU ---------------------------------------------------------


def test_formatjs_default_message_and_description() -> None:
    text = """{
      "app.title": {"defaultMessage": "Welcome back", "description": "Home page title"},
      "app.cta": {"description": "Button", "defaultMessage": "Start now"}
    }"""
    assert pairs(text) == [("app.title", "Welcome back"), ("app.cta", "Start now")]


def test_message_and_translation_fields() -> None:
    text = """{
      "save": {"message": "Save", "description": "Verb", "note": "short"},
      "open": {"translation": "Open", "context": "menu", "comment": "x"}
    }"""
    assert pairs(text) == [("save", "Save"), ("open", "Open")]


def test_i18next_object_with_a_message_key_is_not_a_descriptor() -> None:
    text = '{"confirm": {"title": "Remove it?", "message": "It goes away."}}'
    assert pairs(text) == [("confirm.title", "Remove it?"), ("confirm.message", "It goes away.")]
    # Without a text field, a description is copy like any other value.
    assert pairs('{"plan": {"description": "Our best plan"}}') == [
        ("plan.description", "Our best plan")
    ]


def test_descriptor_list_keyed_by_id() -> None:
    text = '[{"id": "cart.empty", "defaultMessage": "Your cart is empty", "description": "d"}]'
    assert pairs(text) == [("cart.empty", "Your cart is empty")]


def test_nested_icu_plural_gives_one_message_per_arm() -> None:
    text = '{"cart": {"defaultMessage": "{count, plural, one {# item} other {# items}}"}}'
    source, extraction = extract(text)
    assert [(m.key, m.text) for m in extraction.messages] == [
        ("cart", "# item"),
        ("cart", "# items"),
    ]
    for message in extraction.messages:
        assert file_text(source, message) == message.text
        assert message.masked.startswith(MASK_CHAR)  # the # stands for the count


def test_icu_arms_keep_escapes_mapped() -> None:
    text = '{"k": "{n, plural, one {\\"#\\" file} other {# files\\n}}"}'
    source, extraction = extract(text)
    assert [m.text for m in extraction.messages] == ['"#" file', "# files"]
    assert file_text(source, extraction.messages[0]) == '\\"#\\" file'
    for message in extraction.messages:
        assert_strict_mapping(source, message)


# --- locale -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "locale"),
    [
        ("locales/de/common.json", '{"a": "Hallo"}', "de"),
        ("fr.json", '{"a": "Salut"}', "fr"),
        ("client.pt-BR.json", '{"a": "Olá"}', "pt-BR"),
        ("messages.json", '{"es": {"a": "Hola"}}', "es"),
        ("en.json", '{"de": {"a": "Hallo"}}', "de"),
        ("messages.json", '{"a": "Hi"}', None),
        ("messages.json", '{"en": {"a": "Hi"}, "de": {"a": "Hallo"}}', None),
    ],
)
def test_locale(name: str, text: str, locale: str | None) -> None:
    _, extraction = extract(text, name)
    assert extraction.metadata.get("locale") == locale
    assert {m.locale for m in extraction.messages} == {locale}


def test_locale_root_stays_in_the_key() -> None:
    assert pairs('{"en": {"a": "Hi"}}', "x.json") == [("en.a", "Hi")]


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": "x"}\n\n}', "unexpected '}' after the top-level value", 3),
        ('{"a": "x"} trailing', "unexpected 'trailing' after the top-level value", 1),
        ('{\n  "a": "never closed\n}', "unterminated string", 2),
        ('{"a": "x', "unterminated string", 1),
        ('{"a": "x\\', "unterminated string", 1),
        ('{\n\n  "a": "bad \\x escape"\n}', "invalid escape '\\x'", 3),
        ('{"a": "\\u12G4"}', "invalid \\u escape: four hexadecimal digits must follow", 1),
        ('{\n  "a": "x"\n  "b": "y"\n}', "expected ',' or '}', found '\"'", 3),
        ('[\n"a"\n"b"]', "expected ',' or ']', found '\"'", 3),
        ('{"a": "x",\n}', "trailing comma before '}'", 2),
        ("[1, 2,]", "trailing comma before ']'", 1),
        ('{"a" "x"}', "expected ':' after a key, found '\"'", 1),
        ("{'a': 1}", "expected a key in double quotes, found '''", 1),
        ("{a: 1}", "expected a key in double quotes, found 'a'", 1),
        ('{"a":\n\n  tru}', "invalid value 'tru'", 3),
        ('{"a": 01}', "invalid value '01'", 1),
        ('{"a": NaN}', "invalid value 'NaN'", 1),
        ('{"a": }', "expected a value, found '}'", 1),
        ('{"a": [1, 2}', "expected ',' or ']', found '}'", 1),
        ('{"a": [1, 2', "expected ',' or ']', found the end of the file", 1),
        ('{"a":\t"tab\there"}', "control character U+0009 in a string", 1),
        ('{"a": "x"} // comment', "unexpected '/' after the top-level value", 1),
    ],
)
def test_malformed_json(text: str, message: str, line: int) -> None:
    with pytest.raises(TonelintError) as info:
        extract(text, "bad.json")
    assert info.value.error.message == f"invalid JSON: {message}"
    assert info.value.error.line == line
    assert info.value.error.path == "bad.json"
    assert "\n" not in str(info.value)


def test_deep_nesting_needs_no_recursion() -> None:
    depth = 20_000
    assert pairs("[" * depth + '"deep"' + "]" * depth) == [("[0]" * depth, "deep")]
    assert pairs('{"a":' * depth + '"x"' + "}" * depth) == [(".".join("a" * depth), "x")]


# --- property: random catalogues ----------------------------------------------------------

_PIECES = st.sampled_from(
    [
        '"',
        "\\",
        "/",
        "'",
        "\n",
        "\t",
        "\r",
        "\b",
        "\x00",
        "\x1f",
        "\x7f",
        "é",
        "中文",
        "😀",
        "👍🏽",
        "\u2028",
        "\ufeff",
        " ",
        "  ",
        "{name}",
        "%{x}",
        "{{ name }}",
        "%s",
        "{count, plural, one {# item} other {# items}}",
        "{{#if vip}}",
        "{% else %}",
        "Hello",
        "your account",
        "https://example.com/a",
    ]
)
_TEXT = st.lists(
    st.one_of(_PIECES, st.text(st.characters(codec="utf-8"), max_size=6)),
    max_size=6,
).map("".join)
_KEY = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8).filter(
    lambda key: key not in json_catalog._META_FIELDS | set(json_catalog._TEXT_FIELDS)
)
_SCALAR = st.one_of(
    _TEXT, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()
)
_TREE = st.recursive(
    _SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEY, children, max_size=4)
    ),
    max_leaves=12,
)
_CATALOGUE = st.one_of(st.dictionaries(_KEY, _TREE, max_size=6), st.lists(_TREE, max_size=3))


def expected_messages(data: Any, sort_keys: bool, path: str = "") -> list[tuple[str | None, str]]:
    """The (key, text) pairs a catalogue should give, in file order, from its Python value."""
    if isinstance(data, str):
        split = split_messages(data, SourceMap.contiguous(0, len(data)))
        return [(path or None, message.text) for message in split]
    found: list[tuple[str | None, str]] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            found += expected_messages(item, sort_keys, f"{path}[{index}]")
    elif isinstance(data, dict):
        for key in sorted(data) if sort_keys else data:
            if key.startswith("@"):
                continue  # ARB metadata
            found += expected_messages(data[key], sort_keys, f"{path}.{key}" if path else key)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=_CATALOGUE,
    ensure_ascii=st.booleans(),
    indent=st.sampled_from([None, 0, 2, "\t"]),
    sort_keys=st.booleans(),
    compact=st.booleans(),
)
def test_property_random_catalogues_map_exactly(
    data: Any, ensure_ascii: bool, indent: int | str | None, sort_keys: bool, compact: bool
) -> None:
    text = json.dumps(
        data,
        ensure_ascii=ensure_ascii,
        indent=indent,
        sort_keys=sort_keys,
        separators=(",", ":") if compact else None,
    )
    source, extraction = extract(text)
    # (a) the decoded texts are the values, split at control tags and trimmed
    assert [(m.key, m.text) for m in extraction.messages] == expected_messages(data, sort_keys)
    # (b) every sub-span maps onto file text that decodes to exactly that text
    for message in extraction.messages:
        assert_strict_mapping(source, message)


# --- real catalogues ----------------------------------------------------------------------


def real(relative: str) -> tuple[SourceFile, Extraction]:
    path = templates() / relative
    source = SourceFile.from_text(path, path.read_text(encoding="utf-8"), relative)
    return source, json_catalog.extract(source)


def test_real_excalidraw_entries() -> None:
    source, extraction = real("excalidraw/packages/excalidraw/locales/en.json")
    assert extraction.metadata["locale"] == "en"
    (paste,) = by_key(extraction, "labels.paste")
    assert pinned(source, paste) == ("Paste", (3, 15), (3, 20))
    (offline,) = by_key(extraction, "alerts.collabOfflineWarning")
    assert pinned(source, offline) == (
        "No internet connection available.\nYour changes will not be saved!",
        (285, 30),
        (285, 96),
    )
    assert file_text(source, offline, 33, 34) == "\\n"
    (watermark,) = by_key(extraction, "labels.addWatermark")
    assert pinned(source, watermark) == ('Add "Made with Excalidraw"', (73, 22), (73, 50))
    assert file_text(source, watermark) == 'Add \\"Made with Excalidraw\\"'


def test_real_mastodon_icu_plural() -> None:
    source, extraction = real("mastodon/app/javascript/mastodon/locales/en.json")
    one, other = by_key(extraction, "account.followers_counter")
    assert pinned(source, one) == ("{counter} Follower", (20, 54), (20, 72))
    assert pinned(source, other) == ("{counter} Followers", (20, 81), (20, 100))


def test_real_spree_nested_message_key() -> None:
    source, extraction = real("spree/packages/dashboard/src/locales/en.json")
    (message,) = by_key(extraction, "admin.allowed_origins.delete_confirm.message")
    text, start, _ = pinned(source, message)
    assert text.startswith("{{origin}} will no longer be able to call the admin API")
    assert start == (12, 21)


def test_every_real_json_file_extracts() -> None:
    root = templates()
    counts: dict[str, int] = {}
    began = time.perf_counter()
    for path in sorted(root.rglob("*.json")):
        relative = path.relative_to(root).as_posix()
        source, extraction = real(relative)
        counts[relative] = len(extraction.messages)
        for message in extraction.messages:
            start, end = message.source_map.to_source(0, len(message.text))
            assert json.loads(f'"{source.text[start:end]}"') == message.text
    assert time.perf_counter() - began < 10
    catalogues = [name for name in counts if "/locales/" in name]
    assert len(catalogues) >= 4
    assert all(counts[name] > 400 for name in catalogues)
    assert sum(counts.values()) > 4000


def test_arb_metadata_is_not_copy() -> None:
    text = (
        '{"@@locale": "en", "greeting": "Hey bestie!",\n'
        ' "@greeting": {"description": "Shown at the top, hey bestie"}}\n'
    )
    extraction = json_catalog.extract(SourceFile.from_text(Path("app_en.arb.json"), text))
    assert [(m.key, m.text) for m in extraction.messages] == [("greeting", "Hey bestie!")]
