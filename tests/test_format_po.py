"""gettext catalogues: entries, escapes, keys, locales, errors and exact position mapping."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from format_checks import assert_spans, located, source, templates
from tonelint.errors import TonelintError
from tonelint.models import Message
from tonelint.readers import po

HEADER_DE = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)
HEADER_EN = HEADER_DE.replace("Language: de", "Language: en")


def extract(text: str, name: str = "messages.pot") -> list[Message]:
    return list(po.extract(source(text, name)).messages)


def texts(text: str, name: str = "messages.pot") -> list[str]:
    return [message.text for message in extract(text, name)]


_PO_TOKEN = re.compile(
    r'(?P<join>"[ \t]*(?:\r\n|\r|\n)?[ \t]*")|\\(?:[ntrabfv\\"]|[0-7]{1,3}|x[0-9A-Fa-f]+)|[^\\"]'
)
_NAMED = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def decode_po(fragment: str) -> str:
    """Strictly decode file text inside .po strings; quotes may only close one string and
    open the next (on the same line or the next)."""
    out = []
    position = 0
    while position < len(fragment):
        token = _PO_TOKEN.match(fragment, position)
        assert token is not None, f"not a whole escape or character at {fragment[position:]!r}"
        value = token.group()
        if token.group("join"):
            pass
        elif not value.startswith("\\"):
            out.append(value)
        elif value[1] in _NAMED:
            out.append(_NAMED[value[1]])
        elif value[1] == "x":
            out.append(chr(int(value[2:], 16)))
        elif value[1].isdigit():
            out.append(chr(int(value[1:], 8)))
        else:
            out.append(value[1])
        position = token.end()
    return "".join(out)


def check_spans(text: str, name: str = "messages.pot") -> list[Message]:
    src = source(text, name)
    messages = list(po.extract(src).messages)
    for message in messages:
        assert_spans(src, message, decode_po)
    return messages


# --- entries ----------------------------------------------------------------------------


def test_simple_entry_text_key_and_position() -> None:
    src = source('#: app.py:1\nmsgid "Hello there"\nmsgstr ""\n', "messages.pot")
    (message,) = po.extract(src).messages
    assert located(src, message) == ("Hello there", "Hello there", 2, 8)
    assert message.locale is None


def test_header_is_not_a_message_and_sets_the_locale() -> None:
    messages = extract(HEADER_EN + 'msgid "Save"\nmsgstr ""\n', "django.po")
    assert [(m.text, m.locale) for m in messages] == [("Save", "en")]


def test_comments_flags_and_previous_strings_are_not_copy() -> None:
    text = (
        "# Translators: hey buddy, keep it short\n"
        "#. Extracted: awesome sauce\n"
        "#: views.py:10 views.py:12\n"
        "#, python-format, fuzzy\n"
        '#| msgid "Old wording"\n'
        'msgid "Delete %(name)s"\n'
        'msgstr ""\n'
    )
    assert texts(text) == ["Delete %(name)s"]


def test_obsolete_entries_are_skipped() -> None:
    text = (
        'msgid "Kept"\nmsgstr ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Weg"\n'
        '#~| msgid "Older"\n'
        '#~ msgid ""\n#~ "multi"\n#~ msgstr ""\n'
    )
    assert texts(text) == ["Kept"]


def test_msgctxt_prefixes_the_key_and_is_not_copy() -> None:
    messages = extract('msgctxt "abbrev. month"\nmsgid "Jan."\nmsgstr ""\n')
    assert [(m.text, m.key) for m in messages] == [("Jan.", "abbrev. month|Jan.")]


def test_empty_msgctxt_still_prefixes_the_key() -> None:
    assert [m.key for m in extract('msgctxt ""\nmsgid "Open"\nmsgstr ""\n')] == ["|Open"]


def test_plural_source_strings_share_the_key() -> None:
    text = 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    messages = extract(text)
    assert [(m.text, m.key) for m in messages] == [("%d file", "%d file"), ("%d files", "%d file")]


def test_entries_need_no_blank_line_between_them() -> None:
    text = 'msgid "One"\nmsgstr ""\nmsgid "Two"\nmsgstr ""\nmsgctxt "c"\nmsgid "Three"\nmsgstr ""'
    assert texts(text) == ["One", "Two", "Three"]


def test_multi_line_string_maps_each_piece() -> None:
    text = 'msgid ""\n"Items must be selected "\n"before you go on."\nmsgstr ""\n'
    src = source(text, "messages.pot")
    (message,) = po.extract(src).messages
    assert message.text == "Items must be selected before you go on."
    assert located(src, message)[2:] == (2, 2)
    start, end = message.source_map.to_source(
        len("Items must be "), len("Items must be selected b")
    )
    assert text[start:end] == 'selected "\n"b'
    assert_spans(src, message, decode_po)


def test_several_strings_on_one_line_and_loose_spacing() -> None:
    text = '  msgid   "Hello, "  "world"  \n"!"\nmsgstr ""\n'
    assert [m.text for m in check_spans(text)] == ["Hello, world!"]


def test_crlf_line_breaks() -> None:
    text = 'msgid ""\r\n"Line one "\r\n"and two"\r\nmsgstr ""\r\n\r\nmsgid "Next"\r\nmsgstr ""\r\n'
    src = source(text, "messages.pot")
    messages = po.extract(src).messages
    assert [located(src, m) for m in messages] == [
        ("Line one and two", "Line one and two", 2, 2),
        ("Next", "Next", 6, 8),
    ]


def test_key_keeps_one_line() -> None:
    (message,) = extract('msgid "Dear customer,\\nthanks\\r"\nmsgstr ""\n')
    assert message.text == "Dear customer,\nthanks"
    assert message.key == "Dear customer,\\nthanks\\r"


@pytest.mark.parametrize(
    ("escape", "decoded"),
    [
        ("\\n", "\n"),
        ("\\t", "\t"),
        ('\\"', '"'),
        ("\\\\", "\\"),
        ("\\r", "\r"),
        ("\\a", "\a"),
        ("\\b", "\b"),
        ("\\f", "\f"),
        ("\\v", "\v"),
        ("\\x41", "A"),
        ("\\xe9", "é"),
        ("\\101", "A"),
        ("\\7", "\a"),
        ("\\47", "'"),
    ],
)
def test_each_escape_is_one_atomic_piece(escape: str, decoded: str) -> None:
    text = f'msgid "Say{escape}now"\nmsgstr ""\n'
    src = source(text, "messages.pot")
    (message,) = po.extract(src).messages
    assert message.text == f"Say{decoded}now"
    start, end = message.source_map.to_source(3, 4)
    assert text[start:end] == escape
    assert message.source_map.to_source(0, 3) == (7, 10)
    assert_spans(src, message, decode_po)


def test_octal_escape_reads_at_most_three_digits() -> None:
    assert texts('msgid "\\1011 go"\nmsgstr ""\n') == ["A1 go"]


def test_hex_escape_reads_every_hex_digit() -> None:
    with pytest.raises(TonelintError, match=r"invalid escape '\\x41B'"):
        extract('msgid "\\x41B"\nmsgstr ""\n')


# --- which strings are copy -------------------------------------------------------------


def test_translated_catalogue_lints_non_empty_msgstr_in_its_language() -> None:
    text = HEADER_DE + (
        '# Translator: formal address\nmsgid "Save"\nmsgstr "Speichern"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"\nmsgstr[1] "%d Dateien"\n'
    )
    messages = extract(text, "locale/de/LC_MESSAGES/django.po")
    assert [(m.text, m.key, m.locale) for m in messages] == [
        ("Speichern", "Save", "de"),
        ("%d Datei", "%d file", "de"),
        ("%d Dateien", "%d file", "de"),
    ]


def test_english_catalogue_lints_msgid_even_when_translated() -> None:
    text = HEADER_EN.replace("Language: en", "Language: en_GB") + 'msgid "Color"\nmsgstr "Colour"\n'
    assert [(m.text, m.locale) for m in extract(text, "en_GB.po")] == [("Color", "en_GB")]


def test_template_lints_msgid_whatever_the_msgstr() -> None:
    text = HEADER_DE + 'msgid "Hello"\nmsgstr "Hallo"\n'
    assert texts(text, "messages.pot") == ["Hello"]


def test_locale_from_the_path_without_a_language_header() -> None:
    messages = extract('msgid "Save"\nmsgstr "Enregistrer"\n', "locale/fr/LC_MESSAGES/app.po")
    assert [(m.text, m.locale) for m in messages] == [("Enregistrer", "fr")]


def test_unknown_language_lints_msgid_when_msgstr_is_empty_else_msgstr() -> None:
    text = 'msgid "Save"\nmsgstr ""\n\nmsgid "Open"\nmsgstr "Ouvrir"\n'
    messages = extract(text, "messages.po")
    assert [(m.text, m.key, m.locale) for m in messages] == [
        ("Save", "Save", None),
        ("Ouvrir", "Open", None),
    ]


def test_empty_language_header_falls_back_to_the_path() -> None:
    header = HEADER_DE.replace("Language: de", "Language: ")
    text = header + 'msgid "Save"\nmsgstr "Guardar"\n'
    assert [(m.text, m.locale) for m in extract(text, "es.po")] == [("Guardar", "es")]


def test_icu_selector_arms_become_messages() -> None:
    text = 'msgid "{count, plural, one {# item left} other {# items left}}"\nmsgstr ""\n'
    messages = check_spans(text)
    assert [(m.text, m.key) for m in messages] == [
        ("# item left", "{count, plural, one {# item left} other {# items left}}"),
        ("# items left", "{count, plural, one {# item left} other {# items left}}"),
    ]


def test_placeholders_are_masked() -> None:
    (message,) = extract('msgid "Hi %(name)s, you have {count} new"\nmsgstr ""\n')
    assert [p.text for p in message.placeholders] == ["%(name)s", "{count}"]


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('msgid "Hello\nmsgstr ""\n', "invalid .po: unterminated string", 1),
        ('msgid "Hello\\"\nmsgstr ""\n', "invalid .po: unterminated string", 1),
        ('msgid "a"\n# note\n"stray"\nmsgstr ""\n', "invalid .po: string line outside an entry", 3),
        ('msgid "a"\nmsgstr ""\n\n"stray"\n', "invalid .po: string line outside an entry", 4),
        ('"stray"\n', "invalid .po: string line outside an entry", 1),
        ('msgid "a"\nmsgtxt "b"\n', "invalid .po: unknown keyword 'msgtxt'", 2),
        (
            'msgid "a"\nmsgid_plural "b"\nmsgstr[x] ""\n',
            "invalid .po: msgstr index 'x' is not a number",
            3,
        ),
        ('msgid "a"\nmsgstr ""\nmsgstr ""\n', "invalid .po: unexpected msgstr", 3),
        ('msgid "a"\nmsgstr[0] ""\n', "invalid .po: unexpected msgstr[0]", 2),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr ""\n', "invalid .po: unexpected msgstr", 3),
        ('msgstr "a"\n', "invalid .po: unexpected msgstr", 1),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', "invalid .po: entry without msgstr", 1),
        ('msgctxt "c"\nmsgid "a"\n', "invalid .po: entry without msgstr", 1),
        ('msgid\n"a"\nmsgstr ""\n', "invalid .po: expected a string after msgid", 1),
        ('msgid "a" junk\nmsgstr ""\n', "invalid .po: unexpected text after a string", 1),
        ('msgid "a\\q"\nmsgstr ""\n', "invalid .po: invalid escape '\\q'", 1),
        ('msgid "a\\400"\nmsgstr ""\n', "invalid .po: invalid escape '\\400'", 1),
        ('msgid "a\\x"\nmsgstr ""\n', "invalid .po: invalid escape '\\x'", 1),
    ],
)
def test_malformed_input(text: str, message: str, line: int) -> None:
    with pytest.raises(TonelintError) as caught:
        extract(text, "broken.po")
    assert (caught.value.error.path, caught.value.error.message) == ("broken.po", message)
    assert caught.value.error.line == line


# --- property: random catalogues --------------------------------------------------------

_PLACEHOLDERS = ["{name}", "%s", "%(count)d", "{ $count }", "%{name}", "${total}", "%1$s"]
_CHARS = st.sampled_from(
    [*"abcXYZ ,.!?'-:;0123456789\"\\\n\t\r\a\b\f\v\x7f\xa0éüß中文ё—“”…😀\u200b", "👍🏽"]
)
_PIECE = st.one_of(
    st.lists(_CHARS, min_size=1, max_size=6).map("".join), st.sampled_from(_PLACEHOLDERS)
)
# Each string holds a word that no masking can hide, so it is always one message.
_STRING = st.builds(
    lambda before, after: "".join(before) + " Zq " + "".join(after),
    st.lists(_PIECE, max_size=4),
    st.lists(_PIECE, max_size=4),
)


def _tokens(text: str, draw: st.DrawFn) -> list[str]:
    """``text`` written as .po string tokens, each character in a randomly chosen form."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a", "\b": "\\b", "\f": "\\f"}
    named |= {"\v": "\\v", '"': '\\"', "\\": "\\\\"}
    tokens = []
    for char in text:
        forms = [named[char]] * 3 if char in named else [char] * 3  # mostly the plain form
        if char in "\t\f\v":
            forms.append(char)  # these may also be written as themselves
        if ord(char) <= 0xFF:
            forms.extend([f"\\{ord(char):03o}", f"\\x{ord(char):02x}"])
        tokens.append(draw(st.sampled_from(forms)))
    for index in range(len(tokens) - 1):  # \xHH must not run into a following hex digit
        if tokens[index].startswith("\\x") and tokens[index + 1][0] in "0123456789abcdefABCDEF":
            tokens[index] = f"\\{ord(text[index]):03o}"
    return tokens


