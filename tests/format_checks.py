"""Shared checks for the catalogue format tests (po, fluent, properties, csv)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tonelint.models import Message, SourceFile
from tonelint.readers.base import Extraction

EVAL_TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "templates"


def templates() -> Path:
    """The real catalogues under ``../shared/eval/templates``; skips when they are absent."""
    if not EVAL_TEMPLATES.is_dir():
        pytest.skip(f"../shared/eval is not present: {EVAL_TEMPLATES} does not exist")
    return EVAL_TEMPLATES


def source(text: str, name: str) -> SourceFile:
    return SourceFile.from_text(Path(name), text)


def assert_spans(source: SourceFile, message: Message, decode: Callable[[str], str]) -> None:
    """Every span ``[i, j)`` of the message maps to file text that decodes to exactly
    ``message.text[i:j]``; ``decode`` is strict and fails on partial escapes."""
    text = message.text
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1):
            start, end = message.source_map.to_source(i, j)
            assert 0 <= start <= end <= len(source.text)
            fragment = source.text[start:end]
            assert decode(fragment) == text[i:j], (i, j, fragment)


def located(source: SourceFile, message: Message) -> tuple[str, str | None, int, int]:
    """Text, key, line and column of a message."""
    line, column = source.position(message.source_map.to_source(0, len(message.text))[0])
    return message.text, message.key, line, column


def pinned(source: SourceFile, message: Message) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """Text, start (line, column) and end (line, column) of a message in its file."""
    start, end = message.source_map.to_source(0, len(message.text))
    return message.text, source.position(start), source.position(end)


def by_key(extraction: Extraction, key: str) -> list[Message]:
    """The messages of an extraction with this key."""
    return [message for message in extraction.messages if message.key == key]
