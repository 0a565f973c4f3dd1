"""Unit tests for message extraction (text, markdown, template) and position mapping."""

from __future__ import annotations

import re
from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonelint.engine import Linter
from tonelint.models import MASK_CHAR, FileReport, Message, Segment, SourceFile, SourceMap
from tonelint.readers import FORMATS, Extraction, detect_format
from tonelint.styleguide import load_styleguide

# --- helpers ----------------------------------------------------------------------------


def extract(fmt: str, text: str, name: str = "msg.txt") -> tuple[SourceFile, Extraction]:
    source = SourceFile.from_text(Path(name), text)
    return source, FORMATS[fmt].extract(source)


def texts(fmt: str, text: str) -> list[str]:
    return [message.text for message in extract(fmt, text)[1].messages]


def visible(message: Message) -> str:
    """The lintable part of a message: masked runs become a single ``|``."""
    return re.sub(f"{MASK_CHAR}+", "|", message.masked)


_BREAK = re.compile(r"\r\n|\r|\n")


def reference_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, computed independently of ``SourceFile``."""
    line = 1
    line_start = 0
    for match in _BREAK.finditer(text):
        if match.end() > offset:
            break
        line += 1
        line_start = match.end()
    return line, offset - line_start + 1


def assert_mapping(source: SourceFile, message: Message) -> tuple[int, int]:
    """The message maps back onto exactly its own text in the file; returns the span."""
    assert len(message.masked) == len(message.text)
    start, end = message.source_map.to_source(0, len(message.text))
    assert source.text[start:end] == message.text
    for i in range(len(message.text) + 1):
        s, e = message.source_map.to_source(i, len(message.text))
        assert (s, e) == (start + i, end)
        assert source.position(s) == reference_position(source.text, s)
    return start, end


def locate(source: SourceFile, message: Message, needle: str) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of ``needle`` inside ``message`` in the file."""
    i = message.text.index(needle)
    start, end = message.source_map.to_source(i, i + len(needle))
    assert source.text[start:end] == needle
    return (*source.position(start), *source.position(end))


def find_message(extraction: Extraction, needle: str) -> Message:
    matches = [m for m in extraction.messages if needle in m.text]
    assert len(matches) == 1, [m.text for m in extraction.messages]
    return matches[0]


# --- SourceFile and SourceMap -----------------------------------------------------------


class TestSourceFile:
    def test_positions_lf(self) -> None:
        source = SourceFile.from_text(Path("a.txt"), "ab\ncd\n\nef")
        assert source.line_starts == (0, 3, 6, 7)
        assert source.position(0) == (1, 1)
        assert source.position(1) == (1, 2)
        assert source.position(2) == (1, 3)  # the line break itself
        assert source.position(3) == (2, 1)
        assert source.position(6) == (3, 1)
        assert source.position(8) == (4, 2)
        assert source.position(9) == (4, 3)  # end of file

    def test_positions_crlf(self) -> None:
        text = "ab\r\ncd\r\n\r\nef"
        source = SourceFile.from_text(Path("a.txt"), text)
        assert source.line_starts == (0, 4, 8, 10)
        assert source.position(2) == (1, 3)  # the \r
        assert source.position(3) == (1, 4)  # the \n belongs to line 1
        assert source.position(4) == (2, 1)
        assert source.position(text.index("ef")) == (4, 1)
        assert source.line_text(1) == "ab"
        assert source.line_text(3) == ""
        assert source.line_text(4) == "ef"

    def test_positions_lone_cr_and_mixed_breaks(self) -> None:
        text = "a\rb\nc\r\nd"
        source = SourceFile.from_text(Path("a.txt"), text)
        for offset in range(len(text) + 1):
            assert source.position(offset) == reference_position(text, offset)
        assert source.position(text.index("d")) == (4, 1)

    def test_columns_count_characters_not_bytes_or_utf16(self) -> None:
        text = "é ß 😀 x\n\tz"
        source = SourceFile.from_text(Path("a.txt"), text)
        assert source.position(text.index("ß")) == (1, 3)
        assert source.position(text.index("😀")) == (1, 5)
        assert source.position(text.index("x")) == (1, 7)  # the emoji is one column
        assert source.position(text.index("z")) == (2, 2)  # a tab is one column

    def test_empty_file(self) -> None:
        source = SourceFile.from_text(Path("a.txt"), "")
        assert source.line_starts == (0,)
        assert source.position(0) == (1, 1)

    def test_display_path_defaults_to_posix_path(self) -> None:
        source = SourceFile.from_text(Path("dir") / "a.txt", "x")
        assert source.display_path == "dir/a.txt"
        assert SourceFile.from_text(Path("a"), "x", display_path="shown").display_path == "shown"


