"""The rule kinds on their own: phrase matching, substitution, density and readability."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import pytest

from tonelint.engine import Linter
from tonelint.kinds import KINDS
from tonelint.matching.literals import required_words
from tonelint.matching.phrases import (
    PhraseIndex,
    PhraseMatcher,
    fold,
    inflections,
    match_case,
    trigger_words,
)
from tonelint.models import Applicability, Finding, RuleSpec, Severity
from tonelint.styleguide import StyleGuide


def make_rule(kind: str, options: dict[str, Any] | None = None, **fields: Any) -> RuleSpec:
    defaults = {
        name: spec["default"]
        for name, spec in KINDS[kind].options["properties"].items()
        if "default" in spec
    }
    return RuleSpec(
        id="T1",
        name="test-rule",
        kind=kind,
        severity=Severity.WARNING,
        message=fields.pop("message", "{match}"),
        why="because",
        pack="test",
        options=MappingProxyType({**defaults, **(options or {})}),
        **fields,
    )


def lint(rule: RuleSpec, text: str, source_format: str = "text") -> tuple[Finding, ...]:
    guide = StyleGuide(name="t", source="t", rules=(rule,), available=(rule,))
    return Linter(guide).lint_text(text, source_format).findings


def matched(rule: RuleSpec, text: str) -> list[str]:
    return [finding.matched for finding in lint(rule, text)]


# ---------------------------------------------------------------- phrase matching


def find(matcher: PhraseMatcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.finditer(fold(text))]


def test_phrases_match_whole_words_in_any_case() -> None:
    matcher = PhraseMatcher(["hun", "hey bestie"])
    assert find(matcher, "Thanks HUN, hunt the Hunter. HEY  BESTIE") == ["HUN", "HEY  BESTIE"]


def test_phrase_with_capitals_matches_only_as_written() -> None:
    matcher = PhraseMatcher(["US"])
    assert find(matcher, "Made in the US, for us.") == ["US"]


def test_longest_phrase_wins_and_matches_do_not_overlap() -> None:
    matcher = PhraseMatcher(["hey", "hey bestie", "bestie"])
    assert find(matcher, "hey bestie, bestie") == ["hey bestie", "bestie"]


@pytest.mark.parametrize(
    "text",
    ["Yo-yo sale", "U.S. customers", "UR-123", "/u/%{user}", "%u items", "They said", "Heyday"],
)
def test_technical_strings_do_not_match(text: str) -> None:
    matcher = PhraseMatcher(["yo", "u", "ur", "hey"])
    assert find(matcher, text) == []


def test_curly_apostrophes_and_line_breaks_match() -> None:
    matcher = PhraseMatcher(["we've been thinking about you"])
    assert find(matcher, "We’ve been\nthinking about you") == ["We’ve been\nthinking about you"]


def test_inflections_cover_what_a_list_writer_expects() -> None:
    assert {"missed", "missing", "misses"} <= inflections("miss")
    assert {"hurried", "hurries", "hurrying"} <= inflections("hurry")
    assert {"stopped", "stopping"} <= inflections("stop")
    assert {"thought", "thinking"} <= inflections("think")
    assert inflections("you") == {"you"}  # function words stay as written
    matcher = PhraseMatcher(["we miss you"], inflect=True)
    assert find(matcher, "We missed you. We are missing you.") == ["We missed you"]


def test_hundreds_of_phrases_are_narrowed_to_the_candidates_a_text_holds() -> None:
    phrases = [f"phrase{number} word" for number in range(600)] + ["CASE"]
    matcher = PhraseMatcher(phrases, inflect=True)
    text = "a phrase599 words and CASE"
    assert find(matcher, text) == ["phrase599 words", "CASE"]
    index = PhraseIndex(trigger_words(phrases, inflect=True))
    assert index.candidates(text) == {"phrase599 words", "CASE"}
    # Candidates need only the words; the pattern of the few candidates then decides.
    assert index.candidates("phrase599 and a word") == {"phrase599 word"}
    assert find(matcher, "phrase599 and a word") == []


def test_candidates_ignore_case_as_the_patterns_do() -> None:
    index = PhraseIndex(["kiss", "miss you", "i'd rather", "\U0001f618"])
    assert index.candidates("KI\u017fS") == {"kiss"}  # long s matches s ignoring case
    assert index.candidates("\u212aiss") == {"kiss"}  # Kelvin sign matches k
    assert index.candidates("We MISSED you") == set()  # an inflection is its own phrase
    assert index.candidates(fold("I’D RATHER")) == {"i'd rather"}
    assert index.candidates("so \U0001f618") == {"\U0001f618"}  # no letters: a pattern decides


def test_match_case() -> None:
    assert match_case("Hey bestie", "hello") == "Hello"
    assert match_case("HEY", "hello") == "HELLO"
    assert match_case("hey", "Hello") == "hello"
    assert match_case("hey", "OK") == "OK"
    assert match_case("!!", "!") == "!"


# ---------------------------------------------------------------- existence and substitution


def test_existence_flags_phrases_and_patterns() -> None:
    rule = make_rule("existence", phrases=("we miss you",), patterns=(r"\bxo+\b",))
    assert matched(rule, "We missed you! xoxo? xooo") == ["We missed you", "xooo"]


def test_existence_never_fires_inside_placeholders() -> None:
    rule = make_rule("existence", phrases=("bestie", "yo"))
    assert matched(rule, "Hello {{ bestie }}, %{yo} and {yo} ${bestie}") == []


def test_existence_message_and_hint() -> None:
    rule = make_rule(
        "existence", phrases=("just between us",), message="'{match}' is intimate", instead="Say X"
    )
    (finding,) = lint(rule, "Psst, just between us.")
    assert finding.message == "'just between us' is intimate"
    assert finding.suggestions == ("Say X",)
    assert finding.fix is None


def test_substitution_offers_a_case_matched_fix() -> None:
    rule = make_rule(
        "substitution",
        swaps=(("hey bestie", "hello"),),
        fix=Applicability.SAFE,
        message="use {replacement}",
    )
    (finding,) = lint(rule, "Hey bestie, it shipped.")
    assert finding.suggestions == ("Hello",)
    assert finding.message == "use Hello"
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    (edit,) = finding.fix.edits
    assert (edit.start, edit.end, edit.replacement) == (0, 10, "Hello")


def test_substitution_deletion_takes_a_space_with_it() -> None:
    rule = make_rule("substitution", swaps=(("honey", ""),), fix=Applicability.UNSAFE)
    (finding,) = lint(rule, "Thanks honey!")
    assert (finding.start, finding.end) == (6, 12)


def test_substitution_without_declared_fix_only_suggests() -> None:
    rule = make_rule("substitution", swaps=(("gonna", "going to"),))
    (finding,) = lint(rule, "We're gonna ship it.")
    assert finding.suggestions == ("going to",)
    assert finding.fix is None


# ---------------------------------------------------------------- density


def test_exclamation_runs_get_a_fix() -> None:
    rule = make_rule("density", {"measure": "exclamation-run", "max": 1}, fix=Applicability.SAFE)
    findings = lint(rule, "Wow!!! Really?! Fine!")
    assert [f.matched for f in findings] == ["!!!", "?!"]
    assert [f.fix.edits[0].replacement for f in findings if f.fix] == ["!", "?"]


def test_exclamation_count() -> None:
    rule = make_rule("density", {"measure": "exclamations", "max": 2}, message="{count}>{max}")
    assert lint(rule, "One! Two! Three!")[0].message == "3>2"
    assert lint(rule, "One! Two!") == ()


def test_emoji_sequences_count_once() -> None:
    rule = make_rule("density", {"measure": "emoji", "max": 1}, message="{count}")
    family = "👨‍👩‍👧‍👦"
    assert lint(rule, f"Hi {family} 👍🏽") != ()
    assert lint(rule, f"Hi {family}") == ()
    assert lint(rule, "Flag 🇬🇧 only") == ()
    assert lint(rule, "Copyright © 2024, 50% off") == ()


def test_caps_words_allow_acronyms_keywords_and_short_words() -> None:
    rule = make_rule(
        "density",
        {"measure": "caps-words", "max": 0, "hype-words": ["TONIGHT", "NOW"], "allow": ["API"]},
    )
    # single capitalised words are acronyms or emphasis, unless they are hype words
    assert matched(rule, "Enter the PIN from the SMS, or read the FAQ.") == []
    assert matched(rule, "Use a DOM API over CORS and PKCS.") == []
    assert matched(rule, "HUGE SALE today. Ends TONIGHT.") == ["HUGE SALE", "TONIGHT"]
    # runs of capitalised words shout when they hold a dictionary word
    assert matched(rule, "We are SO EXCITED for you") == ["SO EXCITED"]
    assert matched(rule, "Set up SPF, DKIM and DMARC.") == []
    # keywords after reply/text, and short all-caps labels, are not shouting
    assert matched(rule, "Reply STOP NOW to opt out, or text JOIN.") == ["NOW"]
    assert matched(rule, "TOTAL ITEMS") == []
    assert matched(rule, "ACT NOW OR MISS OUT!") == ["ACT NOW OR MISS OUT"]
    assert matched(rule, "WARNING") == []


def test_caps_words_option_allow() -> None:
    rule = make_rule("density", {"measure": "caps-words", "max": 0, "allow": ["NORTHWIND"]})
    assert matched(rule, "Welcome to NORTHWIND.") == []


def test_stretched_words_suggest_real_words() -> None:
    rule = make_rule("density", {"measure": "stretched-words", "max": 0, "allow": ["www"]})
    findings = lint(rule, "Sooo coooool, pleeease. Call 555-1111 or see www.")
    assert [f.matched for f in findings] == ["Sooo", "coooool", "pleeease"]
    assert findings[0].suggestions[0] == "So"
    assert findings[1].suggestions == ("cool",)
    assert findings[2].suggestions == ("please",)


# ---------------------------------------------------------------- readability


HARD = (
    "Notwithstanding the aforementioned considerations, institutional subscribers' "
    "administrative responsibilities necessitate comprehensive documentation verification "
    "procedures before any reactivation of previously suspended organisational accounts."
)
EASY = "Your parcel is on its way. It should arrive on Tuesday. You can track it in the app."


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


@pytest.mark.usefixtures("no_network")
def test_readability_works_offline() -> None:
    rule = make_rule("readability", {"max": 12, "min-words": 10}, message="grade {value} > {max}")
    (finding,) = lint(rule, HARD)
    assert finding.message.startswith("grade ")
    assert float(finding.message.split()[1]) > 12
    assert lint(rule, EASY) == ()


def test_readability_skips_short_messages() -> None:
    rule = make_rule("readability", {"max": 0, "min-words": 50})
    assert lint(rule, HARD) == ()


def test_reading_ease_flags_low_scores() -> None:
    rule = make_rule("readability", {"metric": "flesch-reading-ease", "max": 50, "min-words": 5})
    assert len(lint(rule, HARD)) == 1
    assert lint(rule, EASY) == ()


# ---------------------------------------------------------------- words a pattern needs


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bwin (?:a |an )?[£$€]\d", {"win"}),
        (r"\b(?:call|text|txt)\b[^.]{0,9}", {"call", "text", "txt"}),
        (r"^\W*(?:no|nah|nope)\b", {"no", "nah", "nope"}),
        (r"\bwe(?:'ve| have)? (?:saw|seen)\b", {"saw", "seen"}),
        (r"\bonly \d+ left\b", {"only"}),
        (r"(?:\bwin \d|\bprize \d)", {"win", "prize"}),
    ],
)
def test_required_words_of_patterns(pattern: str, words: set[str]) -> None:
    assert required_words(pattern, re.IGNORECASE) == frozenset(words)


@pytest.mark.parametrize(
    "pattern",
    [
        r"win",  # may match inside "twins"
        r"\bwin",  # may match the start of "winner"
        r"\bi(?:')?(?:d| would)",  # "i" may run on into "id"
        r"[24](?= u)",  # a class, not a literal
        r"\b(?:a|b)+\b",
        r"(?<=x)yo\b",
        r"\bhey\b|zz",  # one alternative needs no word
        r"(",  # not a pattern at all
    ],
)
def test_required_words_refuse_what_they_cannot_prove(pattern: str) -> None:
    assert required_words(pattern) is None
