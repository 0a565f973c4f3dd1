"""Replacement text as it must be written where it lands in a file: one truth for ``--fix``
and for every report that carries edits (JSON, SARIF, rdjson).

A fix's edit is made in message text; written into the file it is escaped for the quoting
in force where it lands (an HTML attribute's quotes, a YAML scalar's style, a CSV field's,
a JSON or .po string), or not offered at all where it cannot be written there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tonelint.models import Edit, SourceFile
from tonelint.readers import FORMATS


def written_edits(
    source: SourceFile, source_format: str, edits: Sequence[Edit]
) -> list[Edit | None]:
    """Each edit as it must be written in the file (``replacement`` escaped, ``intended`` the
    text it reads as when that differs), or None where its text cannot be written."""
    if not edits:
        return []
    text = source.text
    quotes = FORMATS[source_format].quotes(source, [edit.start for edit in edits])
    found: list[Edit | None] = []
    for edit, (quote, start, end) in zip(edits, quotes, strict=True):
        before = text[edit.start - 1] if edit.start > start else ""
        after = text[edit.end] if edit.end < end else ""
        intended = edit.reads_as
        replacement = escape_for(source_format, intended, quote, before, after)
        if replacement is None:
            found.append(None)
        elif replacement == intended:
            found.append(Edit(edit.start, edit.end, replacement))
        else:
            found.append(Edit(edit.start, edit.end, replacement, intended))
    return found


# Characters each way of writing a value cannot hold as they are.
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_HTML_UNQUOTED = frozenset(" \t\n\f\r\"'=<>`&")
_YAML_ESCAPES = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_YAML_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def _yaml_printable(char: str) -> bool:
    """Whether YAML allows a character in a file (outside escapes)."""
    code = ord(char)
    return (
        char in "\t\n\r\x85"
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def _yaml_escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _yaml(text: str, quote: str, before: str, after: str) -> str | None:
    if quote == "double":
        written = json.dumps(text, ensure_ascii=False)[1:-1]
        return "".join(
            _YAML_ESCAPES.get(char) or (char if _yaml_printable(char) else _yaml_escape(char))
            for char in written
        )
    if any(char in _LINE_BREAKS or not _yaml_printable(char) for char in text):
        return None  # a line break would fold, in every style but double quotes
    if quote == "single":
        return text.replace("'", "''")
    if quote == "block":
        return text
    # A plain scalar: no ": " or " #" (with the characters around it), nothing that would
    # begin it with an indicator or end it with ":", no flow indicator in a flow collection.
    around = before + text + after
    if ": " in around or " #" in around or "\t" in text or (not after and around.endswith(":")):
        return None
    first = (text + after).lstrip(" ")[:1]
    if not before and (not first or first in _YAML_INDICATORS):  # empty would be null
        return None
    if quote == "flow" and any(char in ",[]{}:?#" for char in text):  # PyYAML stops at these
        return None
    return text


def escape_for(
    source_format: str, text: str, quote: str = "", before: str = "", after: str = ""
) -> str | None:
    """Replacement text as it must be written where it lands in a file of this format, or
    None when it cannot be written there.

    ``quote`` is the quoting in force there (see ``FormatSpec.quotes``): ``double``,
    ``single`` or ``unquoted`` (an HTML attribute value, a YAML scalar, a CSV field),
    ``text`` (HTML text), ``block`` (a YAML block scalar), ``flow`` (a plain YAML scalar in
    a flow collection), ``raw`` (a template that is not HTML: written as it is, like text
    and Markdown, but for a line break); ``""`` is the format's usual place. ``before`` and
    ``after`` are the value's characters next to the edit, ``""`` at its start or end.
    """
    if source_format == "json":
        return json.dumps(text, ensure_ascii=False)[1:-1]
    if source_format == "po":
        for char, escape in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
            text = text.replace(char, escape)
        return text
    if source_format == "properties":
        for char, escape in (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r")):
            text = text.replace(char, escape)
        if text[:1] in (" ", "\t", "\f", "=", ":"):  # would be read as a separator
            text = "\\" + {"\t": "t", "\f": "f"}.get(text[0], text[0]) + text[1:]
        return text
    if source_format in ("text", "markdown") or quote == "raw":
        if any(char in _LINE_BREAKS for char in text):
            return None  # could end the paragraph, or begin a block (a heading, a list)
        return text
    if source_format in ("html", "template"):
        return _html(text, quote, before, after)
    if source_format == "yaml":
        return _yaml(text, quote or "double", before, after)
    if source_format == "csv":
        if quote == "double":
            return text.replace('"', '""')
        if any(char in ",;\r\n" for char in text) or (not before and (text + after)[:1] == '"'):
            return None
        return text
    if source_format == "fluent":
        if any(char in "{}" or char in _LINE_BREAKS for char in text):
            return None  # a placeable, or a line that would need indenting
        if text[:1] in ("[", "*", ".") or text[:1].isspace():
            return None  # could start a variant or an attribute, or be dropped
        return text
    return text


def _html(text: str, quote: str, before: str, after: str) -> str | None:
    if quote == "unquoted":
        if not (before or text or after):
            return None  # "alt=" would take what follows as its value
        return "".join(f"&#{ord(char)};" if char in _HTML_UNQUOTED else char for char in text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote == "double":
        return text.replace('"', "&quot;")
    if quote == "single":
        return text.replace("'", "&#39;")
    return text
