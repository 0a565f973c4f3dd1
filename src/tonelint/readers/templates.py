"""Template files (Jinja, Liquid, Handlebars, Mustache, ERB, Go).

A template whose content is HTML (it has an ``<html>``, ``<body>``, ``<p>``, ``<div>``,
``<table>``, ``<td>``, ``<br>``, heading or list tag outside its template tags) is read by the
HTML format. Any other template is read as text: output tags are placeholders, control tags
and comments are masked, and so is any stray markup. A line holding nothing but tags or
markup separates messages, and so does a control tag inside a line, so the text of each
``{% if %}`` branch is a message of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from tonelint.matching.scan import Alternation, Alternative
from tonelint.models import Message, SourceFile
from tonelint.placeholders import TAG_REACH, find_placeholders
from tonelint.readers import html as html_format
from tonelint.readers.base import Extraction, front_matter, make_messages, paragraphs

_MARKUP = Alternation(
    (
        Alternative(r"<!--.*?-->", "-->"),
        Alternative(r"<script\b[^>]*>.*?</script\s*>", r"</script\s*>"),
        Alternative(r"<style\b[^>]*>.*?</style\s*>", r"</style\s*>"),
        Alternative(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"),
        # template comments, even across blank lines
        Alternative(r"\{\#.*?\#\}", r"\#\}"),
        Alternative(r"\{\{!--.*?--\}\}", r"--\}\}"),
        Alternative(r"\{\{!.*?\}\}", r"\}\}"),
        # Liquid and Jinja comment and raw blocks
        Alternative(
            r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}",
            r"\{%-?\s*endcomment\s*-?%\}",
        ),
        Alternative(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", r"\{%-?\s*endraw\s*-?%\}"),
    ),
    re.S | re.I,
)
# Tags as long as placeholders.py reads them.
_TEMPLATE_TAG = Alternation(
    tuple(
        Alternative(rf"{opener}.{{0,2000}}?{closer}", closer, TAG_REACH)
        for opener, closer in (
            (r"\{\{", r"\}\}"),
            (r"\{%", r"%\}"),
            (r"\{\#", r"\#\}"),
            ("<%", "%>"),
        )
    ),
    re.S,
)
_HTML_TAG = re.compile(r"<(?:html|body|table|td|p|div|br|h[1-6]|ul|ol|li)[\s/>]", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")


def _only_tags(line: str) -> bool:
    rest = _MARKUP.sub("", line)
    for placeholder in reversed(find_placeholders(rest)):
        if placeholder.role.value == "control":
            rest = rest[: placeholder.start] + rest[placeholder.end :]
    return not _ENTITY.sub("", rest).strip()


def looks_like_html(text: str) -> bool:
    """Whether a template is an HTML document or fragment, judged outside its template tags."""
    return _HTML_TAG.search(_TEMPLATE_TAG.sub(" ", text)) is not None


def quotes(source: SourceFile, offsets: Sequence[int]) -> list[tuple[str, int, int]]:
    """The quoting in force at each file offset, as ``html.quotes`` gives it in an HTML
    template; ``raw`` (text is written as it is) in any other."""
    if looks_like_html(source.text):
        return html_format.quotes(source, offsets)
    return [("raw", 0, len(source.text))] * len(offsets)


def structure(source: SourceFile) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """An HTML template's tags (see ``html.structure``); nothing for any other."""
    return html_format.structure(source) if looks_like_html(source.text) else ()


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    if looks_like_html(source.text):
        return html_format.extract(source, options)
    body_start, metadata = front_matter(source.text)
    markup = [m.span() for m in _MARKUP.finditer(source.text, body_start)]
    markup_ends = [e for _, e in markup]  # in order, as the spans do not overlap
    messages: list[Message] = []
    for start, end in paragraphs(source, body_start, _only_tags):
        skips = []
        for s, e in markup[bisect_right(markup_ends, start) :]:
            if s >= end:
                break
            skips.append((max(s, start), min(e, end)))
        skips.extend(m.span() for m in _ENTITY.finditer(source.text, start, end))
        messages.extend(make_messages(source, start, end, skips))
    return Extraction(tuple(messages), metadata)
