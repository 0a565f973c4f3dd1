"""Apply fix edits to text."""

from __future__ import annotations

from collections.abc import Iterable

from tonelint.models import Edit


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits (later overlapping ones are skipped); returns the new
    text and how many edits were applied."""
    applied = 0
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied
