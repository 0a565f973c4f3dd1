"""Input formats: each module turns a file into messages.

A format module has ``NAME``, ``EXTENSIONS`` and
``extract(SourceFile, options) -> Extraction``; adding a format is adding a module and
listing it here. ``options`` are the style guide's ``formats:`` settings for that format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from tonelint.formats import (
    csv_deck,
    fluent,
    html,
    json_catalog,
    markdown,
    po,
    properties,
    templates,
    text,
    yaml_catalog,
)
from tonelint.formats.base import Extraction
from tonelint.models import SourceFile

__all__ = ["FORMATS", "Extraction", "FormatSpec", "detect_format"]


@dataclass(frozen=True)
class FormatSpec:
    name: str
    extensions: tuple[str, ...]
    extract: Callable[[SourceFile, Mapping[str, Any] | None], Extraction]


FORMATS: dict[str, FormatSpec] = {
    module.NAME: FormatSpec(module.NAME, module.EXTENSIONS, module.extract)
    for module in (
        text,
        markdown,
        templates,
        html,
        json_catalog,
        yaml_catalog,
        po,
        fluent,
        properties,
        csv_deck,
    )
}
_BY_EXTENSION: dict[str, str] = {
    extension: spec.name for spec in FORMATS.values() for extension in spec.extensions
}


def detect_format(path: PurePath) -> str | None:
    """The format for a file name from its last suffix (``.html.j2`` is a template)."""
    return _BY_EXTENSION.get(path.suffix.lower())
