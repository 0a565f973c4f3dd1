"""``tonelint:`` directives: read from the comments of a file and resolved against a guide.

A directive is a comment in any syntax a message file may hold::

    # tonelint: disable-next-line=pet-name        YAML, .properties (also !), .po, Fluent
    <!-- tonelint: disable=TL101,TL104 -->        HTML, Markdown, text
    {# tonelint: enable #}                         Jinja ({% comment %} and {% # %} in Liquid)
    {{! tonelint: disable-file }}                  Handlebars / Mustache (also {{!-- --}})
    <%# tonelint: disable-file=hard-to-read %>     ERB ({{/* */}} in Go templates)

A rule is an id or a name, in any case; ``all``, or no list, means every rule. Text after
`` -- `` is a reason and ignored. What the directives do to findings is ``tonelint.suppress``.

The two rules about directives themselves, ``invalid-suppression`` (TL001) and
``unused-suppression`` (TL002), are data in ``styleguides/packs/tonelint.yaml``, in no
guide: ``suppression_rules`` reads them once.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tonelint.matching.scan import Alternation, Alternative
from tonelint.models import RuleSpec, SourceFile
from tonelint.styleguide import ALWAYS_ON_PACK, StyleGuide, builtin_dir, load_pack

INVALID_ID = "TL001"
UNUSED_ID = "TL002"
ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")


@functools.cache
def suppression_rules() -> tuple[RuleSpec, ...]:
    """TL001 (invalid-suppression) and TL002 (unused-suppression), from their pack."""
    rules = load_pack(builtin_dir() / "packs" / f"{ALWAYS_ON_PACK}.yaml")[1]
    return tuple(sorted(rules, key=lambda rule: rule.id))


def suppression_rule(rule_id: str) -> RuleSpec:
    """TL001 or TL002 by id."""
    return next(rule for rule in suppression_rules() if rule.id == rule_id)


def find_suppression_rule(reference: str) -> RuleSpec | None:
    """TL001 or TL002 by id or name, case-insensitively."""
    wanted = reference.strip().lower()
    for rule in suppression_rules():
        if wanted in (rule.id.lower(), rule.name):
            return rule
    return None


# The comment forms, each capturing the directive after "tonelint:". A "#" comment starts a
# line or follows white space (a YAML end-of-line comment); "!" (.properties) starts a line.
_DIRECTIVE = Alternation(
    (
        Alternative(r"<!--\s*tonelint:(?P<html>.*?)-->", "-->"),
        Alternative(r"\{#-?\s*tonelint:(?P<jinja>.*?)-?#\}", r"#\}"),
        Alternative(
            r"\{%-?\s*comment\s*-?%\}\s*tonelint:(?P<liquid>.*?)\{%-?\s*endcomment\s*-?%\}",
            r"\{%-?\s*endcomment\s*-?%\}",
        ),
        Alternative(r"\{%-?\s*#\s*tonelint:(?P<liquid_inline>.*?)-?%\}", r"%\}"),
        Alternative(r"\{\{~?!\s*tonelint:(?P<mustache>.*?)~?\}\}", r"\}\}"),
        Alternative(r"\{\{~?!--\s*tonelint:(?P<handlebars>.*?)--~?\}\}", r"--~?\}\}"),
        Alternative(r"<%#\s*tonelint:(?P<erb>.*?)-?%>", "%>"),
        Alternative(r"\{\{-?\s*/\*\s*tonelint:(?P<go>.*?)\*/\s*-?\}\}", r"\*/\s*-?\}\}"),
        Alternative(r"(?<![^\s])#{1,3}\.?[ \t]*tonelint:(?P<hash>[^\r\n]*)"),
        Alternative(r"^[ \t]*!+[ \t]*tonelint:(?P<bang>[^\r\n]*)"),
    ),
    re.S | re.M,
)
_BODY = re.compile(r"(?P<action>[A-Za-z][\w-]*)[ \t]*(?:(?P<eq>=)[ \t]*(?P<rules>.*))?", re.S)


@dataclass(frozen=True, eq=False)
class Directive:
    """One ``tonelint:`` comment, read and resolved. (Compared by identity: two comments
    with the same text are two directives.)"""

    action: str
    start: int  # the comment's span in the file
    end: int
    line: int
    end_line: int
    written: tuple[tuple[str, str], ...] = ()  # (as written, rule id); empty: every rule
    problem: str | None = None  # why it is invalid
    target_line: int | None = None  # for disable-next-line

    @property
    def rule_ids(self) -> frozenset[str] | None:
        """The rules it names, or None for every rule."""
        return frozenset(rule_id for _, rule_id in self.written) if self.written else None

    def covers(self, rule_id: str) -> bool:
        ids = self.rule_ids
        return ids is None or rule_id in ids


def _comment_span(match: re.Match[str]) -> tuple[int, int]:
    """The comment's span without leading white space and, for line comments, trailing."""
    start, end = match.span()
    text = match.group()
    start += len(text) - len(text.lstrip())
    if match.lastgroup in ("hash", "bang"):
        end -= len(text) - len(text.rstrip())
    return start, end


