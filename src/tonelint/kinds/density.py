"""density: per-message limits on exclamation marks, emoji, ALL-CAPS words and stretched words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tonelint.kinds.base import Checker, Kind, Options, Trigger, option, render
from tonelint.lexicon import is_word
from tonelint.models import Hit, Message, RuleSpec

# Characters that display as emoji (an approximation of Unicode's Emoji_Presentation and
# Extended_Pictographic sets that leaves typographic symbols such as ✓ ★ → ™ © alone).
_EMOJI_BASE = (
    "\U0001f000-\U0001f1e5\U0001f200-\U0001faff"  # pictographs, emoticons, transport...
    "\u2600-\u2604\u2607-\u2712\u2714-\u27bf"  # symbols and dingbats but ★ ☆ ✓
    "\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0"
    "\u25fb-\u25fe\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"
    "\u3030\u303d\u3297\u3299\u203c\u2049"
)
_EMOJI_MODIFIERS = "\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_UNIT = rf"(?:[{_EMOJI_BASE}]|[^\s\w]\ufe0f|[0-9#*]\ufe0f?\u20e3)[{_EMOJI_MODIFIERS}]*"
EMOJI = re.compile(
    rf"[\U0001f1e6-\U0001f1ff]{{2}}"  # a flag: two regional indicators
    rf"|{_EMOJI_UNIT}(?:\u200d{_EMOJI_UNIT})*"
)
_EXCLAMATION_RUN = re.compile(r"[!?¡]*![!?¡1]*")
_WORD = re.compile(r"(?<![\w\-])(?<!\w\.)[^\W\d_]+(?![\w\-])(?!\.\w)")
_STRETCHED = re.compile(r"(?<!\w)\w*([^\W\d_])\1{2,}\w*")
# What each measure needs in a message to count anything at all.
_TRIGGERS = {
    "exclamations": re.compile("!"),
    "exclamation-run": re.compile("!"),
    "emoji": re.compile("[^\x00-\x7f]"),  # every emoji has a character beyond ASCII
    "caps-words": re.compile(r"[^\W\d_a-z]{2}"),  # two letters, none of them a-z
    "stretched-words": re.compile(r"([^\W\d_])\1\1"),
}


def _caps_words(
    message: Message,
    allowed: frozenset[str],
    keyword_after: frozenset[str],
    hype: frozenset[str],
) -> list[tuple[int, int]]:
    """ALL-CAPS words that shout.

    A capitalised hype word shouts on its own ("FREE shipping"); other capitalised words
    shout in a run that holds two dictionary words or more ("ACT NOW", "WE MISS YOU").
    Acronyms (on the allow list, or not dictionary words), keywords ("Reply STOP") and
    short all-caps labels without an exclamation mark ("TOTAL ITEMS") do not.
    """
    masked = message.masked
    words = list(_WORD.finditer(masked))
    if len(words) < 2:
        return []
    if not any(char.islower() for char in masked) and len(words) <= 6 and "!" not in masked:
        return []
    candidates: list[re.Match[str]] = []
    previous = ""
    for match in words:
        text = match.group()
        is_keyword = previous.lower() in keyword_after
        previous = text
        if len(text) >= 2 and text.isupper() and text not in allowed and not is_keyword:
            candidates.append(match)
    runs: list[list[re.Match[str]]] = []
    for match in candidates:
        if runs and _adjacent(masked, runs[-1][-1].span(), match.span()):
            runs[-1].append(match)
        else:
            runs.append([match])
    shouting: list[tuple[int, int]] = []
    for run in runs:
        loud_run = sum(1 for m in run if is_word(m.group())) >= 2
        shouting.extend(m.span() for m in run if loud_run or m.group() in hype)
    return shouting


def _adjacent(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether only spaces and light punctuation separate two spans."""
    low, high = sorted((first, second))
    return not text[low[1] : high[0]].strip(" ,.!?-&:;")