class TestSourceMap:
    def test_contiguous(self) -> None:
        source_map = SourceMap.contiguous(10, 5)
        assert source_map.to_source(0, 5) == (10, 15)
        assert source_map.to_source(2, 4) == (12, 14)
        assert source_map.to_source(3, 3) == (13, 13)
        assert source_map.to_source(4, 2) == (14, 14)

    def test_atomic_segment_maps_to_whole_escape(self) -> None:
        # "a&amp;b" decoded to "a&b": the '&' is one atomic segment of five file characters.
        source_map = SourceMap(
            (Segment(0, 1, 100, 1), Segment(1, 1, 101, 5), Segment(2, 1, 106, 1))
        )
        assert source_map.to_source(0, 3) == (100, 107)
        assert source_map.to_source(1, 2) == (101, 106)
        assert source_map.to_source(2, 3) == (106, 107)
        assert source_map.to_source(0, 1) == (100, 101)


# --- format registry --------------------------------------------------------------------


def test_registry_names_and_detection() -> None:
    assert set(FORMATS) >= {"text", "markdown", "template"}
    assert detect_format(PurePath("a.txt")) == "text"
    assert detect_format(PurePath("README.MD")) == "markdown"
    assert detect_format(PurePath("mail.html.j2")) == "template"
    assert detect_format(PurePath("x.hbs")) == "template"
    assert detect_format(PurePath("x.erb")) == "template"
    assert detect_format(PurePath("x.unknown")) is None


# --- plain text -------------------------------------------------------------------------


