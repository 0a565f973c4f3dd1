"""density: per-message limits on exclamation marks, emoji, ALL-CAPS words and stretched words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexicon import is_word
from ..models import Hit, Message, RuleSpec
from .base import Checker, Kind, options_schema, render

_EMOJI_BASE = (
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, symbols and pictographs
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats
    "\u2b00-\u2bff"  # arrows and stars (⭐ ⬆)
    "\u2300-\u23ff"  # technical (⌚ ⏰ ⏳)
    "\u2190-\u21ff"  # arrows
    "\u3030\u303d\u3297\u3299\u2122\u2139\u24c2\u203c\u2049"
)
_EMOJI_MODIFIERS = "\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
EMOJI = re.compile(
    rf"(?:[{_EMOJI_BASE}]|[0-9#*]\ufe0f?\u20e3)[{_EMOJI_MODIFIERS}]*"
    rf"(?:\u200d[{_EMOJI_BASE}][{_EMOJI_MODIFIERS}]*)*"
)
_EXCLAMATION_RUN = re.compile(r"[!?¡]*![!?¡1]*")
_CAPS_WORD = re.compile(r"(?<![\w\-])[^\W\d_]{2,}(?![\w\-])")
_STRETCHED = re.compile(r"(?<!\w)\w*([^\W\d_])\1{2,}\w*")

DEFAULT_ACRONYMS = (
    "ATM API APR ASAP BBB CEO CSV DIY DVD EULA FAQ FAQS GDPR GMT GPS HDMI HIPAA HR HTML HTTP "
    "HTTPS IBAN ID IMAP IOS IP ISBN ISO IT JPEG JSON LED LLC LTD MFA NASA NATO NFC OK OTP PDF "
    "PIN PNG POP RSVP SIM SKU SMS SMTP SSN SSL SWIFT TBA TBC TV UK UPS US USA USB UTC VAT VIP "
    "VPN WIFI XML ZIP"
).split()


def _caps_words(message: Message, allowed: frozenset[str]) -> list[tuple[int, int]]:
    words = [
        m for m in _CAPS_WORD.finditer(message.masked)
        if m.group().isupper() and m.group() not in allowed
    ]
    shouting = []
    for index, word in enumerate(words):
        neighbours = words[max(index - 1, 0) : index] + words[index + 1 : index + 2]
        adjacent = any(
            not message.masked[min(word.end(), other.end()) : max(word.start(), other.start())]
            .strip(" ,.!?-&")
            for other in neighbours
        )
        if len(word.group()) >= 4 or adjacent:
            shouting.append(word.span())
    return shouting


def _stretch_suggestions(word: str) -> tuple[str, ...]:
    """The word with each stretched run cut to one or two letters, real words first."""
    runs = list(re.finditer(r"([^\W\d_])\1{2,}", word))
    candidates = [""]
    position = 0
    for run in runs:
        between = word[position : run.start()]
        letter = run.group(1)
        candidates = [c + between + cut for c in candidates for cut in (letter, letter * 2)]
        position = run.end()
    candidates = list(dict.fromkeys(c + word[position:] for c in candidates))
    real = [candidate for candidate in candidates if is_word(candidate)]
    return tuple(real) if real else (candidates[0],)


def build(rule: RuleSpec) -> Checker:
    measure = str(rule.options["measure"])
    limit = int(rule.options["max"])
    allowed = frozenset(word.upper() for word in rule.options["allow"]) | (
        frozenset(DEFAULT_ACRONYMS) if measure == "caps-words" else frozenset()
    )
    allowed_lower = frozenset(word.lower() for word in allowed)

    def counted(message: Message, spans: list[tuple[int, int]]) -> Iterator[Hit]:
        if len(spans) > limit:
            start, end = spans[limit][0], spans[-1][1]
            text = render(
                rule.message, count=len(spans), max=limit, match=message.text[start:end]
            )
            yield Hit(start, end, text)

    def check(message: Message) -> Iterator[Hit]:
        masked = message.masked
        if measure == "exclamations":
            yield from counted(message, [(m.start(), m.end()) for m in re.finditer("!", masked)])
        elif measure == "emoji":
            yield from counted(message, [m.span() for m in EMOJI.finditer(masked)])
        elif measure == "caps-words":
            yield from counted(message, _caps_words(message, allowed))
        elif measure == "exclamation-run":
            for run in _EXCLAMATION_RUN.finditer(masked):
                if len(run.group()) > limit:
                    replacement = "?" if "?" in run.group() else "!"
                    yield Hit(
                        run.start(),
                        run.end(),
                        render(rule.message, count=len(run.group()), max=limit, match=run.group()),
                        suggestions=(replacement,),
                        replacement=replacement,
                    )
        elif measure == "stretched-words":
            for word in _STRETCHED.finditer(masked):
                if word.group().lower() in allowed_lower:
                    continue
                suggestions = _stretch_suggestions(word.group())
                yield Hit(
                    word.start(),
                    word.end(),
                    render(rule.message, match=word.group(), replacement=suggestions[0]),
                    suggestions=suggestions,
                )

    return check


KIND = Kind(
    name="density",
    summary="Limits exclamation marks, emoji, ALL-CAPS words and stretched words per message.",
    options=options_schema(
        {
            "measure": {
                "type": "string",
                "enum": ["exclamations", "exclamation-run", "emoji", "caps-words", "stretched-words"],
                "default": "exclamations",
                "description": "What to count.",
            },
            "max": {
                "type": "integer",
                "minimum": 0,
                "default": 1,
                "description": "Most allowed per message (for exclamation-run: longest run).",
            },
            "allow": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "Words never counted (acronyms for caps-words; e.g. www).",
            },
        }
    ),
    build=build,
)
