"""Template files (Jinja, Liquid, Handlebars, Mustache, ERB, Go) read as text.

Output tags are placeholders, control tags and comments are masked, and so is any HTML
markup. A line holding nothing but tags or markup separates messages, so the text of
each ``{% if %}`` branch is a message of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tonelint.formats.base import Extraction, front_matter, has_copy, make_message, paragraphs
from tonelint.models import SourceFile
from tonelint.placeholders import find_placeholders

NAME = "template"
EXTENSIONS = (
    ".j2",
    ".jinja",
    ".jinja2",
    ".liquid",
    ".hbs",
    ".handlebars",
    ".mustache",
    ".erb",
    ".tmpl",
    ".gotmpl",
)

_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"
    r"|\{\#.*?\#\}|\{\{!--.*?--\}\}|\{\{!.*?\}\}"  # template comments, even across blank lines
    r"|\{%-?\s*(comment|raw)\s*-?%\}.*?\{%-?\s*end\2\s*-?%\}",  # Liquid/Jinja comment, raw
    re.S | re.I,
)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")


def _only_tags(line: str) -> bool:
    rest = _MARKUP.sub("", line)
    for placeholder in reversed(find_placeholders(rest)):
        if placeholder.role.value == "control":
            rest = rest[: placeholder.start] + rest[placeholder.end :]
    return not _ENTITY.sub("", rest).strip()


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    body_start, metadata = front_matter(source.text)
    markup = [m.span() for m in _MARKUP.finditer(source.text, body_start)]
    messages = []
    for start, end in paragraphs(source, body_start, _only_tags):
        skips = [(max(s, start), min(e, end)) for s, e in markup if s < end and e > start]
        skips.extend(m.span() for m in _ENTITY.finditer(source.text, start, end))
        message = make_message(source, start, end, skips)
        if has_copy(message):
            messages.append(message)
    return Extraction(tuple(messages), metadata)