class TestText:
    def test_blank_lines_split_messages(self) -> None:
        text = "First line\nstill first.\n\nSecond.\n\n\n\nThird."
        assert texts("text", text) == ["First line\nstill first.", "Second.", "Third."]

    def test_white_space_only_lines_are_blank_and_messages_are_trimmed(self) -> None:
        text = "  \t\n   One.  \n \t \n\tTwo.\t\n   "
        source, extraction = extract("text", text)
        assert [m.text for m in extraction.messages] == ["One.", "Two."]
        for message in extraction.messages:
            assert_mapping(source, message)

    def test_empty_and_blank_files(self) -> None:
        assert texts("text", "") == []
        assert texts("text", "\n\n \r\n\t") == []

    def test_placeholders_are_masked(self) -> None:
        _, extraction = extract("text", "Hi {{ first_name }}, you have %d points.")
        (message,) = extraction.messages
        assert visible(message) == "Hi |, you have | points."
        assert [p.text for p in message.placeholders] == ["{{ first_name }}", "%d"]

    def test_placeholder_only_and_link_only_paragraphs_are_dropped(self) -> None:
        text = "{{ greeting }}\n\nhttps://example.com/a?b=c\n\nhelp@example.com\n\nReal copy."
        assert texts("text", text) == ["Real copy."]

    def test_sentence_punctuation_after_an_address_is_copy(self) -> None:
        _, extraction = extract("text", "Go to www.ex.com!!! Or https://ex.com/a?b=c. Or x@ex.com.")
        (message,) = extraction.messages
        assert visible(message) == "Go to |!!! Or |. Or |."

    def test_web_and_email_addresses_are_masked(self) -> None:
        _, extraction = extract(
            "text", "Visit https://ex.com/x or www.ex.com, mail a.b@ex.co.uk now"
        )
        (message,) = extraction.messages
        assert visible(message) == "Visit | or |, mail | now"

    def test_front_matter_is_skipped_and_scalars_become_metadata(self) -> None:
        text = "---\nTitle: Welcome\nchannel: email\ncount: 3\nflag: true\ntags: [a, b]\n---\nBody."
        source, extraction = extract("text", text)
        assert [m.text for m in extraction.messages] == ["Body."]
        assert dict(extraction.metadata) == {
            "title": "Welcome",
            "channel": "email",
            "count": "3",
            "flag": "True",
        }
        assert locate(source, extraction.messages[0], "Body") == (8, 1, 8, 5)

    def test_front_matter_crlf_and_dots_terminator(self) -> None:
        text = "---\r\nsubject: Hi\r\n...\r\n\r\nBody here.\r\n"
        source, extraction = extract("text", text)
        assert dict(extraction.metadata) == {"subject": "Hi"}
        (message,) = extraction.messages
        assert message.text == "Body here."
        assert locate(source, message, "here") == (5, 6, 5, 10)

    @pytest.mark.parametrize("newline", ["\n", "\r\n"])
    def test_empty_front_matter_is_skipped(self, newline: str) -> None:
        text = newline.join(["---", "---", "Body."])
        for fmt in ("text", "markdown", "template"):
            source, extraction = extract(fmt, text)
            assert [m.text for m in extraction.messages] == ["Body."], fmt
            assert dict(extraction.metadata) == {}
            assert locate(source, extraction.messages[0], "Body") == (3, 1, 3, 5)

    def test_front_matter_after_a_byte_order_mark(self) -> None:
        source, extraction = extract("text", "\ufeff---\na: 1\n---\nBody.")
        assert dict(extraction.metadata) == {"a": "1"}
        assert locate(source, extraction.messages[0], "Body") == (4, 1, 4, 5)

    def test_unclosed_front_matter_is_copy(self) -> None:
        _, extraction = extract("text", "---\nBody.")
        assert [m.text for m in extraction.messages] == ["---\nBody."]
        assert dict(extraction.metadata) == {}

    def test_invalid_yaml_front_matter_is_still_skipped(self) -> None:
        _, extraction = extract("text", "---\n: : [\n---\nBody.")
        assert [m.text for m in extraction.messages] == ["Body."]
        assert dict(extraction.metadata) == {}

    def test_front_matter_must_start_the_file(self) -> None:
        text = "Intro.\n\n---\ntitle: x\n---\n"
        _, extraction = extract("text", text)
        assert dict(extraction.metadata) == {}
        assert "Intro." in [m.text for m in extraction.messages]

    def test_no_front_matter_means_empty_metadata(self) -> None:
        _, extraction = extract("text", "Just copy.")
        assert dict(extraction.metadata) == {}
        assert [m.text for m in extraction.messages] == ["Just copy."]

    def test_crlf_positions(self) -> None:
        text = "Hello there.\r\nSecond line here.\r\n\r\n  Next para.\r\n"
        source, extraction = extract("text", text)
        assert [m.text for m in extraction.messages] == [
            "Hello there.\r\nSecond line here.",
            "Next para.",
        ]
        first, second = extraction.messages
        assert locate(source, first, "there") == (1, 7, 1, 12)
        assert locate(source, first, "line") == (2, 8, 2, 12)
        assert locate(source, second, "para") == (4, 8, 4, 12)
        for message in extraction.messages:
            assert_mapping(source, message)

    def test_tab_non_ascii_and_emoji_positions(self) -> None:
        text = "\tCafé straße 😀🎉 hello\n\n😀 x 😀 yo"
        source, extraction = extract("text", text)
        first, second = extraction.messages
        assert first.text.startswith("Café")
        assert locate(source, first, "Café") == (1, 2, 1, 6)
        assert locate(source, first, "straße") == (1, 7, 1, 13)
        assert locate(source, first, "hello") == (1, 17, 1, 22)
        assert locate(source, second, "yo") == (3, 7, 3, 9)
        for message in extraction.messages:
            assert_mapping(source, message)

    def test_position_after_front_matter(self) -> None:
        text = "---\ntitle: T\n---\n\n\tTab then é and 😀 word\n"
        source, extraction = extract("text", text)
        (message,) = extraction.messages
        assert locate(source, message, "word") == (5, 19, 5, 23)
        assert_mapping(source, message)


# --- markdown ---------------------------------------------------------------------------


