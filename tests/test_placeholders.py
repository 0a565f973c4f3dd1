"""Unit tests for placeholder detection, masking and the keep-placeholders check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonelint.matching.scan import Scanner
from tonelint.models import MASK_CHAR, Placeholder, PlaceholderRole
from tonelint.placeholders import (
    find_placeholders,
    keeps_placeholders,
    mask,
    placeholder_multiset,
)

VALUE = PlaceholderRole.VALUE
CONTROL = PlaceholderRole.CONTROL


def spans(text: str) -> list[tuple[str, PlaceholderRole]]:
    return [(p.text, p.role) for p in find_placeholders(text)]


def assert_consistent(text: str, found: tuple[Placeholder, ...]) -> None:
    """Offsets agree with the text, come in order and never overlap."""
    previous_end = 0
    for placeholder in found:
        assert 0 <= placeholder.start < placeholder.end <= len(text)
        assert text[placeholder.start : placeholder.end] == placeholder.text
        assert placeholder.start >= previous_end
        previous_end = placeholder.end


# A whole token embedded in copy: (token, role).
SINGLE_TOKENS = [
    # Jinja / Liquid / Django
    ("{{ first_name }}", VALUE),
    ("{{first_name}}", VALUE),
    ("{{ user.name | title }}", VALUE),
    ("{% if vip %}", CONTROL),
    ("{% endif %}", CONTROL),
    ("{%- for item in items -%}", CONTROL),
    ("{# a comment #}", CONTROL),
    # Handlebars / Mustache
    ("{{#if premium}}", CONTROL),
    ("{{/if}}", CONTROL),
    ("{{^empty}}", CONTROL),
    ("{{! a comment}}", CONTROL),
    ("{{> partial }}", CONTROL),
    ("{{else}}", CONTROL),
    ("{{{raw_html}}}", VALUE),
    ("{{{ raw }}}", VALUE),
    ("{{& raw_html}}", VALUE),  # Mustache unescaped variable: output, not control
    # Go templates
    ("{{ .Name }}", VALUE),
    ("{{.Name}}", VALUE),
    ("{{ if .Premium }}", CONTROL),
    ("{{- if .Premium }}", CONTROL),
    ("{{ range .Items }}", CONTROL),
    ("{{ end }}", CONTROL),
    ("{{ with .User }}", CONTROL),
    # ERB
    ("<%= name %>", VALUE),
    ("<%- name %>", VALUE),
    ("<% if vip %>", CONTROL),
    ("<% end %>", CONTROL),
    # shell / JS template literal
    ("${name}", VALUE),
    ("${ user.name }", VALUE),
    # Ruby
    ("%{name}", VALUE),
    ("%{user.name}", VALUE),
    ("%<name>s", VALUE),
    ("%<amount>.2f", VALUE),
    # printf
    ("%s", VALUE),
    ("%1$s", VALUE),
    ("%1$S", VALUE),
    ("%2$d", VALUE),
    ("%(name)s", VALUE),
    ("%(count)d", VALUE),
    ("%d", VALUE),
    ("%u", VALUE),
    ("%lu", VALUE),
    ("%.2f", VALUE),
    ("%-5d", VALUE),
    ("%@", VALUE),
    ("%%", VALUE),
    # GOV.UK Notify
    ("((name))", VALUE),
    ("((reference number))", VALUE),
    # brace arguments
    ("{name}", VALUE),
    ("{0}", VALUE),
    ("{ 12 }", VALUE),
    ("{user.first-name}", VALUE),
    ("{ $count }", VALUE),
    ("{$count}", VALUE),
    ("{-brand-name}", VALUE),
    # ICU formatted arguments
    ("{d, date, short}", VALUE),
    ("{amount, number}", VALUE),
    ("{price, number, ::currency/EUR}", VALUE),
    ("{t, time, long}", VALUE),
]


@pytest.mark.parametrize(("token", "role"), SINGLE_TOKENS)
def test_single_token_is_found_with_its_role(token: str, role: PlaceholderRole) -> None:
    text = f"Hello {token} and welcome."
    found = find_placeholders(text)
    assert len(found) == 1, found
    placeholder = found[0]
    assert placeholder.text == token
    assert placeholder.role is role
    assert placeholder.start == len("Hello ")
    assert placeholder.end == len("Hello ") + len(token)
    assert_consistent(text, found)


@pytest.mark.parametrize(("token", "role"), SINGLE_TOKENS)
def test_single_token_alone_spans_the_whole_text(token: str, role: PlaceholderRole) -> None:
    found = find_placeholders(token)
    assert [(p.start, p.end, p.role) for p in found] == [(0, len(token), role)]


@pytest.mark.parametrize(
    "text",
    [
        "50% off",
        "Get 50% off today",
        "100%",
        "We are 100% sure.",
        "100% ",
        "Up 5%.",
        "Save 10% today and 20% tomorrow",
        "It costs 5% more",
        "10% discount",
        "{some text here}",
        "a { b c }",
        "{x y}",
        "{{ name",
        "Hello {{ name and more",
        "Hello {name",
        "{ }",
        "{}",
        "Just a sentence, with commas, no braces.",
        "Price: $5 and (maybe) more",
        "Email a@b.com (or call)",
        "<% unclosed",
        "${unclosed",
        "%{1abc}",
    ],
)
def test_traps_are_not_placeholders(text: str) -> None:
    assert find_placeholders(text) == ()


def test_unclosed_double_brace_is_not_a_placeholder_but_later_tokens_are() -> None:
    text = "Hi {{ name, your code is {code}."
    found = find_placeholders(text)
    assert [(p.text, p.role) for p in found] == [("{code}", VALUE)]
    assert text[found[0].start : found[0].end] == "{code}"


def test_printf_letter_after_conversion_is_not_a_placeholder() -> None:
    # "%so" would be "%s" followed by a letter: that is a word, not a conversion.
    assert find_placeholders("50%sure") == ()
    assert find_placeholders("50%off") == ()
    assert spans("50%s.") == [("%s", VALUE)]


def test_positions_of_several_placeholders_in_one_message() -> None:
    text = "Hi {{ first_name }}, {% if vip %}you have %d points{% endif %} at ${shop}."
    found = find_placeholders(text)
    assert_consistent(text, found)
    assert spans(text) == [
        ("{{ first_name }}", VALUE),
        ("{% if vip %}", CONTROL),
        ("%d", VALUE),
        ("{% endif %}", CONTROL),
        ("${shop}", VALUE),
    ]
    assert found[0].start == 3
    assert found[-1].end == len(text) - 1


def test_adjacent_placeholders_do_not_merge() -> None:
    text = "{{ a }}{{ b }}%s%d{x}{0}"
    found = find_placeholders(text)
    assert_consistent(text, found)
    assert [p.text for p in found] == ["{{ a }}", "{{ b }}", "%s", "%d", "{x}", "{0}"]


def test_triple_mustache_wins_over_double() -> None:
    found = find_placeholders("A {{{ body }}} B")
    assert [(p.start, p.end, p.text) for p in found] == [(2, 14, "{{{ body }}}")]


def test_mustache_spanning_lines_is_one_placeholder() -> None:
    text = "Hi {{\n  first_name\n}} there"
    found = find_placeholders(text)
    assert [(p.start, p.end) for p in found] == [(3, 21)]
    assert found[0].text == "{{\n  first_name\n}}"


def test_go_template_value_and_control_mix() -> None:
    text = "{{ if .Premium }}Thanks, {{ .Name }}!{{ else }}Hello.{{ end }}"
    assert spans(text) == [
        ("{{ if .Premium }}", CONTROL),
        ("{{ .Name }}", VALUE),
        ("{{ else }}", CONTROL),
        ("{{ end }}", CONTROL),
    ]


def test_handlebars_block_and_comment() -> None:
    text = "{{#if a}}x{{/if}}{{! c}}"
    found = find_placeholders(text)
    assert [(p.start, p.end, p.text, p.role) for p in found] == [
        (0, 9, "{{#if a}}", CONTROL),
        (10, 17, "{{/if}}", CONTROL),
        (17, 24, "{{! c}}", CONTROL),
    ]


def test_erb_output_is_value_and_code_is_control() -> None:
    text = "<% if vip %>Dear <%= name %>,<% end %>"
    assert spans(text) == [
        ("<% if vip %>", CONTROL),
        ("<%= name %>", VALUE),
        ("<% end %>", CONTROL),
    ]


def test_jinja_comment_is_control() -> None:
    found = find_placeholders("a {# c #} b")
    assert [(p.start, p.end, p.role) for p in found] == [(2, 9, CONTROL)]


# --- ICU MessageFormat ------------------------------------------------------------------


def test_icu_plural_masks_syntax_and_hash_but_not_arm_text() -> None:
    text = "{n, plural, one {# item} other {# items}}"
    found = find_placeholders(text)
    assert_consistent(text, found)
    masked = mask(text, [(p.start, p.end) for p in found])
    assert len(masked) == len(text)
    # Only the words of the arms remain; every '#', brace and keyword is masked.
    remaining = masked.replace(MASK_CHAR, "|")
    assert [part.strip() for part in remaining.split("|") if part.strip()] == ["item", "items"]
    hashes = [p for p in found if p.text == "#"]
    assert [(p.start, p.role) for p in hashes] == [(17, VALUE), (32, VALUE)]
    assert "{" not in masked and "}" not in masked and "plural" not in masked
    # Arm text is not a placeholder.
    assert all("item" not in p.text for p in found)


def test_icu_plural_in_a_sentence() -> None:
    text = "You have {count, plural, =0 {no messages} one {# message} other {# messages}}."
    found = find_placeholders(text)
    assert_consistent(text, found)
    masked = mask(text, [(p.start, p.end) for p in found])
    assert masked.startswith("You have ")
    assert masked.endswith(".")
    for word in ("no messages", " message", " messages"):
        assert word in masked
    assert "#" not in masked
    assert "count" not in masked
    assert "=0" not in masked
    assert found[0].role is CONTROL
    assert found[0].text == "{count, plural,"


def test_icu_select_does_not_mask_hash() -> None:
    text = "{gender, select, male {He is #1} other {They are #1}}"
    found = find_placeholders(text)
    assert all(p.text != "#" for p in found)
    masked = mask(text, [(p.start, p.end) for p in found])
    assert "He is #1" in masked
    assert "They are #1" in masked
    assert "gender" not in masked


def test_icu_selectordinal_masks_hash() -> None:
    text = "{n, selectordinal, one {#st} other {#th}}"
    masked = mask(text, [(p.start, p.end) for p in find_placeholders(text)])
    assert masked.replace(MASK_CHAR, "") == "stth"


def test_icu_plural_with_offset_and_exact_selectors() -> None:
    text = "{n, plural, offset:1 =0 {none} one {# left} other {# left}}"
    found = find_placeholders(text)
    assert_consistent(text, found)
    masked = mask(text, [(p.start, p.end) for p in found])
    assert masked.replace(MASK_CHAR, "") == "none left left"
    assert "offset" not in masked


def test_icu_plural_arm_with_nested_placeholders() -> None:
    text = "{n, plural, one {{name} has # item} other {{name} has # items}}"
    found = find_placeholders(text)
    assert_consistent(text, found)
    assert [p.text for p in found if p.role is VALUE] == ["{name}", "#", "{name}", "#"]
    masked = mask(text, [(p.start, p.end) for p in found])
    assert " has " in masked
    assert masked.replace(MASK_CHAR, "") == " has  item has  items"


def test_icu_plural_arm_with_mustache_inside() -> None:
    text = "{n, plural, one {{{ name }} has # item} other {x}}"
    found = find_placeholders(text)
    assert_consistent(text, found)
    assert ("{{ name }}", VALUE) in [(p.text, p.role) for p in found]
    masked = mask(text, [(p.start, p.end) for p in found])
    assert masked.replace(MASK_CHAR, "") == " has  itemx"


def test_hash_outside_icu_plural_is_text() -> None:
    assert find_placeholders("Order #123 is ready") == ()


def test_icu_date_is_single_value() -> None:
    text = "Delivered on {d, date, short}."
    found = find_placeholders(text)
    assert [(p.start, p.end, p.role) for p in found] == [(13, 29, VALUE)]


# --- masking ----------------------------------------------------------------------------


def test_mask_keeps_length_and_replaces_spans() -> None:
    text = "Hi {{ name }}, ok"
    masked = mask(text, [(3, 13)])
    assert len(masked) == len(text)
    assert masked == "Hi " + MASK_CHAR * 10 + ", ok"


def test_mask_handles_overlapping_and_empty_spans() -> None:
    text = "abcdefgh"
    masked = mask(text, [(1, 4), (3, 6), (7, 7)])
    assert masked == "a" + MASK_CHAR * 5 + "gh"


def test_mask_with_astral_characters_keeps_offsets() -> None:
    text = "😀 {{ x }} é"
    found = find_placeholders(text)
    assert found[0].start == 2
    masked = mask(text, [(p.start, p.end) for p in found])
    assert masked == "😀 " + MASK_CHAR * 7 + " é"


# --- keeps_placeholders -----------------------------------------------------------------


def test_keeps_placeholders_allows_reordering() -> None:
    assert keeps_placeholders("Hi {{ a }} and {{ b }}", "{{ b }} then {{ a }}")
    assert keeps_placeholders("%1$s owes %2$s", "%2$s is owed by %1$s")


def test_keeps_placeholders_identical_text() -> None:
    assert keeps_placeholders("Hey {{ name }}!", "Hey {{ name }}!")
    assert keeps_placeholders("No placeholders.", "Still none.")


def test_keeps_placeholders_fails_when_dropping_one() -> None:
    assert not keeps_placeholders("Hi {{ a }}", "Hi")
    assert not keeps_placeholders("{{ a }} {{ a }}", "{{ a }}")
    assert not keeps_placeholders("You have %d items", "You have items")


def test_keeps_placeholders_fails_when_adding_one() -> None:
    assert not keeps_placeholders("Hi", "Hi {{ a }}")
    assert not keeps_placeholders("Hi {name}", "Hi {name} {name}")


def test_keeps_placeholders_fails_when_changing_one() -> None:
    assert not keeps_placeholders("Hi {{ a }}", "Hi {{ b }}")
    assert not keeps_placeholders("Hi %s", "Hi %d")


def test_keeps_placeholders_normalises_inner_white_space_runs() -> None:
    assert keeps_placeholders("Hi {{ a }}", "Hi {{  a }}")
    assert keeps_placeholders("Hi {{ a }}", "Hi {{\n  a\n}}")
    # Removing the white space entirely is a different token.
    assert not keeps_placeholders("Hi {{ a }}", "Hi {{a}}")


def test_placeholder_multiset_counts() -> None:
    counts = placeholder_multiset("{{ a }} {{ a }} %s")
    assert counts == {"{{ a }}": 2, "%s": 1}


# --- properties -------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "hello",
        "50%",
        "off",
        "{{ first_name }}",
        "{% if x %}",
        "%s",
        "%1$s",
        "{name}",
        "((ref))",
        "${x}",
        "é",
        "😀",
        "{",
        "}",
        "#",
        "{n, plural, one {# item} other {# items}}",
        "\n",
        "\r\n",
    ]
)


@given(st.lists(_WORDS, max_size=20).map(" ".join))
def test_find_placeholders_is_consistent(text: str) -> None:
    found = find_placeholders(text)
    assert_consistent(text, found)
    masked = mask(text, [(p.start, p.end) for p in found])
    assert len(masked) == len(text)
    assert keeps_placeholders(text, text)


@given(st.lists(st.sampled_from(["{{ a }}", "{{ b }}", "%s", "{0}", "((c))"]), max_size=6))
def test_keeps_placeholders_is_order_insensitive(tokens: list[str]) -> None:
    before = "Hello " + " and ".join(tokens)
    after = " / ".join(reversed(tokens)) + " bye"
    assert keeps_placeholders(before, after)
    if tokens:
        assert not keeps_placeholders(before, " ".join(tokens[1:]))


def test_skipping_impossible_tags_finds_what_the_whole_pattern_finds() -> None:
    """Tags are left out of the scan far from their closers (so floods of ``{{`` stay
    linear); on texts with closers near and far, the result is the plain scan's."""
    import random

    from tonelint import placeholders

    pieces = [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "<%",
        "%>",
        "{",
        "}",
        "%s",
        "x",
        " ",
        "{{ name }}",
        "{% if a %}",
        "${v}",
        "%{c}",
        "((n))",
        "\n",
        "a" * 700,
    ]
    generator = random.Random(11)
    texts = [
        "{{" * 3000 + "}}",
        "{" * 5000,
        "{{ a }}" + "x" * 2500 + "{{ b }}",
        "%s" + "{{" * 1500 + "%}" + "x" * 2100 + "{% end %}",
    ]
    texts += ["".join(generator.choices(pieces, k=generator.randint(1, 40))) for _ in range(600)]
    fast = [placeholders.find_placeholders(text) for text in texts]
    plain = placeholders._TOKEN.pattern

    def whole_pattern(self: Scanner, position: int) -> object:
        return plain.search(self._text, position, self._end)

    original = Scanner.search
    Scanner.search = whole_pattern  # type: ignore[method-assign,assignment]
    try:
        assert [placeholders.find_placeholders(text) for text in texts] == fast
    finally:
        Scanner.search = original  # type: ignore[method-assign]


def test_arms_nested_past_the_limit_are_masked_whole_without_a_recursion_error() -> None:
    def masked(text: str) -> str:
        return mask(text, [(p.start, p.end) for p in find_placeholders(text)])

    deep = "{n, plural, one {" * 600 + "hey" + "}}" * 600
    assert "hey" not in masked(deep)
    assert len(masked(deep)) == len(deep)
    shallow = "{n, plural, one {" * 3 + "hey" + "}}" * 3
    assert masked(shallow).replace(MASK_CHAR, "") == "hey"
