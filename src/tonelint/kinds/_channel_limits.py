"""What the channel-limit kinds share (``sms-segments``, ``length``).

Both run only on messages sent on one of their ``channels`` (``sms``; ``push``) and count
the message as sent: each value placeholder filled with ``placeholder-lengths[name]``
characters (else ``default-placeholder-length``), control tags removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tonelint.kinds.base import option
from tonelint.models import Message, PlaceholderRole


def placeholder_lengths() -> Any:
    """The option ``placeholder-lengths``."""
    return option(
        type="object",
        additionalProperties={"type": "integer", "minimum": 0},
        default={},
        description="The longest value of each placeholder, by name (first_name: 20).",
    )


def default_placeholder_length() -> Any:
    """The option ``default-placeholder-length``."""
    return option(
        type="integer",
        minimum=0,
        default=10,
        description="The length of a placeholder not named in placeholder-lengths.",
    )


def channels(default: list[str]) -> Any:
    """The option ``channels``."""
    return option(
        type="array",
        items={"type": "string"},
        default=default,
        description="The channels the rule runs on.",
    )


def lower(channels: Iterable[str]) -> frozenset[str]:
    return frozenset(channel.lower() for channel in channels)


def lengths(placeholder_lengths: Mapping[str, int]) -> Mapping[str, int]:
    return {str(name): int(value) for name, value in placeholder_lengths.items()}


def blanked(message: Message) -> str:
    """The message text with each placeholder replaced by as many GSM characters."""
    chars = list(message.text)
    for placeholder in message.placeholders:
        chars[placeholder.start : placeholder.end] = "x" * (placeholder.end - placeholder.start)
    return "".join(chars)


def has_values(message: Message) -> bool:
    return any(p.role is PlaceholderRole.VALUE for p in message.placeholders)
