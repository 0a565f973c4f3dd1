"""Input formats: each module turns a file into messages.

A format module has ``extract(SourceFile, options) -> Extraction``; adding a format is
adding a module and listing it here with its extensions. ``options`` are the style
guide's ``formats:`` settings for that format. A module may also have ``quotes`` and
``structure`` (see ``FormatSpec``), which ``--fix`` uses to write and check its edits.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from types import ModuleType
from typing import Any

from tonelint.models import SourceFile
from tonelint.readers.base import Extraction

__all__ = ["FORMATS", "Extraction", "FormatSpec", "detect_format"]


@dataclass(frozen=True)
class FormatSpec:
    """A format: its name, the extensions it claims, and the module that reads it (imported
    on first use, so a run pays only for the formats it meets)."""

    name: str
    extensions: tuple[str, ...]
    module: str

    def extract(self, source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
        extraction: Extraction = _load(self.module).extract(source, options)
        return extraction

    def quotes(self, source: SourceFile, offsets: Sequence[int]) -> list[tuple[str, int, int]]:
        """For each file offset, the quoting in force there (``double``, ``single``,
        ``unquoted``, ...) and the span of the value it lies in, for formats whose values
        are written in more than one way; else ``""`` and the whole file."""
        quotes = getattr(_load(self.module), "quotes", None)
        if quotes is None:
            return [("", 0, len(source.text))] * len(offsets)
        return list(quotes(source, offsets))

    def structure(self, source: SourceFile) -> tuple[object, ...]:
        """The markup around the messages (HTML's tags and attributes), which fixing copy
        must keep; empty for formats whose messages and keys say it all."""
        structure = getattr(_load(self.module), "structure", None)
        return tuple(structure(source)) if structure else ()


@cache
def _load(module: str) -> ModuleType:
    return importlib.import_module(f"tonelint.readers.{module}")


FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("text", (".txt", ".text"), "text"),
        FormatSpec("markdown", (".md", ".markdown", ".mdown", ".mkd"), "markdown"),
        FormatSpec(
            "template",
            (
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
            ),
            "templates",
        ),
        FormatSpec("html", (".html", ".htm", ".xhtml", ".mjml"), "html"),
        FormatSpec("json", (".json", ".arb"), "json_catalog"),
        FormatSpec("yaml", (".yml", ".yaml"), "yaml_catalog"),
        FormatSpec("po", (".po", ".pot"), "po"),
        FormatSpec("fluent", (".ftl",), "fluent"),
        FormatSpec("properties", (".properties",), "properties"),
        FormatSpec("csv", (".csv",), "csv_deck"),
    )
}
_BY_EXTENSION: dict[str, str] = {
    extension: spec.name for spec in FORMATS.values() for extension in spec.extensions
}


def detect_format(path: PurePath) -> str | None:
    """The format for a file name from its last suffix (``.html.j2`` is a template)."""
    return _BY_EXTENSION.get(path.suffix.lower())