def _references(
    listed: str, action: str, guide: StyleGuide
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """The rules a directive names, as (written, id); empty for every rule; or a problem."""
    written: list[tuple[str, str]] = []
    for reference in (part for part in re.split(r"[,\s]+", listed) if part):
        if reference.lower() == "all":
            return (), None
        synthetic = find_suppression_rule(reference)
        if synthetic is not None:
            if action != "disable-file":
                return (
                    (),
                    f"{synthetic.id} ({synthetic.name}) can only be turned off by disable-file",
                )
            written.append((reference, synthetic.id))
            continue
        rule = guide.find(reference)
        if rule is None:
            names = [name for r in guide.available for name in (r.id, r.name)]
            close = difflib.get_close_matches(reference, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            return (), f"unknown rule {reference!r}{hint}"
        written.append((reference, rule.id))
    return tuple(written), None


_References = tuple[tuple[tuple[str, str], ...], str | None]


_Parsed = tuple[str, tuple[tuple[str, str], ...], str | None]


def _parse(body: str, guide: StyleGuide, read: dict[tuple[str, str], _References]) -> _Parsed:
    """A directive's action and rules, or the problem with it (action ``""`` when it has
    none); ``read`` remembers the rule lists read before in the file (a file repeats its
    directives)."""
    text = re.split(r"\s--\s", " " + body.strip() + " ", maxsplit=1)[0].strip()
    match = _BODY.fullmatch(text)
    if match is None:
        problem = (
            "expected disable, enable, disable-next-line or disable-file after 'tonelint:'"
            if not text
            else f"expected ACTION or ACTION=RULE,RULE after 'tonelint:', got {text!r}"
        )
        return "", (), problem
    action = match["action"].lower()
    if action not in ACTIONS:
        close = difflib.get_close_matches(action, ACTIONS, n=1)
        hint = f"did you mean {close[0]}?" if close else "expected " + ", ".join(ACTIONS)
        return "", (), f"unknown directive {match['action']!r} ({hint})"
    if match["eq"] is None:
        return action, (), None
    listed = match["rules"].strip()
    if not re.sub(r"[,\s]", "", listed):
        return action, (), f"empty rule list after '{action}='"
    if (listed, action) not in read:
        read[listed, action] = _references(listed, action, guide)
    return (action, *read[listed, action])


_NON_SPACE = re.compile(r"\S")


def find_directives(source: SourceFile, guide: StyleGuide) -> list[Directive]:
    """Every ``tonelint:`` comment in a file, in order, read against the guide's rules.

    Linear in the file's size: each stretch of text is looked at a bounded number of
    times, however many directives a line holds.
    """
    text = source.text
    if "tonelint:" not in text:
        return []
    directives: list[Directive] = []
    read: dict[tuple[str, str], _References] = {}
    for match in _DIRECTIVE.finditer(text):
        start, end = _comment_span(match)
        line = source.position(start)[0]
        end_line = source.position(end)[0]
        action, written, problem = _parse(match.group(match.lastgroup or 0), guide, read)
        directives.append(Directive(action, start, end, line, end_line, written, problem))
    targets = _find_targets(source, directives, _directive_lines(source, directives))
    return [
        replace(directive, target_line=targets[index]) if index in targets else directive
        for index, directive in enumerate(directives)
    ]


def _directive_lines(source: SourceFile, directives: Sequence[Directive]) -> set[int]:
    """The lines that hold one directive and nothing else but white space."""
    lines: set[int] = set()
    text = source.text
    for index, directive in enumerate(directives):
        line_start = source.line_starts[directive.line - 1]
        line_end = source.line_end(directive.end_line)
        previous = directives[index - 1] if index else None
        following = directives[index + 1] if index + 1 < len(directives) else None
        if previous is not None and previous.end > line_start:
            continue  # another directive before it on its line
        if following is not None and following.start < line_end:
            continue
        if _NON_SPACE.search(text, line_start, directive.start):
            continue
        if _NON_SPACE.search(text, directive.end, line_end):
            continue
        lines.update(range(directive.line, directive.end_line + 1))
    return lines


def _find_targets(
    source: SourceFile, directives: Sequence[Directive], directive_lines: set[int]
) -> dict[int, int | None]:
    """The line each valid ``disable-next-line`` covers, by its index: the next that holds
    text and is not only a directive (None: none). Directives come in order, so each line
    is read at most once."""
    last_line = len(source.line_starts)
    targets: dict[int, int | None] = {}
    found: int | None = 0  # the answer for the directive before (0: none yet)
    for index, directive in enumerate(directives):
        if directive.action != "disable-next-line" or directive.problem is not None:
            continue
        if found is not None and found <= directive.end_line:
            found = None
            for number in range(directive.end_line + 1, last_line + 1):
                if number in directive_lines:
                    continue
                line_start = source.line_starts[number - 1]
                if _NON_SPACE.search(source.text, line_start, source.line_end(number)):
                    found = number
                    break
        targets[index] = found
    return targets
