"""The HTML format: text runs, attributes, entities, template tags and exact positions."""

from __future__ import annotations

import html as stdlib_html
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonelint.errors import TonelintError
from tonelint.models import MASK_CHAR, Message, SourceFile
from tonelint.readers import FORMATS, html, templates
from tonelint.readers.base import Extraction

EVAL_TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "templates"

# --- helpers ------------------------------------------------------------------------------


def extract(text: str, name: str = "mail.html") -> tuple[SourceFile, Extraction]:
    source = SourceFile.from_text(Path(name), text)
    return source, html.extract(source)


def texts(text: str, name: str = "mail.html") -> list[str]:
    return [message.text for message in extract(text, name)[1].messages]


def visible(message: Message) -> str:
    """The lintable part of a message: masked runs become a single ``|``."""
    return re.sub(f"{MASK_CHAR}+", "|", message.masked)


def locate(source: SourceFile, message: Message, needle: str) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of ``needle`` in the message, in the file."""
    index = message.text.index(needle)
    start, end = message.source_map.to_source(index, index + len(needle))
    return (*source.position(start), *source.position(end))


def span_of(source: SourceFile, message: Message, needle: str) -> str:
    """The file text that ``needle`` (in the message text) maps to."""
    index = message.text.index(needle)
    start, end = message.source_map.to_source(index, index + len(needle))
    return source.text[start:end]


def only(extraction: Extraction, needle: str) -> Message:
    found = [m for m in extraction.messages if needle in m.text]
    assert len(found) == 1, [m.text for m in extraction.messages]
    return found[0]


_TEMPLATE = re.compile(
    r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
    r"|\{\{!--.*?--\}\}|\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>",
    re.S,
)
_TEMPLATE_COMMENT = re.compile(r"^(?:\{\{!|\{#|<%#|\{%-?\s*comment)")
_MARKUP = re.compile(r"<!--.*?-->|<(?:[A-Za-z/!?])[^>]*>", re.S)
_BREAK = re.compile(r"^</?br\b", re.I)


def render(fragment: str) -> str:
    """What a browser shows for a fragment of the file: an independent, simple reference
    (template tags kept, template comments and markup dropped, ``<br>`` a line break,
    entities decoded, ASCII white space collapsed)."""
    tags: list[str] = []

    def keep_tag(match: re.Match[str]) -> str:
        if _TEMPLATE_COMMENT.match(match.group()):
            return ""
        tags.append(match.group())
        return chr(0xF0000 + len(tags) - 1)

    def markup(match: re.Match[str]) -> str:
        return "\x01" if _BREAK.match(match.group()) else ""

    text = _MARKUP.sub(markup, _TEMPLATE.sub(keep_tag, fragment))
    text = re.sub(r"[ \t\n\f\r]+", " ", stdlib_html.unescape(text))
    text = re.sub(r" ?\x01 ?", "\x01", text).replace("\x01", "\n")
    return re.sub("[\U000f0000-\U000fffff]", lambda m: tags[ord(m.group()) - 0xF0000], text)


def assert_exact(source: SourceFile, message: Message) -> None:
    """Every piece of the message maps to the file text it stands for, in file order, and
    every span ``[i, j)`` of it maps to file text that renders as exactly that span."""
    text = message.text
    assert len(message.masked) == len(text)
    covered = 0
    previous_end = 0
    for segment in message.source_map.segments:
        assert segment.text_start == covered
        covered += segment.text_length
        piece = text[segment.text_start : segment.text_start + segment.text_length]
        stored = source.text[segment.source_start : segment.source_start + segment.source_length]
        assert segment.source_start >= previous_end
        previous_end = segment.source_start + segment.source_length
        if piece == stored:
            continue
        if piece == " ":
            assert re.fullmatch(r"[ \t\n\f\r]+", stored), stored
        elif piece == "\n":
            assert _BREAK.match(stored), stored
        else:
            assert stored.startswith("&"), stored
            assert stdlib_html.unescape(stored) == piece, stored
    assert covered == len(text)
    step = 1 if len(text) <= 40 else len(text) // 20
    for i in range(0, len(text) + 1, step):
        for j in range(i, len(text) + 1, step):
            start, end = message.source_map.to_source(i, j)
            assert 0 <= start <= end <= len(source.text)
            assert render(source.text[start:end]) == text[i:j], (i, j, source.text[start:end])


def extract_exact(text: str, name: str = "mail.html") -> tuple[SourceFile, Extraction]:
    source, extraction = extract(text, name)
    for message in extraction.messages:
        assert_exact(source, message)
    return source, extraction


# --- text runs and blocks -----------------------------------------------------------------


class TestRuns:
    def test_text_runs_across_inline_elements(self) -> None:
        text = (
            '<p>Hello <b>dear</b> <a href="/x"><span class="c">friend</span></a>,\n'
            "  you <em>really</em> <custom-tag>should</custom-tag> <i>read</i> "
            "<small>this</small><sup>1</sup>.</p>"
        )
        source, extraction = extract_exact(text)
        (message,) = extraction.messages
        assert message.text == "Hello dear friend, you really should read this1."
        assert locate(source, message, "friend") == (1, 51, 1, 57)
        assert locate(source, message, "should") == (2, 35, 2, 41)

    def test_block_elements_end_a_message(self) -> None:
        text = (
            "<div>One<p>Two</p>Three</div><table><tr><td>Four</td><th>Five</th></tr></table>"
            "<ul><li>Six</li><li>Seven<ol><li>Eight</li></ol></li></ul><h1>Nine</h1><h6>Ten</h6>"
            "<blockquote>Eleven</blockquote><button>Twelve</button><select><option>Thirteen"
            "</option></select><label>Fourteen</label><section>Fifteen</section><hr>Sixteen"
        )
        assert texts(text) == [
            "One",
            "Two",
            "Three",
            "Four",
            "Five",
            "Six",
            "Seven",
            "Eight",
            "Nine",
            "Ten",
            "Eleven",
            "Twelve",
            "Thirteen",
            "Fourteen",
            "Fifteen",
            "Sixteen",
        ]

    def test_line_break_is_a_line_break_inside_the_message(self) -> None:
        text = "<p>Thanks,\n    <br>The team<br/>and us</br>again<BR >\n  end.</p>"
        source, extraction = extract_exact(text)
        (message,) = extraction.messages
        assert message.text == "Thanks,\nThe team\nand us\nagain\nend."
        assert span_of(source, message, ",\nThe") == ",\n    <br>The"
        assert texts("<p><br>Lead<br></p>") == ["Lead"]

    def test_whitespace_collapses_and_is_trimmed(self) -> None:
        text = "<p>\n   Many\t\t spaces\n\n   and   lines  <b> here </b>  .\r\n</p>"
        source, extraction = extract_exact(text)
        (message,) = extraction.messages
        assert message.text == "Many spaces and lines here ."
        assert span_of(source, message, "Many ") == "Many\t\t "
        assert span_of(source, message, "lines here") == "lines  <b> here"
        assert locate(source, message, "Many") == (2, 4, 2, 8)

    def test_nbsp_is_not_collapsed_and_an_nbsp_only_cell_is_no_message(self) -> None:
        _, extraction = extract_exact("<td>&nbsp;</td><td>a&nbsp;&nbsp;local council</td>")
        (message,) = extraction.messages
        assert message.text == "a\xa0\xa0local council"

    def test_skipped_regions(self) -> None:
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html>\n<head>\n'
            '<meta name="description" content="Meta copy">\n<title>Your receipt</title>\n'
            "<style>p > b { color: red } /* <p>Not copy</p> */</style>\n"
            '<script>if (a < b) { document.write("<p>Nope</p>") }</script>\n'
            "</head>\n<body>\n<!-- <p>Commented out</p> -->\n"
            "<!--[if mso]><center>Outlook only</center><![endif]-->\n"
            "<![CDATA[ cdata text ]]>\n<p>Visible</p>\n</body>\n</html>\n"
        )
        assert texts(text) == ["Your receipt", "Visible"]

    def test_pre_and_code_are_masked(self) -> None:
        text = (
            "<p>Run <code>npm   install</code> and <kbd>Ctrl</kbd>, then go.</p>"
            "<pre>\n  hey bestie\n</pre><p>After</p>"
        )
        _, extraction = extract_exact(text)
        assert [visible(m) for m in extraction.messages] == ["Run | and |, then go.", "After"]
        assert extraction.messages[0].text == "Run npm install and Ctrl, then go."

    def test_title_and_textarea_hold_text_not_tags(self) -> None:
        text = (
            '<title>Sale <b>now</b> &amp; {{ shop }}</title><script src="x.js"/>'
            "<p>After a self-closed script</p><textarea>Prefilled <p>draft</p></textarea>"
        )
        assert texts(text, "page.xhtml") == [
            "Sale <b>now</b> & {{ shop }}",
            "After a self-closed script",
        ]

    def test_unknown_and_mjml_tags(self) -> None:
        text = (
            "<mjml><mj-head><mj-title>Welcome aboard</mj-title><mj-preview>Preview text"
            "</mj-preview><mj-style>.x { color: red }</mj-style></mj-head><mj-body>"
            "<mj-section><mj-column><mj-text>Hi <b>there</b>, friend.</mj-text>"
            '<mj-button href="#">Start now</mj-button><mj-image alt="Logo" src="x.png" />'
            "</mj-column></mj-section></mj-body></mjml>"
        )
        assert texts(text, "mail.mjml") == [
            "Welcome aboard",
            "Preview text",
            "Hi there, friend.",
            "Start now",
            "Logo",
        ]

    def test_malformed_html_is_tolerated(self) -> None:
        text = (
            "</div></p><p>Stray closers <b>unclosed bold <i>and italics</p>"
            "<p>Less than: a < b, 3<4, <3 and <!not a tag> done</p>"
            '<p title="unterminated>Lost</p><div>Cut <b'
        )
        # An unterminated quote ends at the ``>`` (a browser would drop the rest of the file).
        assert texts(text) == [
            "Stray closers unclosed bold and italics",
            "Less than: a < b, 3<4, <3 and done",
            '"unterminated',
            "Lost",
            "Cut",
        ]
        assert texts("<p>Open comment <!-- never closed <p>x</p>") == ["Open comment"]
        assert texts("") == []
        assert texts("<p>") == []


# --- attributes ---------------------------------------------------------------------------


class TestAttributes:
    def test_copy_attributes_are_messages_with_exact_positions(self) -> None:
        text = (
            "<p>Before</p>\n"
            '<img src="a.png" alt="Our logo" title=\'Hover text\'>\n'
            '<input type="text" placeholder="Your e-mail" value="not copy" '
            'aria-label="E-mail address">\n'
            '<input type="SUBMIT" value="Send it"><input type=button value=Go>\n'
            '<span aria-description="Described here">Inside</span>\n'
            '<a href="/x" title="" alt="Logo">Link</a>\n'
        )
        source, extraction = extract_exact(text)
        found = [(m.text, *locate(source, m, m.text)[:2]) for m in extraction.messages]
        assert found == [
            ("Before", 1, 4),
            ("Our logo", 2, 23),
            ("Hover text", 2, 40),
            ("Your e-mail", 3, 33),
            ("E-mail address", 3, 75),
            ("Send it", 4, 29),
            ("Go", 4, 63),
            ("Described here", 5, 25),
            ("Inside Link", 5, 41),  # span and a are inline: one run
            ("Logo", 6, 28),
        ]

    def test_attribute_entities_and_whitespace(self) -> None:
        text = '<img alt="Caf&eacute; &amp; bar,\n   open&nbsp;late" title="a&copyb &copy; c">'
        source, extraction = extract(text)
        assert_exact(source, extraction.messages[0])
        assert [m.text for m in extraction.messages] == [
            "Café & bar, open\xa0late",
            "a&copyb © c",  # a legacy name followed by a letter is not decoded in an attribute
        ]
        assert span_of(source, extraction.messages[0], "é") == "&eacute;"

    def test_repeated_attribute_is_ignored_like_a_browser(self) -> None:
        assert texts('<img alt="First" alt="Second">') == ["First"]

    def test_attributes_of_an_unclosed_tag_at_the_end_are_dropped(self) -> None:
        assert texts('<p>Text</p><img alt="Never shown"') == ["Text"]


# --- entities -----------------------------------------------------------------------------


class TestEntities:
    def test_entities_decode_to_their_exact_spans(self) -> None:
        text = (
            "<p>Tom &amp; Jerry&#8217;s caf&#xE9; &copy 2024 &copy; &notit; "
            "&unknown; &#x1F600; AT&T &#0; &#;</p>"
        )
        source, extraction = extract_exact(text)
        (message,) = extraction.messages
        assert message.text == "Tom & Jerry’s café © 2024 © ¬it; &unknown; 😀 AT&T \ufffd &#;"
        assert span_of(source, message, "&") == "&amp;"
        assert span_of(source, message, "’") == "&#8217;"
        assert span_of(source, message, "é") == "&#xE9;"
        assert span_of(source, message, "© 2024") == "&copy 2024"
        assert span_of(source, message, "¬") == "&not"
        assert span_of(source, message, "😀") == "&#x1F600;"
        assert locate(source, message, "Jerry’s") == (1, 14, 1, 27)

    def test_entity_only_text_maps_whole_entities(self) -> None:
        _, extraction = extract_exact("<p>&hellip;&mdash;ok</p>")
        (message,) = extraction.messages
        assert message.source_map.to_source(0, 1) == (3, 11)
        assert message.source_map.to_source(1, 2) == (11, 18)


# --- template tags ------------------------------------------------------------------------


class TestTemplates:
    def test_output_tags_are_placeholders_in_text_and_attributes(self) -> None:
        text = (
            "<h1>Welcome, {{ name }}!</h1>\n"
            "<p>Hi <%= @user.name %>, {{{ raw }}} and {{ .Name }} too.</p>\n"
            '<a href="{{ url }}" title="Open {{ product }} now">Go</a>\n'
        )
        source, extraction = extract_exact(text)
        assert [visible(m) for m in extraction.messages] == [
            "Welcome, |!",
            "Hi |, | and | too.",
            "Open | now",
            "Go",
        ]
        assert [p.text for p in extraction.messages[1].placeholders] == [
            "<%= @user.name %>",
            "{{{ raw }}}",
            "{{ .Name }}",
        ]
        assert locate(source, extraction.messages[2], "now") == (3, 47, 3, 50)

    def test_template_tags_do_not_confuse_the_markup(self) -> None:
        text = (
            '<div{% if wide %} class="wide"{% endif %}>Wide copy</div>\n'
            "<p{{#if x}} hidden{{/if}}>Second</p>\n"
            '<p title="{{ t("Quote \\" > here") }}">{% if a > b %}Bigger{% endif %}</p>\n'
            "<p><%= link_to 'Change my password', edit_url(@r, token: @t) %></p>\n"
            '<p>{{ f({"a": {"b": 1}}) }} keeps {{ g }}</p>\n'
            "<<%= tag %>>Tag name</<%= tag %>>\n"
        )
        _, extraction = extract_exact(text)
        assert [visible(m) for m in extraction.messages] == [
            "Wide copy",
            "Second",
            "Bigger",
            "| keeps |",
            "Tag name",
        ]

    def test_jinja_branches_are_separate_messages(self) -> None:
        text = (
            "<p>{% if vip %}Thanks, VIP {{ name }}!{% elif new %}Welcome!"
            "{% else %}Hi.{% endif %}</p>"
        )
        _, extraction = extract_exact(text)
        assert [m.text for m in extraction.messages] == [
            "Thanks, VIP {{ name }}!",
            "Welcome!",
            "Hi.",
        ]

    def test_handlebars_branches_across_blocks(self) -> None:
        text = (
            "{{#if english}}\n<p>Hello there.</p>\n{{else if spanish}}\n<p>Hola.</p>\n"
            "{{else}}<p>Bonjour {{{name}}}.</p>{{/if}}\n<p>{{#each items}}<b>{{this}}</b>, "
            "{{/each}}</p>"
        )
        assert texts(text) == ["Hello there.", "Hola.", "Bonjour {{{name}}}.", "{{this}},"]

    def test_erb_if_block(self) -> None:
        text = (
            "<% if @user.confirmed? %>\n"
            "  <p>Welcome back, <%= @user.name %>!</p>\n"
            "<% else %>\n"
            "  <p>Please confirm your account <%= link_to 'here', url %>.</p>\n"
            "<% end %>\n"
            "<p>Thanks <% if vip %>VIP<% else %>friend<% end %>.</p>\n"
        )
        source, extraction = extract_exact(text)
        assert [m.text for m in extraction.messages] == [
            "Welcome back, <%= @user.name %>!",
            "Please confirm your account <%= link_to 'here', url %>.",
            "Thanks",
            "VIP",
            "friend",
            ".",
        ]
        assert locate(source, extraction.messages[1], "confirm") == (4, 13, 4, 20)

    def test_template_comments_do_not_split_a_sentence(self) -> None:
        text = (
            "<p>Tail {{! note }} copy {{!-- a }} b --}} and {# jinja #} <%# erb %> more "
            "{% comment %}hey bestie{% endcomment %} end.</p>"
        )
        _, extraction = extract_exact(text)
        assert [m.text for m in extraction.messages] == ["Tail copy and more end."]

    def test_liquid_raw_block_is_masked(self) -> None:
        _, extraction = extract_exact("<p>See {% raw %}{{ yo }}{% endraw %} here.</p>")
        assert [visible(m) for m in extraction.messages] == ["See", "here."]

    @pytest.mark.parametrize(
        ("text", "opener", "line"),
        [
            ("<p>Hello</p>\n<p>{{ name</p>\n", "{{", 2),
            ("<p>Hi</p>\n\n<p><%= x</p>", "<%", 3),
            ("{% if a %}\n<p>x</p>\n{% endif", "{%", 3),
            ('<a title="{{ t">x</a>', "{{", 1),
        ],
    )
    def test_unclosed_template_tag_is_an_error(self, text: str, opener: str, line: int) -> None:
        with pytest.raises(TonelintError) as caught:
            extract(text, "dir/mail.html")
        error = caught.value.error
        assert (error.path, error.message, error.line) == (
            "dir/mail.html",
            f"unclosed template tag '{opener}'",
            line,
        )

    def test_unclosed_hash_brace_is_text(self) -> None:
        text = "<style>@media screen{#outlook{width:1px}}</style><p>Price {# not closed</p>"
        assert texts(text) == ["Price {# not closed"]


# --- positions, locale --------------------------------------------------------------------


class TestPositions:
    def test_crlf_and_non_ascii_positions(self) -> None:
        text = (
            "<html>\r\n<body>\r\n<p>\r\n  Café 😀 &amp; <b>promo</b>\r\n  here 日本語</p>\r\n"
            "<p title='Über 😀 “quotes”'>Straße</p>\r\n</body></html>\r\n"
        )
        source, extraction = extract_exact(text)
        assert [m.text for m in extraction.messages] == [
            "Café 😀 & promo here 日本語",
            "Über 😀 “quotes”",
            "Straße",
        ]
        first, title, last = extraction.messages
        assert locate(source, first, "Café") == (4, 3, 4, 7)
        assert locate(source, first, "promo") == (4, 19, 4, 24)
        assert locate(source, first, "here 日本語") == (5, 3, 5, 11)
        assert locate(source, title, "“quotes”") == (6, 18, 6, 26)
        assert locate(source, last, "Straße") == (6, 28, 6, 34)

    def test_lone_carriage_returns(self) -> None:
        source, extraction = extract_exact("<p>One\rtwo</p>\r<p>Three</p>")
        assert [m.text for m in extraction.messages] == ["One two", "Three"]
        assert locate(source, extraction.messages[1], "Three") == (3, 4, 3, 9)

    def test_front_matter_is_skipped_and_kept_as_metadata(self) -> None:
        source, extraction = extract_exact("---\nsubject: Hi\n---\n<p>Body</p>")
        assert dict(extraction.metadata) == {"subject": "Hi"}
        assert [locate(source, m, "Body") for m in extraction.messages] == [(4, 4, 4, 8)]


class TestLocale:
    def test_html_lang(self) -> None:
        _, extraction = extract('<html lang="de-AT"><p>Hallo</p><img alt="Logo"></html>')
        assert extraction.metadata["locale"] == "de-AT"
        assert [m.locale for m in extraction.messages] == ["de-AT", "de-AT"]

    def test_path_when_no_usable_lang(self) -> None:
        _, extraction = extract('<html lang="{{ lang }}"><p>Hola</p></html>', "welcome.es.html")
        assert extraction.metadata["locale"] == "es"
        assert extraction.messages[0].locale == "es"
        _, extraction = extract("<p>Hi</p>", "hi.html")
        assert "locale" not in extraction.metadata
        assert extraction.messages[0].locale is None


# --- the template format reads HTML templates as HTML -------------------------------------


class TestTemplateFormat:
    def template(self, text: str, name: str) -> list[str]:
        source = SourceFile.from_text(Path(name), text)
        return [visible(m) for m in templates.extract(source).messages]

    def test_html_template_is_read_as_html(self) -> None:
        text = "<p>Hello <%= @resource.email %>!</p>\n\n<p>Someone &amp; you.</p>\n"
        assert self.template(text, "mail.html.erb") == ["Hello |!", "Someone & you."]

    def test_text_template_splits_at_inline_control_tags(self) -> None:
        text = "Hi {{ name }},\n{% if a %}Yes{% else %}No{% endif %} then.\n\nBye <b>now</b>."
        assert self.template(text, "mail.txt.j2") == ["Hi |,", "Yes", "No", "then.", "Bye |now|."]

    def test_markup_inside_template_tags_does_not_count(self) -> None:
        text = "<%= content_tag :p, 'x' %>\nPlain <%= '<div>' %> text.\n"
        assert templates.looks_like_html(text) is False
        assert templates.looks_like_html("{% if a %}<TD>x</td>{% endif %}") is True
        assert templates.looks_like_html("a <br/> b") is True


# --- property: random documents map exactly -----------------------------------------------


@dataclass(frozen=True)
class Atom:
    source: str
    shown: str  # what it renders as; "\x00" for a control tag, "\x01" for a line break


_VALUE_TAGS = [
    "{{ name }}",
    "{{{ raw }}}",
    "<%= user.name %>",
    "{{ .Name }}",
    '{{ t("Hi > there") }}',
    '{{ f({"a": {"b": 1}}) }}',
]
_CONTROL_TAGS = [
    "{% if x %}",
    "{% else %}",
    "{% endif %}",
    "{{#if a}}",
    "{{else}}",
    "{{/if}}",
    "<% if y %>",
    "<% end %>",
    "{{ if .X }}",
    "{{ end }}",
]
_WORDS = ["Hello", "world", "Café", "straße", "日本語", "😀", "🎉", "naïve", "ok,", "yes!", "a < b"]
_ENTITIES = [
    ("&amp;", "&"),
    ("&nbsp;", "\xa0"),
    ("&#8217;", "’"),
    ("&#x2019;", "’"),
    ("&copy ", "© "),
    ("&eacute;", "é"),
    ("&unknown;", "&unknown;"),
    ("& ", "& "),
]
_SPACES = [" ", "  ", "\n", "\r\n", "\t", "\n    ", "\r"]
_INLINE = ["<b>", "</b>", '<span class="x">', "</span>", '<a href="{{ url }}">', "</a>", "<x-y>"]

_TEXT_ATOMS = st.one_of(
    st.sampled_from(_WORDS).map(lambda w: Atom(w, w)),
    st.sampled_from(_ENTITIES).map(lambda e: Atom(*e)),
    st.sampled_from(_SPACES).map(lambda s: Atom(s, s)),
    st.sampled_from(_VALUE_TAGS).map(lambda t: Atom(t, t)),
    st.sampled_from(_CONTROL_TAGS).map(lambda t: Atom(t, "\x00")),
)
_ATOMS = st.one_of(
    _TEXT_ATOMS,
    st.sampled_from([*_INLINE, "<!-- c -->", '<img src="x.png">']).map(lambda t: Atom(t, "")),
    st.sampled_from(["{{!-- note --}}", "{# note #}", "<%# note %>"]).map(lambda t: Atom(t, "")),
    st.sampled_from(["<br>", "<br/>", "<BR >"]).map(lambda t: Atom(t, "\x01")),
    st.just(Atom("<code>npm</code>", "npm")),
)
_BLOCK_TAGS = ["<p>", "</p>", '<div class="a">', "</div>", "<td>", "</td>", "<li>", "<h2>", "<hr>"]


def expected_messages(atoms: list[Atom]) -> list[str]:
    """The messages a run of atoms should give, by the rules the format documents."""
    shown = "".join(atom.shown for atom in atoms)
    shown = re.sub(r"[ \t\n\f\r]+", " ", shown)
    shown = re.sub(r" ?\x01 ?", "\x01", shown).replace("\x01", "\n")
    found = []
    for piece in shown.split("\x00"):
        piece = piece.strip()
        copy = piece
        for tag in _VALUE_TAGS:
            copy = copy.replace(tag, "")
        if copy.replace("npm", "").strip():
            found.append(piece)
    return found


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    parts: list[str] = []
    expected: list[str] = []
    if draw(st.booleans()):
        title = draw(st.lists(st.sampled_from(_WORDS[:8]), min_size=1, max_size=3))
        parts.append(
            '<!DOCTYPE html>\n<html lang="en">\n<head><title>' + " ".join(title) + "</title>"
            "<style>p > b { x: 1 }</style><script>if (a < b) {}</script></head><body>\n"
        )
        expected.append(" ".join(title))
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        parts.append(draw(st.sampled_from(_BLOCK_TAGS)))
        atoms = draw(st.lists(_ATOMS, max_size=12))
        parts.extend(atom.source for atom in atoms)
        expected.extend(expected_messages(atoms))
        if draw(st.booleans()):
            alt = draw(st.lists(_TEXT_ATOMS, min_size=1, max_size=5))
            parts.append('<img alt="' + "".join(atom.source for atom in alt) + '">')
            expected.extend(expected_messages(alt))
        parts.append(draw(st.sampled_from(_SPACES)))
    return "".join(parts), expected


@settings(max_examples=300, deadline=None)
@given(documents())
def test_random_documents_extract_exactly(document: tuple[str, list[str]]) -> None:
    text, expected = document
    source, extraction = extract(text)
    for message in extraction.messages:
        assert_exact(source, message)
        for placeholder in message.placeholders:
            assert message.masked[placeholder.start : placeholder.end] == MASK_CHAR * (
                placeholder.end - placeholder.start
            )
    assert Counter(m.text for m in extraction.messages) == Counter(expected)


# --- real e-mail templates ----------------------------------------------------------------


def eval_templates() -> Path:
    if not EVAL_TEMPLATES.is_dir():
        pytest.skip(f"../shared/eval is not present: {EVAL_TEMPLATES} does not exist")
    return EVAL_TEMPLATES


def real(relative: str) -> tuple[SourceFile, Extraction]:
    path = eval_templates() / relative
    source = SourceFile.from_text(path, path.read_text(encoding="utf-8"), relative)
    module = html if path.suffix in FORMATS["html"].extensions else templates
    return source, module.extract(source)


def test_real_postmark_welcome() -> None:
    source, extraction = real("postmark-templates/templates/basic/welcome/content.html")
    welcome = only(extraction, "Welcome, ")
    assert welcome.text == "Welcome, {{name}}!"
    assert locate(source, welcome, welcome.text) == (460, 29, 460, 47)
    thanks = only(extraction, "[Sender Name]")
    assert thanks.text == "Thanks,\n[Sender Name] and the [Product Name] team"
    assert locate(source, thanks, "[Sender Name]") == (526, 31, 526, 44)
    thrilled = only(extraction, "thrilled")
    assert locate(source, thrilled, "We’re thrilled") == (461, 62, 461, 76)
    texts_ = [m.text for m in extraction.messages]
    assert not any("{" in t and "color" in t for t in texts_)  # no CSS
    for message in extraction.messages:
        assert_exact(source, message)


def test_real_devise_erb() -> None:
    source, extraction = real("devise/app/views/devise/mailer/reset_password_instructions.html.erb")
    assert [(m.text, *locate(source, m, m.text)[:2]) for m in extraction.messages] == [
        ("Hello <%= @resource.email %>!", 1, 4),
        (
            "Someone has requested a link to change your password. "
            "You can do this through the link below.",
            3,
            4,
        ),
        ("If you didn't request this, please ignore this email.", 7, 4),
        ("Your password won't change until you access the link above and create a new one.", 8, 4),
    ]


def test_real_spree_entity() -> None:
    source, extraction = real(
        "spree/spree/core/app/views/spree/shared/_base_mailer_footer.html.erb"
    )
    message = only(extraction, "©")
    assert span_of(source, message, "©") == "&copy;"
    assert locate(source, message, "©") == (15, 32, 15, 38)


def test_every_real_html_template_extracts() -> None:
    root = eval_templates()
    suffixes = {".html", ".htm", ".erb", ".hbs", ".mustache", ".j2", ".liquid"}
    paths = sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file())
    assert len(paths) > 100
    count = 0
    started = time.perf_counter()
    for path in paths:
        relative = path.relative_to(root).as_posix()
        source = SourceFile.from_text(path, path.read_text(encoding="utf-8"), relative)
        module = html if path.suffix in FORMATS["html"].extensions else templates
        extraction = module.extract(source)
        count += len(extraction.messages)
        for message in extraction.messages:
            start, end = message.source_map.to_source(0, len(message.text))
            assert 0 <= start < end <= len(source.text)
            assert "<!--" not in message.masked, (relative, message.text)
    assert count > 2000
    assert time.perf_counter() - started < 30