def _write_string(keyword: str, text: str, draw: st.DrawFn, newline: str) -> str:
    tokens = _tokens(text, draw)
    cuts = sorted(draw(st.sets(st.integers(0, len(tokens)), max_size=4)))
    chunks = ["".join(tokens[a:b]) for a, b in zip([0, *cuts], [*cuts, len(tokens)], strict=True)]
    lines = [f'{keyword} "{chunks[0]}"']
    for chunk in chunks[1:]:
        separator = draw(st.sampled_from([newline, newline + "  ", " "]))
        lines.append(f'{separator}"{chunk}"')
    return "".join(lines) + draw(st.sampled_from(["", " ", "\t"])) + newline


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[str, str, list[str], list[str]]:
    """A catalogue's file name and text, the strings that are copy and their keys."""
    translated = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    name = "locale/de/LC_MESSAGES/app.po" if translated else "app.pot"
    parts = [
        f'msgid ""{newline}msgstr ""{newline}"Language: {"de" if translated else ""}\\n"{newline}'
    ]
    copy: list[str] = []
    keys: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(newline)
        parts.extend(
            f"{comment}{newline}"
            for comment in draw(
                st.lists(
                    st.sampled_from(
                        [
                            "# hey pal",
                            "#. note",
                            "#: a.py:3",
                            "#, fuzzy",
                            '#| msgid "old"',
                            '#~ msgid "gone"',
                        ]
                    ),
                    max_size=3,
                )
            )
        )
        context = draw(st.one_of(st.none(), _STRING))
        msgid = draw(_STRING)
        plural = draw(st.one_of(st.none(), _STRING))
        if context is not None:
            parts.append(_write_string("msgctxt", context, draw, newline))
        parts.append(_write_string("msgid", msgid, draw, newline))
        key = (msgid if context is None else f"{context}|{msgid}").replace("\r", "\\r")
        key = key.replace("\n", "\\n")
        if plural is None:
            translation = draw(_STRING) if translated else ""
            parts.append(_write_string("msgstr", translation, draw, newline))
            strings = [translation] if translated else [msgid]
        else:
            parts.append(_write_string("msgid_plural", plural, draw, newline))
            forms = draw(st.lists(_STRING, min_size=1, max_size=3)) if translated else [""]
            for index, form in enumerate(forms):
                parts.append(_write_string(f"msgstr[{index}]", form, draw, newline))
            strings = forms if translated else [msgid, plural]
        copy.extend(strings)
        keys.extend([key] * len(strings))
    return name, "".join(parts), copy, keys


