"""Channel limits: SMS segments and encoding (``sms-segments``), push lengths (``length``).

Both run only on messages sent on one of their ``channels`` (``sms``; ``push``) and count
the message as sent: each value placeholder filled with ``placeholder-lengths[name]``
characters (else ``default-placeholder-length``), control tags removed.

``length`` tells a push title from its body like this: a message whose key matches a
``title-keys`` glob is a title, any other keyed message is a body, and a message without a
key (a plain-text file) that holds several lines is a title (its first line) and a body
(the rest); a single line without a key is a body.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from fnmatch import fnmatchcase
from typing import Any

from tonelint.channels import (
    SEGMENT_LIMITS,
    describe_culprits,
    filled_text,
    segments_for,
    sms_encoding,
    sms_length,
    ucs2_culprits,
)
from tonelint.kinds.base import (
    Checker,
    Kind,
    Trigger,
    options_schema,
    render,
    stripped_span,
)
from tonelint.models import Hit, Message, PlaceholderRole, RuleSpec

_PLACEHOLDER_OPTIONS: dict[str, Any] = {
    "placeholder-lengths": {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "default": {},
        "description": "The longest value of each placeholder, by name (first_name: 20).",
    },
    "default-placeholder-length": {
        "type": "integer",
        "minimum": 0,
        "default": 10,
        "description": "The length of a placeholder not named in placeholder-lengths.",
    },
}


def _channels(rule: RuleSpec) -> frozenset[str]:
    return frozenset(str(channel).lower() for channel in rule.options["channels"])


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(channels=_channels(rule))


def _lengths(rule: RuleSpec) -> tuple[Mapping[str, int], int]:
    lengths = {str(name): int(value) for name, value in rule.options["placeholder-lengths"].items()}
    return lengths, int(rule.options["default-placeholder-length"])


def _blanked(message: Message) -> str:
    """The message text with each placeholder replaced by as many GSM characters."""
    chars = list(message.text)
    for placeholder in message.placeholders:
        chars[placeholder.start : placeholder.end] = "x" * (placeholder.end - placeholder.start)
    return "".join(chars)


def _has_values(message: Message) -> bool:
    return any(p.role is PlaceholderRole.VALUE for p in message.placeholders)


# ---------------------------------------------------------------- sms-segments


def build_sms(rule: RuleSpec) -> Checker:
    channels = _channels(rule)
    report = str(rule.options["report"])
    limit = int(rule.options["max-segments"])
    lengths, default = _lengths(rule)

    def check(message: Message) -> Iterator[Hit]:
        if (message.channel or "").lower() not in channels or not message.text.strip():
            return
        sent = filled_text(message, lengths, default)
        encoding = sms_encoding(sent)
        culprits = ucs2_culprits(_blanked(message)) if encoding == "UCS-2" else ()
        suggestions = tuple(c.suggestion for c in culprits if c.replacement is not None)
        if report == "segments":
            length = sms_length(sent)
            count = segments_for(length, encoding)
            if count > limit:
                start, end = stripped_span(message.text)
                filled = " after filling placeholders" if _has_values(message) else ""
                text = render(
                    rule.message,
                    count=count,
                    max=limit,
                    length=length,
                    encoding=encoding,
                    filled=filled,
                )
                yield Hit(start, end, text, suggestions=suggestions)
        elif culprits and all(c.replacement is not None for c in culprits):
            # UCS-2 that could be avoided: every culprit has a GSM-7 replacement.
            first = min(culprits, key=lambda c: c.offsets[0])
            start = first.offsets[0]
            single, _ = SEGMENT_LIMITS["UCS-2"]
            text = render(
                rule.message,
                match=describe_culprits(culprits),
                count=sum(len(c.offsets) for c in culprits),
                max=single,
                encoding=encoding,
                force="forces" if len(culprits) == 1 else "force",
            )
            yield Hit(start, start + len(first.text), text, suggestions=suggestions)

    return check


SMS_KIND = Kind(
    name="sms-segments",
    summary="Counts the SMS segments a message takes (GSM-7 or UCS-2, placeholders filled).",
    options=options_schema(
        {
            "report": {
                "type": "string",
                "enum": ["segments", "unicode"],
                "default": "segments",
                "description": "segments: more than max-segments; unicode: characters that "
                "force UCS-2 and all have a GSM-7 replacement.",
            },
            "max-segments": {
                "type": "integer",
                "minimum": 1,
                "default": 1,
                "description": "The most segments a message may take.",
            },
            **_PLACEHOLDER_OPTIONS,
            "channels": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["sms"],
                "description": "The channels the rule runs on.",
            },
        }
    ),
    build=build_sms,
    trigger=trigger,
)


# ---------------------------------------------------------------- length


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


def build_length(rule: RuleSpec) -> Checker:
    channels = _channels(rule)
    limit = int(rule.options["max"])
    wanted = str(rule.options["part"])
    title_keys = tuple(str(glob) for glob in rule.options["title-keys"])
    lengths, default = _lengths(rule)

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
                filled = " after filling placeholders" if _has_values(piece) else ""
                part_name = "message" if part == "any" else part
                yield Hit(
                    low,
                    high,
                    render(rule.message, count=length, max=limit, part=part_name, filled=filled),
                )

    return check


LENGTH_KIND = Kind(
    name="length",
    summary="Limits the characters of a message, a push title or a push body.",
    options=options_schema(
        {
            "max": {
                "type": "integer",
                "minimum": 1,
                "default": 100,
                "description": "The most characters allowed (placeholders filled).",
            },
            "part": {
                "type": "string",
                "enum": ["title", "body", "any"],
                "default": "any",
                "description": "What is measured: the title, the body or the whole message.",
            },
            "title-keys": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["*title*", "*heading*", "*headline*", "*subject*"],
                "description": "Globs of message keys that are titles; other keys are bodies.",
            },
            **_PLACEHOLDER_OPTIONS,
            "channels": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["push"],
                "description": "The channels the rule runs on.",
            },
        }
    ),
    build=build_length,
    trigger=trigger,
)