class TestMarkdown:
    def test_paragraphs_and_headings(self) -> None:
        text = "# Big title\n\nPara one\ncontinues.\n## Second ##\nNext para."
        _, extraction = extract("markdown", text, "a.md")
        assert [m.text for m in extraction.messages] == [
            "# Big title",
            "Para one\ncontinues.",
            "## Second ##",
            "Next para.",
        ]
        assert [visible(m) for m in extraction.messages] == [
            "|Big title",
            "Para one\ncontinues.",
            "|Second|",
            "Next para.",
        ]

    def test_heading_hash_inside_words_is_kept(self) -> None:
        _, extraction = extract("markdown", "# Learn C# today", "a.md")
        assert visible(extraction.messages[0]) == "|Learn C# today"

    def test_setext_heading_underline_is_not_copy(self) -> None:
        assert texts("markdown", "Title\n=====\n\nSub\n---\n\nBody") == ["Title", "Sub", "Body"]

    def test_thematic_break_splits(self) -> None:
        assert texts("markdown", "One\n\n***\n\nTwo\n- - -\nThree") == ["One", "Two", "Three"]

    def test_list_items_are_separate_messages(self) -> None:
        text = "- first item\n- second item\n  continued\n* star\n+ plus\n1. one\n2) two"
        _, extraction = extract("markdown", text, "a.md")
        assert [m.text for m in extraction.messages] == [
            "- first item",
            "- second item\n  continued",
            "* star",
            "+ plus",
            "1. one",
            "2) two",
        ]
        assert [visible(m) for m in extraction.messages] == [
            "|first item",
            "|second item\n  continued",
            "|star",
            "|plus",
            "|one",
            "|two",
        ]

    def test_task_list_box_is_masked(self) -> None:
        _, extraction = extract("markdown", "- [ ] todo\n- [x] done", "a.md")
        assert [visible(m) for m in extraction.messages] == ["|todo", "|done"]

    def test_block_quote_marker_is_masked(self) -> None:
        _, extraction = extract("markdown", "> Quoted text\n> more\n\n> - item in quote", "a.md")
        assert [visible(m) for m in extraction.messages] == [
            "|Quoted text\n|more",
            "|item in quote",
        ]

    def test_fenced_code_blocks_are_skipped(self) -> None:
        text = (
            "Before.\n```python\nhey bestie = 1\n\nstill code\n```\nAfter.\n\n"
            "~~~\ntilde code\n~~~\n\n````\n```\nnested\n```\n````\nEnd."
        )
        assert texts("markdown", text) == ["Before.", "After.", "End."]

    def test_short_closing_fence_does_not_close(self) -> None:
        text = "````\ncode\n```\nstill code\n````\nText."
        assert texts("markdown", text) == ["Text."]

    def test_unclosed_fence_skips_to_the_end(self) -> None:
        assert texts("markdown", "Text.\n\n```\ncode\n\nmore code") == ["Text."]

    def test_indented_code_block_is_skipped(self) -> None:
        text = "Para.\n\n    code line\n    more code\n\n\ttab code\n\nAfter."
        assert texts("markdown", text) == ["Para.", "After."]

    def test_indented_continuation_line_stays_in_paragraph(self) -> None:
        assert texts("markdown", "Para starts\n    and continues.") == [
            "Para starts\n    and continues."
        ]

    def test_html_comments_are_skipped(self) -> None:
        text = (
            "<!-- hey bestie -->\n\nCopy <!-- inline note --> here.\n\n"
            "<!--\nmulti line\n\ncomment\n-->\n\nAfter."
        )
        _, extraction = extract("markdown", text, "a.md")
        assert [visible(m) for m in extraction.messages] == ["Copy | here.", "After."]

    def test_multi_line_comment_inside_a_paragraph_is_masked(self) -> None:
        _, extraction = extract("markdown", "Hello <!-- hey bestie\nmore --> after", "a.md")
        assert [visible(m) for m in extraction.messages] == ["Hello | after"]

    def test_comment_block_ending_mid_line_masks_the_comment_part(self) -> None:
        text = "<!--\nhidden hey bestie\nend --> Visible copy.\n\nNext."
        _, extraction = extract("markdown", text, "a.md")
        assert [visible(m) for m in extraction.messages] == ["| Visible copy.", "Next."]

    def test_comment_block_interrupts_a_paragraph(self) -> None:
        text = "Para text\n<!-- note\nmore -->\nAfter text"
        _, extraction = extract("markdown", text, "a.md")
        assert [visible(m) for m in extraction.messages] == ["Para text", "After text"]

    def test_two_partial_comment_lines_in_one_paragraph_are_both_masked(self) -> None:
        text = "<!--\na\nb --> one\n<!-- c\nd --> two"
        _, extraction = extract("markdown", text, "a.md")
        assert [visible(m) for m in extraction.messages] == ["| one", "| two"]

    def test_comment_opener_in_code_span_does_not_hide_the_rest(self) -> None:
        text = "Use `<!--` to open a comment.\n\nThis paragraph is copy."
        _, extraction = extract("markdown", text, "a.md")
        assert [visible(m) for m in extraction.messages] == [
            "Use | to open a comment.",
            "This paragraph is copy.",
        ]

    def test_comment_opener_in_fenced_code_does_not_hide_the_rest(self) -> None:
        text = "```html\n<!--\n```\n\nThis paragraph is copy."
        assert texts("markdown", text) == ["This paragraph is copy."]

    def test_fence_inside_comment_does_not_open_code(self) -> None:
        text = "<!--\n```\n-->\n\nThis paragraph is copy."
        assert texts("markdown", text) == ["This paragraph is copy."]

    def test_links_images_code_spans_and_html_are_masked(self) -> None:
        text = (
            'See [our guide](https://ex.com/guide "Guide") and ![a cat](cat.png), '
            "run `hey bestie` or [ref link][ref], <https://ex.com>, <b>bold</b>."
        )
        _, extraction = extract("markdown", text, "a.md")
        (message,) = extraction.messages
        assert visible(message) == ("See [our guide| and ![a cat|, run | or [ref link|, |, |bold|.")
        assert "bestie" not in message.masked
        assert "ex.com" not in message.masked

    def test_link_target_with_parentheses(self) -> None:
        _, extraction = extract("markdown", "A [link](https://ex.com/a_(b)) end", "a.md")
        assert visible(extraction.messages[0]) == "A [link| end"

    def test_reference_definitions_are_skipped(self) -> None:
        text = "Intro.\n[ref]: https://ex.com/x\n[other]: /path 'Title'\n\nOutro."
        assert texts("markdown", text) == ["Intro.", "Outro."]

    def test_front_matter_is_skipped_and_metadata_kept(self) -> None:
        text = "---\ntitle: Spring sale\nlocale: en-GB\n---\n# Heading\n\nBody text."
        source, extraction = extract("markdown", text, "a.md")
        assert dict(extraction.metadata) == {"title": "Spring sale", "locale": "en-GB"}
        assert [m.text for m in extraction.messages] == ["# Heading", "Body text."]
        assert locate(source, extraction.messages[1], "text") == (7, 6, 7, 10)
        for message in extraction.messages:
            assert_mapping(source, message)

    def test_placeholders_in_markdown_are_masked(self) -> None:
        _, extraction = extract("markdown", "## Hi {{ first_name }}\n\n- %s items", "a.md")
        assert [visible(m) for m in extraction.messages] == ["|Hi |", "| items"]

    def test_crlf_markdown_positions(self) -> None:
        text = "# Title\r\n\r\n- item é one\r\n- item 😀 two\r\n\r\n```\r\ncode\r\n```\r\nPara.\r\n"
        source, extraction = extract("markdown", text, "a.md")
        assert [m.text for m in extraction.messages] == [
            "# Title",
            "- item é one",
            "- item 😀 two",
            "Para.",
        ]
        assert [visible(m) for m in extraction.messages][:3] == [
            "|Title",
            "|item é one",
            "|item 😀 two",
        ]
        assert locate(source, extraction.messages[1], "one") == (3, 10, 3, 13)
        assert locate(source, extraction.messages[2], "two") == (4, 10, 4, 13)
        assert locate(source, extraction.messages[3], "Para") == (9, 1, 9, 5)
        for message in extraction.messages:
            assert_mapping(source, message)


