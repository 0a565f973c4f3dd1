"""Input formats: each module turns a file into messages.

A format module has ``extract(SourceFile, options) -> Extraction``; adding a format is
adding a module and listing it here with its extensions. ``options`` are the style
guide's ``formats:`` settings for that format.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from types import ModuleType
from typing import Any

from tonelint.formats.base import Extraction
from tonelint.models import SourceFile

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


@cache
def _load(module: str) -> ModuleType:
    return importlib.import_module(f"tonelint.formats.{module}")


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
