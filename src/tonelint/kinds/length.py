"""length: the characters of a message, a push title or a push body.

It counts the message as sent (see ``tonelint.kinds._channel_limits``). It tells a push
title from its body like this: a message whose key matches a ``title-keys`` glob is a
title, any other keyed message is a body, and a message without a key (a plain-text file)
that holds several lines is a title (its first line) and a body (the rest); a single line
without a key is a body.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from tonelint.channels import filled_text
from tonelint.kinds import _channel_limits as shared
from tonelint.kinds.base import Checker, Kind, Options, Trigger, option, render, stripped_span
from tonelint.models import Hit, Message, RuleSpec


@dataclass(frozen=True)
class LengthOptions(Options):
    """Options of a length rule."""

    max: int = option(
        type="integer",
        minimum=1,
        default=100,
        description="The most characters allowed (placeholders filled).",
    )
    part: str = option(
        type="string",
        enum=["title", "body", "any"],
        default="any",
        description="What is measured: the title, the body or the whole message.",
    )
    title_keys: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=["*title*", "*heading*", "*headline*", "*subject*"],
        description="Globs of message keys that are titles; other keys are bodies.",
    )
    placeholder_lengths: Mapping[str, int] = shared.placeholder_lengths()
    default_placeholder_length: int = shared.default_placeholder_length()
    channels: tuple[str, ...] = shared.channels(["push"])


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(channels=shared.lower(LengthOptions.of(rule).channels))


def _parts(message: Message, title_keys: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """(part, start, end) of a message's title and body, in message-text offsets."""
    text = message.text
    if message.key is not None:
        key = message.key.lower()
        part = "title" if any(fnmatchcase(key, glob.lower()) for glob in title_keys) else "body"
        return [(part, 0, len(text))]
    stripped = text.strip()
    offset = text.index(stripped) if stripped else 0
    newline = stripped.find("\n")
    if newline < 0:
        return [("body", 0, len(text))]
    return [("title", offset, offset + newline), ("body", offset + newline + 1, len(text))]


def _sub_message(message: Message, start: int, end: int) -> Message:
    placeholders = tuple(
        replace(p, start=p.start - start, end=p.end - start)
        for p in message.placeholders
        if p.start >= start and p.end <= end
    )
    return replace(
        message,
        text=message.text[start:end],
        masked=message.masked[start:end],
        placeholders=placeholders,
    )


def build(rule: RuleSpec) -> Checker:
    options = LengthOptions.of(rule)
    channels = shared.lower(options.channels)
    limit = options.max
    wanted = options.part
    title_keys = options.title_keys
    lengths = shared.lengths(options.placeholder_lengths)
    default = options.default_placeholder_length

    def check(message: Message) -> Iterator[Hit]:
        if (message.channel or "").lower() not in channels:
            return
        parts = [("any", 0, len(message.text))] if wanted == "any" else _parts(message, title_keys)
        for part, start, end in parts:
            if part != wanted:
                continue
            piece = _sub_message(message, start, end)
            length = len(filled_text(piece, lengths, default).strip())
            if length > limit:
                low, high = stripped_span(message.text, start, end)
                filled = " after filling placeholders" if shared.has_values(piece) else ""
                part_name = "message" if part == "any" else part
                yield Hit(
                    low,
                    high,
                    render(rule.message, count=length, max=limit, part=part_name, filled=filled),
                )

    return check


KIND = Kind(
    name="length",
    summary="Limits the characters of a message, a push title or a push body.",
    options_type=LengthOptions,
    build=build,
    trigger=trigger,
)