# --- templates --------------------------------------------------------------------------


class TestTemplate:
    def test_control_only_lines_separate_branches(self) -> None:
        text = (
            "Hello {{ first_name }},\n"
            "{% if vip %}\n"
            "Thanks for being a member.\n"
            "{% else %}\n"
            "Thanks for shopping.\n"
            "{% endif %}\n"
            "See you soon."
        )
        _, extraction = extract("template", text, "a.j2")
        assert [m.text for m in extraction.messages] == [
            "Hello {{ first_name }},",
            "Thanks for being a member.",
            "Thanks for shopping.",
            "See you soon.",
        ]
        assert visible(extraction.messages[0]) == "Hello |,"

    def test_handlebars_and_go_and_erb_control_lines(self) -> None:
        text = (
            "{{#if premium}}\nPremium copy.\n{{else}}\nBasic copy.\n{{/if}}\n"
            "{{ if .X }}\nGo copy.\n{{ end }}\n<% if a %>\nERB copy <%= name %>.\n<% end %>"
        )
        assert texts("template", text) == [
            "Premium copy.",
            "Basic copy.",
            "Go copy.",
            "ERB copy <%= name %>.",
        ]

    def test_value_only_line_does_not_separate(self) -> None:
        assert texts("template", "Dear\n{{ name }}\nthanks.") == ["Dear\n{{ name }}\nthanks."]

    def test_mustache_unescaped_variable_line_does_not_separate(self) -> None:
        assert texts("template", "Dear\n{{& name}}\nthanks.") == ["Dear\n{{& name}}\nthanks."]

    def test_inline_control_tags_are_masked(self) -> None:
        _, extraction = extract("template", "{% if a %}Yes{% else %}No{% endif %} then.", "a.j2")
        # each branch of the if is a message of its own, and so is the text after it
        assert [visible(m) for m in extraction.messages] == ["Yes", "No", "then."]

    def test_html_markup_and_entities_are_masked(self) -> None:
        text = (
            '<p class="x">Thanks &amp; welcome, <b>{{ name }}</b>!</p>\n'
            "<div>\n"
            "<script>var heyBestie = 1;</script>\n"
            "<style>\n.x { color: red }\n</style>\n"
            "<!-- hey bestie -->\n"
            "</div>\n"
            "Bye&nbsp;now."
        )
        _, extraction = extract("template", text, "a.html.j2")
        # an HTML template is read as HTML: tags are not text, entities are decoded
        assert [visible(m) for m in extraction.messages] == [
            "Thanks & welcome, |!",
            "Bye\xa0now.",
        ]

    def test_comment_tags_are_masked_and_separate(self) -> None:
        text = "{# note to self #}\nCopy one.\n{{! hbs comment }}\nCopy two."
        assert texts("template", text) == ["Copy one.", "Copy two."]

    def test_template_comments_spanning_blank_lines_are_masked(self) -> None:
        text = (
            "{#\nOld copy: hey bestie!\n\nMore old copy, yo.\n#}\nReal copy.\n\n"
            "{{!--\nhbs }} comment, hey bestie\n\nstill comment\n--}}\n\n"
            "Tail {{! inline }} copy."
        )
        _, extraction = extract("template", text, "a.j2")
        assert [visible(m) for m in extraction.messages] == ["|\nReal copy.", "Tail | copy."]
        assert all("bestie" not in m.masked for m in extraction.messages)

    def test_blank_lines_also_separate(self) -> None:
        assert texts("template", "One.\n\nTwo.") == ["One.", "Two."]

    def test_front_matter_in_template(self) -> None:
        text = "---\nsubject: Your order\n---\n<p>Body {{ x }}.</p>"
        source, extraction = extract("template", text, "a.liquid")
        assert dict(extraction.metadata) == {"subject": "Your order"}
        (message,) = extraction.messages
        assert visible(message) == "Body |."
        assert locate(source, message, "Body") == (4, 4, 4, 8)

    def test_crlf_template_positions(self) -> None:
        text = "{% if a %}\r\n\tCafé 😀 promo {{ x }} here\r\n{% endif %}\r\nDone.\r\n"
        source, extraction = extract("template", text, "a.j2")
        assert [m.text for m in extraction.messages] == ["Café 😀 promo {{ x }} here", "Done."]
        assert locate(source, extraction.messages[0], "promo") == (2, 9, 2, 14)
        assert locate(source, extraction.messages[0], "here") == (2, 23, 2, 27)
        assert locate(source, extraction.messages[1], "Done") == (4, 1, 4, 5)
        for message in extraction.messages:
            assert_mapping(source, message)


