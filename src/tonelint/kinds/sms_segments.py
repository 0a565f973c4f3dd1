"""sms-segments: the SMS segments and encoding of a message sent as SMS.

It counts the message as sent (see ``tonelint.kinds._channel_limits``): more than
``max-segments`` segments, or (``report: unicode``) characters that force UCS-2 and all
have a GSM-7 replacement.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tonelint.channels import (
    SEGMENT_LIMITS,
    describe_culprits,
    filled_text,
    segments_for,
    sms_encoding,
    sms_length,
    ucs2_culprits,
)
from tonelint.kinds import _channel_limits as shared
from tonelint.kinds.base import Checker, Kind, Options, Trigger, option, render, stripped_span
from tonelint.models import Hit, Message, RuleSpec


@dataclass(frozen=True)
class SmsSegmentsOptions(Options):
    """Options of an sms-segments rule."""

    report: str = option(
        type="string",
        enum=["segments", "unicode"],
        default="segments",
        description="segments: more than max-segments; unicode: characters that "
        "force UCS-2 and all have a GSM-7 replacement.",
    )
    max_segments: int = option(
        type="integer",
        minimum=1,
        default=1,
        description="The most segments a message may take.",
    )
    placeholder_lengths: Mapping[str, int] = shared.placeholder_lengths()
    default_placeholder_length: int = shared.default_placeholder_length()
    channels: tuple[str, ...] = shared.channels(["sms"])


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(channels=shared.lower(SmsSegmentsOptions.of(rule).channels))


def build(rule: RuleSpec) -> Checker:
    options = SmsSegmentsOptions.of(rule)
    channels = shared.lower(options.channels)
    report = options.report
    limit = options.max_segments
    lengths = shared.lengths(options.placeholder_lengths)
    default = options.default_placeholder_length

    def check(message: Message) -> Iterator[Hit]:
        if (message.channel or "").lower() not in channels or not message.text.strip():
            return
        sent = filled_text(message, lengths, default)
        encoding = sms_encoding(sent)
        culprits = ucs2_culprits(shared.blanked(message)) if encoding == "UCS-2" else ()
        suggestions = tuple(c.suggestion for c in culprits if c.replacement is not None)
        if report == "segments":
            length = sms_length(sent)
            count = segments_for(length, encoding)
            if count > limit:
                start, end = stripped_span(message.text)
                filled = " after filling placeholders" if shared.has_values(message) else ""
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


KIND = Kind(
    name="sms-segments",
    summary="Counts the SMS segments a message takes (GSM-7 or UCS-2, placeholders filled).",
    options_type=SmsSegmentsOptions,
    build=build,
    trigger=trigger,
)
