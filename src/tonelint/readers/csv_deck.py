"""CSV copy decks: the text cell of each data row is a message.

The first row is the header. Options ``text-column`` and ``key-column`` name the columns
(matched case-insensitively); otherwise the text column is the leftmost one named in
``_TEXT_COLUMNS`` and the key column the leftmost one named in ``_KEY_COLUMNS``. Without a
key column (or with an empty key cell) the key is ``row N``, N counting records with the
header as row 1. Fields follow RFC 4180 (quotes, ``""``, line breaks inside quotes); the
delimiter is ``;`` when the header line has more semicolons than commas, else ``,``. Rows
too short to hold the cells are skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tonelint.errors import TonelintError
from tonelint.models import Message, SourceFile
from tonelint.readers.base import DecodedText, Extraction, split_messages

_TEXT_COLUMNS = ("text", "copy", "message", "body", "content", "string", "value", "source", "en")
_KEY_COLUMNS = ("id", "key", "name", "slug")


@dataclass(frozen=True)
class _Cell:
    """A field at file offset ``start`` as runs of file text; a run with ``decoded`` set is
    a ``""`` escape."""

    start: int
    runs: tuple[tuple[int, int, str | None], ...]
    closing: int = -1  # the offset of the closing quote of a quoted field
    end: int = 0

    def value(self, text: str) -> str:
        return "".join(text[s:e] if decoded is None else decoded for s, e, decoded in self.runs)

    def decode(self, source: SourceFile) -> DecodedText:
        builder = DecodedText(source)
        for start, end, decoded in self.runs:
            if decoded is None:
                builder.verbatim(start, end)
            else:
                builder.decoded(decoded, start, end)
        return builder


class _Parser:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        header_end = re.search(r"[\r\n]|\Z", self.text)
        assert header_end is not None  # \Z always matches
        header = self.text[: header_end.start()]
        self.delimiter = ";" if header.count(";") > header.count(",") else ","
        self.unquoted = re.compile(f"[^{re.escape(self.delimiter)}\r\n]*")

    def rows(self) -> Iterator[list[_Cell]]:
        text, position, length = self.text, 0, len(self.text)
        while position < length:
            cells: list[_Cell] = []
            while True:
                cell, position = self.cell(position)
                cells.append(cell)
                if position < length and text[position] == self.delimiter:
                    position += 1
                else:
                    break
            position += 2 if text.startswith("\r\n", position) else 1
            yield cells

    def cell(self, position: int) -> tuple[_Cell, int]:
        """The field at ``position`` and the offset after it."""
        text = self.text
        runs: list[tuple[int, int, str | None]] = []
        start = position
        if text.startswith('"', position):
            run_start = position + 1
            while True:
                quote = text.find('"', run_start)
                if quote < 0:
                    line = self.source.position(position)[0]
                    raise TonelintError(
                        self.source.display_path, "csv: unterminated quoted field", line
                    )
                if quote > run_start:
                    runs.append((run_start, quote, None))
                if not text.startswith('""', quote):
                    break
                runs.append((quote, quote + 2, '"'))
                run_start = quote + 2
            position = quote + 1  # text after the closing quote is kept, as Python's csv does
        tail = self.unquoted.match(text, position)
        assert tail is not None  # the pattern matches the empty string
        if tail.end() > position:
            runs.append((position, tail.end(), None))
        closing = position - 1 if text.startswith('"', start) else -1
        return _Cell(start, tuple(runs), closing, tail.end()), tail.end()


def _column(
    names: list[str], wanted: str | None, defaults: tuple[str, ...], option: str, path: str
) -> int | None:
    """The index of the column named by an option, else of the leftmost default one."""
    lowered = [name.strip().lower() for name in names]
    if wanted is not None:
        if wanted.strip().lower() not in lowered:
            header = ", ".join(names)
            raise TonelintError(path, f"csv: {option} {wanted!r} is not in the header: {header}", 1)
        return lowered.index(wanted.strip().lower())
    return next((index for index, name in enumerate(lowered) if name in defaults), None)


def quotes(source: SourceFile, offsets: Sequence[int]) -> list[tuple[str, int, int]]:
    """For each file offset, ``double`` inside a quoted field and ``unquoted`` elsewhere,
    and the span of the field's text (inside its quotes)."""
    cells = [(cell.start, cell.closing, cell.end) for row in _Parser(source).rows() for cell in row]
    starts = [start for start, _, _ in cells]
    found = []
    for offset in offsets:
        start, closing, end = cells[max(bisect.bisect_right(starts, offset) - 1, 0)]
        if start < offset <= closing:
            found.append(("double", start + 1, closing))
        else:
            found.append(("unquoted", max(start, closing + 1), end))
    return found


def extract(source: SourceFile, options: Mapping[str, Any] | None = None) -> Extraction:
    options = options or {}
    path = source.display_path
    rows = _Parser(source).rows()
    header = next(rows, None)
    if header is None:
        return Extraction(())
    names = [cell.value(source.text).strip() for cell in header]
    wanted_text, wanted_key = options.get("text-column"), options.get("key-column")
    text_index = _column(names, wanted_text, _TEXT_COLUMNS, "text-column", path)
    if text_index is None:
        raise TonelintError(
            path,
            "csv: no text column (name one with csv: {text-column: ...} in the style guide); "
            f"header: {', '.join(names)}",
            1,
        )
    key_index = _column(names, wanted_key, _KEY_COLUMNS, "key-column", path)
    needed = max(text_index, -1 if key_index is None else key_index) + 1
    messages: list[Message] = []
    for number, cells in enumerate(rows, 2):
        if len(cells) < needed:
            continue
        key = cells[key_index].value(source.text).strip() if key_index is not None else ""
        cell = cells[text_index]
        builder = cell.decode(source)
        messages.extend(
            split_messages(builder.text, builder.source_map(cell.start), key=key or f"row {number}")
        )
    return Extraction(tuple(messages))