# --- property: mapping is exact ---------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "hello",
        "world",
        "Café",
        "straße",
        "😀",
        "🎉",
        "{{ first_name }}",
        "%s",
        "%1$s",
        "{count}",
        "${x}",
        "((ref))",
        "50%",
        "yo!",
        "\t",
        "https://ex.com/x",
    ]
)
_LINE = st.lists(_TOKENS, min_size=1, max_size=8).map(" ".join).filter(str.strip)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=4)
_DOCUMENT = st.tuples(
    st.lists(_PARAGRAPH, min_size=1, max_size=5),
    st.sampled_from(["\n", "\r\n"]),
    st.integers(min_value=1, max_value=3),
)


@settings(max_examples=200, deadline=None)
@given(_DOCUMENT)
def test_text_messages_map_exactly_to_the_file(document: tuple[list[list[str]], str, int]) -> None:
    paragraphs, newline, blank_lines = document
    text = (newline * (blank_lines + 1)).join(newline.join(lines) for lines in paragraphs)
    source, extraction = extract("text", text)
    expected = [newline.join(lines).strip() for lines in paragraphs]
    got = [m.text for m in extraction.messages]
    # Every message is one of the paragraphs, in order (paragraphs with no copy drop out).
    assert all(message in expected for message in got)
    remaining = iter(expected)
    assert all(any(message == candidate for candidate in remaining) for message in got)
    for message in extraction.messages:
        start, end = assert_mapping(source, message)
        assert source.text[start:end] == message.text
        for placeholder in message.placeholders:
            assert message.masked[placeholder.start : placeholder.end] == MASK_CHAR * (
                placeholder.end - placeholder.start
            )
            s, e = message.source_map.to_source(placeholder.start, placeholder.end)
            assert source.text[s:e] == placeholder.text
            assert source.position(s) == reference_position(text, s)


