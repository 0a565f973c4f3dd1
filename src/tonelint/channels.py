"""Channel limits: what an SMS costs (GSM-7 or UCS-2, segments) and how long a message is.

An SMS is sent in GSM-7 when every character is in the GSM 03.38 default alphabet or its
extension table (an extension character takes two septets: an escape and the character),
else in UCS-2, which counts UTF-16 code units (an emoji outside the BMP takes two). One
segment holds 160 septets or 70 units; a longer message is split into parts of 153 septets
or 67 units, because each part carries a header.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tonelint.models import Message, PlaceholderRole

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 default alphabet, in table order (0x1B, the escape to the extension table, is
# not a character and is left out).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# GSM 03.38 extension table: each is sent as the escape plus the character (two septets).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SEGMENT_LIMITS: Mapping[Encoding, tuple[int, int]] = {
    "GSM-7": (160, 153),  # one segment, each part of a longer message
    "UCS-2": (70, 67),
}

# Characters that force UCS-2 and the GSM text to write instead ("" = leave it out).
_REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f", " "),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f", ""),
    "•": "-",
    "·": "-",
    "‹": "<",
    "›": ">",
    "©": "(c)",
    "®": "(R)",
    "™": "TM",
    "×": "x",
    "÷": "/",
    "¦": "|",
    "\t": " ",
}
_PLACEHOLDER_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*")
_FILLER = "x"


def is_gsm7(text: str) -> bool:
    """Whether the text can be sent in GSM-7 (default alphabet and extension table)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def sms_encoding(text: str) -> Encoding:
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def sms_length(text: str) -> int:
    """Septets in GSM-7 (extension characters count twice), else UTF-16 code units."""
    if is_gsm7(text):
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def segments_for(length: int, encoding: Encoding) -> int:
    """How many SMS segments a message of ``length`` septets or units takes."""
    if length <= 0:
        return 0
    single, part = SEGMENT_LIMITS[encoding]
    return 1 if length <= single else math.ceil(length / part)


def sms_segments(text: str) -> int:
    """How many SMS segments the text takes (0 for empty text)."""
    return segments_for(sms_length(text), sms_encoding(text))


@dataclass(frozen=True)
class Culprit:
    """A character (or an emoji sequence) that forces UCS-2, and where it occurs.

    ``replacement`` is the GSM text to write instead ("" = leave it out), or None when
    there is none (a letter of another script, an accented letter: changing the spelling
    is not a fix).
    """

    text: str
    replacement: str | None
    offsets: tuple[int, ...]

    @property
    def suggestion(self) -> str:
        shown = _shown(self.text)
        if self.replacement is None:
            return f"{shown} has no GSM-7 equivalent"
        if self.replacement == "":
            return f"remove {shown}"
        return f"{shown} → {_shown(self.replacement)}"


def _replacement(char: str) -> str | None:
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    if unicodedata.category(char).startswith("L"):
        return None  # a letter: another script, or an accent that is part of the spelling
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char and decomposed and is_gsm7(decomposed):
        return decomposed  # ½ → 1/2 fails (⁄), ﬀ is a letter; e.g. fullwidth ！ → !
    return None


def ucs2_culprits(text: str) -> tuple[Culprit, ...]:
    """The characters that force UCS-2, in order of first appearance, with GSM replacements.

    An emoji (with its modifiers and joiners) is one culprit whose replacement is "".
    """
    from tonelint.kinds.density import EMOJI  # here: tonelint.kinds imports this module

    found: dict[str, tuple[str | None, list[int]]] = {}
    emoji_spans = {match.start(): match.end() for match in EMOJI.finditer(text)}
    index = 0
    replacement: str | None
    while index < len(text):
        end = emoji_spans.get(index)
        if end is not None and not is_gsm7(text[index:end]):
            unit, replacement = text[index:end], ""
        else:
            end = index + 1
            unit = text[index]
            if is_gsm7(unit):
                index = end
                continue
            replacement = _replacement(unit)
        found.setdefault(unit, (replacement, []))[1].append(index)
        index = end
    return tuple(Culprit(unit, repl, tuple(offsets)) for unit, (repl, offsets) in found.items())


def _shown(text: str) -> str:
    if text.isprintable() and not text.isspace():
        return text
    return " ".join(unicodedata.name(char, f"U+{ord(char):04X}").lower() for char in text)


def describe_culprits(culprits: tuple[Culprit, ...], most: int = 8) -> str:
    """'‘’ and 🎉': neighbours with the same replacement are written together."""
    groups: list[tuple[str | None, str]] = []
    for culprit in culprits:
        shown = _shown(culprit.text)
        joinable = culprit.text.isprintable() and not culprit.text.isspace()
        if groups and joinable and groups[-1][0] == culprit.replacement and culprit.replacement:
            groups[-1] = (culprit.replacement, groups[-1][1] + shown)
        elif groups and joinable and groups[-1][0] is None and culprit.replacement is None:
            groups[-1] = (None, groups[-1][1] + shown)
        else:
            groups.append((culprit.replacement, shown))
    names = [name for _, name in groups]
    if len(names) > most:
        names = [*names[: most - 1], f"{len(names) - most + 1} more"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def placeholder_name(text: str) -> str | None:
    """The variable a placeholder stands for: ``{{ first_name }}``, ``%{name}``, ``${x}``…"""
    inner = text.strip("{}%$<>()#=-~ \t")
    match = _PLACEHOLDER_NAME.search(inner.lstrip(". $"))
    return match.group() if match else None


def placeholder_length(text: str, lengths: Mapping[str, int], default: int) -> int:
    """The configured length of a placeholder: by full name, last dotted part, else default."""
    name = placeholder_name(text)
    if name is not None:
        for candidate in (name, name.rsplit(".", 1)[-1]):
            if candidate in lengths:
                return int(lengths[candidate])
    return default


def filled_text(message: Message, lengths: Mapping[str, int], default: int) -> str:
    """The message text as sent: each value placeholder filled with GSM characters at its
    configured maximum length, control tags (``{% if %}``) removed."""
    parts: list[str] = []
    position = 0
    for placeholder in sorted(message.placeholders, key=lambda p: p.start):
        if placeholder.start < position:
            continue
        parts.append(message.text[position : placeholder.start])
        if placeholder.role is PlaceholderRole.VALUE:
            parts.append(_FILLER * placeholder_length(placeholder.text, lengths, default))
        position = placeholder.end
    parts.append(message.text[position:])
    return "".join(parts)