def _runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join adjacent spans into runs ("HUGE SUMMER SALE", "🔥🔥🔥")."""
    runs: list[tuple[int, int]] = []
    for span in spans:
        if runs and _adjacent(text, runs[-1], span):
            runs[-1] = (runs[-1][0], span[1])
        else:
            runs.append(span)
    return runs


_MIXED_CUTS = 6


def _stretch_suggestions(word: str) -> tuple[str, ...]:
    """The word with each stretched run cut to one or two letters, real words first."""
    runs = list(re.finditer(r"([^\W\d_])\1{2,}", word))
    # Every run cut either way doubles the candidates: past a few runs, cut all alike.
    mixed = len(runs) <= _MIXED_CUTS
    candidates = [""] if mixed else ["", ""]
    position = 0
    for run in runs:
        between = word[position : run.start()]
        letter = run.group(1)
        if mixed:
            candidates = [c + between + cut for c in candidates for cut in (letter, letter * 2)]
        else:
            candidates = [c + between + letter * (n + 1) for n, c in enumerate(candidates)]
        position = run.end()
    candidates = list(dict.fromkeys(c + word[position:] for c in candidates))
    real = [candidate for candidate in candidates if is_word(candidate)]
    return tuple(real) if real else (candidates[0],)


@dataclass(frozen=True)
class DensityOptions(Options):
    """Options of a density rule."""

    measure: str = option(
        type="string",
        enum=["exclamations", "exclamation-run", "emoji", "caps-words", "stretched-words"],
        default="exclamations",
        description="What to count.",
    )
    max: int = option(
        type="integer",
        minimum=0,
        default=1,
        description="Most allowed per message (for exclamation-run: longest run).",
    )
    keyword_after: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=["reply", "text", "txt", "send", "type", "enter", "code", "press"],
        description="caps-words: a capitalised word after one of these is a keyword (Reply STOP).",
    )
    hype_words: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=[],
        description="caps-words: words that shout even alone in capitals (FREE, NOW).",
    )
    allow: tuple[str, ...] = option(
        type="array",
        items={"type": "string"},
        default=[],
        description="Words never counted (acronyms for caps-words; e.g. www).",
    )


def trigger(rule: RuleSpec) -> Trigger:
    return Trigger(patterns=(_TRIGGERS[DensityOptions.of(rule).measure],))


def build(rule: RuleSpec) -> Checker:
    options = DensityOptions.of(rule)
    return _MEASURES[options.measure](rule, options)


def _counted(
    rule: RuleSpec, limit: int, message: Message, spans: list[tuple[int, int]]
) -> Iterator[Hit]:
    """One hit per run of items beyond the limit; the message gives the total."""
    if len(spans) > limit:
        for start, end in _runs(message.masked, spans[limit:]):
            matched = message.text[start:end]
            yield Hit(start, end, render(rule.message, count=len(spans), max=limit, match=matched))


def _counting(pattern: re.Pattern[str]) -> Callable[[RuleSpec, DensityOptions], Checker]:
    """A measure that counts the matches of ``pattern`` in a message."""

    def measure(rule: RuleSpec, options: DensityOptions) -> Checker:
        limit = options.max

        def check(message: Message) -> Iterator[Hit]:
            spans = [m.span() for m in pattern.finditer(message.masked)]
            yield from _counted(rule, limit, message, spans)

        return check

    return measure


def _caps(rule: RuleSpec, options: DensityOptions) -> Checker:
    limit = options.max
    allowed = frozenset(word.upper() for word in options.allow)
    keyword_after = frozenset(word.lower() for word in options.keyword_after)
    hype = frozenset(word.upper() for word in options.hype_words)

    def check(message: Message) -> Iterator[Hit]:
        spans = _caps_words(message, allowed, keyword_after, hype)
        yield from _counted(rule, limit, message, spans)

    return check


def _exclamation_run(rule: RuleSpec, options: DensityOptions) -> Checker:
    limit = options.max

    def check(message: Message) -> Iterator[Hit]:
        for run in _EXCLAMATION_RUN.finditer(message.masked):
            if len(run.group()) > limit:
                replacement = "?" if "?" in run.group() else "!"
                yield Hit(
                    run.start(),
                    run.end(),
                    render(rule.message, count=len(run.group()), max=limit, match=run.group()),
                    suggestions=(replacement,),
                    replacement=replacement,
                )

    return check


def _stretched(rule: RuleSpec, options: DensityOptions) -> Checker:
    allowed_lower = frozenset(word.upper().lower() for word in options.allow)

    def check(message: Message) -> Iterator[Hit]:
        for word in _STRETCHED.finditer(message.masked):
            lowered = word.group().lower()
            if lowered in allowed_lower or len(set(lowered)) == 1:  # www, YYYY
                continue
            suggestions = _stretch_suggestions(word.group())
            yield Hit(
                word.start(),
                word.end(),
                render(rule.message, match=word.group(), replacement=suggestions[0]),
                suggestions=suggestions,
            )

    return check


# One checker per measure, chosen once when the rule is built.
_MEASURES: dict[str, Callable[[RuleSpec, DensityOptions], Checker]] = {
    # a run ("!!!") counts once: exclamation-run deals with its length
    "exclamations": _counting(_EXCLAMATION_RUN),
    "emoji": _counting(EMOJI),
    "caps-words": _caps,
    "exclamation-run": _exclamation_run,
    "stretched-words": _stretched,
}


def describe(rule: RuleSpec) -> str:
    options = DensityOptions.of(rule)
    described = {
        "exclamations": f"more than {options.max} exclamation mark(s) in a message",
        "exclamation-run": f"runs of more than {options.max} `!`/`?` in a row",
        "emoji": f"more than {options.max} emoji in a message",
        "caps-words": f"more than {options.max} ALL-CAPS word(s) in a message "
        "(acronyms, allowed words and keywords such as 'Reply STOP' do not count)",
        "stretched-words": "words with a letter repeated three or more times (sooo)",
    }[options.measure]
    return f"Flags {described}."


KIND = Kind(
    name="density",
    summary="Limits exclamation marks, emoji, ALL-CAPS words and stretched words per message.",
    options_type=DensityOptions,
    build=build,
    trigger=trigger,
    describe=describe,
)