@settings(max_examples=150, deadline=None)
@given(catalogues())
def test_property_random_catalogues_round_trip(
    catalogue: tuple[str, str, list[str], list[str]],
) -> None:
    name, text, copy, keys = catalogue
    src = source(text, name)
    messages = po.extract(src).messages
    assert [m.text for m in messages] == [string.strip() for string in copy]
    assert [m.key for m in messages] == keys
    for message in messages:
        assert message.locale == ("de" if name.endswith(".po") else None)
        assert_spans(src, message, decode_po)


# --- real catalogues --------------------------------------------------------------------


def test_real_django_entries() -> None:
    path = templates() / "django-po/django/contrib/admin/locale/en/LC_MESSAGES/django.po"
    src = source(path.read_text(encoding="utf-8"), str(path))
    messages = po.extract(src).messages
    by_text = {m.text: m for m in messages}
    assert located(src, by_text["Delete selected %(verbose_name_plural)s"]) == (
        "Delete selected %(verbose_name_plural)s",
        "Delete selected %(verbose_name_plural)s",
        19,
        8,
    )
    wrapped = "The {name} “{obj}” was changed successfully. You may add another {name} below."
    assert located(src, by_text[wrapped]) == (wrapped, wrapped, 254, 2)
    plural = by_text["%(count)s %(name)s were changed successfully."]
    assert plural.key == "%(count)s %(name)s was changed successfully."
    assert located(src, plural)[2:] == (305, 15)
    assert all(m.locale == "en" for m in messages)
    for message in messages:
        if len(message.text) < 60:  # every span of a long message would be slow
            assert_spans(src, message, decode_po)


def test_real_django_msgctxt_key() -> None:
    path = templates() / "django-po/django/conf/locale/en/LC_MESSAGES/django.po"
    src = source(path.read_text(encoding="utf-8"), str(path))
    keys = {m.key for m in po.extract(src).messages}
    assert "abbrev. month|Jan." in keys


def test_every_real_catalogue_extracts() -> None:
    root = templates()
    paths = sorted(root.rglob("*.po")) + sorted(root.rglob("*.pot"))
    assert paths
    started = time.perf_counter()
    for path in paths:
        messages = po.extract(source(path.read_text(encoding="utf-8"), str(path))).messages
        assert messages, path
    assert time.perf_counter() - started < 10