@settings(max_examples=100, deadline=None)
@given(_DOCUMENT, st.sampled_from(["text", "markdown", "template"]))
def test_every_format_maps_messages_exactly(
    document: tuple[list[list[str]], str, int], fmt: str
) -> None:
    paragraphs, newline, blank_lines = document
    text = (newline * (blank_lines + 1)).join(newline.join(lines) for lines in paragraphs)
    source, extraction = extract(fmt, text)
    for message in extraction.messages:
        assert_mapping(source, message)


# --- the linter end to end --------------------------------------------------------------


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_styleguide())


def lint(linter: Linter, text: str, fmt: str = "text") -> FileReport:
    report = linter.lint_text(text, fmt)
    for finding in report.findings:
        assert finding.matched == text[finding.start : finding.end]
        assert (finding.line, finding.column) == reference_position(text, finding.start)
        assert (finding.end_line, finding.end_column) == reference_position(text, finding.end)
        assert finding.line_text == SourceFile.from_text(Path("x"), text).line_text(finding.line)
    return report


def greeting_findings(report: FileReport) -> list[tuple[int, int, int, int, str]]:
    return [
        (f.line, f.column, f.end_line, f.end_column, f.matched)
        for f in report.findings
        if f.rule_id == "TL101"
    ]


class TestLinterEndToEnd:
    def test_simple_match(self, linter: Linter) -> None:
        report = lint(linter, "Hey bestie, your order shipped.")
        assert report.message_count == 1
        assert greeting_findings(report) == [(1, 1, 1, 11, "Hey bestie")]

    def test_match_on_a_later_line(self, linter: Linter) -> None:
        report = lint(linter, "Thanks.\n\nYour order shipped.\nHowdy, friend.")
        assert report.message_count == 2
        assert greeting_findings(report) == [(4, 1, 4, 6, "Howdy")]

    def test_crlf_file(self, linter: Linter) -> None:
        text = "Your order shipped.\r\n\r\nIt arrives soon.\r\n  And hey bestie, thanks.\r\n"
        report = lint(linter, text)
        assert greeting_findings(report) == [(4, 7, 4, 17, "hey bestie")]
        (finding,) = [f for f in report.findings if f.rule_id == "TL101"]
        assert finding.line_text == "  And hey bestie, thanks."

    def test_emoji_before_the_match(self, linter: Linter) -> None:
        text = "🎉 Hey bestie, thanks."
        report = lint(linter, text)
        assert greeting_findings(report) == [(1, 3, 1, 13, "Hey bestie")]

    def test_emoji_non_ascii_and_tab_on_earlier_lines(self, linter: Linter) -> None:
        text = "Café 😀 ß\n\n\t😀😀 ok, hey bestie."
        report = lint(linter, text)
        assert greeting_findings(report) == [(3, 9, 3, 19, "hey bestie")]

    def test_front_matter_before_the_match(self, linter: Linter) -> None:
        text = "---\ntitle: Sale\n---\nWe have news. Hey bestie!"
        report = lint(linter, text)
        assert greeting_findings(report) == [(4, 15, 4, 25, "Hey bestie")]

    def test_markdown_and_template(self, linter: Linter) -> None:
        md = "# Hi\n\n- item\n- Hiya, welcome.\n\n```\nhey bestie in code\n```\n"
        assert greeting_findings(lint(linter, md, "markdown")) == [(4, 3, 4, 7, "Hiya")]
        tmpl = "{% if a %}\r\n<p>Yo {{ first_name }}, hi.</p>\r\n{% endif %}\r\n"
        assert greeting_findings(lint(linter, tmpl, "template")) == [(2, 4, 2, 6, "Yo")]

    @pytest.mark.parametrize(
        "text",
        [
            "Hello {{ hey_bestie }}, your order shipped.",
            "Hello {{ hey bestie }}, your order shipped.",
            "Hello %{yo}, your order shipped.",
            "Hello ${yo}, your order shipped.",
            "Hello {yo}, your order shipped.",
            "Hello ((hey bestie)), your order shipped.",
            "Hello {% if yo %}there{% endif %}, your order shipped.",
            "Hello {# hey bestie #} there.",
            "Hello <%= yo %> there.",
            "See https://ex.com/yo/hey-bestie for details.",
        ],
    )
    def test_no_rule_fires_inside_placeholders(self, linter: Linter, text: str) -> None:
        report = lint(linter, text)
        assert report.message_count == 1
        assert report.findings == ()

    def test_rule_fires_next_to_a_placeholder(self, linter: Linter) -> None:
        text = "Yo {{ first_name }}, your table is ready."
        report = lint(linter, text)
        assert greeting_findings(report) == [(1, 1, 1, 3, "Yo")]
        (finding,) = [f for f in report.findings if f.rule_id == "TL101"]
        assert finding.fix is not None
        assert [(e.start, e.end, e.replacement) for e in finding.fix.edits] == [(0, 2, "Hello")]

    def test_exclamation_run_after_a_web_address_is_found(self, linter: Linter) -> None:
        text = "Shop now at www.example.com!!!"
        report = lint(linter, text)
        runs = [f for f in report.findings if f.rule_name == "exclamation-run"]
        assert [(f.line, f.column, f.end_column) for f in runs] == [(1, 28, 31)]
        assert runs[0].matched == "!!!"

    def test_findings_are_sorted_and_in_bounds(self, linter: Linter) -> None:
        text = "Yo.\n\nHey bestie!!!\r\n\r\nHOWDY 😀🎉🔥 sup"
        report = lint(linter, text)
        assert report.findings
        keys = [f.sort_key() for f in report.findings]
        assert keys == sorted(keys)
        for finding in report.findings:
            assert 0 <= finding.start <= finding.end <= len(text)


def test_lone_carriage_returns_separate_lines_and_paragraphs() -> None:
    text = "Hello there.\r\rSecond one.\r"
    source = SourceFile.from_text(Path("old-mac.txt"), text)
    messages = FORMATS["text"].extract(source).messages
    assert [m.text for m in messages] == ["Hello there.", "Second one."]
    start, _ = messages[1].source_map.to_source(0, 1)
    assert source.position(start) == (3, 1)


def test_liquid_comment_and_raw_blocks_are_not_copy() -> None:
    text = (
        "Hello {{ name }}.\n\n{% comment %}\nHey bestie, internal note\n\n"
        "more{% endcomment %}\n\n{% raw %}{{ yo }}{% endraw %}\n\nBye.\n"
    )
    source = SourceFile.from_text(Path("a.liquid"), text)
    messages = FORMATS["template"].extract(source).messages
    visible = " ".join(m.masked.replace("\ue000", "") for m in messages)
    assert "bestie" not in visible
    assert "yo" not in visible
    assert "Bye." in visible
