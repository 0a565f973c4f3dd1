"""Per-message measurements for ``tonelint score``: formality, reading grade, SMS segments."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tonelint.errors import TonelintError
from tonelint.files import collect, format_for, read_source
from tonelint.models import MASK_CHAR, InputError, Message
from tonelint.readers import FORMATS
from tonelint.styleguide import StyleGuide


@dataclass(frozen=True)
class MessageScore:
    path: str
    line: int
    key: str | None
    text: str
    formality: float | None
    grade: float | None
    sms_segments: int | None
    informal: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "key": self.key,
            "text": self.text,
            "formality": self.formality,
            "readability_grade": self.grade,
            "sms_segments": self.sms_segments,
            "informal_features": list(self.informal),
        }


def sms_segment_counter() -> Callable[[str], int] | None:
    """Hook: ``tonelint.channels.sms_segments`` when that module provides it, else None."""
    try:
        channels = importlib.import_module("tonelint.channels")
    except ImportError:
        return None
    counter = getattr(channels, "sms_segments", None)
    return counter if callable(counter) else None


def score_message(message: Message, path: str, line: int) -> MessageScore:
    from tonelint.formality import score
    from tonelint.kinds.readability import plain_text
    from tonelint.kinds.readability import score as readability_score

    has_words = any(char.isalpha() for char in message.masked.replace(MASK_CHAR, ""))
    formality = score(plain_text(message)) if has_words else None
    grade = readability_score(message, "flesch-kincaid-grade") if has_words else None
    counter = sms_segment_counter()
    return MessageScore(
        path=path,
        line=line,
        key=message.key,
        text=message.text,
        formality=formality.value if formality else None,
        grade=round(grade, 1) if grade is not None else None,
        sms_segments=counter(message.text) if counter else None,
        informal=formality.informal_features() if formality else (),
    )


def score_paths(
    guide: StyleGuide, paths: Sequence[Path], input_format: str | None = None
) -> tuple[list[MessageScore], list[InputError]]:
    """Every message of every file under ``paths``, scored; unreadable files become errors."""
    scores: list[MessageScore] = []
    errors: list[InputError] = []
    for path in collect(paths, guide.include, guide.exclude):
        try:
            source = read_source(path)
            source_format = format_for(path, input_format)
            options = guide.format_options.get(source_format)
            extraction = FORMATS[source_format].extract(source, options)
        except TonelintError as exc:
            errors.append(exc.error)
            continue
        for message in extraction.messages:
            if not message.masked.replace(MASK_CHAR, "").strip():
                continue
            line, _ = source.position(message.source_map.to_source(0, 0)[0])
            scores.append(score_message(message, source.display_path, line))
    return scores, errors


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def text_table(scores: Sequence[MessageScore]) -> str:
    """A table: file, key or line, formality, reading grade, SMS segments, the text."""
    header = ("file", "key/line", "formality", "grade", "sms", "text")
    rows = [header] + [
        (
            score.path,
            score.key if score.key is not None else str(score.line),
            _cell(score.formality),
            _cell(score.grade),
            _cell(score.sms_segments),
            _excerpt(score.text),
        )
        for score in scores
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(("  ".join(cells) + "  " + row[-1]).rstrip())
    return "\n".join(lines) + "\n"


def _excerpt(text: str, most: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"
