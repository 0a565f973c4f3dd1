"""Plain text: each block of lines separated by a blank line is one message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tonelint.models import SourceFile
from tonelint.readers.base import Extraction, front_matter, has_copy, make_message, paragraphs


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    body_start, metadata = front_matter(source.text)
    candidates = (make_message(source, s, e) for s, e in paragraphs(source, body_start))
    messages = tuple(message for message in candidates if has_copy(message))
    return Extraction(messages, metadata)
